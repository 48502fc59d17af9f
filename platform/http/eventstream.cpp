// SPDX-License-Identifier: Apache-2.0
#include "platform/http/eventstream.h"

#include "platform/domain/billingplatform.h"
#include "platform/http/apiserver.h"

#include <QJsonDocument>
#include <QtConcurrent>

#include <algorithm>

namespace billing::http {

EventStream::EventStream(std::shared_ptr<domain::BillingPlatform> platform, QObject *parent)
    : QObject(parent)
    , m_platform(std::move(platform))
{
    m_reads.setMaxThreadCount(1);
    m_reads.setExpiryTimeout(-1); // keeps its database connection
    // Commits happen on request threads; the read they ask for happens here, in order.
    m_commitListener = m_platform->runner().onCommitted(
        [this](qint64) { QMetaObject::invokeMethod(this, &EventStream::wake, Qt::QueuedConnection); });
    m_poll.setInterval(1000);
    connect(&m_poll, &QTimer::timeout, this, &EventStream::wake);
    m_heartbeat.setInterval(HeartbeatMs);
    connect(&m_heartbeat, &QTimer::timeout, this, &EventStream::heartbeat);
}

EventStream::~EventStream()
{
    m_platform->runner().forgetCommitListener(m_commitListener);
    m_reads.waitForDone();
}

QByteArray EventStream::frame(const contract::AuditEvent &event)
{
    return "id: " + QByteArray::number(event.seq) + "\nevent: " + event.targetType.toUtf8() +
           "\ndata: " + QJsonDocument(event.toJson()).toJson(QJsonDocument::Compact) + "\n\n";
}

void EventStream::attach(ServerStream *stream, qint64 afterSeq)
{
    // Tells the client how soon to reconnect and where it starts, and opens the body at once: a client
    // that hears no event before the line drops still resumes from here, missing nothing.
    stream->limitKernelBuffer(256 << 10);
    stream->write("retry: 1000\nid: " + QByteArray::number(afterSeq) + "\n\n");
    m_listeners.append({stream, afterSeq});
    if (!m_poll.isActive()) {
        m_poll.start();
        m_heartbeat.start();
    }
    wake();
}

void EventStream::wake()
{
    if (m_reading) {
        m_again = true;
        return;
    }
    read();
}

void EventStream::read()
{
    m_listeners.removeIf([](const Listener &l) { return !l.stream || !l.stream->isOpen(); });
    if (m_listeners.isEmpty()) {
        m_poll.stop();
        m_heartbeat.stop();
        return;
    }
    qint64 from = m_listeners.first().after;
    for (const Listener &l : std::as_const(m_listeners))
        from = std::min(from, l.after);
    m_reading = true;
    m_again = false;
    QtConcurrent::run(&m_reads, [platform = m_platform, from] {
        Batch batch;
        auto head = platform->auditHead();
        if (!head) {
            batch.failed = true;
            return batch;
        }
        batch.head = head->seq;
        batch.from = std::min(from, batch.head);
        if (batch.from >= batch.head)
            return batch;
        contract::AuditEventQuery filter;
        filter.afterSeq = batch.from;
        filter.limit = BatchSize;
        filter.withTotal = false;
        auto page = platform->auditEvents(filter);
        if (!page)
            batch.failed = true;
        else
            batch.events = page->items;
        return batch;
    }).then(this, [this](const Batch &batch) {
        m_reading = false;
        const bool movedOn = deliver(batch);
        // A full batch means more is waiting; unless every listener is behind a slow socket, in which
        // case the next poll tries again.
        const bool more = !batch.failed && batch.events.size() == BatchSize && movedOn;
        if (more || m_again)
            read();
    });
}

bool EventStream::deliver(const Batch &batch)
{
    if (batch.failed)
        return false; // the next wake or poll tries again from the same place
    bool movedOn = false;
    const qint64 reached = batch.events.isEmpty() ? batch.from : batch.events.last().seq;
    for (Listener &l : m_listeners) {
        if (!l.stream || !l.stream->isOpen())
            continue;
        if (l.after > batch.head) {
            l.after = batch.head; // it names an event this database never had (it was replaced): from now on
            continue;
        }
        if (l.after < batch.from)
            continue; // behind this batch's start; the next read starts at it
        if (l.stream->unsentBytes() > MaxUnsentBytes) {
            l.stream->abort(); // closed() follows; the next read forgets it
            continue;
        }
        QByteArray frames;
        for (const contract::AuditEvent &event : batch.events) {
            if (event.seq > l.after)
                frames += frame(event);
        }
        if (!frames.isEmpty())
            l.stream->write(frames);
        movedOn = movedOn || reached > l.after;
        l.after = std::max(l.after, reached);
    }
    return movedOn;
}

void EventStream::heartbeat()
{
    // A comment line keeps proxies from closing an idle stream and shows the client it is alive.
    for (const Listener &l : std::as_const(m_listeners)) {
        if (l.stream && l.stream->isOpen())
            l.stream->write(": keep-alive\n\n");
    }
}

} // namespace billing::http
