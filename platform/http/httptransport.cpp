// SPDX-License-Identifier: Apache-2.0
#include "platform/http/httptransport.h"

// Asio 1.74's awaitable.hpp uses std::exchange without including <utility> (GCC 12, C++20).
#include <QHostAddress>
#include <QJsonDocument>
#include <QUrl>
#include <QUuid>

#include <algorithm>
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <deque>
#include <sstream>
#include <thread>
#include <unordered_map>
#include <utility>

namespace billing::http {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = net::ip::tcp;
using contract::Problem;

// What the transport closes when it stops: every connection still open.
struct Closable {
    virtual ~Closable() = default;
    virtual void close() = 0;
};

struct HttpTransport::State {
    Handle handle;
    BodyLimit bodyLimit;
    TransportLimits limits;
    // The transport's thread only. Each TLS connection holds the context it began with, so a reload
    // (SIGHUP) serves new connections with the new certificate and leaves open ones as they are.
    std::shared_ptr<net::ssl::context> tls;
    // The transport's thread only.
    std::unordered_map<std::string, int> perAddress;
    int connections = 0;
    std::vector<std::weak_ptr<Closable>> open;
    net::io_context io{1};
    std::optional<net::executor_work_guard<net::io_context::executor_type>> work;
    std::optional<tcp::acceptor> acceptor;
    std::thread thread;
};

namespace {

bool isTrustedProxy(const HttpTransport::State &state, const std::string &address)
{
    const auto &trusted = state.limits.trustedProxies;
    return std::find(trusted.begin(), trusted.end(), address) != trusted.end();
}

// Who sent the request: the connection's address, or behind a trusted balancer the last address of
// X-Forwarded-For (the one the balancer itself saw; earlier ones are the client's word). A header
// from anyone else is ignored: a client could name any address.
QHostAddress clientAddress(const HttpTransport::State &state, const std::string &address,
                           const QByteArray &forwardedFor)
{
    const QHostAddress connection(QString::fromStdString(address));
    if (forwardedFor.isEmpty() || !isTrustedProxy(state, address))
        return connection;
    const QHostAddress client(QString::fromLatin1(forwardedFor.split(',').last().trimmed()));
    return client.isNull() ? connection : client;
}

QByteArray problemBody(const Problem &problem)
{
    return QJsonDocument(problem.toJson()).toJson(QJsonDocument::Compact);
}

std::string head(int status, const QList<QPair<QByteArray, QByteArray>> &headers)
{
    std::string text = "HTTP/1.1 " + std::to_string(status) + " " +
                       std::string(bhttp::obsolete_reason(bhttp::status(status))) + "\r\n";
    for (const auto &[name, value] : headers)
        text += name.toStdString() + ": " + value.toStdString() + "\r\n";
    return text + "\r\n";
}

template<typename Stream>
class Connection;

template<typename Stream>
class ConnectionReply final : public Reply
{
public:
    explicit ConnectionReply(std::shared_ptr<Connection<Stream>> connection)
        : m_connection(connection)
        , m_io(connection->executor())
    {
    }
    void send(const ApiResponse &response, const QString &requestId) override
    {
        post([response, requestId](Connection<Stream> &c) { c.sendAnswer(response, requestId); });
    }
    void startStream(const QByteArray &contentType, bool chunked, const QString &requestId) override
    {
        m_chunked = chunked;
        post([contentType, chunked, requestId](Connection<Stream> &c) {
            c.startStream(contentType, chunked, requestId);
        });
    }
    void write(const QByteArray &bytes) override
    {
        if (bytes.isEmpty())
            return;
        QByteArray framed =
            m_chunked ? QByteArray::number(bytes.size(), 16) + "\r\n" + bytes + "\r\n" : bytes;
        m_unsent += framed.size();
        post([framed = std::move(framed)](Connection<Stream> &c) { c.streamBytes(framed); });
    }
    void finish() override
    {
        post([chunked = m_chunked](Connection<Stream> &c) { c.endStream(chunked); });
    }
    void abort() override
    {
        post([](Connection<Stream> &c) { c.close(); });
    }
    qint64 unsentBytes() const override { return m_unsent.load(); }
    bool isOpen() const override { return m_open.load(); }
    void limitKernelBuffer(int bytes) override
    {
        post([bytes](Connection<Stream> &c) { c.limitKernelBuffer(bytes); });
    }

