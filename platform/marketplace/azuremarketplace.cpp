// SPDX-License-Identifier: Apache-2.0
#include "platform/marketplace/azuremarketplace.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSslCertificate>
#include <QSslKey>
#include <QTimeZone>
#include <QUuid>

namespace billing::marketplace {

using contract::Problem;
using contract::Result;

namespace {

Problem unavailable(const QString &what, const OutboundHttp::Reply &reply)
{
    const QString why = reply.status == 0 ? reply.error : QStringLiteral("HTTP %1").arg(reply.status);
    const QString request = QString::fromLatin1(reply.header("x-ms-requestid"));
    const bool refused = reply.status >= 400 && reply.status < 500 && reply.status != 429;
    return Problem{502,
                   refused ? "marketplace_refused" : "marketplace_unavailable",
                   QStringLiteral("Marketplace call failed"),
                   QStringLiteral("Azure %1: %2 %3(%4 attempts%5)")
                       .arg(what, why,
                            QString::fromUtf8(reply.body.left(200)).simplified() +
                                (reply.body.isEmpty() ? QString() : QStringLiteral(" ")))
                       .arg(reply.attempts)
                       .arg(request.isEmpty() ? QString() : QStringLiteral(", request %1").arg(request)),
                   {}};
}

Result<QJsonObject> object(const QString &what, const OutboundHttp::Reply &reply)
{
    if (reply.body.trimmed().isEmpty())
        return QJsonObject{};
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(reply.body, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return Problem{502,
                       "marketplace_bad_answer",
                       QStringLiteral("Unreadable marketplace answer"),
                       QStringLiteral("Azure %1 answered something that is not a JSON object.").arg(what),
                       {}};
    return document.object();
}

} // namespace

AzureMarketplace::AzureMarketplace(MarketplaceConfig::Azure config, const OutboundHttp &http)
    : m_config(std::move(config))
    , m_http(http)
    , m_meteringPace(m_config.metering.callsPerSecond)
{
}

Result<QJsonObject> AzureMarketplace::login(const QByteArray &method, const QUrl &url, const QByteArray &body,
                                            const QString &operation)
{
    OutboundHttp::Call call;
    call.marketplace = QStringLiteral("azure");
    call.operation = operation;
    call.requestIdHeader = "x-ms-request-id";
    call.prepare = [&] {
        OutboundHttp::Request r{method, url, {}, body};
        if (!body.isEmpty())
            r.headers.append({QByteArray("Content-Type"), QByteArray("application/x-www-form-urlencoded")});
        return r;
    };
    const OutboundHttp::Reply reply = m_http.send(call);
    if (reply.status != 200)
        return unavailable(operation, reply);
    return object(operation, reply);
}

Result<QString> AzureMarketplace::accessToken()
{
    QMutexLocker lock(&m_mutex);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (!m_token.isEmpty() && now < m_tokenUntil)
        return m_token;
    const auto field = [](const QString &value) { return QUrl::toPercentEncoding(value); };
    const QByteArray form = "grant_type=client_credentials&client_id=" + field(m_config.clientId) +
                            "&client_secret=" + field(m_config.clientSecret) +
                            "&resource=" + field(QLatin1String(FulfillmentResource));
    const QUrl url(m_config.loginEndpoint + QStringLiteral("/%1/oauth2/token").arg(m_config.tenantId));
    auto answer = login("POST", url, form, QStringLiteral("GetToken"));
    if (!answer)
        return answer.problem();
    const QString token = answer->value("access_token").toString();
    // Entra ID's v1 endpoint says expires_in as a string of seconds.
    const qint64 seconds = answer->value("expires_in").toVariant().toLongLong();
    if (token.isEmpty() || seconds <= 0)
        return Problem{502,
                       "marketplace_bad_answer",
                       QStringLiteral("Unreadable marketplace answer"),
                       QStringLiteral("Entra ID answered without an access token or its lifetime."),
                       {}};
    m_token = token;
    m_tokenUntil = now + std::max<qint64>(seconds - 300, 30) * 1000; // renewed 5 minutes early
    return m_token;
}

Result<QJsonObject> AzureMarketplace::api(const QString &endpoint, const QByteArray &method,
                                          const QString &path, const QJsonObject &body,
                                          const QString &operation,
                                          const QList<QPair<QByteArray, QByteArray>> &headers, bool renewed)
{
    auto token = accessToken();
    if (!token)
        return token.problem();
    QUrl url(endpoint + path);
    url.setQuery(QStringLiteral("api-version=%1").arg(QLatin1String(ApiVersion)));
    const QByteArray payload =
        body.isEmpty() ? QByteArray() : QJsonDocument(body).toJson(QJsonDocument::Compact);
    const QByteArray correlation = QUuid::createUuid().toByteArray(QUuid::WithoutBraces);
    OutboundHttp::Call call;
    call.marketplace = QStringLiteral("azure");
    call.operation = operation;
    call.requestIdHeader = "x-ms-requestid";
    call.prepare = [&] {
        OutboundHttp::Request r{method, url, headers, payload};
        r.headers.append({QByteArray("Authorization"), "Bearer " + token->toLatin1()});
        r.headers.append({QByteArray("Content-Type"), QByteArray("application/json")});
        r.headers.append(
            {QByteArray("x-ms-requestid"), QUuid::createUuid().toByteArray(QUuid::WithoutBraces)});
        r.headers.append({QByteArray("x-ms-correlationid"), correlation});
        return r;
    };
    const OutboundHttp::Reply reply = m_http.send(call);
    if (reply.status == 401 && !renewed) { // revoked or expired early: a new token, once
        {
            QMutexLocker lock(&m_mutex);
            m_token.clear();
        }
        return api(endpoint, method, path, body, operation, headers, true);
    }
    if (reply.status < 200 || reply.status >= 300)
        return unavailable(operation, reply);
    return object(operation, reply);
}

Result<contract::RegisteredCustomer> AzureMarketplace::resolve(const QString &landingToken)
{
    // The publisher's own credentials first: a refusal of those is not the customer's token's fault.
    if (auto token = accessToken(); !token)
        return token.problem();
    auto answer = fulfillment("POST", QStringLiteral("/subscriptions/resolve"), {}, QStringLiteral("Resolve"),
                              {{"x-ms-marketplace-token", landingToken.toUtf8()}});
    if (!answer) {
        if (answer.problem().code == QLatin1String("marketplace_refused"))
            return Problem{400,
                           "marketplace_token_invalid",
                           QStringLiteral("Landing token refused"),
                           answer.problem().message(),
                           {}};
        return answer.problem();
    }
    contract::RegisteredCustomer c;
    c.provider = QStringLiteral("azure");
    c.externalId = answer->value("id").toString();
    c.displayName = answer->value("subscriptionName").toString();
    c.offerId = answer->value("offerId").toString();
    c.planId = answer->value("planId").toString();
    c.quantity = answer->value("quantity").toInt();
    c.purchaserTenantId =
        answer->value("subscription").toObject().value("purchaser").toObject().value("tenantId").toString();
    if (c.externalId.isEmpty())
        return Problem{502,
                       "marketplace_bad_answer",
                       QStringLiteral("Unreadable marketplace answer"),
                       QStringLiteral("Azure resolve answered without a subscription id."),
                       {}};
    return c;
}

Result<contract::Done> AzureMarketplace::activate(const QString &subscriptionId, const QString &planId)
{
    auto answer = fulfillment("POST", QStringLiteral("/subscriptions/%1/activate").arg(subscriptionId),
                              {{"planId", planId}}, QStringLiteral("Activate"));
    if (!answer)
        return answer.problem();
    return contract::Done{};
}

Result<QJsonObject> AzureMarketplace::subscription(const QString &subscriptionId)
{
    return fulfillment("GET", QStringLiteral("/subscriptions/%1").arg(subscriptionId), {},
                       QStringLiteral("GetSubscription"));
}

Result<QJsonObject> AzureMarketplace::operation(const QString &subscriptionId, const QString &operationId)
{
    return fulfillment("GET",
                       QStringLiteral("/subscriptions/%1/operations/%2").arg(subscriptionId, operationId), {},
                       QStringLiteral("GetOperation"));
}

Result<contract::Done> AzureMarketplace::answerOperation(const QString &subscriptionId,
                                                         const QString &operationId, bool success)
{
    auto answer = fulfillment(
        "PATCH", QStringLiteral("/subscriptions/%1/operations/%2").arg(subscriptionId, operationId),
        {{"status", success ? "Success" : "Failure"}}, QStringLiteral("PatchOperation"));
    if (!answer)
        return answer.problem();
    return contract::Done{};
}

Result<QByteArray> AzureMarketplace::webhookKey(const QString &keyId)
{
    {
        QMutexLocker lock(&m_mutex);
        if (m_keys.contains(keyId))
            return m_keys.value(keyId);
        // An unknown key id asks the tenant again (it rotates its keys), but boundedly: anyone can send
        // a token naming any key.
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        m_keyFetches.removeIf([now](qint64 at) { return at < now - 60'000; });
        if (m_keyFetches.size() >= KeyFetchesPerMinute)
            return Problem{
                401,
                "token_invalid",
                QStringLiteral("Webhook token refused"),
                QStringLiteral("The token's key %1 is not among the tenant's published keys.").arg(keyId),
                {}};
        m_keyFetches.append(now);
    }
    auto configuration =
        login("GET",
              QUrl(m_config.loginEndpoint +
                   QStringLiteral("/%1/v2.0/.well-known/openid-configuration").arg(m_config.tenantId)),
              {}, QStringLiteral("GetOpenIdConfiguration"));
    if (!configuration)
        return configuration.problem();
    const QUrl jwksUri(configuration->value("jwks_uri").toString());
    if (jwksUri.scheme() != QLatin1String("https"))
        return Problem{502,
                       "marketplace_bad_answer",
                       QStringLiteral("Unreadable marketplace answer"),
                       QStringLiteral("The tenant's OpenID configuration names no https jwks_uri."),
                       {}};
    auto jwks = login("GET", jwksUri, {}, QStringLiteral("GetSigningKeys"));
    if (!jwks)
        return jwks.problem();
    QHash<QString, QByteArray> keys;
    for (const QJsonValue &value : jwks->value("keys").toArray()) {
        const QJsonObject key = value.toObject();
        const QJsonArray chain = key.value("x5c").toArray();
        if (key.value("kty").toString() != QLatin1String("RSA") || chain.isEmpty())
            continue;
        const QSslCertificate certificate(QByteArray::fromBase64(chain.first().toString().toLatin1()),
                                          QSsl::Der);
        if (!certificate.isNull())
            keys.insert(key.value("kid").toString(), certificate.publicKey().toPem());
    }
    QMutexLocker lock(&m_mutex);
    m_keys = keys;
    if (!m_keys.contains(keyId))
        return Problem{
            401,
            "token_invalid",
            QStringLiteral("Webhook token refused"),
            QStringLiteral("The token's key %1 is not among the tenant's published keys.").arg(keyId),
            {}};
    return m_keys.value(keyId);
}

} // namespace billing::marketplace

namespace billing::marketplace {

namespace {

namespace State = contract::MeteringState;

QString hourText(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODate);
}

// How Microsoft names a usage event in its answer: resource, dimension and hour.
QString eventKey(const QString &resourceId, const QString &dimension, const QString &start)
{
    QDateTime at = QDateTime::fromString(start, Qt::ISODateWithMs);
    if (at.timeSpec() == Qt::LocalTime)
        at.setTimeSpec(Qt::UTC); // written without a zone: UTC, as sent
    return QStringLiteral("%1|%2|%3").arg(resourceId.toLower(), dimension).arg(at.toMSecsSinceEpoch());
}

} // namespace

Result<QList<contract::MeteringAnswer>>
AzureMarketplace::meterUsage(const QList<contract::MeteredUsage> &batch)
{
    QJsonArray events;
    QHash<QString, qint64> idOf;
    for (const contract::MeteredUsage &usage : batch) {
        const contract::MeteringRecord &r = usage.record;
        events.append(QJsonObject{{"resourceId", usage.customer.azureSubscriptionId},
                                  {"quantity", double(r.quantity)},
                                  {"dimension", r.dimension},
                                  {"effectiveStartTime", hourText(r.hour)},
                                  {"planId", usage.customer.planId}});
        idOf.insert(eventKey(usage.customer.azureSubscriptionId, r.dimension, hourText(r.hour)), r.id);
    }
    m_meteringPace.wait();
    auto answer = api(m_config.meteringEndpoint, "POST", QStringLiteral("/batchUsageEvent"),
                      {{"request", events}}, QStringLiteral("BatchUsageEvent"));
    QList<contract::MeteringAnswer> answers;
    if (!answer) {
        for (const contract::MeteredUsage &usage : batch)
            answers.append({usage.record.id, State::Failed, {}, answer.problem().detail});
        return answers;
    }
    for (const QJsonValue &item : answer->value("result").toArray()) {
        const QJsonObject result = item.toObject();
        const qint64 id =
            idOf.take(eventKey(result.value("resourceId").toString(), result.value("dimension").toString(),
                               result.value("effectiveStartTime").toString()));
        if (id == 0)
            continue;
        const QString status = result.value("status").toString();
        const QJsonObject error = result.value("error").toObject();
        const QString said = error.value("message").toString();
        contract::MeteringAnswer a{id, State::Failed, result.value("usageEventId").toString(), {}};
        if (status == QLatin1String("Accepted")) {
            a.state = State::Accepted;
        } else if (status == QLatin1String("Duplicate")) {
            // Microsoft already took this hour: the event it accepted is named in the error.
            a.state = State::Duplicate;
            a.marketplaceRecordId = error.value("additionalInfo")
                                        .toObject()
                                        .value("acceptedMessage")
                                        .toObject()
                                        .value("usageEventId")
                                        .toString(a.marketplaceRecordId);
            a.error = QStringLiteral("Azure: Duplicate (this hour was accepted before).");
        } else if (status == QLatin1String("Expired")) {
            a.state = State::Expired;
            a.error = QStringLiteral("Azure: Expired (older than its 24-hour window).");
        } else if (status == QLatin1String("ResourceNotFound") ||
                   status == QLatin1String("ResourceNotActive") ||
                   status == QLatin1String("ResourceNotAuthorized")) {
            a.state = State::CustomerNotSubscribed;
            a.error = QStringLiteral("Azure: %1 %2").arg(status, said).trimmed();
        } else {
            a.error = QStringLiteral("Azure: %1 %2")
                          .arg(status.isEmpty() ? QStringLiteral("(no status)") : status, said)
                          .trimmed();
        }
        answers.append(a);
    }
    for (auto it = idOf.begin(); it != idOf.end(); ++it)
        answers.append(
            {it.value(), State::Failed, {}, QStringLiteral("Azure's answer did not name this event.")});
    return answers;
}

} // namespace billing::marketplace
