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

// The instant as json::time writes it ("2026-11-23T16:47:43.950Z", "" for 0), without QDateTime:
// verifying a million events formats a million instants.
void appendTime(QByteArray &out, qint64 ms)
{
    constexpr qint64 DayMs = 86'400'000;
    constexpr qint64 First = -62'135'596'800'000; // 0001-01-01
    constexpr qint64 Last = 253'402'300'799'999;  // 9999-12-31T23:59:59.999
    if (ms == 0 || ms < First || ms > Last) {
        appendString(out, json::time(ms).toString());
        return;
    }
    qint64 days = ms / DayMs;
    qint64 rest = ms % DayMs;
    if (rest < 0) {
        rest += DayMs;
        --days;
    }
    // Howard Hinnant's civil_from_days.
    days += 719468;
    const qint64 era = (days >= 0 ? days : days - 146096) / 146097;
    const qint64 dayOfEra = days - era * 146097;
    const qint64 yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
    const qint64 dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    const qint64 mp = (5 * dayOfYear + 2) / 153;
    const int day = int(dayOfYear - (153 * mp + 2) / 5 + 1);
    const int month = int(mp < 10 ? mp + 3 : mp - 9);
    const int year = int(yearOfEra + era * 400 + (month <= 2));
    char text[26];
    const auto two = [&](int at, int value) {
        text[at] = char('0' + value / 10);
        text[at + 1] = char('0' + value % 10);
    };
    two(0, year / 100);
    two(2, year % 100);
    text[4] = '-';
    two(5, month);
    text[7] = '-';
    two(8, day);
    text[10] = 'T';
    two(11, int(rest / 3'600'000));
    text[13] = ':';
    two(14, int(rest / 60'000 % 60));
    text[16] = ':';
    two(17, int(rest / 1000 % 60));
    text[19] = '.';
    text[20] = char('0' + rest % 1000 / 100);
    two(21, int(rest % 100));
    text[23] = 'Z';
    text[24] = '"';
    out += '"';
    out.append(text, 25);
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
