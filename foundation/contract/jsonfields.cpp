// SPDX-License-Identifier: Apache-2.0
#include "foundation/contract/jsonfields.h"

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

} // namespace billing::contract::json
