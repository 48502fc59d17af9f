// SPDX-License-Identifier: Apache-2.0
#include "platform/http/apiserver.h"

#include "platform/domain/billingplatform.h"

#include <QFile>
#include <QHttpServerResponder>
#include <QJsonDocument>
#include <QMetaEnum>
#include <QPointer>
#include <QRegularExpression>
#include <QSslCertificate>
#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QUuid>
#include <QtConcurrent>

#include <openssl/pem.h>
#include <openssl/x509.h>
#include <sys/socket.h>

namespace billing::http {

using contract::Problem;

namespace {

QByteArray methodName(QHttpServerRequest::Method method)
{
    switch (method) {
    case QHttpServerRequest::Method::Get:
        return "GET";
    case QHttpServerRequest::Method::Post:
        return "POST";
    case QHttpServerRequest::Method::Put:
        return "PUT";
    case QHttpServerRequest::Method::Delete:
        return "DELETE";
    case QHttpServerRequest::Method::Patch:
        return "PATCH";
    case QHttpServerRequest::Method::Head:
        return "HEAD";
    case QHttpServerRequest::Method::Options:
        return "OPTIONS";
    default:
        return "OTHER";
    }
}

ApiResponse methodNotAllowed(const ApiRequest &request, const QList<QByteArray> &allowed)
{
    ApiResponse response = ApiResponse::problem(
        {405,
         "method_not_allowed",
         QStringLiteral("Method not allowed"),
         QStringLiteral("%1 is not allowed on %2.").arg(QString::fromLatin1(request.method), request.path),
         {}});
    response.headers.append({"Allow", allowed.join(", ")});
    return response;
}

// A method HTTP does not know, or the platform serves on no path (CONNECT, TRACE, FOO).
ApiResponse methodNotImplemented()
{
    return ApiResponse::problem({501,
                                 "not_implemented",
                                 QStringLiteral("Method not implemented"),
                                 QStringLiteral("The platform serves GET, POST, PUT, PATCH and DELETE only."),
                                 {}});
}

// A body the route would read as JSON must say it is JSON; the marketplaces' routes take their own
// formats (SNS posts text/plain, the AWS landing page a form).
std::optional<ApiResponse> unsupportedBody(const ApiRequest &request)
{
    if (request.body.isEmpty() || ApiServer::takesForeignFormats(request.path.toUtf8()))
        return std::nullopt;
    const QByteArray type = request.headers.value("content-type").split(';').first().trimmed().toLower();
    if (type == "application/json")
        return std::nullopt;
    return ApiResponse::problem(
        {415,
         "unsupported_media_type",
         QStringLiteral("Unsupported media type"),
         QStringLiteral("The body must be JSON, sent as Content-Type: application/json (not \"%1\").")
             .arg(QString::fromLatin1(type)),
         {}});
}

Problem routeNotFound(const QString &path)
{
    return {404,
            contract::ErrorCode::NotFound,
            QStringLiteral("Not found"),
            QStringLiteral("There is no API resource at %1.").arg(path),
            {}};
}

// Every accepted connection gets two things Qt HttpServer 6.4 lacks. TCP_NODELAY: it writes a
// response's head and body separately, and with Nagle's algorithm on the body waits for the client's
// delayed ACK (40 ms on Linux). And a cap on what a client may send before it is answered: it buffers
// a whole request body whatever its size, so a client that sends more than a request may hold is
// answered 413 and cut off as soon as it does, not once gigabytes are in memory.
void guardConnection(QTcpSocket *socket)
{
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    auto received = std::make_shared<qint64>(0);
    auto limit = std::make_shared<qint64>(ApiServer::MaxBodyBytes);
    auto refused = std::make_shared<bool>(false);
    // Connected before the HTTP server's own slot, so it sees each read's bytes before they are taken.
    QObject::connect(socket, &QIODevice::readyRead, socket, [socket, received, limit, refused] {
        if (*refused) {
            socket->readAll(); // the rest of a refused body, read only to be dropped
            return;
        }
        if (*received == 0) {
            // A request starts: its target (the request line's second word) says how much it may carry.
            const QByteArray line = socket->peek(1024).split('\n').first();
            *limit = ApiServer::maxBodyBytes(line.split(' ').value(1));
        }
        *received += socket->bytesAvailable();
        if (*received <= *limit + ApiServer::MaxHeaderBytes ||
            socket->state() != QAbstractSocket::ConnectedState)
            return;
        *refused = true;
        socket->readAll();
        const Problem problem{413,
                              contract::ErrorCode::PayloadTooLarge,
                              QStringLiteral("Payload too large"),
                              QStringLiteral("A request may carry at most %1 bytes.").arg(*limit),
                              {}};
        const QByteArray body = QJsonDocument(problem.toJson()).toJson(QJsonDocument::Compact);
        socket->write("HTTP/1.1 413 Payload Too Large\r\nContent-Type: "
                      "application/problem+json\r\nConnection: close\r\n"
                      "Content-Length: " +
                      QByteArray::number(body.size()) + "\r\n\r\n" + body);
        socket->flush();
        // A lingering close: the answer and a FIN go out, what the client still sends is read and
        // dropped for two seconds, then the connection closes. Closing at once with unread bytes
        // would send a reset, and the client would lose the answer before reading it.
        ::shutdown(int(socket->socketDescriptor()), SHUT_WR);
        QTimer::singleShot(2000, socket, [socket] { socket->abort(); });
    });
    // An answer ends a request: the next one on a kept-alive connection starts from zero.
    QObject::connect(socket, &QIODevice::bytesWritten, socket, [received, refused] {
        if (!*refused)
            *received = 0;
    });
}

// Whether the private key is the one the certificate was issued for (else every handshake would fail).
bool keyMatchesCertificate(const QByteArray &certificatePem, const QByteArray &keyPem)
{
    std::unique_ptr<BIO, decltype(&BIO_free)> certificateIn(
        BIO_new_mem_buf(certificatePem.constData(), int(certificatePem.size())), BIO_free);
    std::unique_ptr<BIO, decltype(&BIO_free)> keyIn(BIO_new_mem_buf(keyPem.constData(), int(keyPem.size())),
                                                    BIO_free);
    std::unique_ptr<X509, decltype(&X509_free)> certificate(
        PEM_read_bio_X509(certificateIn.get(), nullptr, nullptr, nullptr), X509_free);
    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(
        PEM_read_bio_PrivateKey(keyIn.get(), nullptr, nullptr, nullptr), EVP_PKEY_free);
    return certificate && key && X509_check_private_key(certificate.get(), key.get()) == 1;
}

class PlainServer final : public QTcpServer
{
public:
    using QTcpServer::QTcpServer;

protected:
    void incomingConnection(qintptr descriptor) override
    {
        auto *socket = new QTcpSocket(this);
        if (!socket->setSocketDescriptor(descriptor)) {
            delete socket;
            return;
        }
        guardConnection(socket);
        addPendingConnection(socket);
    }
};

// HTTPS: the handshake runs here; the HTTP server is handed each connection once it is encrypted.
class TlsServer final : public QSslServer
{
public:
    TlsServer(const QSslConfiguration &tls, QObject *parent)
        : QSslServer(parent)
    {
        setSslConfiguration(tls);
        connect(this, &QSslServer::startedEncryptionHandshake, this,
                [](QSslSocket *socket) { guardConnection(socket); });
    }
};

} // namespace

ApiServer::ApiServer(std::shared_ptr<domain::BillingPlatform> platform, QObject *parent)
    : QObject(parent)
    , m_platform(std::move(platform))
{
    // Threads keep their database connection for the server's life (Qt Sql connections are per thread).
    m_pool.setMaxThreadCount(std::max(4, QThread::idealThreadCount() * 2));
    m_pool.setExpiryTimeout(-1);
    m_http.setMissingHandler([](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
        if (methodName(request.method()) == "OTHER") {
            const ApiResponse refused = methodNotImplemented();
            responder.write(refused.body, refused.contentType,
                            QHttpServerResponder::StatusCode::NotImplemented);
            return;
        }
        const Problem problem = routeNotFound(request.url().path());
        responder.write(QJsonDocument(problem.toJson()).toJson(QJsonDocument::Compact),
                        "application/problem+json", QHttpServerResponder::StatusCode::NotFound);
    });
}

ApiServer::~ApiServer()
{
    m_pool.waitForDone();
}

namespace {
// A {…} segment of a route pattern; Qt HttpServer spells it <arg>.
const QRegularExpression &routeSegment()
{
    static const QRegularExpression segment(QStringLiteral("\\{[a-z_]+\\}"));
    return segment;
}
} // namespace

void ApiServer::route(const QByteArray &method, const QString &pattern, Handler handler, Access access)
{
    const bool known = m_routes.contains(pattern);
    m_routes[pattern].insert(method, Route{access, std::move(handler)});
    if (known)
        return;
    const QRegularExpression &segment = routeSegment();
    QString qtPattern = pattern;
    const qsizetype segments = qtPattern.count(segment);
    qtPattern.replace(segment, QStringLiteral("<arg>"));
    if (segments == 2) {
        m_http.route(qtPattern,
                     [this, pattern](const QString &first, const QString &second,
                                     const QHttpServerRequest &request, QHttpServerResponder &&responder) {
                         dispatch(pattern, toApiRequest(request, first, second), std::move(responder));
                     });
    } else if (segments == 1) {
        m_http.route(qtPattern, [this, pattern](const QString &id, const QHttpServerRequest &request,
                                                QHttpServerResponder &&responder) {
            dispatch(pattern, toApiRequest(request, id, QString()), std::move(responder));
        });
    } else {
        m_http.route(qtPattern,
                     [this, pattern](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
                         dispatch(pattern, toApiRequest(request, QString(), QString()), std::move(responder));
                     });
    }
}

ServerStream::ServerStream(std::unique_ptr<QHttpServerResponder> responder, Framing framing, QObject *parent)
    : QObject(parent)
    , m_responder(std::move(responder))
    , m_framing(framing)
{
    // The HTTP server deletes the socket later once it disconnects; the responder goes before that.
    QTcpSocket *socket = m_responder->socket();
    connect(socket, &QTcpSocket::disconnected, this, &ServerStream::close);
    connect(socket, &QObject::destroyed, this, &ServerStream::close);
    connect(socket, &QTcpSocket::bytesWritten, this, &ServerStream::sent);
}

ServerStream::~ServerStream() = default;

void ServerStream::write(const QByteArray &bytes)
{
    if (!m_responder || bytes.isEmpty())
        return;
    if (m_framing == Framing::Chunked)
        m_responder->writeBody(QByteArray::number(bytes.size(), 16) + "\r\n" + bytes + "\r\n");
    else
        m_responder->writeBody(bytes);
}

void ServerStream::finish()
{
    if (!m_responder)
        return;
    if (m_framing == Framing::Chunked)
        m_responder->writeBody(QByteArrayLiteral("0\r\n\r\n"));
    m_responder->socket()->disconnectFromHost(); // after what is written has been sent
}

void ServerStream::abort()
{
    if (m_responder)
        m_responder->socket()->abort();
}

qint64 ServerStream::unsentBytes() const
{
    return m_responder && m_responder->socket() ? m_responder->socket()->bytesToWrite() : 0;
}

void ServerStream::limitKernelBuffer(int bytes)
{
    if (m_responder && m_responder->socket())
        m_responder->socket()->setSocketOption(QAbstractSocket::SendBufferSizeSocketOption, bytes);
}

void ServerStream::close()
{
    if (!m_responder)
        return;
    m_responder.reset();
    Q_EMIT closed();
    deleteLater();
}

void ApiServer::stream(const QString &pattern, const QByteArray &contentType, StreamPrepare prepare,
                       StreamOpener open, ServerStream::Framing framing, Access access)
{
    m_streams.append(pattern);
    QString qtPattern = pattern;
    qtPattern.replace(routeSegment(), QStringLiteral("<arg>"));
    const StreamRoute route{contentType, std::move(prepare), std::move(open), framing, std::move(access)};
    if (qtPattern != pattern) {
        m_http.route(qtPattern, [this, route](const QString &id, const QHttpServerRequest &request,
                                              QHttpServerResponder &&responder) {
            openStream(route, toApiRequest(request, id, QString()), std::move(responder));
        });
    } else {
        m_http.route(qtPattern,
                     [this, route](const QHttpServerRequest &request, QHttpServerResponder &&responder) {
                         openStream(route, toApiRequest(request, QString(), QString()), std::move(responder));
                     });
    }
}

void ApiServer::openStream(const StreamRoute &route, ApiRequest request, QHttpServerResponder &&responder)
{
    // The token is checked on the pool (it reads the database); the stream is written here.
    struct Admitted {
        QString requestId;
        std::optional<ApiResponse> refused;
        QVariant prepared;
    };
    auto admitted = QtConcurrent::run(
        &m_pool, [this, request, prepare = route.prepare, access = route.access]() mutable -> Admitted {
            if (request.method == "OTHER")
                return {request.requestId, methodNotImplemented(), {}};
            if (request.method != "GET")
                return {request.requestId, methodNotAllowed(request, {"GET"}), {}};
            if (auto refused = admit(access, request))
                return {request.requestId, refused, {}};
            auto prepared = prepare(request);
            if (!prepared)
                return {request.requestId, ApiResponse::problem(prepared.problem()), {}};
            return {request.requestId, std::nullopt, *prepared};
        });
    whenStillConnected(std::move(admitted), std::move(responder),
                       [route](Admitted admitted, std::unique_ptr<QHttpServerResponder> responder) {
                           if (admitted.refused) {
                               toHttp(*admitted.refused, admitted.requestId).write(std::move(*responder));
                               return;
                           }
                           responder->writeStatusLine(QHttpServerResponder::StatusCode::Ok);
                           responder->writeHeaders({{"Content-Type", route.contentType},
                                                    {"Cache-Control", "no-store"},
                                                    {"Connection", "close"}, // one body per connection
                                                    {"X-Request-Id", admitted.requestId.toLatin1()}});
                           if (route.framing == ServerStream::Framing::Chunked)
                               responder->writeHeader("Transfer-Encoding", "chunked");
                           QTcpSocket *socket = responder->socket();
                           route.open(admitted.prepared,
                                      new ServerStream(std::move(responder), route.framing, socket));
                       });
}

void ApiServer::dispatch(const QString &pattern, ApiRequest request, QHttpServerResponder &&responder)
{
    auto answered = QtConcurrent::run(
        &m_pool, [this, routes = m_routes.value(pattern), r = std::move(request)]() mutable {
            const QString requestId = r.requestId;
            return toHttp(handle(routes, std::move(r)), requestId);
        });
    whenStillConnected(std::move(answered), std::move(responder),
                       [](QHttpServerResponse answer, std::unique_ptr<QHttpServerResponder> responder) {
                           answer.write(std::move(*responder));
                       });
}

template<typename T, typename Write>
void ApiServer::whenStillConnected(QFuture<T> &&work, QHttpServerResponder &&responder, Write write)
{
    // Qt HttpServer 6.4 keeps only a plain pointer to the socket, which it deletes once the client
    // hangs up: answering a client that gave up while its request ran would write to freed memory.
    // The answer is dropped instead; a change it reports stands, and a retry under the same
    // Idempotency-Key is answered the same (rule 9).
    auto held = std::make_shared<std::unique_ptr<QHttpServerResponder>>(
        std::make_unique<QHttpServerResponder>(std::move(responder)));
    const QPointer<QTcpSocket> socket = (*held)->socket();
    std::move(work).then(this, [held, socket, write](T result) {
        if (socket && socket->state() == QAbstractSocket::ConnectedState)
            write(std::move(result), std::move(*held));
    });
}

QList<QPair<QByteArray, QString>> ApiServer::routes() const
{
    QList<QPair<QByteArray, QString>> all;
    for (const QString &path : m_streams)
        all.append({"GET", path});
    for (auto pattern = m_routes.cbegin(); pattern != m_routes.cend(); ++pattern) {
        for (auto method = pattern->cbegin(); method != pattern->cend(); ++method)
            all.append({method.key(), pattern.key()});
    }
    return all;
}

contract::Result<quint16> ApiServer::listen(const QHostAddress &address, quint16 port,
                                            const std::optional<QSslConfiguration> &tls)
{
    QTcpServer *tcp = tls ? static_cast<QTcpServer *>(new TlsServer(*tls, this)) : new PlainServer(this);
    const quint16 bound = tcp->listen(address, port) ? tcp->serverPort() : 0;
    if (bound != 0)
        m_http.bind(tcp); // the HTTP server takes it over
    else
        delete tcp;
    if (bound == 0)
        return Problem{500,
                       "listen_failed",
                       QStringLiteral("Cannot listen"),
                       QStringLiteral("Cannot listen on %1:%2 (in use, or not allowed).")
                           .arg(address.toString())
                           .arg(port),
                       {}};
    m_url.setScheme(tls ? QStringLiteral("https") : QStringLiteral("http"));
    m_url.setHost(address.toString());
    m_url.setPort(bound);
    return bound;
}

contract::Result<QSslConfiguration> ApiServer::tlsConfiguration(const QString &certificateFile,
                                                                const QString &keyFile)
{
    const auto refused = [](const QString &detail) {
        return Problem{500, "tls_setup_failed", QStringLiteral("Cannot serve HTTPS"), detail, {}};
    };
    if (!QSslSocket::supportsSsl())
        return refused(QStringLiteral("This build of Qt has no TLS backend (OpenSSL) loaded."));
    QFile certificateIn(certificateFile);
    if (!certificateIn.open(QIODevice::ReadOnly))
        return refused(QStringLiteral("Cannot read the certificate %1: %2")
                           .arg(certificateFile, certificateIn.errorString()));
    // The server's certificate first, then any intermediates the clients need to build the chain.
    const QList<QSslCertificate> chain = QSslCertificate::fromData(certificateIn.readAll(), QSsl::Pem);
    if (chain.isEmpty())
        return refused(QStringLiteral("%1 holds no PEM certificate.").arg(certificateFile));
    QFile keyIn(keyFile);
    if (!keyIn.open(QIODevice::ReadOnly))
        return refused(
            QStringLiteral("Cannot read the private key %1: %2").arg(keyFile, keyIn.errorString()));
    const QByteArray keyPem = keyIn.readAll();
    QSslKey key(keyPem, QSsl::Rsa, QSsl::Pem);
    if (key.isNull())
        key = QSslKey(keyPem, QSsl::Ec, QSsl::Pem);
    if (key.isNull())
        return refused(QStringLiteral("%1 holds no unencrypted PEM RSA or EC private key.").arg(keyFile));
    if (!keyMatchesCertificate(chain.first().toPem(), keyPem))
        return refused(QStringLiteral("The private key in %1 is not the certificate's.").arg(keyFile));
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setLocalCertificateChain(chain);
    tls.setPrivateKey(key);
    tls.setProtocol(QSsl::TlsV1_2OrLater);
    tls.setPeerVerifyMode(QSslSocket::VerifyNone); // clients prove themselves by their staff token
    return tls;
}

ApiRequest ApiServer::toApiRequest(const QHttpServerRequest &request, const QString &pathId,
                                   const QString &secondId)
{
    ApiRequest r;
    r.method = methodName(request.method());
    r.path = request.url().path();
    r.pathId = pathId;
    r.secondId = secondId;
    r.query = request.query();
    for (const auto &header : request.headers())
        r.headers.insert(header.first.toLower(), header.second);
    r.body = request.body();
    r.peer = request.remoteAddress();
    r.requestId = QString::fromLatin1(r.headers.value("x-request-id"));
    if (r.requestId.isEmpty() || r.requestId.size() > 100)
        r.requestId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    return r;
}

ApiResponse ApiServer::handle(const QHash<QByteArray, Route> &routes, ApiRequest request)
{
    if (request.method == "OTHER")
        return methodNotImplemented();
    const auto route = routes.constFind(request.method);
    if (route == routes.cend())
        return methodNotAllowed(request, QList<QByteArray>(routes.keyBegin(), routes.keyEnd()));
    if (auto refused = unsupportedBody(request))
        return *refused;
    if (auto refused = admit(route->access, request))
        return *refused;
    return route->handler(request);
}

bool ApiServer::takesForeignFormats(QByteArrayView path)
{
    return path.startsWith("/v1/marketplace/");
}

qint64 ApiServer::maxBodyBytes(QByteArrayView path)
{
    return takesForeignFormats(path) ? MaxMarketplaceBodyBytes : MaxBodyBytes;
}

std::optional<ApiResponse> ApiServer::admit(const Access &access, ApiRequest &request)
{
    if (const qint64 limit = maxBodyBytes(request.path.toUtf8()); request.body.size() > limit)
        return ApiResponse::problem({413,
                                     contract::ErrorCode::PayloadTooLarge,
                                     QStringLiteral("Payload too large"),
                                     QStringLiteral("The request body is over %1 bytes.").arg(limit),
                                     {}});
    if (!access.needsStaff())
        return std::nullopt;
    const QByteArray authorization = request.headers.value("authorization");
    const QString token =
        authorization.startsWith("Bearer ") ? QString::fromLatin1(authorization.mid(7).trimmed()) : QString();
    auto staff = m_platform->staff().authenticate(token, request.peer.toString(), request.requestId);
    if (!staff) {
        ApiResponse response = ApiResponse::problem(staff.problem());
        if (staff.problem().status == 401)
            response.headers.append(
                {QByteArray("WWW-Authenticate"), QByteArray("Bearer realm=\"billing-platform\"")});
        return response;
    }
    if (auto refused = access.refusal(*staff))
        return ApiResponse::problem(*refused);
    request.staff = *staff;
    return std::nullopt;
}

QHttpServerResponse ApiServer::toHttp(const ApiResponse &response, const QString &requestId)
{
    QHttpServerResponse http(response.contentType, response.body,
                             QHttpServerResponse::StatusCode(response.status));
    for (const auto &header : response.headers)
        http.addHeader(header.first, header.second);
    http.addHeader("X-Request-Id", requestId.toLatin1());
    http.addHeader("Cache-Control", "no-store");
    return http;
}

} // namespace billing::http
