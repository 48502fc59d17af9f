// SPDX-License-Identifier: Apache-2.0
#include "platform/marketplace/connectedgateway.h"

namespace billing::marketplace {

using contract::Problem;
using contract::Result;

namespace {

Problem notConfigured(const QString &marketplace)
{
    return Problem{
        400,
        "marketplace_not_configured",
        QStringLiteral("Marketplace not configured"),
        QStringLiteral("The platform's marketplace configuration does not connect %1.").arg(marketplace),
        {}};
}

} // namespace

ConnectedMarketplaceGateway::ConnectedMarketplaceGateway(const MarketplaceConfig &config,
                                                         OutboundHttp::Recorder recorder,
                                                         std::function<qint64()> now)
    : m_http({config.timeoutSeconds * 1000, config.attempts, 200, config.extraAuthorities},
             std::move(recorder), std::move(now))
{
    m_aws.reserve(2);
    for (const auto *aws : {&config.aws, &config.awsChina}) {
        if (*aws)
            m_aws.emplace_back(**aws, m_http);
    }
}

Result<contract::RegisteredCustomer>
ConnectedMarketplaceGateway::resolveAwsCustomer(const QString &registrationToken)
{
    if (m_aws.empty())
        return notConfigured(QStringLiteral("AWS Marketplace"));
    Result<contract::RegisteredCustomer> resolved = notConfigured(QStringLiteral("AWS Marketplace"));
    for (const AwsMarketplace &partition : m_aws) {
        resolved = partition.resolveCustomer(registrationToken);
        if (resolved || resolved.problem().code != QLatin1String("marketplace_token_invalid"))
            return resolved;
    }
    return resolved;
}

Result<contract::RegisteredCustomer> ConnectedMarketplaceGateway::resolveAzureSubscription(const QString &)
{
    return notConfigured(QStringLiteral("Azure Marketplace"));
}

Result<contract::Done> ConnectedMarketplaceGateway::activateAzureSubscription(const QString &,
                                                                              const QString &)
{
    return notConfigured(QStringLiteral("Azure Marketplace"));
}

Result<QList<AwsEntitlement>> ConnectedMarketplaceGateway::awsEntitlements(const QString &productCode,
                                                                           const QString &customerIdentifier)
{
    for (const AwsMarketplace &partition : m_aws) {
        if (productCode.isEmpty() || partition.config().productCode == productCode)
            return partition.entitlements(customerIdentifier);
    }
    return notConfigured(QStringLiteral("AWS Marketplace for product %1").arg(productCode));
}

} // namespace billing::marketplace
