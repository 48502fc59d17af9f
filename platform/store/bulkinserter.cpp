#include "platform/store/bulkinserter.h"

#include <QSqlDriver>

#include <sqlite3.h>

namespace billing::store {

using api::Problem;
using api::Result;

namespace {
constexpr int MaxParameters = 30000; // below PostgreSQL's 65535 parameters per statement

Problem insertProblem(const QString &table, const QString &error)
{
    return {503, api::ErrorCode::StorageUnavailable, QStringLiteral("Storage unavailable"),
            QStringLiteral("Bulk insert into %1 failed: %2").arg(table, error), {}};
}

QVariant notNullText(const QVariant &value)
{
    if (value.typeId() == QMetaType::QString && value.toString().isNull())
        return QStringLiteral("");
    if (value.typeId() == QMetaType::QByteArray) // UTF-8 text, not a blob
        return QString::fromUtf8(value.toByteArray());
    return value;
}
} // namespace

BulkInserter::BulkInserter(QSqlDatabase db, const QString &table, const QStringList &columns)
    : m_db(std::move(db))
    , m_table(table)
    , m_columns(columns)
    , m_full(m_db)
{
    if (m_db.driverName() == QLatin1String("QSQLITE")) {
        auto *handle = *static_cast<sqlite3 **>(m_db.driver()->handle().data());
        const QByteArray sql = statementFor(1).toUtf8();
        if (sqlite3_prepare_v2(handle, sql.constData(), int(sql.size()), &m_statement, nullptr) != SQLITE_OK)
            m_prepareError = QString::fromUtf8(sqlite3_errmsg(handle));
        return;
    }
    m_rowsPerStatement = std::max(1, std::min(500, MaxParameters / int(columns.size())));
    m_full.prepare(statementFor(m_rowsPerStatement));
    m_pending.reserve(m_rowsPerStatement * columns.size());
}

BulkInserter::~BulkInserter()
{
    if (m_statement)
        sqlite3_finalize(m_statement);
}

QString BulkInserter::statementFor(int rows) const
{
    const QString one = QLatin1Char('(') + QStringList(m_columns.size(), QStringLiteral("?")).join(',') + QLatin1Char(')');
    return QStringLiteral("INSERT INTO %1 (%2) VALUES %3")
        .arg(m_table, m_columns.join(','), QStringList(rows, one).join(','));
}

Result<api::Done> BulkInserter::add(const QVariantList &row)
{
    Q_ASSERT(row.size() == m_columns.size());
    if (m_db.driverName() == QLatin1String("QSQLITE"))
        return addSqlite(row);
    for (const QVariant &value : row)
        m_pending.append(notNullText(value));
    if (m_pending.size() == m_rowsPerStatement * m_columns.size())
        return flush(m_rowsPerStatement);
    return api::Done{};
}

Result<api::Done> BulkInserter::addSqlite(const QVariantList &row)
{
    if (!m_statement)
        return insertProblem(m_table, m_prepareError);
    for (int i = 0; i < row.size(); ++i) {
        const QVariant &value = row.at(i);
        const int column = i + 1;
        switch (value.typeId()) {
        case QMetaType::UnknownType:
            sqlite3_bind_null(m_statement, column);
            break;
        case QMetaType::Int:
        case QMetaType::LongLong:
        case QMetaType::UInt:
        case QMetaType::ULongLong:
        case QMetaType::Bool:
            sqlite3_bind_int64(m_statement, column, value.toLongLong());
            break;
        case QMetaType::Double:
            sqlite3_bind_double(m_statement, column, value.toDouble());
            break;
        case QMetaType::QByteArray: { // UTF-8 text already
            const QByteArray text = value.toByteArray();
            sqlite3_bind_text(m_statement, column, text.constData(), int(text.size()), SQLITE_TRANSIENT);
            break;
        }
        default: {
            const QByteArray text = value.toString().toUtf8();
            sqlite3_bind_text(m_statement, column, text.constData(), int(text.size()), SQLITE_TRANSIENT);
        }
        }
    }
    const int stepped = sqlite3_step(m_statement);
    sqlite3_reset(m_statement);
    if (stepped != SQLITE_DONE)
        return insertProblem(m_table, QString::fromUtf8(sqlite3_errstr(stepped)));
    ++m_written;
    return api::Done{};
}

Result<api::Done> BulkInserter::finish()
{
    if (m_statement)
        return api::Done{};
    const int rows = int(m_pending.size() / m_columns.size());
    return rows == 0 ? Result<api::Done>(api::Done{}) : flush(rows);
}

Result<api::Done> BulkInserter::flush(int rows)
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
