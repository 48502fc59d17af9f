// SPDX-License-Identifier: Apache-2.0
// The platform's calls to AWS Marketplace against a fake AWS over HTTPS on 127.0.0.1 (test CA) that
// checks every Signature Version 4 signature: answers, refusals, throttling, 500s, silence and junk,
// each attempt recorded.
#include "platform/marketplace/connectedgateway.h"
#include "tests/support/fakeaws.h"

#include <QElapsedTimer>
#include <QJsonArray>

#include <gtest/gtest.h>

using namespace billing;
using billing::test::FakeAws;
using marketplace::ConnectedMarketplaceGateway;
using marketplace::OutboundCall;

namespace {

class AwsMarketplaceTest : public ::testing::Test
{
protected:
    std::unique_ptr<ConnectedMarketplaceGateway> gateway(marketplace::MarketplaceConfig config)
    {
        return std::make_unique<ConnectedMarketplaceGateway>(
            config, [this](const OutboundCall &call) { calls.append(call); },
            [] { return qint64(1'790'000'000'000); });
    }

    FakeAws aws;
    QList<OutboundCall> calls;
};

} // namespace

TEST_F(AwsMarketplaceTest, ResolveCustomerIsSignedAndAnsweredAsAwsDoes)
{
    aws.addToken("token-contoso", "X01CONTOSO01");
    auto connected = gateway(aws.config());
    auto customer = connected->resolveAwsCustomer("token-contoso");
    ASSERT_TRUE(customer.ok()) << customer.problem().message().toStdString();
    EXPECT_EQ(customer->provider, "aws");
    EXPECT_EQ(customer->externalId, "X01CONTOSO01");
    EXPECT_EQ(customer->customerAwsAccountId, "1234ONTOSO01");
    EXPECT_EQ(customer->productCode, FakeAws::ProductCode);
    EXPECT_TRUE(customer->licenseArn.startsWith("arn:aws:license-manager"));
    EXPECT_EQ(aws.requests("ResolveCustomer"), 1);
    EXPECT_EQ(aws.refusedSignatures(), 0);
    ASSERT_EQ(calls.size(), 1);
    EXPECT_EQ(calls[0].marketplace, "aws");
    EXPECT_EQ(calls[0].operation, "ResolveCustomer");
    EXPECT_EQ(calls[0].status, 200);
    EXPECT_EQ(calls[0].outcome, "ok");
    EXPECT_EQ(calls[0].requestId.size(), 36) << "the marketplace's request id is kept";

    // A token AWS does not know is the customer's problem, said as such, and not retried.
    auto unknown = connected->resolveAwsCustomer("token-forged");
    ASSERT_FALSE(unknown.ok());
    EXPECT_EQ(unknown.problem().status, 400);
    EXPECT_EQ(unknown.problem().code, "marketplace_token_invalid");
    EXPECT_EQ(aws.requests("ResolveCustomer"), 2);

    // A token for another product must not register a customer of ours.
    aws.addToken("token-other", "X01OTHER0001", "someone-elses-product");
    auto other = connected->resolveAwsCustomer("token-other");
    ASSERT_FALSE(other.ok());
    EXPECT_TRUE(other.problem().message().contains("someone-elses-product"));
}

TEST_F(AwsMarketplaceTest, AWrongSecretIsRefusedByAwsAndTheRefusalIsSaid)
{
    aws.addToken("token-contoso", "X01CONTOSO01");
    marketplace::MarketplaceConfig wrong = aws.config();
    wrong.aws->secretAccessKey = "not-the-secret";
    auto refused = gateway(wrong)->resolveAwsCustomer("token-contoso");
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.problem().code, "marketplace_refused");
    EXPECT_TRUE(refused.problem().message().contains("InvalidSignatureException"))
        << refused.problem().message().toStdString();
    EXPECT_EQ(aws.refusedSignatures(), 1);
    EXPECT_EQ(aws.requests("ResolveCustomer"), 0);
    EXPECT_EQ(calls.size(), 1) << "a refusal is not retried";
}

