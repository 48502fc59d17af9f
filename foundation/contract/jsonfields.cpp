// SPDX-License-Identifier: Apache-2.0
#include "foundation/contract/jsonfields.h"

#include <QSet>

namespace billing::contract::json {

QByteArray timeText(qint64 ms)
{
    constexpr qint64 DayMs = 86'400'000;
    constexpr qint64 First = -62'135'596'800'000; // 0001-01-01
    constexpr qint64 Last = 253'402'300'799'999;  // 9999-12-31T23:59:59.999
    if (ms == 0)
        return {};
    if (ms < First || ms > Last)
        return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs).toLatin1();
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
    char text[] = "YYYY-MM-DDThh:mm:ss.sssZ";
    const auto two = [&](int at, int value) {
        text[at] = char('0' + value / 10);
        text[at + 1] = char('0' + value % 10);
    };
    two(0, year / 100);
    two(2, year % 100);
    two(5, month);
    two(8, day);
    two(11, int(rest / 3'600'000));
    two(14, int(rest / 60'000 % 60));
    two(17, int(rest / 1000 % 60));
    text[20] = char('0' + rest % 1000 / 100);
    two(21, int(rest % 100));
    return QByteArray(text, sizeof text - 1);
}

QJsonValue time(qint64 msecsSinceEpoch)
{
    if (msecsSinceEpoch == 0)
        return QJsonValue::Null;
    return QString::fromLatin1(timeText(msecsSinceEpoch));
}

qint64 time(const QJsonValue &value)
{
    if (!value.isString())
        return 0;
    const QDateTime t = QDateTime::fromString(value.toString(), Qt::ISODateWithMs);
    return t.isValid() ? t.toMSecsSinceEpoch() : 0;
}

QJsonValue nullable(const QString &text)
{
    return text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
}

QString text(const QJsonValue &value)
{
    return value.isString() ? value.toString() : QString();
}

namespace {
// Reads the JSON string starting at `at` (its opening quote), decoded; `at` ends past its closing quote.
QString readString(const QByteArray &json, qsizetype &at)
{
    QByteArray utf8;
    QString decoded;
    const auto flush = [&] {
        decoded += QString::fromUtf8(utf8);
        utf8.clear();
    };
    for (++at; at < json.size() && json[at] != '"'; ++at) {
        if (json[at] != '\\') {
            utf8 += json[at];
            continue;
        }
        const char escaped = json[++at];
        if (escaped != 'u') {
            static const QByteArray from = "\"\\/bfnrt", to = "\"\\/\b\f\n\r\t";
            utf8 += to[from.indexOf(escaped)];
            continue;
        }
        flush();
        // One UTF-16 unit; a character beyond it is two escapes, its surrogate pair.
        decoded += QChar(char16_t(json.mid(at + 1, 4).toUShort(nullptr, 16)));
        at += 4;
    }
    ++at;
    flush();
    return decoded;
}
} // namespace

std::optional<QString> duplicateKey(const QByteArray &json)
{
    // One set of keys per open object; arrays push none. The text is well-formed (it parsed), so a
    // string right after '{' or after ',' inside an object is a key.
    struct Level {
        bool object;
        QSet<QString> keys;
    };
    QList<Level> levels;
    bool keyNext = false;
    for (qsizetype at = 0; at < json.size();) {
        const char c = json[at];
        if (c == '"') {
            const QString text = readString(json, at);
            if (keyNext) {
                if (levels.last().keys.contains(text))
                    return text;
                levels.last().keys.insert(text);
                keyNext = false;
            }
            continue;
        }
        if (c == '{' || c == '[') {
            levels.append(Level{c == '{', {}});
            keyNext = c == '{';
        } else if (c == '}' || c == ']') {
            levels.removeLast();
            keyNext = false;
        } else if (c == ',') {
            keyNext = !levels.isEmpty() && levels.last().object;
        }
        ++at;
    }
    return std::nullopt;
}

} // namespace billing::contract::json
