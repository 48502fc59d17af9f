// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "foundation/contract/marketplacenotice.h"
#include "foundation/contract/result.h"
#include "platform/marketplace/marketplaceconfig.h"
#include "platform/marketplace/marketplacegateway.h"
#include "platform/marketplace/outboundhttp.h"

#include <QJsonObject>

namespace billing::marketplace {

// One AWS partition's Marketplace services, over their JSON 1.1 protocol signed with Signature
// Version 4 for the service "aws-marketplace": ResolveCustomer (Metering Service) for a registration
// token, GetEntitlements (Entitlement Service) for a customer of the configured product.
class AwsMarketplace
{
public:
    AwsMarketplace(MarketplaceConfig::Aws config, const OutboundHttp &http);

    contract::Result<contract::RegisteredCustomer> resolveCustomer(const QString &registrationToken) const;
    contract::Result<QList<contract::Entitlement>> entitlements(const QString &customerIdentifier) const;
    const MarketplaceConfig::Aws &config() const { return m_config; }

private:
    contract::Result<QJsonObject> call(const QString &endpoint, const QByteArray &target,
                                       const QString &operation, const QJsonObject &body) const;

    MarketplaceConfig::Aws m_config;
    const OutboundHttp &m_http;
};

} // namespace billing::marketplace
