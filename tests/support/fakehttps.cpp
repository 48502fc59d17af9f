// SPDX-License-Identifier: Apache-2.0
#include "tests/support/fakehttps.h"

#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>

#include <memory>

namespace billing::test {

QByteArray FakeHttps::Request::header(const QByteArray &name) const
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

class FakeHttps::Server : public QObject
{
public:
    Server(Handler handler, const TestCertificates::Issued &identity)
        : m_handler(std::move(handler))
    {
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.setLocalCertificate(QSslCertificate(identity.certificatePem));
        tls.setPrivateKey(QSslKey(identity.keyPem, QSsl::Ec));
        tls.setPeerVerifyMode(QSslSocket::VerifyNone);
        m_server.setSslConfiguration(tls);
        QObject::connect(&m_server, &QTcpServer::pendingConnectionAvailable, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection())
                serve(socket);
        });
        m_server.listen(QHostAddress::LocalHost, 0);
    }
    quint16 port() const { return m_server.serverPort(); }

private:
    void serve(QTcpSocket *socket)
    {
        socket->setParent(this);
        // Gone once the client is: a benchmark makes thousands of connections.
        QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        auto buffer = std::make_shared<QByteArray>();
        QObject::connect(socket, &QTcpSocket::readyRead, this, [this, socket, buffer] {
            buffer->append(socket->readAll());
            const qsizetype end = buffer->indexOf("\r\n\r\n");
            if (end < 0)
                return;
            Request r;
            const QList<QByteArray> lines = buffer->left(end).split('\n');
            const QList<QByteArray> start = lines.value(0).trimmed().split(' ');
            r.method = start.value(0);
            const QByteArray target = start.value(1);
            const qsizetype question = target.indexOf('?');
            r.path = question < 0 ? target : target.left(question);
            r.query = question < 0 ? QByteArray() : target.mid(question + 1);
            for (qsizetype i = 1; i < lines.size(); ++i) {
                const QByteArray line = lines.at(i).trimmed();
                const qsizetype colon = line.indexOf(':');
                if (colon > 0)
                    r.headers.append({line.left(colon).trimmed(), line.mid(colon + 1).trimmed()});
            }
            const qsizetype length = r.header("content-length").toLongLong();
            if (buffer->size() < end + 4 + length)
                return;
            r.body = buffer->mid(end + 4, length);
            buffer->clear();
            const std::optional<Answer> answer = m_handler(r);
            if (!answer)
                return; // the socket stays open, silent
            QByteArray head = "HTTP/1.1 " + QByteArray::number(answer->status) +
                              (answer->status < 300 ? " OK" : " Error") +
                              "\r\nContent-Length: " + QByteArray::number(answer->body.size()) +
                              "\r\nConnection: close\r\n";
            for (const auto &[name, value] : answer->headers)
                head += name + ": " + value + "\r\n";
            socket->write(head + "\r\n" + answer->body);
            socket->disconnectFromHost();
        });
    }

    Handler m_handler;
    QSslServer m_server;
};

FakeHttps::FakeHttps(Handler handler)
{
    const TestCertificates::Issued identity = m_certificates.issue({QStringLiteral("127.0.0.1")});
    m_context.moveToThread(&m_thread);
    m_thread.start();
    QMetaObject::invokeMethod(
        &m_context,
        [this, identity, handler = std::move(handler)] {
            m_server = new Server(handler, identity);
            m_port = m_server->port();
        },
        Qt::BlockingQueuedConnection);
}

FakeHttps::~FakeHttps()
{
    QMetaObject::invokeMethod(
        &m_context, [this] { delete m_server; }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

QUrl FakeHttps::url() const
{
    return QUrl(QStringLiteral("https://127.0.0.1:%1").arg(m_port));
}

} // namespace billing::test
