// SPDX-License-Identifier: Apache-2.0
#include "platform/marketplace/azurewebhook.h"

#include "foundation/contract/jsonfields.h"
#include "platform/marketplace/signatures.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace billing::marketplace {

using contract::Problem;
using contract::Result;
namespace act = contract::SubscriptionAction;

namespace {

Problem unauthorized(const QString &detail)
{
    return {401, "token_invalid", QStringLiteral("Webhook token refused"), detail, {}};
}

QJsonObject decodePart(const QByteArray &part)
{
    return QJsonDocument::fromJson(
               QByteArray::fromBase64(part, QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals))
        .object();
}

} // namespace

Result<QJsonObject> AzureWebhook::verifyToken(const QByteArray &token, const MarketplaceTrust &trust,
                                              qint64 nowMs, const KeySource &keys)
{
    if ((trust.azureWebhookKey.isEmpty() && !keys) || trust.azureIssuer.isEmpty() ||
        trust.azureAudience.isEmpty() || trust.azureTenantId.isEmpty())
        return unauthorized(QStringLiteral("Azure webhooks are not configured: the trust folder needs "
                                           "azure-webhook-key.pem, azure-issuer.txt, azure-audience.txt and "
                                           "azure-tenant.txt."));
    const QList<QByteArray> parts = token.split('.');
    if (parts.size() != 3)
        return unauthorized(QStringLiteral("The bearer token is not a JWT."));
    const QJsonObject header = decodePart(parts[0]);
    if (header.value("alg").toString() != QLatin1String("RS256"))
        return unauthorized(QStringLiteral("The token's algorithm must be RS256."));
    const QByteArray signature =
        QByteArray::fromBase64(parts[2], QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    // The operator's pinned key first; else the tenant's published key the token names.
    QByteArray key = trust.azureWebhookKey;
    if (key.isEmpty()) {
        auto published = keys(header.value("kid").toString());
        if (!published)
            return published.problem();
        key = *published;
    }
    if (!signatures::verifyWithPublicKey(key, signatures::Digest::Sha256, parts[0] + '.' + parts[1],
                                         signature))
        return unauthorized(QStringLiteral("The token's signature does not verify."));
    const QJsonObject claims = decodePart(parts[1]);
    const qint64 nowSeconds = nowMs / 1000;
    constexpr qint64 skew = 300;
    if (!claims.value("exp").isDouble() || claims.value("exp").toInteger() + skew < nowSeconds)
        return unauthorized(QStringLiteral("The token has expired."));
    if (claims.contains("nbf") && claims.value("nbf").toInteger() - skew > nowSeconds)
        return unauthorized(QStringLiteral("The token is not valid yet."));
    // Issuer, audience and tenant are always checked: a token of another issuer or tenant, or for
    // another application, changes nothing here however well it is signed.
    // Entra ID issues v1 (sts.windows.net) and v2 (login.microsoftonline.com/<tenant>/v2.0) tokens.
    const QString v2Issuer =
        QStringLiteral("https://login.microsoftonline.com/%1/v2.0").arg(trust.azureTenantId);
    if (claims.value("iss").toString() != trust.azureIssuer &&
        !(keys && claims.value("iss").toString() == v2Issuer))
        return unauthorized(QStringLiteral("The token was issued by %1, not by %2.")
                                .arg(claims.value("iss").toString(), trust.azureIssuer));
    const QJsonValue aud = claims.value("aud");
    const bool forUs =
        aud.isArray() ? aud.toArray().contains(trust.azureAudience) : aud.toString() == trust.azureAudience;
    if (!forUs)
        return unauthorized(QStringLiteral("The token is meant for another audience."));
    if (claims.value("tid").toString() != trust.azureTenantId)
        return unauthorized(QStringLiteral("The token belongs to another tenant."));
    return claims;
}

Result<AzureWebhook::Call> AzureWebhook::read(const QByteArray &authorization, const QByteArray &body,
                                              const MarketplaceTrust &trust, qint64 nowMs,
                                              const KeySource &keys)
{
    if (!authorization.startsWith("Bearer "))
        return unauthorized(QStringLiteral("The webhook carries no bearer token."));
    if (auto claims = verifyToken(authorization.mid(7).trimmed(), trust, nowMs, keys); !claims)
        return claims.problem();
    return payload(body);
}

Result<AzureWebhook::Call> AzureWebhook::payload(const QByteArray &body)
{
    QJsonParseError error{};
    const QJsonObject p = QJsonDocument::fromJson(body, &error).object();
    if (error.error != QJsonParseError::NoError || p.isEmpty())
        return Problem::invalidRequest(
            "body", QStringLiteral("The body is not an Azure webhook payload (JSON object)."));
    for (const char *field : {"id", "subscriptionId", "action", "status"}) {
        if (!p.value(QLatin1String(field)).isString() || p.value(QLatin1String(field)).toString().isEmpty())
            return Problem::invalidRequest(
                QLatin1String(field), QStringLiteral("The webhook has no \"%1\".").arg(QLatin1String(field)));
    }
    static const QHash<QString, QString> actions{
        {"ChangePlan", act::ChangePlan}, {"ChangeQuantity", act::ChangeQuantity},
        {"Renew", act::Renew},           {"Suspend", act::Suspend},
        {"Unsubscribe", act::Cancel},    {"Reinstate", act::Reinstate}};
    const QString action = p.value("action").toString();
    if (!actions.contains(action))
        return Problem::invalidRequest("action",
                                       QStringLiteral("Unknown Azure webhook action \"%1\".").arg(action));
    // Microsoft stamps every operation; a customer's operations are taken in that order.
    const qint64 sentAt = contract::json::time(p.value("timeStamp"));
    if (sentAt <= 0)
        return Problem::invalidRequest("timeStamp", QStringLiteral("\"timeStamp\" is not a date-time."));
    const QJsonValue quantity = p.value("quantity");
    if (!quantity.isUndefined() && !quantity.isNull() && !quantity.isDouble())
        return Problem::invalidRequest("quantity", QStringLiteral("\"quantity\" must be a number."));
    Call call;
    call.status = p.value("status").toString();
    // Plan and quantity changes arrive InProgress (the publisher accepts them); the others once Succeeded.
    const bool changing = action == QLatin1String("ChangePlan") || action == QLatin1String("ChangeQuantity");
    call.applies =
        call.status == QLatin1String("Succeeded") || (changing && call.status == QLatin1String("InProgress"));
    auto &n = call.notice;
    n.marketplace = QStringLiteral("azure");
    n.messageId = p.value("id").toString();
    n.externalId = p.value("subscriptionId").toString();
    n.action = actions.value(action);
    n.offerId = p.value("offerId").toString();
    n.planId = p.value("planId").toString();
    n.quantity = quantity.isDouble() ? quantity.toInt() : -1;
    n.raw = body;
    n.sentAt = sentAt;
    return call;
}

} // namespace billing::marketplace
