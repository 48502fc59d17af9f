// SPDX-License-Identifier: Apache-2.0
// The console says every billing-rule refusal the platform makes in its user's language, from the
// refusal's code and facts; an unknown code keeps the platform's own sentence.
#include "console/models/billingtext.h"
#include "foundation/contract/vocabulary.h"
#include "platform/domain/billingrules.h"
#include "tests/support/billingfacts.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QTranslator>

#include <gtest/gtest.h>

using namespace billing;
using domain::BillingRules;
using models::BillingText;
namespace v = contract::vocabulary;

namespace {

contract::Workspace workspace(const QString &status = v::WorkspaceStatus::Active)
{
    contract::Workspace w = test::activeWorkspace("cn-hangzhou");
    w.status = status;
    if (status != v::WorkspaceStatus::Active)
        w.lock.reason = v::LockReason::AdminHold;
    return w;
}

contract::CloudAccount cloud(const QString &provider = v::Provider::Azure,
                             const QString &state = v::SubscriptionState::Subscribed)
{
    contract::CloudAccount c = test::bindable(provider);
    c.subscriptionState = state;
    return c;
}

// One refusal of each code the rules have (platform/domain/billingrules.h), made by the rules themselves.
QList<contract::Problem> everyRefusal()
{
    contract::Account card = test::freeOwner();
    card.hasCreditCard = true;
    card.creditCard = {"visa", "4242"};
    contract::Account credits = test::freeOwner();
    credits.availableCredits = {125050, "USD"};
    contract::Account linked = test::freeOwner();
    linked.linkedCloudAccountId = "ca-9";
    const std::optional<contract::Problem> refusals[] = {
        BillingRules::refuseCloudBilling(card, workspace(), cloud()),
        BillingRules::refuseCloudBilling(credits, workspace(), cloud()),
        BillingRules::refuseCloudBilling(linked, workspace(), cloud()),
        BillingRules::refuseCloudBilling(test::freeOwner(), workspace(),
                                         cloud(v::Provider::Aws, v::SubscriptionState::UnsubscribePending)),
        BillingRules::refuseCloudBilling(test::freeOwner(), workspace(), cloud(v::Provider::Aws)),
        BillingRules::refuseCloudBilling(test::freeOwner(), workspace(v::WorkspaceStatus::Dissolved),
                                         cloud()),
        BillingRules::refuseMethod(test::freeOwner(), workspace(), v::BillingMethod::CreditCard),
        BillingRules::refuseMethod(test::freeOwner(), workspace(), v::BillingMethod::PrepaidCredits),
        BillingRules::refuseLock(workspace(v::WorkspaceStatus::Locked)),
        BillingRules::refuseUnlock(workspace(), true, false),
        BillingRules::refuseUnlock(workspace(v::WorkspaceStatus::Locked), false, false),
    };
    QList<contract::Problem> problems;
    for (const auto &refusal : refusals) {
        EXPECT_TRUE(refusal.has_value());
        if (refusal)
            problems << *refusal;
    }
    return problems;
}

// The ids a refusal names: whatever it is said in, they appear as they are.
QStringList idsIn(const QJsonObject &facts)
{
    QStringList ids;
    for (auto it = facts.begin(); it != facts.end(); ++it)
        if (it.key().endsWith(QLatin1String("_id")) || it.key() == QLatin1String("site") ||
            it.key() == QLatin1String("card_last4"))
            ids << it.value().toString();
    return ids;
}

} // namespace

TEST(BillingText, EveryRefusalCarriesItsFactsAndTheConsoleSaysItFromThem)
{
    const QList<contract::Problem> refusals = everyRefusal();
    QStringList codes;
    for (const contract::Problem &refusal : refusals) {
        codes << refusal.code;
        const QJsonObject facts = refusal.extra.value("facts").toObject();
        ASSERT_FALSE(facts.isEmpty()) << refusal.code.toStdString();
        for (const QString &id : idsIn(facts))
            EXPECT_TRUE(refusal.detail.contains(id)) << refusal.detail.toStdString();
        // Said by the console from the facts alone, not by passing the platform's sentence on.
        const QString said = BillingText::problem(refusal);
        EXPECT_EQ(BillingText::refusal(refusal.code, facts, QStringLiteral("(the platform's sentence)")),
                  said);
        EXPECT_NE(said, QStringLiteral("(the platform's sentence)")) << refusal.code.toStdString();
        for (const QString &id : idsIn(facts))
            EXPECT_TRUE(said.contains(id)) << said.toStdString();
    }
    codes.removeDuplicates();
    EXPECT_EQ(codes.size(), 11) << codes.join(' ').toStdString();

    // Where the rules name no vocabulary word, the console's English is the platform's sentence.
    for (const contract::Problem &refusal : refusals)
        if (refusal.code != "cloud_account_not_subscribed" && refusal.code != "site_not_allowed" &&
            refusal.code != "workspace_locked" && refusal.code != "override_required" &&
            refusal.code != "account_uses_credits")
            EXPECT_EQ(BillingText::problem(refusal).toStdString(), refusal.detail.toStdString());
}

TEST(BillingText, AnUnknownCodeOrAProblemWithoutFactsKeepsThePlatformsSentence)
{
    EXPECT_EQ(
        BillingText::refusal("a_rule_added_later", {{"workspace_id", "ws-1"}}, "As the platform said it."),
        "As the platform said it.");
    const contract::Problem plain{422, "a_rule_added_later", "Refused", "As the platform said it.", {}};
    EXPECT_EQ(BillingText::problem(plain), "As the platform said it.");
}

TEST(BillingText, RefusalsReadInChinese)
{
    QTranslator translator;
    ASSERT_TRUE(translator.load(QStringLiteral(":/i18n/billing-console_zh_CN.qm")));
    QCoreApplication::installTranslator(&translator);
    static const QRegularExpression han(QStringLiteral("\\p{Han}"));
    for (const contract::Problem &refusal : everyRefusal()) {
        const QString said = BillingText::problem(refusal);
        EXPECT_TRUE(said.contains(han)) << said.toStdString();
        EXPECT_FALSE(said.contains(QLatin1String("Workspace")) || said.contains(QLatin1String("Account")))
            << said.toStdString();
        for (const QString &id : idsIn(refusal.extra.value("facts").toObject()))
            EXPECT_TRUE(said.contains(id)) << said.toStdString();
    }
    QCoreApplication::removeTranslator(&translator);
}
