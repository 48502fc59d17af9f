// SPDX-License-Identifier: Apache-2.0
#include "console/models/billingtext.h"

#include "foundation/contract/vocabulary.h"

#include <QDateTime>
#include <QJsonObject>
#include <QLocale>

namespace billing::models {

namespace v = contract::vocabulary;

QString BillingText::problemAndRemedy(const QString &problem, const QString &remedy)
{
    QString first = problem.trimmed();
    if (!first.isEmpty() && !QStringLiteral(".!?。").contains(first.back()))
        first += QLatin1Char('.');
    return first.isEmpty() ? remedy : first + QLatin1Char(' ') + remedy;
}

QString BillingText::refusal(const QString &code, const QJsonObject &facts, const QString &sentence)
{
    const auto fact = [&facts](const char *name) { return facts.value(QLatin1String(name)).toString(); };
    if (code == QLatin1String("workspace_dissolved"))
        return tr("Workspace %1 was dissolved when its 14-day lock ran out; its billing can no longer "
                  "change.")
            .arg(fact("workspace_id"));
    if (code == QLatin1String("account_has_credit_card"))
        return tr("Account %1 has a credit card on file (%2 ending in %3); an account with a card cannot be "
                  "billed through a marketplace. Remove the card first.")
            .arg(fact("account_id"), fact("card_brand").toUpper(), fact("card_last4"));
    if (code == QLatin1String("account_uses_credits")) {
        const QJsonObject credits = facts.value(QLatin1String("available_credits")).toObject();
        return tr("Account %1 uses available credits (%2); an account with credits cannot be billed through "
                  "a marketplace.")
            .arg(fact("account_id"), money({credits.value(QLatin1String("amount_minor")).toInteger(),
                                            credits.value(QLatin1String("currency")).toString()}));
    }
    if (code == QLatin1String("account_already_linked"))
        return tr("Account %1 is already linked to marketplace cloud account %2; an account links to one "
                  "cloud account at most.")
            .arg(fact("account_id"), fact("linked_cloud_account_id"));
    if (code == QLatin1String("cloud_account_not_subscribed"))
        return tr("Cloud account %1 is %2 and %3; it takes workspaces only while subscribed and synced.")
            .arg(fact("cloud_account_id"), subscriptionState(fact("subscription_state")).toLower(),
                 syncState(fact("sync_state")).toLower());
    if (code == QLatin1String("site_not_allowed"))
        return tr("A %1 cloud account cannot pay for workspaces on site %2.")
            .arg(provider(fact("provider")), fact("site"));
    if (code == QLatin1String("no_credit_card"))
        return tr("Account %1 has no credit card on file.").arg(fact("account_id"));
    if (code == QLatin1String("no_credits"))
        return tr("Account %1 has no available credits.").arg(fact("account_id"));
    if (code == QLatin1String("workspace_locked"))
        return tr("Workspace %1 is already locked (%2).")
            .arg(fact("workspace_id"), lockReason(fact("lock_reason")));
    if (code == QLatin1String("workspace_not_locked"))
        return tr("Workspace %1 is not locked.").arg(fact("workspace_id"));
    if (code == QLatin1String("override_required"))
        return tr("Workspace %1 has no valid billing method (%2); unlocking it needs an override: a note "
                  "saying why and the date it ends.")
            .arg(fact("workspace_id"), billingMethod(fact("billing_method")));
    if (code == QLatin1String(contract::ErrorCode::NotFound) && !fact("workspace_id").isEmpty())
        return tr("No workspace with id \"%1\".").arg(fact("workspace_id"));
    return sentence;
}

QString BillingText::problem(const contract::Problem &problem)
{
    if (problem.code == QLatin1String(contract::ErrorCode::VersionConflict))
        return tr("Someone else changed it since it was read.");
    const QJsonValue facts = problem.extra.value(QLatin1String("facts"));
    if (!facts.isObject())
        return problem.message();
    return refusal(problem.code, facts.toObject(), problem.message());
}

QString BillingText::billingMethod(const QString &method)
{
    if (method == v::BillingMethod::CreditCard)
        return tr("Credit card");
    if (method == v::BillingMethod::PrepaidCredits)
        return tr("Prepaid credits");
    if (method == v::BillingMethod::CloudAccount)
        return tr("Cloud account");
    if (method == v::BillingMethod::None)
        return tr("None");
    return method;
}

QString BillingText::workspaceStatus(const QString &status)
{
    if (status == v::WorkspaceStatus::Active)
        return tr("Active");
    if (status == v::WorkspaceStatus::Locked)
        return tr("Locked");
    if (status == v::WorkspaceStatus::Dissolved)
        return tr("Dissolved");
    return status;
}

QString BillingText::plan(const QString &plan)
{
    if (plan == v::Plan::Trial)
        return tr("Trial");
    if (plan == v::Plan::Commercial)
        return tr("Commercial");
    return plan;
}

QString BillingText::staffRole(const QString &role)
{
    if (role == v::StaffRole::Viewer)
        return tr("viewer");
    if (role == v::StaffRole::Operator)
        return tr("operator");
    if (role == v::StaffRole::Admin)
        return tr("admin");
    if (role == v::StaffRole::Auditor)
        return tr("auditor");
    return role;
}

QString BillingText::provider(const QString &provider)
{
    if (provider == v::Provider::Aws)
        return tr("AWS Marketplace");
    if (provider == v::Provider::AwsChina)
        return tr("AWS China Marketplace");
    if (provider == v::Provider::Azure)
        return tr("Azure Marketplace");
    return provider;
}

QString BillingText::marketplaceVerdict(const QString &verdict)
{
    if (verdict == QLatin1String("applied"))
        return tr("Applied");
    if (verdict == QLatin1String("stale"))
        return tr("Stale");
    if (verdict == QLatin1String("ignored"))
        return tr("Ignored");
    if (verdict == QLatin1String("refused"))
        return tr("Refused");
    if (verdict == QLatin1String("noted"))
        return tr("Noted");
    return verdict;
}

QString BillingText::meteringState(const QString &state)
{
    if (state == QLatin1String("pending"))
        return tr("Pending");
    if (state == QLatin1String("sent"))
        return tr("Sent");
    if (state == QLatin1String("accepted"))
        return tr("Accepted");
    if (state == QLatin1String("duplicate"))
        return tr("Duplicate");
    if (state == QLatin1String("customer_not_subscribed"))
        return tr("Customer not subscribed");
    if (state == QLatin1String("failed"))
        return tr("Failed");
    if (state == QLatin1String("expired"))
        return tr("Expired (lost)");
    return state;
}

QString BillingText::subscriptionState(const QString &state)
{
    if (state == v::SubscriptionState::Pending)
        return tr("Pending");
    if (state == v::SubscriptionState::Subscribed)
        return tr("Subscribed");
    if (state == v::SubscriptionState::SubscribeFailed)
        return tr("Subscribe failed");
    if (state == v::SubscriptionState::UnsubscribePending)
        return tr("Unsubscribe pending");
    if (state == v::SubscriptionState::Unsubscribed)
        return tr("Unsubscribed");
    if (state == v::SubscriptionState::Suspended)
        return tr("Suspended");
    return state;
}

QString BillingText::syncState(const QString &state)
{
    if (state == v::SyncState::Syncing)
        return tr("Syncing");
    if (state == v::SyncState::Synced)
        return tr("Synced");
    if (state == v::SyncState::Failed)
        return tr("Sync failed");
    return state;
}

QString BillingText::lockReason(const QString &reason)
{
    if (reason == v::LockReason::CloudSubscriptionCancelled)
        return tr("Cloud subscription cancelled");
    if (reason == v::LockReason::NoBillingMethod)
        return tr("No billing method");
    if (reason == v::LockReason::PaymentOverdue)
        return tr("Payment overdue");
    if (reason == v::LockReason::AdminHold)
        return tr("Held by an administrator");
    return reason;
}

QString BillingText::deploymentState(const QString &state)
{
    if (state == v::DeploymentState::Running)
        return tr("Running");
    if (state == v::DeploymentState::Stopped)
        return tr("Stopped");
    if (state == v::DeploymentState::Deleted)
        return tr("Deleted");
    return state;
}

QString BillingText::cloudAccountName(const contract::CloudAccount &cloudAccount)
{
    return cloudAccount.displayName.isEmpty() ? cloudAccount.id
                                              : tr("%1 (%2)").arg(cloudAccount.displayName, cloudAccount.id);
}

QString BillingText::paymentMethodLabel(const contract::CloudAccount &cloudAccount)
{
    const QString marketplace = provider(cloudAccount.provider);
    if (cloudAccount.syncState == v::SyncState::Synced)
        return tr("%1 Subscription").arg(marketplace);
    if (cloudAccount.syncState == v::SyncState::Failed)
        return tr("%1 Subscription (sync failed)").arg(marketplace);
    return tr("%1 Subscription (syncing…)").arg(marketplace);
}

QString BillingText::money(const contract::Money &money)
{
    // Integer arithmetic all the way: money never passes through floating point.
    const QLocale locale;
    const QString cents = QStringLiteral("%1").arg(qAbs(money.amountMinor % 100), 2, 10, QLatin1Char('0'));
    const QString sign = money.amountMinor < 0 ? locale.negativeSign() : QString();
    return tr("%1 %2").arg(sign + locale.toString(qAbs(money.amountMinor / 100)) + locale.decimalPoint() +
                               cents,
                           money.currency);
}

QString BillingText::daysLeft(int days)
{
    if (days <= 0)
        return tr("due now");
    return days == 1 ? tr("1 day left") : tr("%1 days left").arg(days);
}

QString BillingText::workspaces(qint64 count)
{
    return count == 1 ? tr("1 workspace") : tr("%1 workspaces").arg(QLocale().toString(count));
}

QString BillingText::cloudAccounts(qint64 count)
{
    return count == 1 ? tr("1 cloud account") : tr("%1 cloud accounts").arg(QLocale().toString(count));
}

QString BillingText::dateTime(qint64 msecsSinceEpoch)
{
    if (msecsSinceEpoch == 0)
        return QString();
    // ISO order, local time, to the minute: unambiguous between staff in different countries.
    return QDateTime::fromMSecsSinceEpoch(msecsSinceEpoch)
        .toLocalTime()
        .toString(QStringLiteral("yyyy-MM-dd HH:mm"));
}

QString BillingText::boundBySite(const QMap<QString, qint64> &bySite)
{
    QStringList parts;
    for (auto site = bySite.cbegin(); site != bySite.cend(); ++site)
        parts << tr("%1 %2", "site and how many workspaces are bound there")
                     .arg(site.key(), QLocale().toString(site.value()));
    return parts.join(QStringLiteral(" · "));
}

} // namespace billing::models
