// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "foundation/contract/account.h"
#include "foundation/contract/cloudaccount.h"
#include "foundation/contract/problem.h"
#include "foundation/contract/workspace.h"

#include <optional>

namespace billing::domain {

// Rule-refusal codes (docs/billing-rules.md): each has its own code and a sentence staff can read as is.
namespace RefusalCode {
inline constexpr auto AccountHasCreditCard = "account_has_credit_card";
inline constexpr auto AccountUsesCredits = "account_uses_credits";
inline constexpr auto AccountAlreadyLinked = "account_already_linked";
inline constexpr auto CloudAccountNotSubscribed = "cloud_account_not_subscribed";
inline constexpr auto SiteNotAllowed = "site_not_allowed";
inline constexpr auto WorkspaceDissolved = "workspace_dissolved";
inline constexpr auto NoCreditCard = "no_credit_card";
inline constexpr auto NoCredits = "no_credits";
inline constexpr auto WorkspaceLocked = "workspace_locked";
inline constexpr auto WorkspaceNotLocked = "workspace_not_locked";
inline constexpr auto OverrideRequired = "override_required";
} // namespace RefusalCode

// The eligibility rules as plain functions of the facts they read: no store, no clock.
class BillingRules
{
public:
    // Rules 1 and 2: why `workspace` may not be billed to `cloud`, or nothing when it may.
    static std::optional<contract::Problem> refuseCloudBilling(const contract::Account &owner,
                                                               const contract::Workspace &workspace,
                                                               const contract::CloudAccount &cloud);
    // Why `workspace` may not move to `method` (credit_card or prepaid_credits), or nothing.
    static std::optional<contract::Problem>
    refuseMethod(const contract::Account &owner, const contract::Workspace &workspace, const QString &method);
    // Rule 6: whether the workspace's own method pays now (a card on file, credits left, or a cloud account
    // that takes bindings); `cloud` is the workspace's cloud account when it has one.
    static bool paysNow(const contract::Account &owner, const contract::Workspace &workspace,
                        const contract::CloudAccount *cloud);
    // Why staff may not lock `workspace` (already locked, dissolved), or nothing.
    static std::optional<contract::Problem> refuseLock(const contract::Workspace &workspace);
    // Why `workspace` may not be unlocked as asked: not locked, dissolved, or no valid method and no
    // override (an admin's note and an end date).
    static std::optional<contract::Problem> refuseUnlock(const contract::Workspace &workspace, bool paysNow,
                                                         bool overriding);

    // Marketplaces are partitioned by site: aws_cn pays for China sites only, aws for the others,
    // azure for any.
    static bool sitePermitted(const QString &provider, const QString &site);
};

} // namespace billing::domain