TEST_F(AwsMarketplaceTest, ThrottlingAnd500sAreRetriedWithBackoffThenGivenUp)
{
    aws.addToken("token-contoso", "X01CONTOSO01");
    auto connected = gateway(aws.config());
    aws.failNext(2, FakeAws::Failure::Throttle);
    auto third = connected->resolveAwsCustomer("token-contoso");
    ASSERT_TRUE(third.ok()) << third.problem().message().toStdString();
    ASSERT_EQ(calls.size(), 3);
    EXPECT_EQ(calls[0].outcome, "HTTP 400 (throttled)");
    EXPECT_EQ(calls[1].attempt, 2);
    EXPECT_EQ(calls[2].outcome, "ok");

    calls.clear();
    aws.failNext(3, FakeAws::Failure::ServerError);
    auto down = connected->resolveAwsCustomer("token-contoso");
    ASSERT_FALSE(down.ok());
    EXPECT_EQ(down.problem().status, 502);
    EXPECT_EQ(down.problem().code, "marketplace_unavailable");
    EXPECT_TRUE(down.problem().message().contains("3 attempts")) << down.problem().message().toStdString();
    EXPECT_EQ(calls.size(), 3) << "bounded";

    calls.clear();
    aws.failNext(1, FakeAws::Failure::NotJson);
    auto junk = connected->resolveAwsCustomer("token-contoso");
    ASSERT_FALSE(junk.ok());
    EXPECT_EQ(junk.problem().code, "marketplace_bad_answer");
}

