// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "foundation/contract/marketplacenotice.h"
#include "foundation/contract/metering.h"
#include "foundation/contract/result.h"
#include "platform/marketplace/callpacer.h"
#include "platform/marketplace/marketplaceconfig.h"
#include "platform/marketplace/marketplacegateway.h"
#include "platform/marketplace/outboundhttp.h"

#include <QJsonObject>

namespace billing::marketplace {

// One AWS partition's Marketplace services, over their JSON 1.1 protocol signed with Signature
// Version 4 for the service "aws-marketplace": ResolveCustomer (Metering Service) for a registration
// token, GetEntitlements (Entitlement Service) for a customer of the configured product, and
// BatchMeterUsage (Metering Service) for pay-as-you-go usage, paced to the configured rate.
class AwsMarketplace
{
public:
    AwsMarketplace(MarketplaceConfig::Aws config, const OutboundHttp &http);

    contract::Result<contract::RegisteredCustomer> resolveCustomer(const QString &registrationToken) const;
    contract::Result<QList<contract::Entitlement>> entitlements(const QString &customerIdentifier) const;
    // Up to 25 records: an answer per record. A customer known by its AWS account and agreement
    // (CustomerAWSAccountId + LicenseArn) is metered in the concurrent-agreements form, others by
    // ProductCode + CustomerIdentifier; a batch holding both is sent as two calls.
    contract::Result<QList<contract::MeteringAnswer>>
    meterUsage(const QList<contract::MeteredUsage> &batch) const;
    // A record's usage allocations carry at most this many workspaces; the rest share one more.
    static constexpr int MaxAllocations = 2500;
    const MarketplaceConfig::Aws &config() const { return m_config; }

private:
    contract::Result<QJsonObject> call(const QString &endpoint, const QByteArray &target,
                                       const QString &operation, const QJsonObject &body) const;

    QList<contract::MeteringAnswer> batchMeterUsage(const QList<contract::MeteredUsage> &records,
                                                    bool byAgreement) const;

    MarketplaceConfig::Aws m_config;
    const OutboundHttp &m_http;
    std::shared_ptr<CallPacer> m_meteringPace;
};

} // namespace billing::marketplace
