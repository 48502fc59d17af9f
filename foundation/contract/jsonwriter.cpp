// SPDX-License-Identifier: Apache-2.0
#include "foundation/contract/jsonwriter.h"

#include "foundation/contract/jsonfields.h"

namespace billing::contract {

void JsonWriter::separate()
{
    if (m_afterValue)
        m_out += ',';
}

JsonWriter &JsonWriter::open(char bracket)
{
    separate();
    m_out += bracket;
    m_afterValue = false;
    return *this;
}

JsonWriter &JsonWriter::close(char bracket)
{
    m_out += bracket;
    m_afterValue = true;
    return *this;
}

JsonWriter &JsonWriter::key(const char *name)
{
    separate();
    m_out += '"';
    m_out += name;
    m_out += "\":";
    m_afterValue = false;
    return *this;
}

JsonWriter &JsonWriter::string(const QString &text)
{
    separate();
    // Qt's escaping: quote, backslash and the control characters; everything else as UTF-8.
    static constexpr char hex[] = "0123456789abcdef";
    const QByteArray utf8 = text.toUtf8();
    m_out.reserve(m_out.size() + utf8.size() + 2);
    m_out += '"';
    for (const char c : utf8) {
        const auto u = uchar(c);
        if (u >= 0x20 && c != '"' && c != '\\') {
            m_out += c;
            continue;
        }
        m_out += '\\';
        switch (c) {
        case '"':
        case '\\':
            m_out += c;
            break;
        case '\b':
            m_out += 'b';
            break;
        case '\f':
            m_out += 'f';
            break;
        case '\n':
            m_out += 'n';
            break;
        case '\r':
            m_out += 'r';
            break;
        case '\t':
            m_out += 't';
            break;
        default:
            m_out += "u00";
            m_out += hex[u >> 4];
            m_out += hex[u & 0xf];
        }
    }
    m_out += '"';
    m_afterValue = true;
    return *this;
}

JsonWriter &JsonWriter::nullableString(const QString &text)
{
    return text.isEmpty() ? null() : string(text);
}

JsonWriter &JsonWriter::time(qint64 msecsSinceEpoch)
{
    if (msecsSinceEpoch == 0)
        return null();
    separate();
    m_out += '"';
    m_out += json::timeText(msecsSinceEpoch);
    m_out += '"';
    m_afterValue = true;
    return *this;
}

JsonWriter &JsonWriter::integer(qint64 value)
{
    separate();
    m_out += QByteArray::number(value);
    m_afterValue = true;
    return *this;
}

JsonWriter &JsonWriter::null()
{
    separate();
    m_out += "null";
    m_afterValue = true;
    return *this;
}

JsonWriter &JsonWriter::raw(const QByteArray &json)
{
    separate();
    m_out += json;
    m_afterValue = true;
    return *this;
}

} // namespace billing::contract
