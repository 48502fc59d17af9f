// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QUrl>

namespace billing::test {

// A TCP relay on 127.0.0.1 between the console and a platform, which a test cuts the way networks
// fail: gone (connections dropped, new ones refused), or answers lost (requests reach the platform,
// which applies them, but what it answers never arrives). It keeps every byte the console sent, so a
// test can read the requests it made.
class TcpRelay final : public QObject
{
    Q_OBJECT
public:
    enum class Mode { Pass, Gone, LoseAnswers };

    explicit TcpRelay(quint16 platformPort, QObject *parent = nullptr);
    ~TcpRelay() override;

    QUrl url() const;
    void setMode(Mode mode);
    // Everything the console sent through the relay, in order of arrival.
    QByteArray sent() const { return m_sent; }

private:
    struct Link {
        QPointer<QTcpSocket> console;
        QPointer<QTcpSocket> platform;
    };
    void accepted();
    void listen();
    static void cut(const Link &link);

    quint16 m_platformPort;
    quint16 m_port = 0;
    QTcpServer m_server;
    Mode m_mode = Mode::Pass;
    QList<Link> m_links;
    QByteArray m_sent;
};

} // namespace billing::test
