// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "foundation/contract/result.h"
#include "platform/http/access.h"
#include "platform/http/apirequest.h"
#include "platform/http/apiresponse.h"
#include "platform/http/httptransport.h"

#include <QObject>
#include <QSslConfiguration>
#include <QThreadPool>
#include <QUrl>

#include <functional>
#include <memory>
#include <optional>

namespace billing::domain {
class BillingPlatform;
}

namespace billing::http {

// A response written as it is made. It lives on the server's thread and is written there. An open
// stream (server-sent events) ends when the client disconnects; a chunked one (a report) ends with
// finish(), and a reader can tell a finished body from one cut off by abort() or a lost connection.

class ServerStream final : public QObject
{
    Q_OBJECT
public:
    enum class Framing { UntilClosed, Chunked };

    ~ServerStream() override;
    bool isOpen() const;
    void write(const QByteArray &bytes);
    // Written but not yet sent: a slow reader's backlog.
    qint64 unsentBytes() const;
    // Caps what the kernel holds for this client besides, so that unsentBytes() sees a stalled reader
    // soon (Linux would otherwise take megabytes into the socket's buffer).
    void limitKernelBuffer(int bytes);
    // The body is complete: the last chunk goes out and the connection closes once it is sent.
    void finish();
    // The body cannot be completed: the connection drops without the last chunk.
    void abort();

Q_SIGNALS:
    void sent(qint64 bytes);
    void closed();

private:
    friend class ApiServer;
    ServerStream(std::shared_ptr<Reply> reply, Framing framing, QObject *parent);
    void close();

    std::shared_ptr<Reply> m_reply;
    bool m_closed = false;
};

// The platform's API over HttpTransport (Boost.Beast): routes are plain functions from ApiRequest to
// ApiResponse, run on a thread pool so that one slow database query does not stall other requests;
// streams are written from this object's (the Qt) thread.
class ApiServer final : public QObject
{
    Q_OBJECT
public:
    using Handler = std::function<ApiResponse(const ApiRequest &)>;

    explicit ApiServer(std::shared_ptr<domain::BillingPlatform> platform, QObject *parent = nullptr);
    ~ApiServer() override;

    // `pattern` is a path such as "/v1/workspaces/{id}", with at most two {…} segments.
    void route(const QByteArray &method, const QString &pattern, Handler handler,
               Access access = Access::anyStaff());

    // A GET that answers with a stream; `pattern` may have one {…} segment. Once the staff token and
    // role are accepted, `prepare` runs on a pool thread (it may refuse, or read where the stream
    // starts); then `open` is called on the server's thread with what it prepared and the stream,
    // already sending `contentType`.
    using StreamPrepare = std::function<contract::Result<QVariant>(const ApiRequest &)>;
    using StreamOpener = std::function<void(const QVariant &, ServerStream *)>;
    void stream(const QString &pattern, const QByteArray &contentType, StreamPrepare prepare,
                StreamOpener open, ServerStream::Framing framing = ServerStream::Framing::UntilClosed,
                Access access = Access::anyStaff());

    // Every (method, pattern) served: the OpenAPI document is checked against this list.
    QList<QPair<QByteArray, QString>> routes() const;

    // Port 0 picks a free port; with `tls`, HTTPS; `limits` the transport's deadlines and caps (its
    // header limit is MaxHeaderBytes). Answers the bound port.
    contract::Result<quint16> listen(const QHostAddress &address, quint16 port,
                                     const std::optional<QSslConfiguration> &tls = {},
                                     TransportLimits limits = TransportLimits());
    // The server side of HTTPS from PEM files: the certificate (then any intermediates) and its
    // private key, encrypted with `passphrase` or not; refused when unreadable, when the passphrase
    // does not open the key, or when the key is not the certificate's.
    static contract::Result<QSslConfiguration> tlsConfiguration(const QString &certificateFile,
                                                                const QString &keyFile,
                                                                const QByteArray &passphrase = {});
    // New connections are served with `tls` from now on; open ones keep the certificate they began with.
    contract::Result<contract::Done> reloadTls(const QSslConfiguration &tls);
    QUrl url() const { return m_url; }

    static constexpr qint64 MaxBodyBytes = 1 << 20;
    // What a marketplace may send: SNS's own maximum message size. Those routes take unauthenticated
    // traffic, so less is buffered for them.
    static constexpr qint64 MaxMarketplaceBodyBytes = 256 << 10;
    static constexpr qint64 MaxHeaderBytes = 16 << 10; // a request's line and headers (else 431)
    // The most a request to `path` may carry.
    static qint64 maxBodyBytes(QByteArrayView path);
    // Whether `path` takes bodies in the marketplaces' own formats rather than JSON.
    static bool takesForeignFormats(QByteArrayView path);

private:
    struct Route {
        Access access;
        Handler handler;
    };
    struct StreamRoute {
        QByteArray contentType;
        StreamPrepare prepare;
        StreamOpener open;
        ServerStream::Framing framing;
        Access access;
    };
    // The pool's first threads open their database connection and read one workspace, before the first
    // request would wait for it.
    void openConnections();
    // Every request, from the transport's thread: its route found, its work handed to the pool.
    void serve(ApiRequest request, std::shared_ptr<Reply> reply);
    void openStream(const StreamRoute &route, ApiRequest request, std::shared_ptr<Reply> reply);
    ApiResponse handle(const QHash<QByteArray, Route> &routes, ApiRequest request);
    // The problem to answer when the request may not go on (body too large, no valid token, a role
    // the route does not take); fills in request.staff otherwise.
    std::optional<ApiResponse> admit(const Access &access, ApiRequest &request);

    std::shared_ptr<domain::BillingPlatform> m_platform;
    std::unique_ptr<HttpTransport> m_transport;
    QThreadPool m_pool;
    QHash<QString, QHash<QByteArray, Route>> m_routes; // pattern → method → route
    QHash<QString, StreamRoute> m_streams;             // pattern → stream
    // A pattern as requests are matched against it (built by listen()).
    struct Pattern {
        QStringList segments;
        qsizetype wildcards = 0; // its {…} segments
        const StreamRoute *stream = nullptr;
        const QHash<QByteArray, Route> *routes = nullptr;
    };
    QList<Pattern> m_patterns;
    QUrl m_url;
};

} // namespace billing::http
