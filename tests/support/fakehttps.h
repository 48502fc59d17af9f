// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "tests/support/testcertificates.h"

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QThread>
#include <QUrl>

#include <functional>
#include <optional>

namespace billing::test {

// An HTTPS server on 127.0.0.1 with a certificate of its own test CA, on a thread of its own, that hands
// each request to `answer`: what the fake marketplaces are built on. One request per connection.
class FakeHttps
{
public:
    struct Request {
        QByteArray method, path, query, body;
        QList<QPair<QByteArray, QByteArray>> headers; // as received, in order
        QByteArray header(const QByteArray &name) const;
    };
    struct Answer {
        int status = 200;
        QByteArray body;
        QList<QPair<QByteArray, QByteArray>> headers;
    };
    // Called on the server's thread; std::nullopt leaves the connection open and silent.
    using Handler = std::function<std::optional<Answer>(const Request &)>;

    explicit FakeHttps(Handler handler);
    ~FakeHttps();

    QUrl url() const;
    QByteArray authorityPem() const { return m_certificates.authorityPem(); }

private:
    class Server;
    TestCertificates m_certificates;
    QThread m_thread;
    QObject m_context; // lives on m_thread: what runs there is queued to it
    Server *m_server = nullptr;
    quint16 m_port = 0;
};

} // namespace billing::test
