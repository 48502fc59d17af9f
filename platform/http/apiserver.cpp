// SPDX-License-Identifier: Apache-2.0
#include "platform/http/apiserver.h"

#include "platform/domain/billingplatform.h"
#include "platform/http/httptransport.h"

#include <QFile>
#include <QJsonDocument>
#include <QPointer>
#include <QSslCertificate>
#include <QSslKey>
#include <QSslSocket>

#include <openssl/pem.h>
#include <openssl/x509.h>

#include <climits>
#include <latch>

namespace billing::http {

using contract::Problem;

namespace {

// The request pool's threads on the smallest machine, and the connections opened before it listens.
constexpr int LeastRequestThreads = 4;

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

// What a {…} segment of a pattern matched, if the path is the pattern's.
// What the {…} segments of a pattern matched, if the path (split at '/') is the pattern's.
std::optional<QPair<QString, QString>> match(const QStringList &want, const QStringList &have)
{
    if (want.size() != have.size())
        return std::nullopt;
    QStringList ids;
    for (qsizetype i = 0; i < want.size(); ++i) {
        if (want[i].startsWith(QLatin1Char('{'))) {
            if (have[i].isEmpty())
                return std::nullopt;
            ids.append(have[i]);
        } else if (want[i] != have[i]) {
            return std::nullopt;
        }
    }
    return QPair<QString, QString>{ids.value(0), ids.value(1)};
}

bool isServedMethod(const QByteArray &method)
{
    static const QList<QByteArray> served{"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"};
    return served.contains(method);
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

} // namespace

ServerStream::ServerStream(std::shared_ptr<Reply> reply, Framing framing, QObject *parent)
    : QObject(parent)
    , m_reply(std::move(reply))
{
    Q_UNUSED(framing) // the reply frames what it was started with
    // The transport's thread reports; this object hears it on its own.
    const QPointer<ServerStream> self(this);
    m_reply->onSent = [self](qint64 bytes) {
        QMetaObject::invokeMethod(
            self.data(),
            [self, bytes] {
                if (self)
                    Q_EMIT self->sent(bytes);
            },
            Qt::QueuedConnection);
    };
    m_reply->onClosed = [self] {
        QMetaObject::invokeMethod(
            self.data(),
            [self] {
                if (self)
                    self->close();
            },
            Qt::QueuedConnection);
    };
}

ServerStream::~ServerStream()
{
    m_reply->onSent = nullptr;
    m_reply->onClosed = nullptr;
}

bool ServerStream::isOpen() const
{
    return !m_closed && m_reply->isOpen();
}

void ServerStream::write(const QByteArray &bytes)
{
    if (isOpen())
        m_reply->write(bytes);
}

void ServerStream::finish()
{
    if (isOpen())
        m_reply->finish();
}

void ServerStream::abort()
{
    if (isOpen())
        m_reply->abort();
}

qint64 ServerStream::unsentBytes() const
{
    return m_reply->unsentBytes();
}

void ServerStream::limitKernelBuffer(int bytes)
{
    m_reply->limitKernelBuffer(bytes);
}

void ServerStream::close()
{
    if (m_closed)
        return;
    m_closed = true;
    Q_EMIT closed();
    deleteLater();
}

ApiServer::ApiServer(std::shared_ptr<domain::BillingPlatform> platform, QObject *parent)
    : QObject(parent)
    , m_platform(std::move(platform))
{
    // Threads keep their database connection for the server's life (Qt Sql connections are per thread).
    m_pool.setMaxThreadCount(std::max(LeastRequestThreads, QThread::idealThreadCount() * 2));
    m_pool.setExpiryTimeout(-1);
}

ApiServer::~ApiServer()
{
    m_transport.reset(); // no request arrives after this
    m_pool.waitForDone();
}

void ApiServer::route(const QByteArray &method, const QString &pattern, Handler handler, Access access)
{
    m_routes[pattern].insert(method, Route{std::move(access), std::move(handler)});
}

void ApiServer::stream(const QString &pattern, const QByteArray &contentType, StreamPrepare prepare,
                       StreamOpener open, ServerStream::Framing framing, Access access)
{
    m_streams.insert(
        pattern, StreamRoute{contentType, std::move(prepare), std::move(open), framing, std::move(access)});
}

QList<QPair<QByteArray, QString>> ApiServer::routes() const
{
    QList<QPair<QByteArray, QString>> all;
    for (auto stream = m_streams.cbegin(); stream != m_streams.cend(); ++stream)
        all.append({"GET", stream.key()});
    for (auto pattern = m_routes.cbegin(); pattern != m_routes.cend(); ++pattern) {
        for (auto method = pattern->cbegin(); method != pattern->cend(); ++method)
            all.append({method.key(), pattern.key()});
    }
    return all;
}

void ApiServer::serve(ApiRequest request, std::shared_ptr<Reply> reply)
{
    const QStringList segments = request.path.split(QLatin1Char('/'));
    const QHash<QByteArray, Route> *routes = nullptr;
    for (const Pattern &pattern : std::as_const(m_patterns)) {
        const auto ids = match(pattern.segments, segments);
        if (!ids)
            continue;
        request.pathId = ids->first;
        request.secondId = ids->second;
        if (pattern.stream)
            return openStream(*pattern.stream, std::move(request), std::move(reply));
        routes = pattern.routes;
        break;
    }
    m_pool.start([this, routes, request = std::move(request), reply]() mutable {
        const QString requestId = request.requestId;
        ApiResponse response;
        if (!isServedMethod(request.method))
            response = methodNotImplemented();
        else if (!routes)
            response = ApiResponse::problem(routeNotFound(request.path));
        else {
            // A route that throws is a bug: it is answered 500 and logged, never a dropped connection.
            try {
                response = handle(*routes, std::move(request));
            } catch (const std::exception &e) {
                qCritical("billing-platform: request %s failed: %s", qPrintable(requestId), e.what());
                response = ApiResponse::problem(
                    {500,
                     contract::ErrorCode::Internal,
                     QStringLiteral("Internal error"),
                     QStringLiteral("The platform failed on request %1; its log says why.").arg(requestId),
                     {}});
            }
        }
        reply->send(response, requestId);
    });
}

void ApiServer::openStream(const StreamRoute &route, ApiRequest request, std::shared_ptr<Reply> reply)
{
    // The token is checked on the pool (it reads the database); the stream is written from this thread.
    m_pool.start([this, route, request = std::move(request), reply]() mutable {
        std::optional<ApiResponse> refused;
        QVariant prepared;
        if (!isServedMethod(request.method))
            refused = methodNotImplemented();
        else if (request.method != "GET")
            refused = methodNotAllowed(request, {"GET"});
        else if (auto notAdmitted = admit(route.access, request))
            refused = notAdmitted;
        else if (auto made = route.prepare(request))
            prepared = *made;
        else
            refused = ApiResponse::problem(made.problem());
        if (refused)
            return reply->send(*refused, request.requestId);
        QMetaObject::invokeMethod(
            this,
            [this, route, prepared, reply, requestId = request.requestId] {
                if (!reply->isOpen())
                    return;
                auto *stream = new ServerStream(reply, route.framing, this);
                reply->startStream(route.contentType, route.framing == ServerStream::Framing::Chunked,
                                   requestId);
                route.open(prepared, stream);
            },
            Qt::QueuedConnection);
    });
}

namespace {
QByteArray chainPem(const QSslConfiguration &tls)
{
    QByteArray chain;
    for (const QSslCertificate &certificate : tls.localCertificateChain())
        chain += certificate.toPem();
    return chain;
}
} // namespace

contract::Result<contract::Done> ApiServer::reloadTls(const QSslConfiguration &tls)
{
    if (!m_transport || m_url.scheme() != QLatin1String("https"))
        return Problem{409,
                       "not_serving_https",
                       QStringLiteral("Not serving HTTPS"),
                       QStringLiteral("Only a platform started with a certificate can reload one."),
                       {}};
    return m_transport->reloadTls(chainPem(tls), tls.privateKey().toPem());
}

contract::Result<quint16> ApiServer::listen(const QHostAddress &address, quint16 port,
                                            const std::optional<QSslConfiguration> &tls,
                                            TransportLimits limits)
{
    limits.maxHeaderBytes = std::size_t(MaxHeaderBytes);
    // The lookup table, once: patterns split, the most literal first, so that a literal segment beats
    // a {…} one (/v1/snapshots/signing-key is not the snapshot "signing-key"); streams before routes.
    // Routes and streams are fixed from here on, so the table's pointers into them stay valid.
    m_patterns.clear();
    for (auto it = m_streams.cbegin(); it != m_streams.cend(); ++it)
        m_patterns.append(
            {it.key().split(QLatin1Char('/')), it.key().count(QLatin1Char('{')), &it.value(), nullptr});
    for (auto it = m_routes.cbegin(); it != m_routes.cend(); ++it)
        m_patterns.append(
            {it.key().split(QLatin1Char('/')), it.key().count(QLatin1Char('{')), nullptr, &it.value()});
    std::stable_sort(m_patterns.begin(), m_patterns.end(),
                     [](const Pattern &a, const Pattern &b) { return a.wildcards < b.wildcards; });
    openConnections();
    m_transport = std::make_unique<HttpTransport>(
        [this](ApiRequest request, std::shared_ptr<Reply> reply) {
            serve(std::move(request), std::move(reply));
        },
        [](QByteArrayView path) { return maxBodyBytes(path); }, limits);
    auto bound = m_transport->listen(address, port, tls ? chainPem(*tls) : QByteArray(),
                                     tls ? tls->privateKey().toPem() : QByteArray());
    if (!bound)
        return bound.problem();
    m_url.setScheme(tls ? QStringLiteral("https") : QStringLiteral("http"));
    m_url.setHost(address.toString());
    m_url.setPort(*bound);
    return *bound;
}

void ApiServer::openConnections()
{
    // On PostgreSQL a connection is a new server process and its login, and the process looks up the
    // tables and indexes of its first statements: the first requests after a start paid 10-16 ms for
    // it, beside the start's sweep. So each thread opens its connection and reads one workspace now.
    // The pool's least threads: a larger machine's further threads open theirs when the load first
    // needs them, so that several instances do not take the server's connections up front. Each task
    // holds its thread until all have theirs, so that each runs on a thread of its own.
    auto opened = std::make_shared<std::latch>(LeastRequestThreads + 1);
    for (int i = 0; i < LeastRequestThreads; ++i)
        m_pool.start([this, opened] {
            contract::WorkspaceQuery first;
            first.limit = 1;
            if (auto read = m_platform->workspaces(first); !read) // a failure is the request's to report
                qWarning("billing-platform: a request thread could not read the store yet: %s",
                         qPrintable(read.problem().message()));
            opened->arrive_and_wait();
        });
    opened->arrive_and_wait();
}

contract::Result<QSslConfiguration> ApiServer::tlsConfiguration(const QString &certificateFile,
                                                                const QString &keyFile,
                                                                const QByteArray &passphrase)
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
    const QByteArray keyFilePem = keyIn.readAll();
    QSslKey key(keyFilePem, QSsl::Rsa, QSsl::Pem, QSsl::PrivateKey, passphrase);
    if (key.isNull())
        key = QSslKey(keyFilePem, QSsl::Ec, QSsl::Pem, QSsl::PrivateKey, passphrase);
    if (key.isNull())
        return refused(
            keyFilePem.contains("ENCRYPTED")
                ? QStringLiteral("The private key in %1 is encrypted and the passphrase given does "
                                 "not open it (--tls-key-passphrase-file or "
                                 "BILLING_TLS_KEY_PASSPHRASE).")
                      .arg(keyFile)
                : QStringLiteral("%1 holds no PEM RSA or EC private key.").arg(keyFile));
    const QByteArray keyPem = key.toPem(); // decrypted, for OpenSSL
    if (!keyMatchesCertificate(chain.first().toPem(), keyPem))
        return refused(QStringLiteral("The private key in %1 is not the certificate's.").arg(keyFile));
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setLocalCertificateChain(chain);
    tls.setPrivateKey(key);
    tls.setProtocol(QSsl::TlsV1_2OrLater);
    tls.setPeerVerifyMode(QSslSocket::VerifyNone); // clients prove themselves by their staff token
    return tls;
}

ApiResponse ApiServer::handle(const QHash<QByteArray, Route> &routes, ApiRequest request)
{
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
    const QByteArray authorization = request.headers.value("authorization");
    if (!access.needsStaff() && !(access.checksGivenStaff() && request.headers.contains("authorization")))
        return std::nullopt;
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

} // namespace billing::http
