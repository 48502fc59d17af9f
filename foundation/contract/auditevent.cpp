// SPDX-License-Identifier: Apache-2.0
#include "foundation/contract/auditevent.h"

#include "foundation/contract/jsonfields.h"
#include "foundation/contract/sha256.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace billing::contract {

namespace {
// A JSON string literal, escaped as RFC 8259 requires; runs of plain bytes are copied at once.
void appendString(QByteArray &out, const QString &text)
{
    const QByteArray utf8 = text.toUtf8();
    out += '"';
    const char *run = utf8.constData();
    const char *const end = run + utf8.size();
    for (const char *p = run; p != end; ++p) {
        const uchar c = uchar(*p);
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        out.append(run, p - run);
        run = p + 1;
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            out += QByteArray("\\u00") + QByteArray::number(c, 16).rightJustified(2, '0');
        }
    }
    out.append(run, end - run);
    out += '"';
}

// The instant as json::time writes it, quoted ("" for 0).
void appendTime(QByteArray &out, qint64 ms)
{
    out += '"';
    out += json::timeText(ms);
    out += '"';
}
} // namespace

QByteArray AuditEvent::encodeState(const QJsonValue &state)
{
    if (state.isObject())
        return QJsonDocument(state.toObject()).toJson(QJsonDocument::Compact);
    if (state.isArray())
        return QJsonDocument(state.toArray()).toJson(QJsonDocument::Compact);
    return QByteArrayLiteral("null");
}

QByteArray AuditEvent::canonicalBytes() const
{
    QByteArray out;
    out.reserve(256 + before.size() + after.size());
    out += '[';
    out += QByteArray::number(seq);
    out += ',';
    appendTime(out, at);
    for (const QString *text : {&actor, &action, &targetType, &targetId}) {
        out += ',';
        appendString(out, *text);
    }
    out += ',';
    out += before.isEmpty() ? QByteArrayLiteral("null") : before;
    out += ',';
    out += after.isEmpty() ? QByteArrayLiteral("null") : after;
    for (const QString *text : {&note, &requestId, &prevHash}) {
        out += ',';
        appendString(out, *text);
    }
    out += ']';
    return out;
}

QString AuditEvent::computeHash() const
{
    return QString::fromLatin1(Sha256::of(canonicalBytes()).toHex());
}

namespace {
QJsonValue stateValue(const QByteArray &text)
{
    const QJsonDocument doc = QJsonDocument::fromJson(text);
    if (doc.isObject())
        return doc.object();
    if (doc.isArray())
        return doc.array();
    return QJsonValue::Null;
}
} // namespace

QJsonObject AuditEvent::toJson() const
{
    return {{"seq", seq},
            {"at", json::time(at)},
            {"actor", actor},
            {"action", action},
            {"target_type", targetType},
            {"target_id", targetId},
            {"before", stateValue(before)},
            {"after", stateValue(after)},
            {"note", json::nullable(note)},
            {"request_id", json::nullable(requestId)},
            {"prev_hash", prevHash},
            {"hash", hash}};
}

AuditEvent AuditEvent::fromJson(const QJsonObject &o)
{
    AuditEvent e;
    e.seq = o.value("seq").toInteger();
    e.at = json::time(o.value("at"));
    e.actor = o.value("actor").toString();
    e.action = o.value("action").toString();
    e.targetType = o.value("target_type").toString();
    e.targetId = o.value("target_id").toString();
    e.before = encodeState(o.value("before"));
    e.after = encodeState(o.value("after"));
    e.note = json::text(o.value("note"));
    e.requestId = json::text(o.value("request_id"));
    e.prevHash = o.value("prev_hash").toString();
    e.hash = o.value("hash").toString();
    return e;
}

} // namespace billing::contract
