// SPDX-License-Identifier: Apache-2.0
#include "foundation/contract/vocabulary.h"

namespace billing::contract::vocabulary {

const QStringList &BillingMethod::all()
{
    static const QStringList words{CreditCard, PrepaidCredits, CloudAccount, None};
    return words;
}
const QStringList &WorkspaceStatus::all()
{
    static const QStringList words{Active, Locked, Dissolved};
    return words;
}
const QStringList &Plan::all()
{
    static const QStringList words{Trial, Commercial};
    return words;
}
const QStringList &Provider::all()
{
    static const QStringList words{Aws, AwsChina, Azure};
    return words;
}
const QStringList &SubscriptionState::all()
{
    static const QStringList words{Pending,      Subscribed, SubscribeFailed, UnsubscribePending,
                                   Unsubscribed, Suspended};
    return words;
}
const QStringList &SyncState::all()
{
    static const QStringList words{Syncing, Synced, Failed};
    return words;
}
const QStringList &DeploymentState::all()
{
    static const QStringList words{Running, Stopped, Deleted};
    return words;
}
const QStringList &LockReason::all()
{
    static const QStringList words{CloudSubscriptionCancelled, NoBillingMethod, PaymentOverdue, AdminHold};
    return words;
}
const QStringList &StaffRole::all()
{
    static const QStringList words{Viewer, Operator, Admin, Auditor};
    return words;
}

} // namespace billing::contract::vocabulary
