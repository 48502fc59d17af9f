// SPDX-License-Identifier: Apache-2.0
#include "tests/support/fakeazure.h"

#include "foundation/contract/jsonfields.h"
#include "platform/marketplace/marketplacesimulator.h"
#include "platform/marketplace/signatures.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSet>
#include <QSslCertificate>
#include <QUrlQuery>
#include <QUuid>

namespace billing::test {

using Answer = FakeHttps::Answer;
namespace signatures = marketplace::signatures;

namespace {

Answer json(int status, const QJsonObject &body)
{
    return {status,
            body.isEmpty() ? QByteArray() : QJsonDocument(body).toJson(QJsonDocument::Compact),
            {{"Content-Type", "application/json"},
             {"x-ms-requestid", QUuid::createUuid().toByteArray(QUuid::WithoutBraces)}}};
}
} // namespace

struct FakeAzure::State {
    mutable QMutex mutex;
    signatures::SigningKey key = signatures::generateSigningKey(QStringLiteral("fake Entra ID tenant key"));
    QString keyId = QStringLiteral("fake-key-1");
    QStringList tokens;                     // issued access tokens; the last is current
    QHash<QString, QJsonObject> landing;    // landing token → resolve's answer
    QHash<QString, QJsonObject> operations; // "subscription/operation" → Get Operation's answer
    QStringList activated, patches;
    QList<Failure> failures;
    QHash<QString, int> requests;
    qint64 meteringNow = 0;
    QSet<QString> inactive;
    QHash<QString, QJsonObject> usage; // resource|dimension|hour → the accepted event
    QStringList usageOrder;
};

FakeAzure::FakeAzure()
    : m_state(std::make_shared<State>())
    , m_server([this](const FakeHttps::Request &r) { return answer(r); })
{
}

FakeAzure::~FakeAzure() = default;

marketplace::MarketplaceConfig FakeAzure::config(int timeoutSeconds) const
{
    marketplace::MarketplaceConfig config;
    config.azure = marketplace::MarketplaceConfig::Azure{QLatin1String(Tenant),
                                                         QLatin1String(ClientId),
                                                         QLatin1String(ClientSecret),
                                                         url().toString(),
                                                         url().toString() + QStringLiteral("/api/saas"),
                                                         url().toString() + QStringLiteral("/api"),
                                                         {}};
    config.extraAuthorities = QSslCertificate::fromData(m_server.authorityPem());
    config.timeoutSeconds = timeoutSeconds;
    return config;
}

marketplace::MarketplaceConfig everyMarketplace(const FakeAws &aws, const FakeAws &awsChina,
                                                const FakeAzure &azure, int timeoutSeconds)
{
    marketplace::MarketplaceConfig config = aws.config(timeoutSeconds);
    config.awsChina = *awsChina.config(timeoutSeconds).aws;
    config.awsChina->partition = QStringLiteral("aws_cn");
    config.azure = azure.config(timeoutSeconds).azure;
    if (&awsChina != &aws)
        config.extraAuthorities += QSslCertificate::fromData(awsChina.authorityPem());
    config.extraAuthorities += QSslCertificate::fromData(azure.authorityPem());
    return config;
}

void FakeAzure::addLandingToken(const QString &token, const QString &subscriptionId, const QString &name)
{
    QMutexLocker lock(&m_state->mutex);
    m_state->landing.insert(
        token, {{"id", subscriptionId},
                {"subscriptionName", name},
                {"offerId", "bcc-saas-offer"},
                {"planId", "enterprise"},
                {"quantity", 5},
                {"subscription",
                 QJsonObject{{"id", subscriptionId},
                             {"saasSubscriptionStatus", "PendingFulfillmentStart"},
                             {"purchaser", QJsonObject{{"tenantId", "tenant-" + subscriptionId.left(8)}}}}}});
}

void FakeAzure::addOperation(const QString &subscriptionId, const QString &operationId, const QString &action,
                             const QString &status, qint64 at, int quantity)
{
    QMutexLocker lock(&m_state->mutex);
    m_state->operations.insert(
        subscriptionId + '/' + operationId,
        QJsonDocument::fromJson(webhook(subscriptionId, operationId, action, status, at, quantity)).object());
}

QByteArray FakeAzure::webhook(const QString &subscriptionId, const QString &operationId,
                              const QString &action, const QString &status, qint64 at, int quantity)
{
    QJsonObject payload{{"id", operationId},
                        {"activityId", operationId + QStringLiteral("-activity")},
                        {"publisherId", "billing-publisher"},
                        {"offerId", "bcc-saas-offer"},
                        {"planId", "enterprise"},
                        {"subscriptionId", subscriptionId},
                        {"timeStamp", contract::json::time(at)},
                        {"action", action},
                        {"status", status}};
    if (quantity >= 0)
        payload.insert("quantity", quantity);
    return QJsonDocument(payload).toJson(QJsonDocument::Compact);
}

QByteArray FakeAzure::bearer(qint64 nowMs, const QJsonObject &replaced) const
{
    QMutexLocker lock(&m_state->mutex);
    return marketplace::MarketplaceSimulator::azureBearer(
        {m_state->key.privateKeyPem, m_state->keyId,
         QStringLiteral("https://sts.windows.net/%1/").arg(QLatin1String(Tenant)), QLatin1String(ClientId),
         QLatin1String(Tenant)},
        nowMs, replaced);
}

void FakeAzure::rotateKey()
{
    QMutexLocker lock(&m_state->mutex);
    m_state->key = signatures::generateSigningKey(QStringLiteral("fake Entra ID tenant key, rotated"));
    m_state->keyId = QStringLiteral("fake-key-%1").arg(QUuid::createUuid().toString(QUuid::Id128).left(8));
}

void FakeAzure::clearFailures()
{
    QMutexLocker lock(&m_state->mutex);
    m_state->failures.clear();
}

void FakeAzure::failNext(int count, Failure failure)
{
    QMutexLocker lock(&m_state->mutex);
    for (int i = 0; i < count; ++i)
        m_state->failures.append(failure);
}

int FakeAzure::tokensIssued() const
{
    QMutexLocker lock(&m_state->mutex);
    return int(m_state->tokens.size());
}

int FakeAzure::requests(const QString &operation) const
{
    QMutexLocker lock(&m_state->mutex);
    return m_state->requests.value(operation);
}

QStringList FakeAzure::activated() const
{
    QMutexLocker lock(&m_state->mutex);
    return m_state->activated;
}

QStringList FakeAzure::patches() const
{
    QMutexLocker lock(&m_state->mutex);
    return m_state->patches;
}

std::optional<Answer> FakeAzure::answer(const FakeHttps::Request &r)
{
    QMutexLocker lock(&m_state->mutex);
    const QString tenant = QLatin1String(Tenant);
    const QString path = QString::fromLatin1(r.path);
    // Entra ID.
    if (r.method == "POST" && path == QStringLiteral("/%1/oauth2/token").arg(tenant)) {
        ++m_state->requests[QStringLiteral("GetToken")];
        const QUrlQuery form(QString::fromUtf8(r.body));
        if (form.queryItemValue("grant_type") != QLatin1String("client_credentials") ||
            form.queryItemValue("client_id", QUrl::FullyDecoded) != QLatin1String(ClientId) ||
            form.queryItemValue("client_secret", QUrl::FullyDecoded) != QLatin1String(ClientSecret) ||
            form.queryItemValue("resource", QUrl::FullyDecoded) !=
                QLatin1String("20e940b3-4c77-4b0b-9a53-9e16a1b010a7"))
            return json(401, {{"error", "invalid_client"},
                              {"error_description", "AADSTS7000215: Invalid client secret."}});
        m_state->tokens.append(QUuid::createUuid().toString(QUuid::Id128));
        return json(
            200,
            {{"token_type", "Bearer"}, {"expires_in", "3599"}, {"access_token", m_state->tokens.last()}});
    }
    if (r.method == "GET" && path == QStringLiteral("/%1/v2.0/.well-known/openid-configuration").arg(tenant))
        return json(200,
                    {{"issuer", QStringLiteral("https://login.microsoftonline.com/%1/v2.0").arg(tenant)},
                     {"jwks_uri", url().toString() + QStringLiteral("/%1/discovery/v2.0/keys").arg(tenant)}});
    if (r.method == "GET" && path == QStringLiteral("/%1/discovery/v2.0/keys").arg(tenant)) {
        ++m_state->requests[QStringLiteral("GetSigningKeys")];
        const QByteArray der = QSslCertificate(m_state->key.certificatePem).toDer();
        return json(
            200,
            {{"keys", QJsonArray{QJsonObject{{"kty", "RSA"},
                                             {"use", "sig"},
                                             {"kid", m_state->keyId},
                                             {"x5c", QJsonArray{QString::fromLatin1(der.toBase64())}}}}}});
    }
    // The fulfillment and metered billing APIs: the current token exactly, and their api-version.
    if (!path.startsWith(QLatin1String("/api/saas/subscriptions")) &&
        path != QLatin1String("/api/batchUsageEvent"))
        return json(404, {{"error", "not found"}});
    if (m_state->tokens.isEmpty() ||
        r.header("authorization") != "Bearer " + m_state->tokens.last().toLatin1())
        return json(401, {{"error", "The access token is missing, expired or not Entra ID's."}});
    if (QUrlQuery(QString::fromLatin1(r.query)).queryItemValue("api-version") != QLatin1String("2018-08-31"))
        return json(400, {{"error", "api-version 2018-08-31 is required"}});
    if (!m_state->failures.isEmpty()) {
        switch (m_state->failures.takeFirst()) {
        case Failure::Throttle:
            return json(429, {{"error", "Too many requests"}});
        case Failure::ServerError:
            return json(500, {{"error", "Internal error"}});
        case Failure::NoAnswer:
            return std::nullopt;
        case Failure::NotJson:
            return Answer{200, "<html>gateway</html>", {{"Content-Type", "text/html"}}};
        }
    }
    if (path == QLatin1String("/api/batchUsageEvent")) {
        ++m_state->requests[QStringLiteral("BatchUsageEvent")];
        return meter(QJsonDocument::fromJson(r.body).object());
    }
    static const QRegularExpression route(
        QStringLiteral("^/api/saas/subscriptions/([^/]+)(?:/(activate|operations)(?:/([^/]+))?)?$"));
    const auto m = route.match(path);
    if (r.method == "POST" && m.captured(1) == QLatin1String("resolve")) {
        ++m_state->requests[QStringLiteral("Resolve")];
        const QString token = QString::fromLatin1(r.header("x-ms-marketplace-token"));
        if (!m_state->landing.contains(token))
            return json(400, {{"error", "The marketplace token is invalid or expired."}});
        return json(200, m_state->landing.value(token));
    }
    const QString subscription = m.captured(1);
    if (r.method == "POST" && m.captured(2) == QLatin1String("activate")) {
        ++m_state->requests[QStringLiteral("Activate")];
        m_state->activated.append(subscription);
        return json(200, {});
    }
    if (m.captured(2) == QLatin1String("operations") && !m.captured(3).isEmpty()) {
        const QString key = subscription + '/' + m.captured(3);
        if (r.method == "GET") {
            ++m_state->requests[QStringLiteral("GetOperation")];
            if (!m_state->operations.contains(key))
                return json(404, {{"error", "Operation not found"}});
            return json(200, m_state->operations.value(key));
        }
        if (r.method == "PATCH") {
            ++m_state->requests[QStringLiteral("PatchOperation")];
            m_state->patches.append(m.captured(3) + ':' +
                                    QJsonDocument::fromJson(r.body).object().value("status").toString());
            return json(200, {});
        }
    }
    if (r.method == "GET" && m.captured(2).isEmpty())
        return json(200, {{"id", subscription}, {"saasSubscriptionStatus", "Subscribed"}});
    return json(404, {{"error", "not found"}});
}

// Called with the state locked.
Answer FakeAzure::meter(const QJsonObject &body)
{
    const QJsonArray events = body.value("request").toArray();
    if (events.isEmpty() || events.size() > 25)
        return json(400, {{"message", "A batch holds 1 to 25 usage events."}});
    const qint64 now = m_state->meteringNow > 0 ? m_state->meteringNow : QDateTime::currentMSecsSinceEpoch();
    QJsonArray results;
    for (const QJsonValue &item : events) {
        QJsonObject e = item.toObject();
        QDateTime start = QDateTime::fromString(e.value("effectiveStartTime").toString(), Qt::ISODate);
        const QString resource = e.value("resourceId").toString();
        const QString key = QStringLiteral("%1|%2|%3")
                                .arg(resource, e.value("dimension").toString())
                                .arg(start.toMSecsSinceEpoch() / 3'600'000);
        QJsonObject result = e;
        result.insert("messageTime", QDateTime::fromMSecsSinceEpoch(now, Qt::UTC).toString(Qt::ISODate));
        if (!start.isValid() || e.value("planId").toString().isEmpty() || resource.isEmpty()) {
            result.insert("status", "BadArgument");
            result.insert("error", QJsonObject{{"code", "BadArgument"},
                                               {"message", "resourceId, planId and a "
                                                           "valid effectiveStartTime"}});
        } else if (start.toMSecsSinceEpoch() < now - 24 * 3'600'000LL) {
            result.insert("status", "Expired");
            result.insert("error", QJsonObject{{"code", "Expired"}, {"message", "Older than 24 hours."}});
        } else if (m_state->inactive.contains(resource)) {
            result.insert("status", "ResourceNotActive");
            result.insert("error", QJsonObject{{"code", "ResourceNotActive"},
                                               {"message", "The subscription is not active."}});
        } else if (m_state->usage.contains(key)) {
            result.insert("status", "Duplicate");
            result.insert(
                "error",
                QJsonObject{{"code", "Conflict"},
                            {"message", "This usage event already exist."},
                            {"additionalInfo", QJsonObject{{"acceptedMessage", m_state->usage.value(key)}}}});
        } else {
            result.insert("usageEventId", QUuid::createUuid().toString(QUuid::WithoutBraces));
            result.insert("status", "Accepted");
            m_state->usage.insert(key, result);
            m_state->usageOrder.append(key);
        }
        results.append(result);
    }
    return json(200, {{"count", results.size()}, {"result", results}});
}

void FakeAzure::setMeteringNow(qint64 ms)
{
    QMutexLocker lock(&m_state->mutex);
    m_state->meteringNow = ms;
}

void FakeAzure::deactivate(const QString &resourceId)
{
    QMutexLocker lock(&m_state->mutex);
    m_state->inactive.insert(resourceId);
}

QList<QJsonObject> FakeAzure::usageEvents() const
{
    QMutexLocker lock(&m_state->mutex);
    QList<QJsonObject> all;
    for (const QString &key : m_state->usageOrder)
        all.append(m_state->usage.value(key));
    return all;
}

} // namespace billing::test
