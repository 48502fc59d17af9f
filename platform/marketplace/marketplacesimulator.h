// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "platform/marketplace/marketplacetrust.h"
#include "platform/marketplace/signatures.h"

#include <QJsonObject>

namespace billing::marketplace {

// Plays the marketplaces' side with keys of its own: signs SNS envelopes (a test "SNS" certificate),
// bearer JWTs for Azure webhooks, and registration tokens for the offline gateway. `trust()` is what
// a platform must be given to accept them. Used by `billing-platform simulate` and the tests.
class MarketplaceSimulator
{
public:
    static constexpr auto TopicArn =
        "arn:aws:sns:us-east-1:287250355862:aws-mp-subscription-notification-billingsim";
    static constexpr auto CertificateUrl =
        "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-billingsim.pem";

    static MarketplaceSimulator generate();
    // The private keys live in `folder`/simulator, the trust folder beside them in `folder`/trust.
    static contract::Result<MarketplaceSimulator> load(const QString &folder);
    contract::Result<contract::Done> save(const QString &folder) const;

    MarketplaceTrust trust() const;

    // An SNS envelope carrying `message` (AWS Marketplace's JSON), signed with SignatureVersion 1 or 2.
    QByteArray snsNotification(const QJsonObject &message, const QString &messageId, qint64 nowMs,
                               int signatureVersion = 2) const;
    // An SNS SubscriptionConfirmation for the simulator's topic, with its SubscribeURL and Token.
    QByteArray snsSubscriptionConfirmation(const QString &messageId, const QString &subscribeUrl,
                                           qint64 nowMs) const;
    // An Azure webhook's Authorization header value.
    QByteArray azureBearer(qint64 nowMs) const;
    // The same with claims replaced (a null value removes one): the tokens an attacker would try.
    QByteArray azureBearer(qint64 nowMs, const QJsonObject &claims) const;
    // Who signs an Entra ID-shaped token: the simulator's key, or a test's fake tenant's.
    struct TokenIssuer {
        QByteArray privateKeyPem;
        QString keyId; // the header's "kid"; none when empty
        QString issuer;
        QString audience;
        QString tenant;
    };
    // An RS256 bearer token of `issuer`, valid for an hour from `nowMs`, claims replaced as above.
    static QByteArray azureBearer(const TokenIssuer &issuer, qint64 nowMs, const QJsonObject &claims);
    // The simulated publisher's Entra ID tenant, and the audience and issuer of its tokens.
    static constexpr auto AzureTenant = "4b1c5e2a-7d3f-4e8a-9c61-0b5e5a1f2d30";
    static constexpr auto AzureAudience = "billing-platform";
    static QString azureIssuer();
    static QByteArray azureWebhook(const QString &id, const QString &subscriptionId, const QString &action,
                                   const QString &status = QStringLiteral("Succeeded"),
                                   const QJsonObject &extra = {});
    // Registration tokens the offline gateway resolves.
    QString awsRegistrationToken(const QString &customerIdentifier, const QString &provider,
                                 const QString &displayName, qint64 nowMs) const;
    QString azureLandingToken(const QString &subscriptionId, const QString &name, qint64 nowMs) const;

private:
    signatures::SigningKey m_sns;
    signatures::SigningKey m_azure;
    QByteArray m_gatewaySecret;
};

} // namespace billing::marketplace
