// SPDX-License-Identifier: Apache-2.0
#include "tests/support/tcprelay.h"

namespace billing::test {

TcpRelay::TcpRelay(quint16 platformPort, QObject *parent)
    : QObject(parent)
    , m_platformPort(platformPort)
{
    connect(&m_server, &QTcpServer::newConnection, this, &TcpRelay::accepted);
    listen();
}

TcpRelay::~TcpRelay()
{
    for (const Link &link : std::as_const(m_links))
        cut(link);
}

QUrl TcpRelay::url() const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_port));
}

void TcpRelay::listen()
{
    // The same port again after an outage, as a platform restarted on its port would be.
    if (!m_server.listen(QHostAddress::LocalHost, m_port))
        qFatal("relay cannot listen on 127.0.0.1:%u: %s", m_port, qPrintable(m_server.errorString()));
    m_port = m_server.serverPort();
}

void TcpRelay::setMode(Mode mode)
{
    if (mode == m_mode)
        return;
    if (mode == Mode::Gone) {
        m_server.close();
        for (const Link &link : std::as_const(m_links))
            cut(link);
        m_links.clear();
    } else if (m_mode == Mode::Gone) {
        listen();
    }
    m_mode = mode;
}

void TcpRelay::cut(const Link &link)
{
    if (link.console)
        link.console->abort();
    if (link.platform)
        link.platform->abort();
}

void TcpRelay::accepted()
{
    while (QTcpSocket *console = m_server.nextPendingConnection()) {
        auto *platform = new QTcpSocket(console);
        const Link link{console, platform};
        m_links.append(link);
        connect(console, &QTcpSocket::readyRead, this, [this, link] {
            const QByteArray bytes = link.console->readAll();
            m_sent += bytes;
            link.platform->write(bytes); // held until connected
        });
        connect(platform, &QTcpSocket::readyRead, this, [this, link] {
            const QByteArray bytes = link.platform->readAll();
            if (m_mode == Mode::LoseAnswers)
                return cut(link);
            link.console->write(bytes);
        });
        // Either side closing closes the other, once what it wrote is passed on.
        connect(console, &QTcpSocket::disconnected, platform, &QTcpSocket::disconnectFromHost);
        connect(platform, &QTcpSocket::disconnected, console, &QTcpSocket::disconnectFromHost);
        connect(platform, &QTcpSocket::errorOccurred, console, [link](QAbstractSocket::SocketError error) {
            if (error != QAbstractSocket::RemoteHostClosedError)
                link.console->abort();
        });
        connect(console, &QTcpSocket::disconnected, console, &QObject::deleteLater);
        platform->connectToHost(QHostAddress::LocalHost, m_platformPort);
    }
}

} // namespace billing::test
