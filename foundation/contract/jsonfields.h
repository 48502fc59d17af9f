// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QDateTime>
#include <QJsonValue>
#include <QString>

#include <optional>

// Small helpers every codec uses, so time and null travel one way only.
namespace billing::contract::json {

// Times travel as ISO 8601 UTC with milliseconds; inside both programs they are ms since the epoch.
QJsonValue time(qint64 msecsSinceEpoch); // 0 → null
// The same instant as text, exactly as QDateTime's Qt::ISODateWithMs in UTC writes it
// ("2026-11-23T16:47:43.950Z"; empty for 0), but without QDateTime: a page of workspaces carries
// hundreds of times and an audit verification a million.
QByteArray timeText(qint64 msecsSinceEpoch);
qint64 time(const QJsonValue &value);     // null/invalid → 0
QJsonValue nullable(const QString &text); // empty → null
QString text(const QJsonValue &value);    // null → empty

// The first key that an object of this well-formed JSON text names twice, as decoded ("a" and
// "\u0061" are one key); none when no object repeats a key. Qt keeps the last of them silently,
// and a body that says two things must not be applied as either.
std::optional<QString> duplicateKey(const QByteArray &json);

} // namespace billing::contract::json
