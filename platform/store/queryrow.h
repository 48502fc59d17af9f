// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "foundation/sql/reportqueries.h"

#include <QSqlQuery>

namespace billing::store {

// A Qt Sql row as the foundation's row mappings read it (contract::CloudAccountRow and the others):
// text and integer by position.
class QueryRow final : public sql::ResultRow
{
public:
    explicit QueryRow(const QSqlQuery &query)
        : m_query(query)
    {
    }
    QString text(int column) const override { return m_query.value(column).toString(); }
    qint64 integer(int column) const override { return m_query.value(column).toLongLong(); }
    bool isNull(int column) const override { return m_query.isNull(column); }

private:
    const QSqlQuery &m_query;
};

} // namespace billing::store
