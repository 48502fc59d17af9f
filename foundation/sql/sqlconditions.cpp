// SPDX-License-Identifier: Apache-2.0
#include "foundation/sql/sqlconditions.h"

namespace billing::sql {

void SqlConditions::equal(const QString &column, const QString &value)
{
    if (!value.isEmpty())
        add(column + QStringLiteral(" = ?"), {value});
}

void SqlConditions::period(const QString &column, qint64 from, qint64 to)
{
    if (from > 0)
        add(column + QStringLiteral(" >= ?"), {from});
    if (to > 0)
        add(column + QStringLiteral(" < ?"), {to});
}

void SqlConditions::add(const QString &condition, const QVariantList &values)
{
    m_conditions.append(condition);
    m_binds += values;
}

QString SqlConditions::where() const
{
    return m_conditions.isEmpty() ? QString()
                                  : QStringLiteral(" WHERE ") + m_conditions.join(QStringLiteral(" AND "));
}

} // namespace billing::sql
