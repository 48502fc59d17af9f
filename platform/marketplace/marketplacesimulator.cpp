// SPDX-License-Identifier: Apache-2.0
#include "platform/marketplace/marketplacesimulator.h"

#include "foundation/contract/jsonfields.h"
#include "platform/marketplace/awsnotifications.h"
#include "platform/marketplace/marketplacegateway.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QSaveFile>

namespace billing::marketplace {

using contract::Problem;
using contract::Result;

namespace {

constexpr auto Base64Url = QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals;
const QString SnsKeyFile = QStringLiteral("sns-private-key.pem");
const QString SnsCertificateFile = QStringLiteral("sns-certificate.pem");
const QString AzureKeyFile = QStringLiteral("azure-private-key.pem");
const QString AzurePublicFile = QStringLiteral("azure-public-key.pem");
const QString SecretFile = QStringLiteral("gateway-secret");

QString certificateName()
{
    return AwsNotifications::certificateFile(QLatin1String(MarketplaceSimulator::CertificateUrl));
}

} // namespace

MarketplaceSimulator MarketplaceSimulator::generate()
{
    MarketplaceSimulator s;
    s.m_sns = signatures::generateSigningKey(QStringLiteral("sns.amazonaws.com (billing simulator)"));
    s.m_azure = signatures::generateSigningKey(QStringLiteral("Azure SaaS fulfillment (billing simulator)"));
    QByteArray secret(32, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(secret.data()), secret.size() / 4);
    s.m_gatewaySecret = secret.toHex();
    return s;
}

MarketplaceTrust MarketplaceSimulator::trust() const
{
    MarketplaceTrust t;
    t.snsCertificates.insert(certificateName(), m_sns.certificatePem);
    t.snsTopics << QLatin1String(TopicArn);
    t.azureWebhookKey = m_azure.publicKeyPem;
    t.azureIssuer = azureIssuer();
    t.azureAudience = QLatin1String(AzureAudience);
    t.azureTenantId = QLatin1String(AzureTenant);
    t.gatewaySecret = m_gatewaySecret;
    return t;
}

Result<contract::Done> MarketplaceSimulator::save(const QString &folder) const
{
    const QString keys = folder + QStringLiteral("/simulator");
    if (!QDir().mkpath(keys))
        return Problem{500,
                       "simulator_unwritable",
                       QStringLiteral("Cannot write"),
                       QStringLiteral("Cannot create %1.").arg(keys),
                       {}};
    const QList<QPair<QString, QByteArray>> files{{SnsKeyFile, m_sns.privateKeyPem},
                                                  {SnsCertificateFile, m_sns.certificatePem},
                                                  {AzureKeyFile, m_azure.privateKeyPem},
                                                  {AzurePublicFile, m_azure.publicKeyPem},
                                                  {SecretFile, m_gatewaySecret}};
    for (const auto &[name, content] : files) {
        QSaveFile file(keys + '/' + name);
        if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size() || !file.commit())
            return Problem{500,
                           "simulator_unwritable",
                           QStringLiteral("Cannot write"),
                           QStringLiteral("Cannot write %1: %2").arg(file.fileName(), file.errorString()),
                           {}};
        QFile::setPermissions(keys + '/' + name, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    }
    return trust().save(folder + QStringLiteral("/trust"));
}

Result<MarketplaceSimulator> MarketplaceSimulator::load(const QString &folder)
{
    MarketplaceSimulator s;
    const QString keys = folder + QStringLiteral("/simulator/");
    const auto read = [&](const QString &name, QByteArray &into) -> bool {
        QFile file(keys + name);
        if (!file.open(QIODevice::ReadOnly))
            return false;
        into = file.readAll();
        return true;
    };
    if (!read(SnsKeyFile, s.m_sns.privateKeyPem) || !read(SnsCertificateFile, s.m_sns.certificatePem) ||
        !read(AzureKeyFile, s.m_azure.privateKeyPem) || !read(AzurePublicFile, s.m_azure.publicKeyPem) ||
        !read(SecretFile, s.m_gatewaySecret))
        return Problem{
            400,
            "simulator_missing",
            QStringLiteral("No simulator keys"),
            QStringLiteral("%1 holds no simulator keys; run `billing-platform simulate init --dir %2` first.")
                .arg(keys, folder),
            {}};
    return s;
}

QByteArray MarketplaceSimulator::snsNotification(const QJsonObject &message, const QString &messageId,
                                                 qint64 nowMs, int signatureVersion) const
{
    QJsonObject e{{"Type", "Notification"},
                  {"MessageId", messageId},
                  {"TopicArn", QLatin1String(TopicArn)},
                  {"Message", QString::fromUtf8(QJsonDocument(message).toJson(QJsonDocument::Compact))},
                  {"Timestamp", contract::json::time(nowMs)},
                  {"SignatureVersion", QString::number(signatureVersion)},
                  {"SigningCertURL", QLatin1String(CertificateUrl)},
                  {"UnsubscribeURL", "https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe"}};
    const auto digest = signatureVersion == 1 ? signatures::Digest::Sha1 : signatures::Digest::Sha256;
    e.insert(
        "Signature",
        QString::fromLatin1(
            signatures::sign(m_sns.privateKeyPem, digest, AwsNotifications::stringToSign(e)).toBase64()));
    return QJsonDocument(e).toJson(QJsonDocument::Compact);
}

QByteArray MarketplaceSimulator::snsSubscriptionConfirmation(const QString &messageId,
                                                             const QString &subscribeUrl, qint64 nowMs) const
{
    QJsonObject e{
        {"Type", "SubscriptionConfirmation"},
        {"MessageId", messageId},
        {"Token", "2336412f37fb687f5d51e6e2425f004aed0e5c2"},
        {"TopicArn", QLatin1String(TopicArn)},
        {"Message", "You have chosen to subscribe to the topic. To confirm, visit the SubscribeURL."},
        {"SubscribeURL", subscribeUrl},
        {"Timestamp", contract::json::time(nowMs)},
        {"SignatureVersion", "2"},
        {"SigningCertURL", QLatin1String(CertificateUrl)}};
    e.insert("Signature",
             QString::fromLatin1(signatures::sign(m_sns.privateKeyPem, signatures::Digest::Sha256,
                                                  AwsNotifications::stringToSign(e))
                                     .toBase64()));
    return QJsonDocument(e).toJson(QJsonDocument::Compact);
}

QString MarketplaceSimulator::azureIssuer()
{
    return QStringLiteral("https://sts.windows.net/%1/").arg(QLatin1String(AzureTenant));
}

QByteArray MarketplaceSimulator::azureBearer(qint64 nowMs) const
{
    return azureBearer(nowMs, {});
}

QByteArray MarketplaceSimulator::azureBearer(qint64 nowMs, const QJsonObject &replaced) const
{
    return azureBearer(
        {m_azure.privateKeyPem, {}, azureIssuer(), QLatin1String(AzureAudience), QLatin1String(AzureTenant)},
        nowMs, replaced);
}

QByteArray MarketplaceSimulator::azureBearer(const TokenIssuer &by, qint64 nowMs, const QJsonObject &replaced)
{
    QJsonObject head{{"alg", "RS256"}, {"typ", "JWT"}};
    if (!by.keyId.isEmpty())
        head.insert("kid", by.keyId);
    const QByteArray header = QJsonDocument(head).toJson(QJsonDocument::Compact).toBase64(Base64Url);
    const qint64 seconds = nowMs / 1000;
    QJsonObject claims{{"iss", by.issuer}, {"aud", by.audience}, {"tid", by.tenant},
                       {"iat", seconds},   {"nbf", seconds},     {"exp", seconds + 3600}};
    for (auto claim = replaced.begin(); claim != replaced.end(); ++claim) {
        if (claim.value().isNull())
            claims.remove(claim.key());
        else
            claims.insert(claim.key(), claim.value());
    }
    const QByteArray body = QJsonDocument(claims).toJson(QJsonDocument::Compact).toBase64(Base64Url);
    const QByteArray signature =
        signatures::sign(by.privateKeyPem, signatures::Digest::Sha256, header + '.' + body);
    return "Bearer " + header + '.' + body + '.' + signature.toBase64(Base64Url);
}

QByteArray MarketplaceSimulator::azureWebhook(const QString &id, const QString &subscriptionId,
                                              const QString &action, const QString &status,
                                              const QJsonObject &extra)
{
    QJsonObject payload{
        {"id", id},
        {"activityId", id + QStringLiteral("-activity")},
        {"publisherId", "billing-simulator"},
        {"offerId", "bcc-saas-offer"},
        {"planId", "enterprise"},
        {"quantity", 1},
        {"subscriptionId", subscriptionId},
        {"timeStamp", "2026-11-23T10:00:00.000Z"},
        {"action", action},
        {"status", status},
        {"operationRequestSource", "Azure"},
        {"subscription", QJsonObject{{"id", subscriptionId}, {"saasSubscriptionStatus", "Subscribed"}}}};
    for (auto it = extra.begin(); it != extra.end(); ++it)
        payload.insert(it.key(), it.value());
    return QJsonDocument(payload).toJson(QJsonDocument::Compact);
}

QString MarketplaceSimulator::awsRegistrationToken(const QString &customerIdentifier, const QString &provider,
                                                   const QString &displayName, qint64 nowMs) const
{
    return OfflineMarketplaceGateway::issueToken(
        m_gatewaySecret,
        {{"CustomerIdentifier", customerIdentifier},
         {"CustomerAWSAccountId", "1234" + customerIdentifier.right(8)},
         {"ProductCode", "bcc-platform-payg"},
         {"LicenseArn", "arn:aws:license-manager::294406891311:license:l-" + customerIdentifier.toLower()},
         {"provider", provider},
         {"display_name", displayName}},
        nowMs);
}

QString MarketplaceSimulator::azureLandingToken(const QString &subscriptionId, const QString &name,
                                                qint64 nowMs) const
{
    return OfflineMarketplaceGateway::issueToken(
        m_gatewaySecret,
        {{"id", subscriptionId},
         {"subscriptionName", name},
         {"offerId", "bcc-saas-offer"},
         {"planId", "enterprise"},
         {"quantity", 5},
         {"purchaser", QJsonObject{{"tenantId", "tenant-" + subscriptionId.left(8)}}}},
        nowMs);
}

} // namespace billing::marketplace
