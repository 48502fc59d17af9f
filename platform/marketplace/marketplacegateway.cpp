// SPDX-License-Identifier: Apache-2.0
#include "platform/marketplace/marketplacegateway.h"

#include "foundation/contract/vocabulary.h"
#include "platform/marketplace/awsnotifications.h"
#include "platform/marketplace/signatures.h"

#include <QJsonDocument>

namespace billing::marketplace {

using contract::Problem;
using contract::Result;

namespace {
constexpr auto Base64Url = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;
constexpr qint64 TokenLifetimeMs = 3600LL * 1000;
} // namespace

OfflineMarketplaceGateway::OfflineMarketplaceGateway(QByteArray secret, std::function<qint64()> now)
    : m_secret(std::move(secret))
    , m_now(std::move(now))
{
}

QString OfflineMarketplaceGateway::issueToken(const QByteArray &secret, QJsonObject answer, qint64 nowMs)
{
    answer.insert("expires_at_ms", nowMs + TokenLifetimeMs);
    const QByteArray json = QJsonDocument(answer).toJson(QJsonDocument::Compact);
    return QString::fromLatin1(json.toBase64(Base64Url) + '.' +
                               signatures::hmacSha256(secret, json).toBase64(Base64Url));
}

Result<QJsonObject> OfflineMarketplaceGateway::open(const QString &token, const char *field)
{
    const auto refused = [&](const QString &why) {
        return Problem{400,
                       "marketplace_token_invalid",
                       QStringLiteral("Marketplace token refused"),
                       why,
                       {{"parameter", QLatin1String(field)}}};
    };
    if (m_secret.isEmpty())
        return refused(
            QStringLiteral("This platform has no marketplace gateway configured (gateway-secret)."));
    const QList<QByteArray> parts = token.toLatin1().split('.');
    if (token.isEmpty() || parts.size() != 2)
        return refused(QStringLiteral("The token is not one the marketplace issued."));
    const QByteArray json = QByteArray::fromBase64(parts[0], Base64Url);
    if (!signatures::sameBytes(signatures::hmacSha256(m_secret, json),
                               QByteArray::fromBase64(parts[1], Base64Url)))
        return refused(QStringLiteral("The token's signature does not verify."));
    const QJsonObject answer = QJsonDocument::fromJson(json).object();
    if (answer.value("expires_at_ms").toInteger() < m_now())
        return refused(
            QStringLiteral("The token has expired; the customer starts again from the marketplace."));
    return answer;
}

Result<contract::RegisteredCustomer>
OfflineMarketplaceGateway::resolveAwsCustomer(const QString &registrationToken)
{
    auto answer = open(registrationToken, "x-amzn-marketplace-token");
    if (!answer)
        return answer.problem();
    contract::RegisteredCustomer c;
    c.provider = answer->value("provider").toString(contract::vocabulary::Provider::Aws);
    c.externalId = answer->value("CustomerIdentifier").toString();
    c.customerAwsAccountId = answer->value("CustomerAWSAccountId").toString();
    c.productCode = answer->value("ProductCode").toString();
    c.licenseArn = answer->value("LicenseArn").toString();
    c.displayName = answer->value("display_name").toString();
    if (c.externalId.isEmpty() || c.productCode.isEmpty())
        return Problem::invalidRequest("x-amzn-marketplace-token",
                                       QStringLiteral("The marketplace named no customer or product."));
    return c;
}

Result<contract::RegisteredCustomer>
OfflineMarketplaceGateway::resolveAzureSubscription(const QString &landingToken)
{
    auto answer = open(landingToken, "token");
    if (!answer)
        return answer.problem();
    contract::RegisteredCustomer c;
    c.provider = contract::vocabulary::Provider::Azure;
    c.externalId = answer->value("id").toString();
    c.displayName = answer->value("subscriptionName").toString();
    c.offerId = answer->value("offerId").toString();
    c.planId = answer->value("planId").toString();
    c.quantity = answer->value("quantity").toInt();
    c.purchaserTenantId = answer->value("purchaser").toObject().value("tenantId").toString();
    if (c.externalId.isEmpty())
        return Problem::invalidRequest("token",
                                       QStringLiteral("The marketplace named no SaaS subscription."));
    return c;
}

Result<QList<contract::Entitlement>> OfflineMarketplaceGateway::awsEntitlements(const QString &,
                                                                                const QString &)
{
    return Problem{503,
                   "marketplace_offline",
                   QStringLiteral("No entitlement service"),
                   QStringLiteral("The platform runs with the offline marketplace, which has no entitlement "
                                  "service; with --marketplace-config it asks AWS."),
                   {}};
}

Result<QByteArray> OfflineMarketplaceGateway::snsCertificate(const QString &signingCertUrl)
{
    return Problem{403,
                   "signature_invalid",
                   QStringLiteral("Marketplace message refused"),
                   QStringLiteral("The certificate %1 is not among those this platform trusts.")
                       .arg(AwsNotifications::certificateFile(signingCertUrl)),
                   {}};
}

Result<QString> OfflineMarketplaceGateway::confirmSnsSubscription(const QString &subscribeUrl,
                                                                  const QString &)
{
    return Problem{
        503,
        "marketplace_offline",
        QStringLiteral("Not confirmed"),
        QStringLiteral("The offline gateway does not fetch SubscribeURL; confirm at %1").arg(subscribeUrl),
        {}};
}

Result<QJsonObject> OfflineMarketplaceGateway::azureOperation(const QString &, const QString &)
{
    return Problem{503,
                   "marketplace_offline",
                   QStringLiteral("Not asked"),
                   QStringLiteral("The offline gateway has no fulfillment API to ask."),
                   {}};
}

Result<QJsonObject> OfflineMarketplaceGateway::azureSubscription(const QString &)
{
    return Problem{503,
                   "marketplace_offline",
                   QStringLiteral("Not asked"),
                   QStringLiteral("The offline gateway has no fulfillment API to ask."),
                   {}};
}

Result<QList<contract::MeteringAnswer>>
OfflineMarketplaceGateway::meterUsage(const QString &, const QList<contract::MeteredUsage> &)
{
    return Problem{
        503,
        "marketplace_offline",
        QStringLiteral("Not sent"),
        QStringLiteral("The offline gateway reaches no marketplace: metered usage is kept, not sent."),
        {}};
}

Result<QByteArray> OfflineMarketplaceGateway::azureWebhookKey(const QString &keyId)
{
    return Problem{401,
                   "token_invalid",
                   QStringLiteral("Webhook token refused"),
                   QStringLiteral("Key %1 is not the trust folder's azure-webhook-key.pem.").arg(keyId),
                   {}};
}

} // namespace billing::marketplace