    std::atomic<qint64> m_unsent{0};
    std::atomic<bool> m_open{true};

private:
    template<typename Work>
    void post(Work work)
    {
        net::post(m_io, [connection = m_connection, work = std::move(work)]() mutable { work(*connection); });
    }
    // Held while the reply is: the connection lives until its answer is given (or its stream ends).
    std::shared_ptr<Connection<Stream>> m_connection;
    net::any_io_executor m_io;
    bool m_chunked = false;
};

// One client connection: requests read one at a time, each answered before the next is read.
template<typename Stream>
class Connection final : public Closable, public std::enable_shared_from_this<Connection<Stream>>
{
public:
    Connection(std::shared_ptr<HttpTransport::State> state, Stream stream, std::string address,
               std::shared_ptr<net::ssl::context> tls = {})
        : m_state(std::move(state))
        , m_tls(std::move(tls))
        , m_stream(std::move(stream))
        , m_address(std::move(address))
    {
        ++m_state->connections;
        ++m_state->perAddress[m_address];
    }
    ~Connection()
    {
        --m_state->connections;
        if (--m_state->perAddress[m_address] == 0)
            m_state->perAddress.erase(m_address);
    }
    net::any_io_executor executor() { return m_stream.get_executor(); }
    beast::tcp_stream &tcp() { return beast::get_lowest_layer(m_stream); }

    void start(bool overCapacity)
    {
        if (overCapacity) {
            refuse(503, Problem{503,
                                "too_many_connections",
                                QStringLiteral("Too many connections"),
                                QStringLiteral("This address, or the platform, has as many connections "
                                               "open as it takes; try again shortly."),
                                {}});
            return;
        }
        if constexpr (std::is_same_v<Stream, beast::tcp_stream>) {
            awaitRequest();
        } else {
            // Whatever is not a TLS handshake (plain HTTP included) gets no answer: the connection closes.
            tcp().expires_after(m_state->limits.headerDeadline);
            m_stream.async_handshake(net::ssl::stream_base::server,
                                     [self = this->shared_from_this()](beast::error_code ec) {
                                         if (ec)
                                             return self->close();
                                         self->awaitRequest();
                                     });
        }
    }

    // A whole answer to the request being served.
    void sendAnswer(const ApiResponse &response, const QString &requestId)
    {
        QList<QPair<QByteArray, QByteArray>> headers = response.headers;
        headers.append({"Content-Type", response.contentType});
        headers.append({"Content-Length", QByteArray::number(response.body.size())});
        headers.append({"X-Request-Id", requestId.toLatin1()});
        headers.append({QByteArray("Cache-Control"), QByteArray("no-store")});
        if (!m_keepAlive)
            headers.append({QByteArray("Connection"), QByteArray("close")});
        std::string bytes = head(response.status, headers);
        if (!m_headRequest)
            bytes += response.body.toStdString();
        m_afterWrite = m_keepAlive ? After::NextRequest : After::Close;
        enqueue(std::move(bytes), false);
    }
    void startStream(const QByteArray &contentType, bool chunked, const QString &requestId)
    {
        m_afterWrite = After::Nothing;
        watchForHangUp();
        QList<QPair<QByteArray, QByteArray>> headers{{"Content-Type", contentType},
                                                     {"Cache-Control", "no-store"},
                                                     {"Connection", "close"},
                                                     {"X-Request-Id", requestId.toLatin1()}};
        if (chunked)
            headers.append({QByteArray("Transfer-Encoding"), QByteArray("chunked")});
        enqueue(head(200, headers), false);
    }
    void streamBytes(const QByteArray &bytes) { enqueue(bytes.toStdString(), true); }
    void endStream(bool chunked)
    {
        if (chunked)
            enqueue("0\r\n\r\n", true);
        m_afterWrite = After::Close;
        if (!m_writing)
            close();
    }
    void limitKernelBuffer(int bytes)
    {
        beast::error_code ignored;
        tcp().socket().set_option(net::socket_base::send_buffer_size(bytes), ignored);
    }

