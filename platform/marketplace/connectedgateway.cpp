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
             std::move(recorder), now)
{
    m_aws.reserve(2);
    for (const auto *aws : {&config.aws, &config.awsChina}) {
        if (*aws)
            m_aws.emplace_back(**aws, m_http);
    }
    // One cache folder: certificate file names differ between the partitions' SNS.
    if (config.aws)
        m_sns =
            std::make_unique<SnsCertificates>(m_http, config.cacheDirectory, config.aws->snsEndpoint, now);
    if (config.azure)
        m_azure = std::make_unique<AzureMarketplace>(*config.azure, m_http);
    if (config.awsChina)
        m_snsCn = std::make_unique<SnsCertificates>(m_http, config.cacheDirectory,
                                                    config.awsChina->snsEndpoint, now);
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

Result<contract::RegisteredCustomer>
ConnectedMarketplaceGateway::resolveAzureSubscription(const QString &landingToken)
{
    if (!m_azure)
        return notConfigured(QStringLiteral("Azure Marketplace"));
    return m_azure->resolve(landingToken);
}

Result<contract::Done> ConnectedMarketplaceGateway::activateAzureSubscription(const QString &subscriptionId,
                                                                              const QString &planId)
{
    if (!m_azure)
        return notConfigured(QStringLiteral("Azure Marketplace"));
    return m_azure->activate(subscriptionId, planId);
}

Result<QJsonObject> ConnectedMarketplaceGateway::azureOperation(const QString &subscriptionId,
                                                                const QString &operationId)
{
    if (!m_azure)
        return notConfigured(QStringLiteral("Azure Marketplace"));
    return m_azure->operation(subscriptionId, operationId);
}

Result<contract::Done> ConnectedMarketplaceGateway::answerAzureOperation(const QString &subscriptionId,
                                                                         const QString &operationId,
                                                                         bool success)
{
    if (!m_azure)
        return notConfigured(QStringLiteral("Azure Marketplace"));
    return m_azure->answerOperation(subscriptionId, operationId, success);
}

Result<QJsonObject> ConnectedMarketplaceGateway::azureSubscription(const QString &subscriptionId)
{
    if (!m_azure)
        return notConfigured(QStringLiteral("Azure Marketplace"));
    return m_azure->subscription(subscriptionId);
}

Result<QByteArray> ConnectedMarketplaceGateway::azureWebhookKey(const QString &keyId)
{
    if (!m_azure)
        return notConfigured(QStringLiteral("Azure Marketplace"));
    return m_azure->webhookKey(keyId);
}

Result<QList<contract::Entitlement>>
ConnectedMarketplaceGateway::awsEntitlements(const QString &productCode, const QString &customerIdentifier)
{
    for (const AwsMarketplace &partition : m_aws) {
        if (productCode.isEmpty() || partition.config().productCode == productCode)
            return partition.entitlements(customerIdentifier);
    }
    return notConfigured(QStringLiteral("AWS Marketplace for product %1").arg(productCode));
}

SnsCertificates *ConnectedMarketplaceGateway::snsOf(const QString &url)
{
    return QUrl(url).host().endsWith(QLatin1String(".amazonaws.com.cn")) ? m_snsCn.get() : m_sns.get();
}

Result<QByteArray> ConnectedMarketplaceGateway::snsCertificate(const QString &signingCertUrl)
{
    SnsCertificates *sns = snsOf(signingCertUrl);
    if (!sns)
        return notConfigured(QStringLiteral("the AWS partition of %1").arg(signingCertUrl));
    return sns->certificate(signingCertUrl);
}

Result<QString> ConnectedMarketplaceGateway::confirmSnsSubscription(const QString &subscribeUrl,
                                                                    const QString &topicArn)
{
    SnsCertificates *sns = snsOf(subscribeUrl);
    if (!sns)
        return notConfigured(QStringLiteral("the AWS partition of %1").arg(subscribeUrl));
    return sns->confirm(subscribeUrl, topicArn);
}

} // namespace billing::marketplace

namespace billing::marketplace {

Result<QList<contract::MeteringAnswer>>
ConnectedMarketplaceGateway::meterUsage(const QString &marketplace,
                                        const QList<contract::MeteredUsage> &batch)
{
    if (marketplace == QLatin1String("azure")) {
        if (!m_azure)
            return notConfigured(QStringLiteral("Azure Marketplace"));
        return m_azure->meterUsage(batch);
    }
    for (const AwsMarketplace &partition : m_aws) {
        if (partition.config().partition == marketplace)
            return partition.meterUsage(batch);
    }
    return notConfigured(marketplace == QLatin1String("aws_cn") ? QStringLiteral("AWS China Marketplace")
                                                                : QStringLiteral("AWS Marketplace"));
}

} // namespace billing::marketplace
