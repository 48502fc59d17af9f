// SPDX-License-Identifier: Apache-2.0
#include "foundation/contract/queryparameters.h"

#include "foundation/contract/jsonfields.h"
#include "foundation/contract/page.h"

namespace billing::contract::parameters {

Result<Done> onlyKnown(const QUrlQuery &query, const QStringList &known)
{
    for (const auto &item : query.queryItems()) {
        if (!known.contains(item.first))
            return Problem::invalidRequest(item.first,
                                           QStringLiteral("Unknown parameter \"%1\".").arg(item.first));
    }
    return Done{};
}

Result<QString> oneOf(const QUrlQuery &query, const char *name, const QStringList &allowed)
{
    const QString value = text(query, name);
    if (!value.isEmpty() && !allowed.contains(value))
        return Problem::invalidRequest(
            QLatin1String(name),
            QStringLiteral("\"%1\" must be one of: %2.").arg(QLatin1String(name), allowed.join(", ")));
    return value;
}

Result<qint64> integer(const QUrlQuery &query, const char *name, qint64 fallback, qint64 min, qint64 max)
{
    if (!query.hasQueryItem(QLatin1String(name)))
        return fallback;
    bool ok = false;
    const qint64 value = text(query, name).toLongLong(&ok);
    if (!ok || value < min || value > max)
        return Problem::invalidRequest(QLatin1String(name),
                                       QStringLiteral("\"%1\" must be a whole number from %2 to %3.")
                                           .arg(QLatin1String(name))
                                           .arg(min)
                                           .arg(max));
    return value;
}

Result<QString> search(const QUrlQuery &query, const char *name)
{
    const QString value = text(query, name).trimmed();
    if (value.size() > MaxSearchLength)
        return Problem::invalidRequest(QLatin1String(name),
                                       QStringLiteral("\"%1\" is longer than %2 characters.")
                                           .arg(QLatin1String(name))
                                           .arg(MaxSearchLength));
    return value;
}

Result<QPair<qint64, qint64>> period(const QUrlQuery &query, QPair<qint64, qint64> fallback)
{
    QPair<qint64, qint64> period = fallback;
    for (const auto &[name, at] : {std::pair{"from", &period.first}, std::pair{"to", &period.second}}) {
        if (const QString value = text(query, name); !value.isEmpty()) {
            *at = json::time(QJsonValue(value));
            if (*at <= 0)
                return Problem::invalidRequest(
                    QLatin1String(name),
                    QStringLiteral("\"%1\" must be a date and time such as 2026-11-01T00:00:00Z.")
                        .arg(QLatin1String(name)));
        }
    }
    if (period.first > 0 && period.second > 0 && period.first >= period.second)
        return Problem::invalidRequest(QStringLiteral("to"),
                                       QStringLiteral("The period must end after it starts."));
    return period;
}

QString text(const QUrlQuery &query, const char *name)
{
    return query.queryItemValue(QLatin1String(name), QUrl::FullyDecoded);
}

QString containsPattern(QString search)
{
    return QLatin1Char('%') + prefixPattern(search);
}

QString prefixPattern(const QString &search)
{
    QString literal = search;
    literal.replace(QLatin1Char('\\'), QLatin1String("\\\\"));
    literal.replace(QLatin1Char('%'), QLatin1String("\\%"));
    literal.replace(QLatin1Char('_'), QLatin1String("\\_"));
    return literal + QLatin1Char('%');
}

QString searchMode(const QString &search)
{
    return search.toUcs4().size() >= 3 ? QString::fromLatin1(SearchMode::Substring)
                                       : QString::fromLatin1(SearchMode::Prefix);
}

} // namespace billing::contract::parameters
