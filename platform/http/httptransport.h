// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "foundation/contract/result.h"
#include "platform/http/apirequest.h"
#include "platform/http/apiresponse.h"

#include <QHostAddress>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace boost::asio::ssl {
class context;
}

namespace billing::http {

// One request's way back to its client, from any thread: a whole answer, or a streamed body. The
// connection reads its next request only once the answer is sent, so answers leave in request order.
class Reply
{
public:
    virtual ~Reply() = default;
    // A whole answer; the connection stays open for the next request unless either side said close.
    virtual void send(const ApiResponse &response, const QString &requestId) = 0;
    // A streamed answer: the head now, the body by write(), ended by finish() (chunked) or by the
    // connection closing.
    virtual void startStream(const QByteArray &contentType, bool chunked, const QString &requestId) = 0;
    virtual void write(const QByteArray &bytes) = 0;
    virtual void finish() = 0;
    virtual void abort() = 0;
    virtual qint64 unsentBytes() const = 0;
    virtual bool isOpen() const = 0;
    virtual void limitKernelBuffer(int bytes) = 0;
    // Called on the transport's thread: bytes of the stream sent; the connection gone.
    std::function<void(qint64)> onSent;
    std::function<void()> onClosed;
};

// The limits every connection is held to (RFC 9112 framing is Beast's and the checks around it).
struct TransportLimits {
    std::chrono::seconds headerDeadline{10}; // a request's line and headers, from its first byte
    std::chrono::seconds idleTimeout{
        60}; // a kept-alive connection waiting for its next request, or each write of an answer
    std::chrono::seconds bodyDeadline{30};
    std::size_t maxHeaderBytes = 16 << 10;
    int connectionsPerAddress = 64;
    int connections = 2048;
    // Balancers in front (numeric addresses as connections come from them): their connections carry
    // many clients, so they are not held to connectionsPerAddress, and a request's client is the last
    // address of its X-Forwarded-For (what the balancer saw), for the per-address limits and the trail.
    std::vector<std::string> trustedProxies;
};

// The platform's HTTP/1.1 server on Boost.Beast/Asio, on a thread of its own. It parses, frames and
// guards; what a request means is the ApiServer's (`handle` is called on the transport's thread and
// must hand the work on at once).
class HttpTransport
{
public:
    using Handle = std::function<void(ApiRequest request, std::shared_ptr<Reply> reply)>;
    using BodyLimit = std::function<qint64(QByteArrayView path)>;

    HttpTransport(Handle handle, BodyLimit bodyLimit, TransportLimits limits = {});
    ~HttpTransport();
    Q_DISABLE_COPY_MOVE(HttpTransport)

    // With `certificateChainPem` and `keyPem`, HTTPS. Answers the bound port.
    contract::Result<quint16> listen(const QHostAddress &address, quint16 port,
                                     const QByteArray &certificateChainPem = {},
                                     const QByteArray &keyPem = {});

    // New connections get this certificate chain and key from now on; open ones keep theirs. Nothing
    // changes when the PEMs are refused.
    contract::Result<contract::Done> reloadTls(const QByteArray &certificateChainPem,
                                               const QByteArray &keyPem);

    struct State; // the transport's Asio side, shared with its connections

private:
    static contract::Result<std::shared_ptr<boost::asio::ssl::context>>
    tlsContext(const QByteArray &certificateChainPem, const QByteArray &keyPem);
    std::shared_ptr<State> m_state;
};

} // namespace billing::http
