// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "foundation/contract/account.h"
#include "foundation/contract/cloudaccount.h"
#include "foundation/contract/vocabulary.h"
#include "foundation/contract/workspace.h"

// The facts the billing rules read, in the shape that lets a workspace move to marketplace billing;
// a test changes the one fact its rule is about.
namespace billing::test {

// An owner that may move to marketplace billing: no card, no credits, linked to nothing.
inline contract::Account freeOwner()
{
    contract::Account a;
    a.id = "acct-1";
    a.availableCredits = {0, "USD"};
    return a;
}

inline contract::Workspace activeWorkspace(const QString &site = "us-west-2")
{
    contract::Workspace w;
    w.id = "ws-1";
    w.accountId = "acct-1";
    w.site = site;
    w.billingMethod = contract::vocabulary::BillingMethod::None;
    w.status = contract::vocabulary::WorkspaceStatus::Active;
    return w;
}

// A cloud account that takes bindings: subscribed and synced.
inline contract::CloudAccount bindable(const QString &provider = contract::vocabulary::Provider::Azure)
{
    contract::CloudAccount c;
    c.id = "ca-1";
    c.provider = provider;
    c.subscriptionState = contract::vocabulary::SubscriptionState::Subscribed;
    c.syncState = contract::vocabulary::SyncState::Synced;
    return c;
}

} // namespace billing::test
