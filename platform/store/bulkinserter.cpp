// SPDX-License-Identifier: Apache-2.0
#include "platform/store/bulkinserter.h"

namespace billing::store {

using contract::Result;

namespace {
constexpr int MaxParameters = 30000; // below PostgreSQL's 65535 parameters per statement
} // namespace

BulkInserter::BulkInserter(QSqlDatabase db, const QString &table, const QStringList &columns)
    : m_db(std::move(db))
    , m_table(table)
    , m_columns(columns)
    , m_full(m_db)
{
    if (m_db.driverName() == QLatin1String("QSQLITE")) {
        m_row = std::make_unique<RepeatedStatement>(m_db, statementFor(1), "Bulk insert");
        return;
    }
    m_rowsPerStatement = std::max(1, std::min(500, MaxParameters / int(columns.size())));
    m_full.prepare(statementFor(m_rowsPerStatement));
    m_pending.reserve(m_rowsPerStatement * columns.size());
}

BulkInserter::~BulkInserter() = default;

QString BulkInserter::statementFor(int rows) const
{
    const QString one =
        QLatin1Char('(') + QStringList(m_columns.size(), QStringLiteral("?")).join(',') + QLatin1Char(')');
    return QStringLiteral("INSERT INTO %1 (%2) VALUES %3")
        .arg(m_table, m_columns.join(','), QStringList(rows, one).join(','));
}

Result<contract::Done> BulkInserter::add(const QVariantList &row)
{
    Q_ASSERT(row.size() == m_columns.size());
    if (m_row) {
        if (auto ran = m_row->run(row); !ran)
            return ran.problem();
        ++m_written;
        return contract::Done{};
    }
    for (const QVariant &value : row)
        m_pending.append(RepeatedStatement::storable(value));
    if (m_pending.size() == m_rowsPerStatement * m_columns.size())
        return flush(m_rowsPerStatement);
    return contract::Done{};
}

Result<contract::Done> BulkInserter::finish()
{
    if (m_row)
        return contract::Done{};
    const int rows = int(m_pending.size() / m_columns.size());
    return rows == 0 ? Result<contract::Done>(contract::Done{}) : flush(rows);
}

Result<contract::Done> BulkInserter::flush(int rows)
{
    QSqlQuery partial(m_db);
    QSqlQuery &query = rows == m_rowsPerStatement ? m_full : partial;
    if (&query == &partial)
        partial.prepare(statementFor(rows));
    for (int i = 0; i < m_pending.size(); ++i)
        query.bindValue(i, m_pending.at(i));
    auto ran = Database::exec(query, "Bulk insert");
    m_written += rows;
    m_pending.clear();
    return ran;
}

} // namespace billing::store
