// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "foundation/contract/cloudaccount.h"
#include "foundation/contract/marketplacenotice.h"
#include "foundation/contract/metering.h"
#include "foundation/contract/result.h"

#include <QJsonObject>

namespace billing::marketplace {

// The calls the platform makes to a marketplace: AWS ResolveCustomer for the registration token, Azure's
// resolve for the landing-page token. Production talks to AWS and Microsoft; the offline gateway
// accepts the tokens `billing-platform simulate` issues.
class MarketplaceGateway
{
public:
    virtual ~MarketplaceGateway() = default;
    virtual contract::Result<contract::RegisteredCustomer>
    resolveAwsCustomer(const QString &registrationToken) = 0;
    virtual contract::Result<contract::RegisteredCustomer>
    resolveAzureSubscription(const QString &landingToken) = 0;
    // Azure: the publisher activates a resolved SaaS subscription; from then on it is subscribed.
    virtual contract::Result<contract::Done> activateAzureSubscription(const QString &subscriptionId,
                                                                       const QString &planId) = 0;
    // AWS GetEntitlements for a customer of a product.
    virtual contract::Result<QList<contract::Entitlement>>
    awsEntitlements(const QString &productCode, const QString &customerIdentifier) = 0;
    // The SNS signing certificate a message names, when the trust folder does not pin it.
    virtual contract::Result<QByteArray> snsCertificate(const QString &signingCertUrl) = 0;
    // Confirms an SNS topic subscription at its SubscribeURL; answers what SNS said. Offline it answers
    // the problem `marketplace_offline`: the operator confirms.
    virtual contract::Result<QString> confirmSnsSubscription(const QString &subscribeUrl,
                                                             const QString &topicArn) = 0;
    // Azure: the operation a webhook names, as the fulfillment API knows it (offline: the problem
    // `marketplace_offline`, nothing to ask); the answer to a plan or quantity change; the tenant's
    // published key a webhook token names.
    virtual contract::Result<QJsonObject> azureOperation(const QString &subscriptionId,
                                                         const QString &operationId) = 0;
    virtual contract::Result<contract::Done>
    answerAzureOperation(const QString &subscriptionId, const QString &operationId, bool success) = 0;
    virtual contract::Result<QByteArray> azureWebhookKey(const QString &keyId) = 0;
    // Azure Get Subscription (offline: `marketplace_offline`).
    virtual contract::Result<QJsonObject> azureSubscription(const QString &subscriptionId) = 0;
    // Pay as you go: one batch of metered hours of one marketplace (aws, aws_cn: BatchMeterUsage; azure:
    // batch usage events), an answer per record (offline: `marketplace_offline`, nothing is sent).
    virtual contract::Result<QList<contract::MeteringAnswer>>
    meterUsage(const QString &marketplace, const QList<contract::MeteredUsage> &batch) = 0;
};

// Tokens are base64url(JSON).base64url(HMAC-SHA256(secret, JSON)) with an expiry; the JSON holds what the
// marketplace would answer (AWS: CustomerIdentifier, CustomerAWSAccountId, ProductCode, LicenseArn;
// Azure: id, subscriptionName, offerId, planId, quantity, purchaser.tenantId).
class OfflineMarketplaceGateway final : public MarketplaceGateway
{
public:
    OfflineMarketplaceGateway(QByteArray secret, std::function<qint64()> now);

    contract::Result<contract::RegisteredCustomer>
    resolveAwsCustomer(const QString &registrationToken) override;
    contract::Result<contract::RegisteredCustomer>
    resolveAzureSubscription(const QString &landingToken) override;
    // Offline there is no one to tell: the resolved token already proved the subscription.
    contract::Result<contract::Done> activateAzureSubscription(const QString &, const QString &) override
    {
        return contract::Done{};
    }
    // Offline there is no entitlement service to ask: the answer says so, and confirms nothing.
    contract::Result<QList<contract::Entitlement>> awsEntitlements(const QString &, const QString &) override;
    // Offline nothing is fetched: only the trust folder's certificates verify, and the operator
    // confirms topic subscriptions.
    contract::Result<QByteArray> snsCertificate(const QString &signingCertUrl) override;
    contract::Result<QString> confirmSnsSubscription(const QString &subscribeUrl, const QString &) override;
    // Offline Azure operations are not asked (the simulator's webhooks are believed on their token),
    // there is no one to answer, and only the trust folder's key verifies.
    contract::Result<QJsonObject> azureOperation(const QString &, const QString &) override;
    contract::Result<QJsonObject> azureSubscription(const QString &) override;
    contract::Result<contract::Done> answerAzureOperation(const QString &, const QString &, bool) override
    {
        return contract::Done{};
    }
    contract::Result<QByteArray> azureWebhookKey(const QString &keyId) override;
    contract::Result<QList<contract::MeteringAnswer>>
    meterUsage(const QString &, const QList<contract::MeteredUsage> &) override;

    // The marketplace's side: a token for `answer`, valid for an hour.
    static QString issueToken(const QByteArray &secret, QJsonObject answer, qint64 nowMs);

private:
    contract::Result<QJsonObject> open(const QString &token, const char *field);
    QByteArray m_secret;
    std::function<qint64()> m_now;
};

} // namespace billing::marketplace
