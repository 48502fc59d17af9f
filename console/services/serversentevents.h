// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

namespace billing::services {

// Reads a text/event-stream as it arrives (WHATWG HTML, "Server-sent events"): lines end in LF, CR or
// CRLF; "field: value" lines build an event; a blank line dispatches it; ":" lines are comments.
class ServerSentEvents
{
public:
    struct Event {
        QString id;   // the last id named, carried over to events that name none
        QString type; // "message" when the event names none
        QByteArray data;
    };

    // Feeds received bytes; answers the events they complete, in order.
    QList<Event> feed(const QByteArray &bytes);

    // The id of the last event completed: what a reconnect sends as Last-Event-ID.
    QString lastEventId() const { return m_lastEventId; }
    int retryMs() const { return m_retryMs; } // -1 until the server says
    void reset(); // a new connection: what was half-received is dropped, the last id is kept

private:
    void line(const QByteArray &line, QList<Event> &completed);

    QByteArray m_pending;
    bool m_skipLf = false;
    QString m_lastEventId;
    QString m_idBuffer; // the id named by the event being received
    QString m_type;
    QByteArray m_data;
    bool m_hasData = false;
    int m_retryMs = -1;
};

} // namespace billing::services
