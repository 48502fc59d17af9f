// SPDX-License-Identifier: Apache-2.0
// The platform's calls to Azure's SaaS fulfillment API against a fake Entra ID and fulfillment API over
// HTTPS on 127.0.0.1 (test CA) that checks the client credentials and the bearer token exactly.
#include "platform/marketplace/connectedgateway.h"
#include "tests/support/fakeazure.h"

#include <gtest/gtest.h>

using namespace billing;
using billing::test::FakeAzure;
using marketplace::ConnectedMarketplaceGateway;
using marketplace::OutboundCall;

namespace {

class AzureMarketplaceTest : public ::testing::Test
{
protected:
    std::unique_ptr<ConnectedMarketplaceGateway> gateway(const marketplace::MarketplaceConfig &config)
    {
        return std::make_unique<ConnectedMarketplaceGateway>(
            config, [this](const OutboundCall &call) { calls.append(call); },
            [] { return qint64(1'790'000'000'000); });
    }

    FakeAzure azure;
    QList<OutboundCall> calls;
};

} // namespace

TEST_F(AzureMarketplaceTest, ATokenIsAskedOnceThenEveryCallCarriesIt)
{
    azure.addLandingToken("land-1", "sub-1", "Northwind SaaS");
    auto connected = gateway(azure.config());
    auto customer = connected->resolveAzureSubscription("land-1");
    ASSERT_TRUE(customer.ok()) << customer.problem().message().toStdString();
    EXPECT_EQ(customer->provider, "azure");
    EXPECT_EQ(customer->externalId, "sub-1");
    EXPECT_EQ(customer->displayName, "Northwind SaaS");
    EXPECT_EQ(customer->planId, "enterprise");
    EXPECT_EQ(customer->quantity, 5);
    EXPECT_EQ(customer->purchaserTenantId, "tenant-sub-1");
    ASSERT_TRUE(connected->activateAzureSubscription("sub-1", "enterprise").ok());
    EXPECT_EQ(azure.tokensIssued(), 1);
    EXPECT_EQ(azure.activated(), QStringList{"sub-1"});

    auto unknown = connected->resolveAzureSubscription("land-forged");
    ASSERT_FALSE(unknown.ok());
    EXPECT_EQ(unknown.problem().code, "marketplace_token_invalid");
    auto missing = connected->azureOperation("sub-1", "op-none");
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.problem().code, "marketplace_refused") << "404: Microsoft does not know it";
}

TEST_F(AzureMarketplaceTest, AWrongClientSecretIsRefusedByEntraId)
{
    marketplace::MarketplaceConfig wrong = azure.config();
    wrong.azure->clientSecret = "not-the-secret";
    auto refused = gateway(wrong)->resolveAzureSubscription("land-1");
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.problem().code, "marketplace_refused");
    EXPECT_TRUE(refused.problem().message().contains("GetToken"))
        << refused.problem().message().toStdString();
    EXPECT_EQ(azure.requests("Resolve"), 0) << "no call goes out without a token";
}

TEST_F(AzureMarketplaceTest, ThrottlingAnd500sAreRetriedThenGivenUp)
{
    auto connected = gateway(azure.config());
    azure.addOperation("sub-1", "op-1", "ChangePlan", "InProgress", 1'790'000'000'000);
    azure.failNext(1, FakeAzure::Failure::Throttle);
    azure.failNext(1, FakeAzure::Failure::ServerError);
    auto operation = connected->azureOperation("sub-1", "op-1");
    ASSERT_TRUE(operation.ok()) << operation.problem().message().toStdString();
    EXPECT_EQ(operation->value("action").toString(), "ChangePlan");
    QStringList outcomes;
    for (const OutboundCall &call : calls) {
        if (call.operation == QLatin1String("GetOperation"))
            outcomes << call.outcome;
    }
    EXPECT_EQ(outcomes, QStringList({"HTTP 429", "HTTP 500", "ok"}));

    azure.failNext(3, FakeAzure::Failure::ServerError);
    auto down = connected->answerAzureOperation("sub-1", "op-1", true);
    ASSERT_FALSE(down.ok());
    EXPECT_EQ(down.problem().code, "marketplace_unavailable");
    EXPECT_TRUE(azure.patches().isEmpty());
}

TEST_F(AzureMarketplaceTest, ASilentOrGarbledFulfillmentApiIsSaidAsSuch)
{
    azure.addOperation("sub-1", "op-1", "ChangePlan", "InProgress", 1'790'000'000'000);
    marketplace::MarketplaceConfig config = azure.config(1);
    config.attempts = 2;
    auto connected = gateway(config);
    ASSERT_TRUE(connected->azureOperation("sub-1", "op-1").ok()) << "a token first";
    azure.failNext(2, FakeAzure::Failure::NoAnswer);
    auto silent = connected->azureOperation("sub-1", "op-1");
    ASSERT_FALSE(silent.ok());
    EXPECT_EQ(silent.problem().code, "marketplace_unavailable");
    EXPECT_TRUE(silent.problem().message().contains("no answer within 1 s"))
        << silent.problem().message().toStdString();
    azure.failNext(1, FakeAzure::Failure::NotJson);
    auto garbled = connected->azureOperation("sub-1", "op-1");
    ASSERT_FALSE(garbled.ok());
    EXPECT_EQ(garbled.problem().code, "marketplace_bad_answer");
}
