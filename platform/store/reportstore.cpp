// SPDX-License-Identifier: Apache-2.0
#include "platform/store/reportstore.h"

#include "foundation/sql/reportqueries.h"
#include "platform/store/database.h"
#include "platform/store/queryrow.h"

#include <QSqlError>
#include <QSqlQuery>

namespace billing::store {

using contract::Result;

ReportStore::ReportStore(std::shared_ptr<Database> database)
    : m_database(std::move(database))
{
}

Result<qint64> ReportStore::run(const contract::ReportQuery &query, qint64 nowMs,
                                const contract::ReportRowSink &sink)
{
    const auto read =
        [this](const QString &sql, const QVariantList &binds, const char *what,
               const std::function<bool(const sql::ResultRow &)> &visit) -> Result<contract::Done> {
        auto q = m_database->query(sql, binds, what);
        if (!q)
            return q.problem();
        const QueryRow row(*q);
        while (q->next()) {
            if (!visit(row))
                return contract::Done{};
        }
        if (q->lastError().isValid())
            return Database::failure(q->lastError(), what);
        return contract::Done{};
    };
    return sql::ReportQueries::run(query, nowMs, read, sink);
}

} // namespace billing::store
