// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "platform/marketplace/awsmarketplace.h"
#include "platform/marketplace/azuremarketplace.h"
#include "platform/marketplace/marketplaceconfig.h"
#include "platform/marketplace/marketplacegateway.h"
#include "platform/marketplace/outboundhttp.h"
#include "platform/marketplace/snscertificates.h"

#include <memory>
#include <vector>

namespace billing::marketplace {

// The gateway of a platform started with --marketplace-config: AWS calls go to AWS (or to the
// configured endpoints) and Azure calls to Microsoft, every attempt recorded. A registration token is tried
// with each configured AWS partition in turn (aws, then aws_cn): the one that issued it resolves it.
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
    contract::Result<QList<contract::Entitlement>>
    awsEntitlements(const QString &productCode, const QString &customerIdentifier) override;
    contract::Result<QByteArray> snsCertificate(const QString &signingCertUrl) override;
    contract::Result<QString> confirmSnsSubscription(const QString &subscribeUrl,
                                                     const QString &topicArn) override;
    contract::Result<QJsonObject> azureOperation(const QString &subscriptionId,
                                                 const QString &operationId) override;
    contract::Result<contract::Done> answerAzureOperation(const QString &subscriptionId,
                                                          const QString &operationId, bool success) override;
    contract::Result<QByteArray> azureWebhookKey(const QString &keyId) override;
    contract::Result<QJsonObject> azureSubscription(const QString &subscriptionId) override;
    contract::Result<QList<contract::MeteringAnswer>>
    meterUsage(const QString &marketplace, const QList<contract::MeteredUsage> &batch) override;

private:
    // The partition whose SNS a URL names (sns.<region>.amazonaws.com.cn: aws_cn), if it is configured.
    SnsCertificates *snsOf(const QString &url);

    OutboundHttp m_http;
    std::vector<AwsMarketplace> m_aws;
    std::unique_ptr<SnsCertificates> m_sns;   // aws
    std::unique_ptr<SnsCertificates> m_snsCn; // aws_cn
    std::unique_ptr<AzureMarketplace> m_azure;
};

} // namespace billing::marketplace