    void close() override
    {
        if (m_closed)
            return;
        m_closed = true;
        beast::error_code ignored;
        if (m_lingerTimer)
            m_lingerTimer->cancel();
        tcp().socket().shutdown(tcp::socket::shutdown_both, ignored);
        tcp().close();
        if (auto reply = m_reply.lock()) {
            reply->m_open = false;
            if (reply->onClosed)
                reply->onClosed();
        }
    }

private:
    enum class After { Nothing, NextRequest, Close, Linger };

    // Waits for the next request's first byte (idle timeout), then gives its headers their deadline.
    void awaitRequest()
    {
        if (m_buffer.size() > 0)
            return readHeader();
        tcp().expires_after(m_state->limits.idleTimeout);
        m_stream.async_read_some(m_buffer.prepare(4096),
                                 [self = this->shared_from_this()](beast::error_code ec, std::size_t n) {
                                     if (ec)
                                         return self->close();
                                     self->m_buffer.commit(n);
                                     self->readHeader();
                                 });
    }

    void readHeader()
    {
        m_parser.emplace();
        m_parser->header_limit(std::uint32_t(m_state->limits.maxHeaderBytes));
        // The route's limit is set once its path is known. (Not boost::none: Beast 1.74 compares a length
        // with the optional limit, and any length is greater than none.)
        m_parser->body_limit(std::numeric_limits<std::uint64_t>::max());
        tcp().expires_after(m_state->limits.headerDeadline);
        bhttp::async_read_header(
            m_stream, m_buffer, *m_parser,
            [self = this->shared_from_this()](beast::error_code ec, std::size_t) { self->onHeader(ec); });
    }

    void onHeader(beast::error_code ec)
    {
        if (ec == bhttp::error::header_limit)
            return refuse(431, headerTooLarge());
        if (ec == bhttp::error::end_of_stream || ec == beast::error::timeout || ec == net::error::eof ||
            ec == net::error::operation_aborted || ec == net::error::connection_reset)
            return close();
        if (ec)
            return refuse(400, malformed(QString::fromStdString(ec.message())));
        const auto &request = m_parser->get();
        // Beast's header_limit holds for what arrives in pieces; a header that arrives whole in one
        // read is measured here (request line, then each field with its ": " and CRLF).
        std::size_t headerBytes = request.method_string().size() + request.target().size() + 12;
        for (const auto &field : request)
            headerBytes += field.name_string().size() + field.value().size() + 4;
        if (headerBytes > m_state->limits.maxHeaderBytes)
            return refuse(431, headerTooLarge());
        // RFC 9112 6.3: a request whose transfer coding does not end in chunked cannot be framed.
        if (request.count(bhttp::field::transfer_encoding) && !m_parser->chunked())
            return refuse(400, malformed(QStringLiteral("Transfer-Encoding must end in chunked.")));
        const beast::string_view target = request.target();
        const beast::string_view path = target.substr(0, target.find('?'));
        const qint64 limit = m_state->bodyLimit(QByteArrayView(path.data(), qsizetype(path.size())));
        if (m_parser->content_length() && qint64(*m_parser->content_length()) > limit)
            return refuse(413, tooLarge(limit));
        m_parser->body_limit(std::uint64_t(limit));
        tcp().expires_after(m_state->limits.bodyDeadline);
        bhttp::async_read(m_stream, m_buffer, *m_parser,
                          [self = this->shared_from_this(), limit](beast::error_code ec, std::size_t) {
                              if (ec == bhttp::error::body_limit)
                                  return self->refuse(413, tooLarge(limit));
                              if (ec == beast::error::timeout || ec == net::error::eof ||
                                  ec == bhttp::error::end_of_stream)
                                  return self->close();
                              if (ec)
                                  return self->refuse(400, malformed(QString::fromStdString(ec.message())));
                              self->onRequest();
                          });
    }

