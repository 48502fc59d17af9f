// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "platform/marketplace/awsmarketplace.h"
#include "platform/marketplace/marketplaceconfig.h"
#include "platform/marketplace/marketplacegateway.h"
#include "platform/marketplace/outboundhttp.h"

#include <vector>

namespace billing::marketplace {

// The gateway of a platform started with --marketplace-config: AWS calls go to AWS (or to the
// configured endpoints), every attempt recorded. A registration token is tried with each configured
// AWS partition in turn (aws, then aws_cn): the one that issued it resolves it.
class ConnectedMarketplaceGateway final : public MarketplaceGateway
{
public:
    ConnectedMarketplaceGateway(const MarketplaceConfig &config, OutboundHttp::Recorder recorder,
                                std::function<qint64()> now);

    contract::Result<contract::RegisteredCustomer>
    resolveAwsCustomer(const QString &registrationToken) override;
    contract::Result<contract::RegisteredCustomer>
    resolveAzureSubscription(const QString &landingToken) override;
    contract::Result<contract::Done> activateAzureSubscription(const QString &subscriptionId,
                                                               const QString &planId) override;
    contract::Result<QList<AwsEntitlement>> awsEntitlements(const QString &productCode,
                                                            const QString &customerIdentifier) override;

private:
    OutboundHttp m_http;
    std::vector<AwsMarketplace> m_aws;
};

} // namespace billing::marketplace
