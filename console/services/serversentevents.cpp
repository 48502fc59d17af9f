// SPDX-License-Identifier: Apache-2.0
#include "console/services/serversentevents.h"

namespace billing::services {

QList<ServerSentEvents::Event> ServerSentEvents::feed(const QByteArray &bytes)
{
    QList<Event> completed;
    for (const char c : bytes) {
        if (m_skipLf) {
            m_skipLf = false;
            if (c == '\n')
                continue;
        }
        if (c == '\r' || c == '\n') {
            m_skipLf = c == '\r';
            line(m_pending, completed);
            m_pending.clear();
        } else {
            m_pending += c;
        }
    }
    return completed;
}

void ServerSentEvents::reset()
{
    m_pending.clear();
    m_skipLf = false;
    m_type.clear();
    m_data.clear();
    m_hasData = false;
    m_idBuffer = m_lastEventId;
}

void ServerSentEvents::line(const QByteArray &line, QList<Event> &completed)
{
    if (line.isEmpty()) {
        m_lastEventId = m_idBuffer;
        if (m_hasData)
            completed.append({m_lastEventId, m_type.isEmpty() ? QStringLiteral("message") : m_type, m_data});
        m_type.clear();
        m_data.clear();
        m_hasData = false;
        return;
    }
    if (line.startsWith(':'))
        return;
    const qsizetype colon = line.indexOf(':');
    const QByteArray field = colon < 0 ? line : line.left(colon);
    QByteArray value = colon < 0 ? QByteArray() : line.mid(colon + 1);
    if (value.startsWith(' '))
        value.remove(0, 1);
    if (field == "data") {
        if (m_hasData)
            m_data += '\n';
        m_data += value;
        m_hasData = true;
    } else if (field == "event") {
        m_type = QString::fromUtf8(value);
    } else if (field == "id") {
        if (!value.contains('\0'))
            m_idBuffer = QString::fromUtf8(value);
    } else if (field == "retry") {
        bool ok = false;
        const int ms = value.toInt(&ok);
        if (ok && ms >= 0)
            m_retryMs = ms;
    }
}

} // namespace billing::services
