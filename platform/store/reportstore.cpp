// SPDX-License-Identifier: Apache-2.0
#include "platform/store/reportstore.h"

#include "foundation/sql/reportqueries.h"
#include "platform/store/copyreader.h"
#include "platform/store/database.h"
#include "platform/store/repeatedstatement.h"

namespace billing::store {

using contract::Result;

namespace {

// A row of a RepeatedStatement (SQLite's C API) as the report queries read it.
class StatementRow final : public sql::ResultRow
{
public:
    void moveTo(const RepeatedStatement::Row *row) { m_row = row; }
    QString text(int column) const override { return m_row->text(column); }
    std::optional<QByteArrayView> textInPlace(int column) const override
    {
        return m_row->textInPlace(column);
    }
    qint64 integer(int column) const override { return m_row->integer(column); }
    bool isNull(int column) const override { return m_row->isNull(column); }

private:
    const RepeatedStatement::Row *m_row = nullptr;
};

} // namespace

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
        auto db = m_database->connection();
        if (!db)
            return db.problem();
        if (!m_database->isSqlite())
            return readByCopy(*db, sql, binds, what, visit);
        // SQLite's C API on Qt's own connection: each cell's text is taken where SQLite holds it.
        RepeatedStatement query(*db, sql, what);
        StatementRow row;
        auto read = query.forEachRow(binds, [&](const RepeatedStatement::Row &at) {
            row.moveTo(&at);
            return visit(row);
        });
        if (!read)
            return read.problem();
        return contract::Done{};
    };
    return sql::ReportQueries::run(query, nowMs, read, sink);
}

} // namespace billing::store
