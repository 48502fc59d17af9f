// SPDX-License-Identifier: Apache-2.0
#include "platform/marketplace/outboundhttp.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRandomGenerator>
#include <QSslConfiguration>
#include <QThread>
#include <QTimer>

#include <memory>

namespace billing::marketplace {

QByteArray OutboundHttp::Reply::header(const QByteArray &name) const
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

OutboundHttp::OutboundHttp(Options options, Recorder recorder, std::function<qint64()> now)
    : m_options(std::move(options))
    , m_recorder(std::move(recorder))
    , m_now(std::move(now))
{
}

OutboundHttp::Reply OutboundHttp::send(const Call &call) const
{
    Reply reply;
    for (int attempt = 1;; ++attempt) {
        const qint64 at = m_now();
        QElapsedTimer clock;
        clock.start();
        reply = this->attempt(call.prepare());
        reply.attempts = attempt;
        const bool again =
            reply.status == 0 || reply.status == 429 || reply.status >= 500 || call.throttled(reply);
        if (m_recorder) {
            OutboundCall record{call.marketplace,
                                call.operation,
                                at,
                                attempt,
                                reply.status,
                                clock.elapsed(),
                                QString::fromLatin1(reply.header(call.requestIdHeader)),
                                {}};
            record.outcome = reply.status == 0                           ? reply.error
                             : reply.status >= 200 && reply.status < 300 ? QStringLiteral("ok")
                             : call.throttled(reply) ? QStringLiteral("HTTP %1 (throttled)").arg(reply.status)
                                                     : QStringLiteral("HTTP %1").arg(reply.status);
            m_recorder(record);
        }
        if (!again || attempt >= m_options.attempts)
            return reply;
        // Retry-After, when the marketplace says it (capped: the caller waits on this thread), else
        // exponential backoff with jitter so that instances do not retry in step.
        const bool saidWhen = !reply.header("Retry-After").isEmpty();
        const qint64 wait = saidWhen ? std::min<qint64>(reply.header("Retry-After").toLongLong() * 1000, 5000)
                                     : qint64(m_options.backoffMs) * (1LL << (attempt - 1)) *
                                           (50 + QRandomGenerator::global()->bounded(101)) / 100;
        QThread::msleep(std::max<qint64>(wait, 0));
    }
}

OutboundHttp::Reply OutboundHttp::attempt(const Request &request) const
{
    Reply reply = exchange(request);
    // The manager and its reply leave objects to deleteLater(); this thread (a request's or a metering
    // worker's) runs no event loop of its own that would ever delete them: 50-150 KB a call otherwise.
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    return reply;
}

OutboundHttp::Reply OutboundHttp::exchange(const Request &request) const
{
    // One manager per call: calls come from the request threads, and a manager belongs to one thread.
    QNetworkAccessManager network;
    network.setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
    QNetworkRequest r(request.url);
    for (const auto &[name, value] : request.headers)
        r.setRawHeader(name, value);
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setPeerVerifyMode(QSslSocket::VerifyPeer);
    if (!m_options.extraAuthorities.isEmpty())
        tls.addCaCertificates(m_options.extraAuthorities);
    r.setSslConfiguration(tls);
    std::unique_ptr<QNetworkReply> reply(network.sendCustomRequest(r, request.method, request.body));

    bool timedOut = false;
    bool tooLarge = false;
    QEventLoop loop;
    QTimer deadline;
    deadline.setSingleShot(true);
    QObject::connect(&deadline, &QTimer::timeout, &loop, [&] {
        timedOut = true;
        reply->abort();
    });
    QObject::connect(reply.get(), &QNetworkReply::downloadProgress, &loop, [&](qint64 received, qint64) {
        if (received > MaxAnswerBytes) {
            tooLarge = true;
            reply->abort();
        }
    });
    QObject::connect(reply.get(), &QNetworkReply::finished, &loop, &QEventLoop::quit);
    deadline.start(m_options.timeoutMs);
    if (!reply->isFinished())
        loop.exec();
    deadline.stop();

    Reply answer;
    if (timedOut) {
        answer.error = QStringLiteral("no answer within %1 s").arg(m_options.timeoutMs / 1000.0);
        return answer;
    }
    if (tooLarge) {
        answer.error = QStringLiteral("the answer was larger than %1 MiB").arg(MaxAnswerBytes / 1024 / 1024);
        return answer;
    }
    answer.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (answer.status == 0) {
        answer.error = reply->error() == QNetworkReply::SslHandshakeFailedError
                           ? QStringLiteral("TLS: %1").arg(reply->errorString())
                           : reply->errorString();
        return answer;
    }
    answer.body = reply->readAll();
    for (const auto &[name, value] : reply->rawHeaderPairs())
        answer.headers.append({name, value});
    return answer;
}

} // namespace billing::marketplace
