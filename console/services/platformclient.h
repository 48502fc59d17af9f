// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "console/services/platformaccess.h"
#include "foundation/contract/result.h"

#include <QCoroTask>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QObject>
#include <QSet>
#include <QUrl>
#include <QUrlQuery>

namespace billing::services {

// HTTP/JSON to the platform API: base URL and staff token, problem+json turned into typed problems,
// a timeout per request, and safe retries for idempotent requests only.
//
// One long-lived QNetworkAccessManager per client, replies deleted later and timed out with our own
// timer: QCoro 0.8 resumes coroutines inside Qt's signal emission (CONTRIBUTING.md, "Rules of the house").
class PlatformClient final : public QObject
{
    Q_OBJECT
public:
    struct Reply {
        int status = 0;
        QJsonObject body;
        QByteArray etag;
    };

    // Trusts the system's certificates only; PlatformAccess::secure says what else to trust.
    PlatformClient(const QUrl &baseUrl, const QString &token, QObject *parent = nullptr);
    explicit PlatformClient(PlatformAccess access, QObject *parent = nullptr);
    // Requests still on their way end now, as failures, before anything they would touch is gone.
    ~PlatformClient() override;

    QUrl baseUrl() const { return m_baseUrl; }
    // The same access again, for a second connection of the same user (a report export's own thread).
    PlatformAccess access() const { return {m_baseUrl, QString::fromLatin1(m_authorization.mid(7)), m_tls}; }
    void setTimeout(std::chrono::milliseconds timeout) { m_timeout = timeout; }
    void setRetryDelay(std::chrono::milliseconds delay) { m_retryDelay = delay; }

    // One request. Network failures, timeouts and 502/503/504 are retried up to twice when that is
    // safe: a GET, or a change that carries an Idempotency-Key (the platform answers a replay with the
    // first answer and changes nothing).
    struct Call {
        QByteArray method = "GET";
        QString path;
        QUrlQuery query;
        QJsonObject body;   // sent when not empty
        QByteArray ifMatch; // the version a change is based on: "7"
        QByteArray idempotencyKey;
    };
    QCoro::Task<contract::Result<Reply>> call(Call call);
    QCoro::Task<contract::Result<Reply>> get(QString path, QUrlQuery query = {});

    // A GET whose answer keeps coming (server-sent events, a report), resumed after `lastEventId` when
    // given. No timeout; the caller reads it as it arrives and deletes it.
    static constexpr qint64 StreamBufferBytes = 4 << 20;
    QNetworkReply *openStream(const QString &path, const QUrlQuery &query, const QByteArray &accept,
                              const QByteArray &lastEventId = {});

    // Why a finished reply did not succeed: unreachable, timed out, broken off, or the platform's
    // problem+json (`body` is what was read of it).
    contract::Problem failure(QNetworkReply *reply, const QByteArray &body, bool timedOut = false) const;

    // The code of a failure to verify the platform's certificate (wrong host, unknown issuer, expired).
    static constexpr auto CertificateRefused = "certificate_refused";

    // A new Idempotency-Key; keep it for the retries of one change (ChangeKey does).
    static QByteArray newIdempotencyKey();
    // An id as one URL path segment or query value: percent-encoded.
    static QString pathSegment(const QString &id);

Q_SIGNALS:
    // Every answer or failure, so the status bar can show whether the platform is reachable.
    void reachabilityChanged(bool reachable, const QString &message);
    // The platform no longer takes the token (revoked, expired, rotated): the user must sign in again.
    void signInRequired(const QString &why);

private:
    QCoro::Task<contract::Result<Reply>> send(QNetworkRequest request, QByteArray method, QByteArray payload);
    QNetworkRequest requestFor(const QString &path, const QUrlQuery &query) const;

    QUrl m_baseUrl;
    QByteArray m_authorization;
    QSslConfiguration m_tls;
    QNetworkAccessManager m_network;
    std::chrono::milliseconds m_timeout{15000};
    std::chrono::milliseconds m_retryDelay{300};
    // A request's coroutine outlives the client when the client goes first (a window closed, a retry
    // waiting): after each wait it looks here before it touches the client again.
    std::shared_ptr<bool> m_alive = std::make_shared<bool>(true);
    QSet<QNetworkReply *> m_inFlight;
};

} // namespace billing::services
