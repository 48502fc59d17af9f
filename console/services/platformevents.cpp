// SPDX-License-Identifier: Apache-2.0
#include "console/services/platformevents.h"

#include "console/services/platformclient.h"

#include <QJsonDocument>
#include <QNetworkReply>

namespace billing::services {

PlatformEvents::PlatformEvents(PlatformClient *client, QObject *parent)
    : QObject(parent)
    , m_client(client)
{
    m_reconnect.setSingleShot(true);
    connect(&m_reconnect, &QTimer::timeout, this, &PlatformEvents::open);
    m_stall.setSingleShot(true);
    m_stall.setInterval(std::chrono::seconds(45));
    connect(&m_stall, &QTimer::timeout, this, [this] {
        if (m_reply)
            m_reply->abort(); // ends() reconnects
    });
}

PlatformEvents::~PlatformEvents()
{
    // No signal from a destructor: the window that listens is being destroyed too (its members first).
    blockSignals(true);
    stop();
}

void PlatformEvents::start()
{
    if (m_running)
        return;
    m_running = true;
    open();
}

void PlatformEvents::stop()
{
    m_running = false;
    m_reconnect.stop();
    m_stall.stop();
    if (m_reply) {
        QNetworkReply *reply = m_reply;
        m_reply.clear();
        reply->disconnect(this);
        reply->abort();
        reply->deleteLater();
    }
    setLive(false);
}

void PlatformEvents::open()
{
    if (!m_running || m_reply)
        return;
    m_parser.reset();
    m_reply = m_client->openStream(QStringLiteral("/v1/events"), {}, "text/event-stream",
                                   m_parser.lastEventId().toLatin1());
    connect(m_reply, &QNetworkReply::readyRead, this, &PlatformEvents::received);
    connect(m_reply, &QNetworkReply::finished, this, &PlatformEvents::ended);
    m_stall.start();
}

void PlatformEvents::received()
{
    if (!m_reply)
        return;
    if (m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() != 200)
        return; // a refusal: its body is read when it finishes
    m_stall.start();
    m_failures = 0;
    setLive(true);
    for (const ServerSentEvents::Event &event : m_parser.feed(m_reply->readAll())) {
        const QJsonObject json = QJsonDocument::fromJson(event.data).object();
        if (!json.isEmpty())
            Q_EMIT changed(contract::AuditEvent::fromJson(json));
    }
}

void PlatformEvents::ended()
{
    if (!m_reply)
        return;
    m_reply->deleteLater();
    m_reply.clear();
    m_stall.stop();
    setLive(false);
    if (!m_running)
        return;
    // Back off while the platform is away or refuses: 1, 2, 4 … up to 30 s.
    const int serverRetry = m_parser.retryMs() >= 0 ? m_parser.retryMs() : 1000;
    m_reconnect.start(std::min(30000, serverRetry << std::min(m_failures, 5)));
    ++m_failures;
}

void PlatformEvents::setLive(bool live)
{
    if (m_live == live)
        return;
    m_live = live;
    Q_EMIT liveChanged(live);
}

} // namespace billing::services
