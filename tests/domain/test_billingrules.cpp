// SPDX-License-Identifier: Apache-2.0
// The eligibility rules as plain functions, with no store and no clock: each rule of
// docs/billing-rules.md that BillingRules decides, and the code it refuses with.
#include "foundation/contract/vocabulary.h"
#include "platform/domain/billingrules.h"
#include "tests/support/billingfacts.h"

#include <gtest/gtest.h>

using namespace billing;
using domain::BillingRules;
using test::activeWorkspace;
using test::bindable;
using test::freeOwner;
namespace v = contract::vocabulary;

namespace {

QString code(const std::optional<contract::Problem> &refusal)
{
    return refusal ? refusal->code : QStringLiteral("(allowed)");
}

} // namespace

TEST(BillingRules, Rule1AnOwnerWithACardCreditsOrAnotherLinkMayNotBeBilledThroughAMarketplace)
{
    EXPECT_EQ(code(BillingRules::refuseCloudBilling(freeOwner(), activeWorkspace(), bindable())),
              "(allowed)");

    contract::Account card = freeOwner();
    card.hasCreditCard = true;
    card.creditCard = {"visa", "4242"};
    const auto refused = BillingRules::refuseCloudBilling(card, activeWorkspace(), bindable());
    EXPECT_EQ(code(refused), "account_has_credit_card");
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->status, 422);
    EXPECT_TRUE(refused->detail.contains("4242")) << refused->detail.toStdString();

    contract::Account credits = freeOwner();
    credits.availableCredits = {1, "USD"};
    EXPECT_EQ(code(BillingRules::refuseCloudBilling(credits, activeWorkspace(), bindable())),
              "account_uses_credits");

    contract::Account linked = freeOwner();
    linked.linkedCloudAccountId = "ca-other";
    EXPECT_EQ(code(BillingRules::refuseCloudBilling(linked, activeWorkspace(), bindable())),
              "account_already_linked");
    // Linked to this very cloud account: another of its workspaces may join.
    linked.linkedCloudAccountId = "ca-1";
    EXPECT_EQ(code(BillingRules::refuseCloudBilling(linked, activeWorkspace(), bindable())), "(allowed)");
}

TEST(BillingRules, Rule2ACloudAccountTakesBindingsOnlyWhileSubscribedAndSynced)
{
    for (const QString &state : v::SubscriptionState::all()) {
        for (const QString &sync : v::SyncState::all()) {
            contract::CloudAccount cloud = bindable();
            cloud.subscriptionState = state;
            cloud.syncState = sync;
            const bool takes = state == v::SubscriptionState::Subscribed && sync == v::SyncState::Synced;
            EXPECT_EQ(cloud.takesBindings(), takes) << state.toStdString() << " " << sync.toStdString();
            EXPECT_EQ(code(BillingRules::refuseCloudBilling(freeOwner(), activeWorkspace(), cloud)),
                      takes ? "(allowed)" : "cloud_account_not_subscribed");
        }
    }
}

TEST(BillingRules, Rule2MarketplacesArePartitionedBySiteUnlessTheAccountIsExempt)
{
    EXPECT_TRUE(BillingRules::sitePermitted(v::Provider::AwsChina, "cn-hangzhou"));
    EXPECT_FALSE(BillingRules::sitePermitted(v::Provider::AwsChina, "us-west-2"));
    EXPECT_TRUE(BillingRules::sitePermitted(v::Provider::Aws, "eu-frankfurt"));
    EXPECT_FALSE(BillingRules::sitePermitted(v::Provider::Aws, "cn-ningxia"));
    EXPECT_TRUE(BillingRules::sitePermitted(v::Provider::Azure, "cn-ningxia"));
    EXPECT_TRUE(BillingRules::sitePermitted(v::Provider::Azure, "ap-singapore"));
    EXPECT_FALSE(BillingRules::sitePermitted("gcp", "us-west-2"));

    EXPECT_EQ(code(BillingRules::refuseCloudBilling(freeOwner(), activeWorkspace("cn-hangzhou"),
                                                    bindable(v::Provider::Aws))),
              "site_not_allowed");
    EXPECT_EQ(code(BillingRules::refuseCloudBilling(freeOwner(), activeWorkspace("us-west-2"),
                                                    bindable(v::Provider::AwsChina))),
              "site_not_allowed");
    contract::Account exempt = freeOwner();
    exempt.anyMethodAllowed = true;
    EXPECT_EQ(code(BillingRules::refuseCloudBilling(exempt, activeWorkspace("cn-hangzhou"),
                                                    bindable(v::Provider::Aws))),
              "(allowed)");
}

