// SPDX-License-Identifier: Apache-2.0
#include "foundation/contract/jsonfields.h"

#include <QSet>

namespace billing::contract::json {

QJsonValue time(qint64 msecsSinceEpoch)
{
    if (msecsSinceEpoch == 0)
        return QJsonValue::Null;
    return QDateTime::fromMSecsSinceEpoch(msecsSinceEpoch, Qt::UTC).toString(Qt::ISODateWithMs);
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
