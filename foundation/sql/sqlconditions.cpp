// SPDX-License-Identifier: Apache-2.0
#include "foundation/sql/sqlconditions.h"

#include "foundation/contract/queryparameters.h"

namespace billing::sql {

std::pair<QString, QVariantList> searchedFieldsContain(const QString &term, const QString &like)
{
    const QString pattern = contract::parameters::containsPattern(term);
    return {QStringLiteral("(id %1 ? ESCAPE '\\' OR name %1 ? ESCAPE '\\' OR account_id IN (SELECT id FROM "
                           "accounts WHERE email %1 ? ESCAPE '\\') OR cloud_account_id IN (SELECT id FROM "
                           "cloud_accounts WHERE display_name %1 ? ESCAPE '\\' OR customer_identifier %1 ? "
                           "ESCAPE '\\'))")
                .arg(like),
            {pattern, pattern, pattern, pattern, pattern}};
}

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
