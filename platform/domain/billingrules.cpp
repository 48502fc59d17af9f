// SPDX-License-Identifier: Apache-2.0
#include "platform/domain/billingrules.h"

#include "foundation/contract/vocabulary.h"

namespace billing::domain {

namespace v = contract::vocabulary;
using contract::Problem;

namespace {
// A refusal says why twice: as an English sentence API clients show as is, and as the facts that
// sentence names, from which the console says it in the language of its user.
Problem refusal(const char *code, const QString &sentence, const QJsonObject &facts)
{
    Problem p{422, QLatin1String(code), QStringLiteral("Refused by a billing rule"), sentence, {}};
    p.extra.insert(QStringLiteral("facts"), facts);
    return p;
}

std::optional<Problem> refuseDissolved(const contract::Workspace &workspace)
{
    if (workspace.status != v::WorkspaceStatus::Dissolved)
        return std::nullopt;
    return refusal(
        RefusalCode::WorkspaceDissolved,
        QStringLiteral(
            "Workspace %1 was dissolved when its 14-day lock ran out; its billing can no longer change.")
            .arg(workspace.id),
        {{"workspace_id", workspace.id}});
}
} // namespace

bool BillingRules::sitePermitted(const QString &provider, const QString &site)
{
    if (provider == v::Provider::AwsChina)
        return v::isChinaSite(site);
    if (provider == v::Provider::Aws)
        return !v::isChinaSite(site);
    return provider == v::Provider::Azure;
}

std::optional<Problem> BillingRules::refuseCloudBilling(const contract::Account &owner,
                                                        const contract::Workspace &workspace,
                                                        const contract::CloudAccount &cloud)
{
    if (auto dissolved = refuseDissolved(workspace))
        return dissolved;
    if (owner.hasCreditCard)
        return refusal(
            RefusalCode::AccountHasCreditCard,
            QStringLiteral(
                "Account %1 has a credit card on file (%2 ending in %3); an account with a card cannot "
                "be billed through a marketplace. Remove the card first.")
                .arg(owner.id, owner.creditCard.brand.toUpper(), owner.creditCard.last4),
            {{"account_id", owner.id},
             {"card_brand", owner.creditCard.brand},
             {"card_last4", owner.creditCard.last4}});
    if (owner.availableCredits.amountMinor > 0)
        return refusal(
            RefusalCode::AccountUsesCredits,
            QStringLiteral("Account %1 uses available credits (%2); an account with credits cannot be billed "
                           "through a marketplace.")
                .arg(owner.id, owner.availableCredits.display()),
            {{"account_id", owner.id},
             {"available_credits", QJsonObject{{"amount_minor", owner.availableCredits.amountMinor},
                                               {"currency", owner.availableCredits.currency}}}});
    if (!owner.linkedCloudAccountId.isEmpty() && owner.linkedCloudAccountId != cloud.id)
        return refusal(
            RefusalCode::AccountAlreadyLinked,
            QStringLiteral(
                "Account %1 is already linked to marketplace cloud account %2; an account links to "
                "one cloud account at most.")
                .arg(owner.id, owner.linkedCloudAccountId),
            {{"account_id", owner.id}, {"linked_cloud_account_id", owner.linkedCloudAccountId}});
    if (!cloud.takesBindings())
        return refusal(
            RefusalCode::CloudAccountNotSubscribed,
            QStringLiteral(
                "Cloud account %1 is %2 and %3; it takes workspaces only while subscribed and synced.")
                .arg(cloud.id, cloud.subscriptionState, cloud.syncState),
            {{"cloud_account_id", cloud.id},
             {"subscription_state", cloud.subscriptionState},
             {"sync_state", cloud.syncState}});
    if (!owner.anyMethodAllowed && !sitePermitted(cloud.provider, workspace.site))
        return refusal(RefusalCode::SiteNotAllowed,
                       QStringLiteral("A %1 cloud account cannot pay for workspaces on site %2.")
                           .arg(cloud.provider, workspace.site),
                       {{"provider", cloud.provider}, {"site", workspace.site}});
    return std::nullopt;
}

std::optional<Problem> BillingRules::refuseMethod(const contract::Account &owner,
                                                  const contract::Workspace &workspace, const QString &method)
{
    if (auto dissolved = refuseDissolved(workspace))
        return dissolved;
    if (method == v::BillingMethod::CreditCard && !owner.hasCreditCard)
        return refusal(RefusalCode::NoCreditCard,
                       QStringLiteral("Account %1 has no credit card on file.").arg(owner.id),
                       {{"account_id", owner.id}});
    if (method == v::BillingMethod::PrepaidCredits && owner.availableCredits.amountMinor <= 0)
        return refusal(RefusalCode::NoCredits,
                       QStringLiteral("Account %1 has no available credits.").arg(owner.id),
                       {{"account_id", owner.id}});
    return std::nullopt;
}

bool BillingRules::paysNow(const contract::Account &owner, const contract::Workspace &workspace,
                           const contract::CloudAccount *cloud)
{
    if (workspace.billingMethod == v::BillingMethod::CreditCard)
        return owner.hasCreditCard;
    if (workspace.billingMethod == v::BillingMethod::PrepaidCredits)
        return owner.availableCredits.amountMinor > 0;
    if (workspace.billingMethod == v::BillingMethod::CloudAccount)
        return cloud && cloud->takesBindings();
    return false;
}

std::optional<Problem> BillingRules::refuseLock(const contract::Workspace &workspace)
{
    if (auto dissolved = refuseDissolved(workspace))
        return dissolved;
    if (workspace.status == v::WorkspaceStatus::Locked) {
        Problem p = refusal(
            RefusalCode::WorkspaceLocked,
            QStringLiteral("Workspace %1 is already locked (%2).").arg(workspace.id, workspace.lock.reason),
            {{"workspace_id", workspace.id}, {"lock_reason", workspace.lock.reason}});
        p.status = 409;
        return p;
    }
    return std::nullopt;
}

std::optional<Problem> BillingRules::refuseUnlock(const contract::Workspace &workspace, bool paysNow,
                                                  bool overriding)
{
    if (auto dissolved = refuseDissolved(workspace))
        return dissolved;
    if (workspace.status != v::WorkspaceStatus::Locked) {
        Problem p = refusal(RefusalCode::WorkspaceNotLocked,
                            QStringLiteral("Workspace %1 is not locked.").arg(workspace.id),
                            {{"workspace_id", workspace.id}});
        p.status = 409;
        return p;
    }
    if (!paysNow && !overriding)
        return refusal(
            RefusalCode::OverrideRequired,
            QStringLiteral("Workspace %1 has no valid billing method (%2); unlocking it needs an override: a "
                           "note saying why and the date it ends.")
                .arg(workspace.id, workspace.billingMethod),
            {{"workspace_id", workspace.id}, {"billing_method", workspace.billingMethod}});
    return std::nullopt;
}

} // namespace billing::domain
