// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "console/services/serversentevents.h"
#include "foundation/contract/auditevent.h"

#include <QObject>
#include <QPointer>
#include <QTimer>

#include <chrono>

class QNetworkReply;

namespace billing::services {

class PlatformClient;

// The platform's event stream (GET /v1/events) as signals: every audited change, in order, as it
// commits. A dropped or stalled stream is reopened with Last-Event-ID, so nothing is missed.
class PlatformEvents final : public QObject
{
    Q_OBJECT
public:
    explicit PlatformEvents(PlatformClient *client, QObject *parent = nullptr);
    ~PlatformEvents() override;

    // Opens the stream and keeps it open until stop().
    void start();
    void stop();
    bool isLive() const { return m_live; }
    // The last event received: where a reconnect resumes.
    qint64 lastSeq() const { return m_parser.lastEventId().toLongLong(); }

    // The server sends a comment every 15 s; silence for longer than this means the line is dead.
    void setStallTimeout(std::chrono::milliseconds timeout) { m_stall.setInterval(timeout); }

Q_SIGNALS:
    void changed(const billing::contract::AuditEvent &event);
    void liveChanged(bool live);

private:
    void open();
    void received();
    void ended();
    void setLive(bool live);

    PlatformClient *m_client;
    QPointer<QNetworkReply> m_reply;
    ServerSentEvents m_parser;
    QTimer m_reconnect;
    QTimer m_stall;
    bool m_running = false;
    bool m_live = false;
    int m_failures = 0;
};

} // namespace billing::services
