// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QSslCertificate>
#include <QString>
#include <QUrl>

#include <functional>

namespace billing::marketplace {

// One attempt of a call the platform made to a marketplace, as it is recorded: which marketplace and
// operation, the HTTP status (0: no answer), how long it took, the marketplace's request id, and how it
// ended in a few words.
struct OutboundCall {
    QString marketplace; // aws | aws_cn | azure
    QString operation;   // ResolveCustomer, GetEntitlements, …
    qint64 at = 0;       // when it was sent, ms since the epoch
    int attempt = 1;
    int status = 0;
    qint64 latencyMs = 0;
    QString requestId;
    QString outcome; // "ok", "HTTP 503", "timed out after 10 s", "TLS: …"
};

// HTTPS calls to the marketplaces, made from a request's worker thread and waited for there: a deadline
// on each attempt, bounded attempts with jittered exponential backoff on no answer, throttling and 5xx,
// verified TLS against the system's authorities and the configured extra ones, no redirects. Every
// attempt is handed to the recorder.
class OutboundHttp
{
public:
    struct Options {
        int timeoutMs = 10'000;
        int attempts = 3;
        int backoffMs = 200; // the first wait; each next one doubles, each ±50 %
        QList<QSslCertificate> extraAuthorities;
    };
    struct Request {
        QByteArray method = "POST";
        QUrl url;
        QList<QPair<QByteArray, QByteArray>> headers;
        QByteArray body;
    };
    struct Reply {
        int status = 0; // 0: no answer (see error)
        QByteArray body;
        QList<QPair<QByteArray, QByteArray>> headers;
        QString error; // why there was no answer
        int attempts = 0;
        QByteArray header(const QByteArray &name) const;
    };
    struct Call {
        QString marketplace;
        QString operation;
        std::function<Request()> prepare; // per attempt: a signature carries its time
        // Beyond no answer, 429 and 5xx: what else this marketplace means by "try again".
        std::function<bool(const Reply &)> throttled = [](const Reply &) { return false; };
        QByteArray requestIdHeader; // where the marketplace names its request
    };
    using Recorder = std::function<void(const OutboundCall &)>;

    static constexpr qsizetype MaxAnswerBytes = 4 * 1024 * 1024;

    OutboundHttp(Options options, Recorder recorder, std::function<qint64()> now);

    Reply send(const Call &call) const;
    const Options &options() const { return m_options; }

private:
    Reply attempt(const Request &request) const;
    Reply exchange(const Request &request) const;

    Options m_options;
    Recorder m_recorder;
    std::function<qint64()> m_now;
};

} // namespace billing::marketplace