TEST_F(AwsMarketplaceTest, ASilentMarketplaceTimesOutEachAttempt)
{
    aws.addToken("token-contoso", "X01CONTOSO01");
    marketplace::MarketplaceConfig config = aws.config(1);
    config.attempts = 2;
    aws.failNext(2, FakeAws::Failure::NoAnswer);
    QElapsedTimer clock;
    clock.start();
    auto silent = gateway(config)->resolveAwsCustomer("token-contoso");
    ASSERT_FALSE(silent.ok());
    EXPECT_EQ(silent.problem().code, "marketplace_unavailable");
    EXPECT_TRUE(silent.problem().message().contains("no answer within 1 s"))
        << silent.problem().message().toStdString();
    ASSERT_EQ(calls.size(), 2);
    EXPECT_EQ(calls[0].status, 0);
    EXPECT_LT(clock.elapsed(), 10'000);
}

TEST_F(AwsMarketplaceTest, OnlyACertificateTheSystemOrTheConfiguredAuthoritiesVouchForIsTalkedTo)
{
    aws.addToken("token-contoso", "X01CONTOSO01");
    marketplace::MarketplaceConfig untrusting = aws.config();
    untrusting.extraAuthorities.clear();
    auto refused = gateway(untrusting)->resolveAwsCustomer("token-contoso");
    ASSERT_FALSE(refused.ok());
    EXPECT_TRUE(refused.problem().message().contains("TLS")) << refused.problem().message().toStdString();
    EXPECT_EQ(aws.requests("ResolveCustomer"), 0)
        << "nothing was sent to an endpoint that did not prove itself";
}

TEST_F(AwsMarketplaceTest, GetEntitlementsAnswersTheCustomersEntitlements)
{
    aws.addEntitlement("X01CONTOSO01", "Users", 1'900'000'000);
    aws.addEntitlement("X01FABRIKAM1", "Users", 0);
    auto entitlements = gateway(aws.config())->awsEntitlements(FakeAws::ProductCode, "X01CONTOSO01");
    ASSERT_TRUE(entitlements.ok()) << entitlements.problem().message().toStdString();
    ASSERT_EQ(entitlements->size(), 1);
    EXPECT_EQ(entitlements->at(0).dimension, "Users");
    EXPECT_EQ(entitlements->at(0).value, "1");
    EXPECT_EQ(entitlements->at(0).expiresAt, 1'900'000'000'000);
    auto none = gateway(aws.config())->awsEntitlements(FakeAws::ProductCode, "X01NOBODY001");
    ASSERT_TRUE(none.ok());
    EXPECT_TRUE(none->isEmpty());
    EXPECT_EQ(aws.requests("GetEntitlements"), 2);
}

// BatchMeterUsage: a customer known by its AWS account and agreement is metered in the concurrent-
// agreements form (no ProductCode), others by ProductCode + CustomerIdentifier: one batch holding both
// goes as two calls. The same record again is honoured once (the same MeteringRecordId); another
// quantity for the same hour is a DuplicateRecord; a record of more than 2,500 workspaces keeps AWS's
// limit and still adds up.
TEST_F(AwsMarketplaceTest, BatchMeterUsageMetersBothFormsOnceAndKeepsAwsLimits)
{
    const qint64 hour = QDateTime::currentMSecsSinceEpoch() / 3'600'000 * 3'600'000 - 3'600'000;
    const auto usage = [&](qint64 id, const QString &customer, const QString &account, const QString &arn,
                           qint64 quantity, int workspaces) {
        contract::MeteredUsage u;
        u.record.id = id;
        u.record.marketplace = QStringLiteral("aws");
        u.record.hour = hour;
        u.record.dimension = QStringLiteral("deployment_hours");
        u.record.quantity = quantity;
        for (int w = 0; w < workspaces; ++w)
            u.record.allocations.insert(QStringLiteral("ws-%1").arg(w, 7, 10, QLatin1Char('0')),
                                        quantity / workspaces + (w < quantity % workspaces ? 1 : 0));
        u.customer.customerIdentifier = customer;
        u.customer.customerAwsAccountId = account;
        u.customer.licenseArn = arn;
        return u;
    };
    auto connected = gateway(aws.config());
    const QString arn = QStringLiteral("arn:aws:license-manager::294406891311:license:l-agreement1");
    const QList<contract::MeteredUsage> batch{usage(1, "X01LEGACY001", "", "", 7, 3),
                                              usage(2, "X01AGREEMNT1", "123456789012", arn, 5000, 3000)};
    auto first = connected->meterUsage("aws", batch);
    ASSERT_TRUE(first.ok()) << first.problem().message().toStdString();
    ASSERT_EQ(first->size(), 2);
    EXPECT_EQ(aws.requests("BatchMeterUsage"), 2) << "one call per form";
    QHash<qint64, QString> ids;
    for (const contract::MeteringAnswer &a : *first) {
        EXPECT_EQ(a.state, "accepted") << a.error.toStdString();
        ids.insert(a.id, a.marketplaceRecordId);
    }
    const QList<test::FakeAws::Metered> metered = aws.metered();
    ASSERT_EQ(metered.size(), 2);
    QStringList customers;
    for (const auto &m : metered) {
        customers << m.customer;
        EXPECT_EQ(m.timestamp * 1000, hour);
        if (m.customer.startsWith("123456789012/")) {
            EXPECT_EQ(m.allocations.size(), 2500) << "AWS takes at most 2,500 allocations";
            qint64 sum = 0;
            for (const QJsonValue &a : m.allocations)
                sum += a.toObject().value("AllocatedUsageQuantity").toInteger();
            EXPECT_EQ(sum, 5000);
            EXPECT_EQ(
                m.allocations.last().toObject().value("Tags").toArray().first().toObject().value("Value"),
                "other");
        }
    }
    EXPECT_TRUE(customers.contains("X01LEGACY001"));
    EXPECT_TRUE(customers.contains("123456789012/" + arn));

    // Sent again (a crash before the answer was kept): the same records, honoured once.
    auto again = connected->meterUsage("aws", batch);
    ASSERT_TRUE(again.ok());
    for (const contract::MeteringAnswer &a : *again) {
        EXPECT_EQ(a.state, "accepted");
        EXPECT_EQ(a.marketplaceRecordId, ids.value(a.id));
    }
    EXPECT_EQ(aws.metered().size(), 2);
    // Another quantity for the same customer, dimension and hour is not honoured.
    auto changed = connected->meterUsage("aws", {usage(3, "X01LEGACY001", "", "", 8, 3)});
    ASSERT_TRUE(changed.ok());
    ASSERT_EQ(changed->size(), 1);
    EXPECT_EQ(changed->first().state, "duplicate");
    EXPECT_TRUE(changed->first().error.contains("DuplicateRecord"));
    // A refused call fails every record of it, with AWS's reason.
    auto old = usage(4, "X01LEGACY002", "", "", 1, 1);
    old.record.hour = hour - 7 * 3'600'000;
    auto late = connected->meterUsage("aws", {old});
    ASSERT_TRUE(late.ok());
    EXPECT_EQ(late->first().state, "failed");
    EXPECT_TRUE(late->first().error.contains("TimestampOutOfBoundsException"))
        << late->first().error.toStdString();
}