    void onRequest()
    {
        tcp().expires_never();
        const auto &message = m_parser->get();
        m_keepAlive = message.keep_alive();
        m_headRequest = message.method() == bhttp::verb::head;
        ApiRequest request;
        request.method =
            QByteArray(message.method_string().data(), qsizetype(message.method_string().size()));
        const QByteArray target(message.target().data(), qsizetype(message.target().size()));
        const qsizetype question = target.indexOf('?');
        request.path = QUrl::fromPercentEncoding(question < 0 ? target : target.left(question));
        if (question >= 0)
            request.query = QUrlQuery(QString::fromUtf8(target.mid(question + 1)));
        for (const auto &field : message)
            request.headers.insert(
                QByteArray(field.name_string().data(), qsizetype(field.name_string().size())).toLower(),
                QByteArray(field.value().data(), qsizetype(field.value().size())));
        request.body = QByteArray::fromStdString(message.body());
        request.peer = clientAddress(*m_state, m_address, request.headers.value("x-forwarded-for"));
        request.requestId = QString::fromLatin1(request.headers.value("x-request-id"));
        if (request.requestId.isEmpty() || request.requestId.size() > 100)
            request.requestId = QUuid::createUuid().toString(QUuid::WithoutBraces);
        m_parser.reset();
        auto reply = std::make_shared<ConnectionReply<Stream>>(this->shared_from_this());
        m_reply = reply;
        m_state->handle(std::move(request), reply);
    }

    static Problem malformed(const QString &why)
    {
        return Problem{400,
                       contract::ErrorCode::InvalidRequest,
                       QStringLiteral("Malformed request"),
                       QStringLiteral("The request cannot be read as HTTP/1.1: %1").arg(why),
                       {}};
    }
    Problem headerTooLarge() const
    {
        return malformed(QStringLiteral("The request line and headers are over %1 bytes.")
                             .arg(m_state->limits.maxHeaderBytes));
    }
    static Problem tooLarge(qint64 limit)
    {
        return Problem{413,
                       contract::ErrorCode::PayloadTooLarge,
                       QStringLiteral("Payload too large"),
                       QStringLiteral("A request may carry at most %1 bytes.").arg(limit),
                       {}};
    }

    // Answers and closes without reading further: what the client still sends is read and dropped for
    // two seconds first, so that a reset does not destroy the answer before the client reads it.
    void refuse(int status, Problem problem)
    {
        problem.status = status;
        const QByteArray body = problemBody(problem);
        m_afterWrite = After::Linger;
        enqueue(head(status, {{"Content-Type", "application/problem+json"},
                              {"Content-Length", QByteArray::number(body.size())},
                              {"Connection", "close"}}) +
                    body.toStdString(),
                false);
    }

    // While a stream is written nothing else is read: a read that only waits tells when the client goes.
    void watchForHangUp()
    {
        tcp().expires_never();
        m_stream.async_read_some(m_buffer.prepare(4096),
                                 [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                                     self->m_buffer.clear();
                                     if (ec)
                                         return self->close();
                                     if (!self->m_closed)
                                         self->watchForHangUp();
                                 });
    }

