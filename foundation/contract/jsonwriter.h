// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>
#include <QString>

namespace billing::contract {

// Compact JSON written straight into bytes, for what the API answers most often (a page of
// workspaces): building a QJsonObject per row cost a third of a page request. It writes exactly what
// QJsonDocument::toJson(Compact) would write for the same value, provided keys come in Qt's order
// (sorted) — tests check that Qt, reading and writing it again, changes no byte.
class JsonWriter
{
public:
    JsonWriter &beginObject() { return open('{'); }
    JsonWriter &endObject() { return close('}'); }
    JsonWriter &beginArray() { return open('['); }
    JsonWriter &endArray() { return close(']'); }
    // The next member's name: plain ASCII, no escaping needed.
    JsonWriter &key(const char *name);

    JsonWriter &string(const QString &text);
    JsonWriter &nullableString(const QString &text); // empty → null
    JsonWriter &time(qint64 msecsSinceEpoch);        // as json::time: 0 → null
    JsonWriter &integer(qint64 value);
    JsonWriter &null();
    // A value already written as JSON (an object or array).
    JsonWriter &raw(const QByteArray &json);

    const QByteArray &bytes() const { return m_out; }
    QByteArray take() { return std::move(m_out); }
    void reserve(qsizetype bytes) { m_out.reserve(bytes); }

private:
    void separate();
    JsonWriter &open(char bracket);
    JsonWriter &close(char bracket);

    QByteArray m_out;
    bool m_afterValue = false; // a value was written at this level: the next one needs a comma
};

} // namespace billing::contract
