// SPDX-License-Identifier: Apache-2.0
#include "console/services/platformclient.h"

#include <QCoroNetworkReply>
#include <QCoroTimer>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QTimer>
#include <QUuid>

namespace billing::services {

using contract::Problem;
using contract::Result;

namespace {

bool worthRetrying(const Problem &problem)
{
    return (problem.isNetworkFailure() &&
            problem.code != QLatin1String(PlatformClient::CertificateRefused)) ||
           problem.status == 502 || problem.status == 503 || problem.status == 504;
}

struct DeleteLater {
    void operator()(QObject *object) const { object->deleteLater(); }
};

} // namespace

PlatformClient::PlatformClient(const QUrl &baseUrl, const QString &token, QObject *parent)
    : PlatformClient(PlatformAccess{baseUrl, token}, parent)
{
}

PlatformClient::PlatformClient(PlatformAccess access, QObject *parent)
    : QObject(parent)
    , m_baseUrl(access.url)
    , m_authorization("Bearer " + access.token.toUtf8())
    , m_tls(std::move(access.tls))
{
    m_network.setAutoDeleteReplies(false);
}

PlatformClient::~PlatformClient()
{
    *m_alive = false;
    // Each abort finishes its reply at once; its coroutine sees the client gone and returns.
    const QSet<QNetworkReply *> open = std::exchange(m_inFlight, {});
    for (QNetworkReply *reply : open)
        reply->abort();
}

QNetworkRequest PlatformClient::requestFor(const QString &path, const QUrlQuery &query) const
{
    QUrl url = m_baseUrl;
    url.setPath(path);
    url.setQuery(query);
    QNetworkRequest request(url);
    request.setRawHeader("Authorization", m_authorization);
    request.setRawHeader("Accept", "application/json, application/problem+json");
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    if (m_baseUrl.scheme() == QLatin1String("https"))
        request.setSslConfiguration(m_tls);
    return request;
}

QNetworkReply *PlatformClient::openStream(const QString &path, const QUrlQuery &query,
                                          const QByteArray &accept, const QByteArray &lastEventId)
{
    QNetworkRequest request = requestFor(path, query);
    request.setRawHeader("Accept", accept);
    if (!lastEventId.isEmpty())
        request.setRawHeader("Last-Event-ID", lastEventId);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    QNetworkReply *reply = m_network.get(request);
    // Qt downloads on a thread of its own into an unbounded buffer: a reader slower than the network
    // (an XLSX export) would hold the rest of a million-row report in memory. A bounded buffer makes
    // TCP, and then the platform's flow control, wait for it instead.
    reply->setReadBufferSize(StreamBufferBytes);
    return reply;
}

QByteArray PlatformClient::newIdempotencyKey()
{
    return QUuid::createUuid().toByteArray(QUuid::WithoutBraces);
}

QString PlatformClient::pathSegment(const QString &id)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(id));
}

QCoro::Task<Result<PlatformClient::Reply>> PlatformClient::get(QString path, QUrlQuery query)
{
    return call(
        {"GET", std::move(path), std::move(query), {}, {}, {}}); // not a coroutine: hands over call()'s task
}

QCoro::Task<Result<PlatformClient::Reply>> PlatformClient::call(Call call)
{
    QNetworkRequest request = requestFor(call.path, call.query);
    QByteArray body;
    if (!call.body.isEmpty()) {
        body = QJsonDocument(call.body).toJson(QJsonDocument::Compact);
        request.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
    }
    if (!call.ifMatch.isEmpty())
        request.setRawHeader("If-Match", "\"" + call.ifMatch + "\"");
    if (!call.idempotencyKey.isEmpty())
        request.setRawHeader("Idempotency-Key", call.idempotencyKey);
    const bool safeToRetry = call.method == "GET" || !call.idempotencyKey.isEmpty();
    const std::shared_ptr<bool> alive = m_alive;
    for (int attempt = 0;; ++attempt) {
        Result<Reply> result = co_await send(request, call.method, body);
        if (!*alive || result.ok() || !safeToRetry || attempt == 2 || !worthRetrying(result.problem()))
            co_return result;
        co_await QCoro::sleepFor(m_retryDelay * (attempt + 1));
        if (!*alive)
            co_return result;
    }
}

QCoro::Task<Result<PlatformClient::Reply>> PlatformClient::send(QNetworkRequest request, QByteArray method,
                                                                QByteArray payload)
{
    std::unique_ptr<QNetworkReply, DeleteLater> reply(
        method == "GET" ? m_network.get(request) : m_network.sendCustomRequest(request, method, payload));
    const std::shared_ptr<bool> alive = m_alive;
    m_inFlight.insert(reply.get());
    bool timedOut = false;
    QTimer timer;
    timer.setSingleShot(true);
    QObject::connect(&timer, &QTimer::timeout, reply.get(), [&timedOut, r = reply.get()] {
        timedOut = true;
        r->abort();
    });
    timer.start(m_timeout);
    co_await reply.get();
    timer.stop();
    if (!*alive) // aborted by ~PlatformClient: nothing of the client is touched any more
        co_return Problem::network(contract::ErrorCode::NetworkError, tr("Closed"),
                                   tr("The console closed this connection."));
    m_inFlight.remove(reply.get());

    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray body = reply->readAll();
    Q_EMIT reachabilityChanged(status != 0,
                               status != 0 ? QString() : failure(reply.get(), body, timedOut).detail);
    if (status < 200 || status >= 300) {
        const Problem problem = failure(reply.get(), body, timedOut);
        if (status == 401)
            Q_EMIT signInRequired(problem.message());
        co_return problem;
    }
    QJsonParseError parseError{};
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (!body.isEmpty() && !document.isObject())
        co_return Problem{status,
                          contract::ErrorCode::BadResponse,
                          tr("Unreadable answer"),
                          tr("The platform answered with something that is not a JSON object: %1")
                              .arg(parseError.errorString()),
                          {}};
    co_return Reply{status, document.object(), reply->rawHeader("ETag")};
}

Problem PlatformClient::failure(QNetworkReply *reply, const QByteArray &body, bool timedOut) const
{
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QString where = m_baseUrl.toDisplayString();
    if (timedOut)
        return Problem::network(contract::ErrorCode::Timeout, tr("Timed out"),
                                tr("The platform at %1 did not answer within %2 seconds.")
                                    .arg(where)
                                    .arg(m_timeout.count() / 1000));
    if (reply->error() == QNetworkReply::SslHandshakeFailedError)
        return Problem::network(
            CertificateRefused, tr("Certificate refused"),
            tr("The platform at %1 did not prove who it is, so the staff token was not sent: %2. If "
               "your company runs its own certificate authority, choose its CA file when you sign in.")
                .arg(where, reply->errorString()));
    if (status == 0)
        return Problem::network(contract::ErrorCode::NetworkError, tr("Platform unreachable"),
                                tr("Cannot reach the platform at %1: %2").arg(where, reply->errorString()));
    if (status >= 200 && status < 300) // the answer began and then broke off
        return Problem::network(
            contract::ErrorCode::NetworkError, tr("Connection lost"),
            tr("The connection to the platform at %1 broke off: %2").arg(where, reply->errorString()));
    const QJsonDocument document = QJsonDocument::fromJson(body);
    if (document.isObject() && document.object().contains(QLatin1String("code")))
        return Problem::fromJson(status, document.object());
    return Problem{status,
                   QStringLiteral("http_%1").arg(status),
                   tr("Platform error"),
                   tr("The platform answered HTTP %1 %2.")
                       .arg(status)
                       .arg(reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString()),
                   {}};
}

} // namespace billing::services