    void linger()
    {
        beast::error_code ignored;
        tcp().socket().shutdown(tcp::socket::shutdown_send, ignored);
        tcp().expires_never();
        // Two seconds on a timer of its own, whatever the read does: a client that keeps sending is
        // not heard longer, and the connection never outlives its answer by more.
        m_lingerTimer.emplace(m_stream.get_executor());
        m_lingerTimer->expires_after(std::chrono::seconds(2));
        m_lingerTimer->async_wait([self = this->shared_from_this()](beast::error_code) { self->close(); });
        drain();
    }
    void drain()
    {
        m_stream.async_read_some(m_buffer.prepare(65536),
                                 [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                                     self->m_buffer.clear();
                                     if (ec)
                                         return self->close();
                                     self->drain();
                                 });
    }

    void enqueue(std::string bytes, bool counted)
    {
        if (m_closed)
            return;
        m_queue.push_back({std::move(bytes), counted});
        if (!m_writing)
            writeNext();
    }

    void writeNext()
    {
        if (m_closed)
            return;
        if (m_queue.empty()) {
            m_writing = false;
            switch (std::exchange(m_afterWrite, After::Nothing)) {
            case After::NextRequest:
                return awaitRequest();
            case After::Close:
                return close();
            case After::Linger:
                return linger();
            case After::Nothing:
                return;
            }
            return;
        }
        m_writing = true;
        // A client that stops reading is given the idle deadline for each write, then let go.
        tcp().expires_after(m_state->limits.idleTimeout);
        net::async_write(m_stream, net::buffer(m_queue.front().bytes),
                         [self = this->shared_from_this()](beast::error_code ec, std::size_t written) {
                             if (ec)
                                 return self->close();
                             const bool counted = self->m_queue.front().counted;
                             self->m_queue.pop_front();
                             if (counted) {
                                 if (auto reply = self->m_reply.lock()) {
                                     reply->m_unsent -= qint64(written);
                                     if (reply->onSent)
                                         reply->onSent(qint64(written));
                                 }
                             }
                             self->writeNext();
                         });
    }

    struct Pending {
        std::string bytes;
        bool counted; // stream bytes the reply counts as unsent until written
    };

