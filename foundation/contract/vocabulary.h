// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QString>
#include <QStringList>

// The words of the billing domain as they travel in JSON (docs/billing-rules.md uses them; tests match on
// them).
namespace billing::contract::vocabulary {

namespace BillingMethod {
inline const QString CreditCard = QStringLiteral("credit_card");
inline const QString PrepaidCredits = QStringLiteral("prepaid_credits");
inline const QString CloudAccount = QStringLiteral("cloud_account");
inline const QString None = QStringLiteral("none");
const QStringList &all();
} // namespace BillingMethod

namespace WorkspaceStatus {
inline const QString Active = QStringLiteral("active");
inline const QString Locked = QStringLiteral("locked");
inline const QString Dissolved = QStringLiteral("dissolved");
const QStringList &all();
} // namespace WorkspaceStatus

namespace Plan {
inline const QString Trial = QStringLiteral("trial");
inline const QString Commercial = QStringLiteral("commercial");
const QStringList &all();
} // namespace Plan

namespace Provider {
inline const QString Aws = QStringLiteral("aws");
inline const QString AwsChina = QStringLiteral("aws_cn");
inline const QString Azure = QStringLiteral("azure");
const QStringList &all();
} // namespace Provider

namespace SubscriptionState {
inline const QString Pending = QStringLiteral("pending");
inline const QString Subscribed = QStringLiteral("subscribed");
inline const QString SubscribeFailed = QStringLiteral("subscribe_failed");
inline const QString UnsubscribePending = QStringLiteral("unsubscribe_pending");
inline const QString Unsubscribed = QStringLiteral("unsubscribed");
inline const QString Suspended = QStringLiteral("suspended");
const QStringList &all();
} // namespace SubscriptionState

namespace SyncState {
inline const QString Syncing = QStringLiteral("syncing");
inline const QString Synced = QStringLiteral("synced");
inline const QString Failed = QStringLiteral("failed");
const QStringList &all();
} // namespace SyncState

namespace DeploymentState {
inline const QString Running = QStringLiteral("running");
inline const QString Stopped = QStringLiteral("stopped");
inline const QString Deleted = QStringLiteral("deleted");
const QStringList &all();
} // namespace DeploymentState

namespace LockReason {
inline const QString CloudSubscriptionCancelled = QStringLiteral("cloud_subscription_cancelled");
inline const QString NoBillingMethod = QStringLiteral("no_billing_method");
inline const QString PaymentOverdue = QStringLiteral("payment_overdue");
inline const QString AdminHold = QStringLiteral("admin_hold");
const QStringList &all();
} // namespace LockReason

namespace StaffRole {
inline const QString Viewer = QStringLiteral("viewer");
inline const QString Operator = QStringLiteral("operator");
inline const QString Admin = QStringLiteral("admin");
inline const QString Auditor = QStringLiteral("auditor");
const QStringList &all();
} // namespace StaffRole

// What an audit event says was done (its action), in the words the trail keeps.
namespace AuditAction {
inline const QString WorkspaceBillingMethodChanged = QStringLiteral("workspace.billing_method_changed");
inline const QString WorkspaceLocked = QStringLiteral("workspace.locked");
inline const QString WorkspaceUnlocked = QStringLiteral("workspace.unlocked");
inline const QString WorkspaceLockedByCancellation = QStringLiteral("workspace.locked_by_cancellation");
inline const QString WorkspaceUnboundAndLocked = QStringLiteral("workspace.unbound_and_locked");
inline const QString WorkspaceOverrideEnded = QStringLiteral("workspace.override_ended");
inline const QString WorkspaceDissolved = QStringLiteral("workspace.dissolved");
inline const QString AccountCloudAccountLinked = QStringLiteral("account.cloud_account_linked");
inline const QString CloudAccountRegistered = QStringLiteral("cloud_account.registered");
inline const QString CloudAccountSubscriptionChanged = QStringLiteral("cloud_account.subscription_changed");
inline const QString CloudAccountCancelled = QStringLiteral("cloud_account.cancelled");
inline const QString CloudAccountSynced = QStringLiteral("cloud_account.synced"); // staff retried the sync
inline const QString MarketplaceMessageReplayed =
    QStringLiteral("marketplace_message.replayed");                                     // by an admin
inline const QString MeteringRecordRetried = QStringLiteral("metering_record.retried"); // by staff
inline const QString DeploymentStopped = QStringLiteral("deployment.stopped");
inline const QString DeploymentDeleted = QStringLiteral("deployment.deleted");
inline const QString SnapshotCreate = QStringLiteral("snapshot.create");
inline const QString SnapshotDelete = QStringLiteral("snapshot.delete");
inline const QString SnapshotKeyRotated = QStringLiteral("snapshot.key_rotated");
inline const QString StaffAdd = QStringLiteral("staff.add");
inline const QString StaffRotate = QStringLiteral("staff.rotate");
inline const QString StaffRevoke = QStringLiteral("staff.revoke");
inline const QString StaffSignIn = QStringLiteral("staff.sign_in");
inline const QString StaffSignInFailed = QStringLiteral("staff.sign_in_failed");
inline const QString StaffSignInBlocked = QStringLiteral("staff.sign_in_blocked");
} // namespace AuditAction

// What kind of thing an audit event is about (its target type).
namespace AuditTarget {
inline const QString Workspace = QStringLiteral("workspace");
inline const QString Account = QStringLiteral("account");
inline const QString CloudAccount = QStringLiteral("cloud_account");
inline const QString Deployment = QStringLiteral("deployment");
inline const QString MarketplaceMessage = QStringLiteral("marketplace_message"); // by its kept id
inline const QString MeteringRecord = QStringLiteral("metering_record");         // by its ledger id
inline const QString Snapshot = QStringLiteral("snapshot");
inline const QString StaffUser = QStringLiteral("staff_user");
inline const QString ClientAddress = QStringLiteral("client_address");
} // namespace AuditTarget

// A day in the milliseconds every timestamp is kept in.
inline constexpr qint64 DayMs = 24LL * 3600 * 1000;
// A lock's countdown (billing rule 6): after this many days the workspace is dissolved.
inline constexpr int LockCountdownDays = 14;
// An admin's unlock without a valid billing method lasts at most this many days (rule 6).
inline constexpr int MaxOverrideDays = 30;
// Marketplaces are partitioned by site (rule 2): China sites start with this prefix.
inline bool isChinaSite(const QString &site)
{
    return site.startsWith(QLatin1String("cn-"));
}

} // namespace billing::contract::vocabulary