TEST(BillingRules, Rule4ACardOrCreditsMethodNeedsTheCardOrTheCredits)
{
    EXPECT_EQ(code(BillingRules::refuseMethod(freeOwner(), activeWorkspace(), v::BillingMethod::CreditCard)),
              "no_credit_card");
    EXPECT_EQ(
        code(BillingRules::refuseMethod(freeOwner(), activeWorkspace(), v::BillingMethod::PrepaidCredits)),
        "no_credits");
    contract::Account paying = freeOwner();
    paying.hasCreditCard = true;
    paying.availableCredits = {500, "USD"};
    EXPECT_EQ(code(BillingRules::refuseMethod(paying, activeWorkspace(), v::BillingMethod::CreditCard)),
              "(allowed)");
    EXPECT_EQ(code(BillingRules::refuseMethod(paying, activeWorkspace(), v::BillingMethod::PrepaidCredits)),
              "(allowed)");
}

TEST(BillingRules, Rule6AWorkspacePaysOnlyThroughAMethodThatWorksNow)
{
    contract::Account owner = freeOwner();
    contract::Workspace w = activeWorkspace();
    w.billingMethod = v::BillingMethod::CreditCard;
    EXPECT_FALSE(BillingRules::paysNow(owner, w, nullptr));
    owner.hasCreditCard = true;
    EXPECT_TRUE(BillingRules::paysNow(owner, w, nullptr));

    w.billingMethod = v::BillingMethod::PrepaidCredits;
    EXPECT_FALSE(BillingRules::paysNow(owner, w, nullptr));
    owner.availableCredits = {1, "USD"};
    EXPECT_TRUE(BillingRules::paysNow(owner, w, nullptr));

    w.billingMethod = v::BillingMethod::CloudAccount;
    contract::CloudAccount cloud = bindable();
    EXPECT_TRUE(BillingRules::paysNow(owner, w, &cloud));
    cloud.subscriptionState = v::SubscriptionState::Unsubscribed;
    EXPECT_FALSE(BillingRules::paysNow(owner, w, &cloud));
    EXPECT_FALSE(BillingRules::paysNow(owner, w, nullptr));

    w.billingMethod = v::BillingMethod::None;
    EXPECT_FALSE(BillingRules::paysNow(owner, w, nullptr));
}

TEST(BillingRules, Rule6UnlockingWithoutAWorkingMethodNeedsAnOverride)
{
    contract::Workspace locked = activeWorkspace();
    locked.status = v::WorkspaceStatus::Locked;
    locked.lock.reason = v::LockReason::NoBillingMethod;
    EXPECT_EQ(code(BillingRules::refuseUnlock(locked, false, false)), "override_required");
    EXPECT_EQ(code(BillingRules::refuseUnlock(locked, false, true)), "(allowed)");
    EXPECT_EQ(code(BillingRules::refuseUnlock(locked, true, false)), "(allowed)");

    const auto notLocked = BillingRules::refuseUnlock(activeWorkspace(), true, false);
    EXPECT_EQ(code(notLocked), "workspace_not_locked");
    ASSERT_TRUE(notLocked);
    EXPECT_EQ(notLocked->status, 409);

    const auto twice = BillingRules::refuseLock(locked);
    EXPECT_EQ(code(twice), "workspace_locked");
    ASSERT_TRUE(twice);
    EXPECT_EQ(twice->status, 409);
    EXPECT_EQ(code(BillingRules::refuseLock(activeWorkspace())), "(allowed)");
}

TEST(BillingRules, Rule6ADissolvedWorkspaceChangesNoMore)
{
    contract::Workspace dissolved = activeWorkspace();
    dissolved.status = v::WorkspaceStatus::Dissolved;
    dissolved.lock.reason = v::LockReason::CloudSubscriptionCancelled;
    contract::Account paying = freeOwner();
    paying.hasCreditCard = true;
    EXPECT_EQ(code(BillingRules::refuseCloudBilling(freeOwner(), dissolved, bindable())),
              "workspace_dissolved");
    EXPECT_EQ(code(BillingRules::refuseMethod(paying, dissolved, v::BillingMethod::CreditCard)),
              "workspace_dissolved");
    EXPECT_EQ(code(BillingRules::refuseLock(dissolved)), "workspace_dissolved");
    EXPECT_EQ(code(BillingRules::refuseUnlock(dissolved, true, true)), "workspace_dissolved");
}

TEST(BillingRules, Rule6TheCountdownIsFourteenDaysCountedInWholeDaysRoundedUp)
{
    EXPECT_EQ(v::LockCountdownDays, 14);
    contract::WorkspaceLock lock;
    lock.at = 1'000'000'000'000;
    lock.purgeAt = lock.at + v::LockCountdownDays * v::DayMs;
    EXPECT_EQ(lock.daysLeft(lock.at), 14);
    EXPECT_EQ(lock.daysLeft(lock.at + 1), 14);
    EXPECT_EQ(lock.daysLeft(lock.at + v::DayMs), 13);
    EXPECT_EQ(lock.daysLeft(lock.purgeAt - 1), 1);
    EXPECT_EQ(lock.daysLeft(lock.purgeAt), 0);
    EXPECT_EQ(lock.daysLeft(lock.purgeAt + v::DayMs), 0);
}