    std::shared_ptr<HttpTransport::State> m_state;
    std::shared_ptr<net::ssl::context> m_tls; // outlives m_stream, which uses it
    Stream m_stream;
    std::string m_address;
    beast::flat_buffer m_buffer;
    std::optional<bhttp::request_parser<bhttp::string_body>> m_parser;
    std::weak_ptr<ConnectionReply<Stream>> m_reply;
    std::deque<Pending> m_queue;
    std::optional<net::steady_timer> m_lingerTimer;
    After m_afterWrite = After::Nothing;
    bool m_writing = false;
    bool m_closed = false;
    bool m_keepAlive = true;
    bool m_headRequest = false;
};

void accept(const std::shared_ptr<HttpTransport::State> &state)
{
    state->acceptor->async_accept([state](beast::error_code ec, tcp::socket socket) {
        if (ec == net::error::operation_aborted)
            return;
        if (!ec) {
            beast::error_code ignored;
            socket.set_option(tcp::no_delay(true), ignored);
            const std::string address = socket.remote_endpoint(ignored).address().to_string();
            const bool full = state->connections >= state->limits.connections ||
                              (state->perAddress[address] >= state->limits.connectionsPerAddress &&
                               !isTrustedProxy(*state, address));
            std::erase_if(state->open, [](const std::weak_ptr<Closable> &c) { return c.expired(); });
            if (state->tls) {
                using Tls = beast::ssl_stream<beast::tcp_stream>;
                auto tls = std::make_shared<Connection<Tls>>(
                    state, Tls(beast::tcp_stream(std::move(socket)), *state->tls), address, state->tls);
                state->open.push_back(tls);
                tls->start(full);
            } else {
                auto plain = std::make_shared<Connection<beast::tcp_stream>>(
                    state, beast::tcp_stream(std::move(socket)), address);
                state->open.push_back(plain);
                plain->start(full);
            }
        }
        accept(state);
    });
}

} // namespace

HttpTransport::HttpTransport(Handle handle, BodyLimit bodyLimit, TransportLimits limits)
    : m_state(std::make_shared<State>())
{
    m_state->handle = std::move(handle);
    m_state->bodyLimit = std::move(bodyLimit);
    m_state->limits = limits;
    m_state->work.emplace(m_state->io.get_executor());
    m_state->thread = std::thread([state = m_state] { state->io.run(); });
}

HttpTransport::~HttpTransport()
{
    // Every connection closed (its client sees the end at once, never a request left hanging), every
    // operation cancelled with it; the thread ends when nothing is left to run.
    net::post(m_state->io, [state = m_state.get()] {
        beast::error_code ignored;
        if (state->acceptor)
            state->acceptor->close(ignored);
        for (const auto &open : state->open) {
            if (auto connection = open.lock())
                connection->close();
        }
        state->open.clear();
        state->work.reset();
    });
    m_state->thread.join();
}

contract::Result<std::shared_ptr<net::ssl::context>>
HttpTransport::tlsContext(const QByteArray &certificateChainPem, const QByteArray &keyPem)
{
    try {
        auto tls = std::make_shared<net::ssl::context>(net::ssl::context::tls_server);
        tls->set_options(net::ssl::context::default_workarounds | net::ssl::context::no_sslv2 |
                         net::ssl::context::no_sslv3 | net::ssl::context::no_tlsv1 |
                         net::ssl::context::no_tlsv1_1);
        tls->use_certificate_chain(
            net::buffer(certificateChainPem.constData(), std::size_t(certificateChainPem.size())));
        tls->use_private_key(net::buffer(keyPem.constData(), std::size_t(keyPem.size())),
                             net::ssl::context::pem);
        return tls;
    } catch (const boost::system::system_error &error) {
        return Problem{500,
                       "tls_setup_failed",
                       QStringLiteral("Cannot serve HTTPS"),
                       QString::fromStdString(error.what()),
                       {}};
    }
}

contract::Result<contract::Done> HttpTransport::reloadTls(const QByteArray &certificateChainPem,
                                                          const QByteArray &keyPem)
{
    auto tls = tlsContext(certificateChainPem, keyPem);
    if (!tls)
        return tls.problem();
    net::post(m_state->io, [state = m_state, tls = *tls] { state->tls = tls; });
    return contract::Done{};
}

contract::Result<quint16> HttpTransport::listen(const QHostAddress &address, quint16 port,
                                                const QByteArray &certificateChainPem,
                                                const QByteArray &keyPem)
{
    const auto refused = [&](const QString &why) {
        return Problem{
            500,
            "listen_failed",
            QStringLiteral("Cannot listen"),
            QStringLiteral("Cannot listen on %1:%2 (%3).").arg(address.toString()).arg(port).arg(why),
            {}};
    };
    if (!certificateChainPem.isEmpty()) {
        auto tls = tlsContext(certificateChainPem, keyPem);
        if (!tls)
            return refused(tls.problem().detail);
        m_state->tls = *tls;
    }
    beast::error_code ec;
    auto acceptor = std::make_optional<tcp::acceptor>(m_state->io);
    const tcp::endpoint endpoint(net::ip::make_address(address.toString().toStdString(), ec), port);
    if (!ec)
        acceptor->open(endpoint.protocol(), ec);
    if (!ec)
        acceptor->set_option(net::socket_base::reuse_address(true), ec);
    if (!ec)
        acceptor->bind(endpoint, ec);
    if (!ec)
        acceptor->listen(net::socket_base::max_listen_connections, ec);
    if (ec)
        return refused(QStringLiteral("in use, or not allowed"));
    const quint16 bound = acceptor->local_endpoint().port();
    m_state->acceptor = std::move(acceptor);
    net::post(m_state->io, [state = m_state] { accept(state); });
    return bound;
}

} // namespace billing::http
