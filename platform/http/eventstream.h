// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "foundation/contract/auditevent.h"

#include <QObject>
#include <QPointer>
#include <QThreadPool>
#include <QTimer>

#include <memory>

namespace billing::domain {
class BillingPlatform;
}

namespace billing::http {

class ServerStream;

// GET /v1/events: the audit trail as server-sent events. Each event's id is its audit sequence number,
// so a client that reconnects with Last-Event-ID misses nothing. Commits wake the stream at once; a
// poll every second also catches what another process wrote to the same database.
class EventStream final : public QObject
{
    Q_OBJECT
public:
    explicit EventStream(std::shared_ptr<domain::BillingPlatform> platform, QObject *parent = nullptr);
    ~EventStream() override;

    // Starts sending on `stream` the events after `afterSeq`.
    void attach(ServerStream *stream, qint64 afterSeq);

    static constexpr int BatchSize = 500;
    static constexpr int HeartbeatMs = 15000;
    // A listener with more than this still unsent has stopped reading: it is cut off (it reconnects
    // with Last-Event-ID when it reads again), so that it holds back neither memory nor the others,
    // who are all served from one read of the trail.
    static constexpr qint64 MaxUnsentBytes = 4 << 20;

    // One event as an SSE frame: "id", "event" (its target type) and "data" (its JSON).
    static QByteArray frame(const contract::AuditEvent &event);

private:
    struct Listener {
        QPointer<ServerStream> stream;
        qint64 after = 0; // the last sequence number sent
    };
    struct Batch {
        qint64 head = 0;
        qint64 from = 0;
        QList<contract::AuditEvent> events;
        bool failed = false;
    };
    void wake();
    void read();
    // Answers whether any listener moved on.
    bool deliver(const Batch &batch);
    void heartbeat();

    std::shared_ptr<domain::BillingPlatform> m_platform;
    int m_commitListener = 0;
    QList<Listener> m_listeners;
    QThreadPool m_reads; // one thread: reads run one after another
    QTimer m_poll;
    QTimer m_heartbeat;
    bool m_reading = false;
    bool m_again = false;
};

} // namespace billing::http
