// SPDX-License-Identifier: Apache-2.0
#include "platform/store/repeatedstatement.h"

#include <QSqlDriver>

#include <sqlite3.h>

namespace billing::store {

using contract::Problem;
using contract::Result;

namespace {
Problem statementProblem(const char *what, const QString &error)
{
    return {503,
            contract::ErrorCode::StorageUnavailable,
            QStringLiteral("Storage unavailable"),
            QStringLiteral("%1 failed: %2").arg(QLatin1String(what), error),
            {}};
}
} // namespace

RepeatedStatement::RepeatedStatement(QSqlDatabase db, const QString &sql, const char *what)
    : m_what(what)
    , m_query(db)
    , m_sqlite(db.driverName() == QLatin1String("QSQLITE"))
{
    if (!m_sqlite) {
        m_query.setForwardOnly(true);
        m_query.prepare(sql);
        return;
    }
    sqlite3 *handle = Database::sqliteHandle(db.driver());
    const QByteArray text = sql.toUtf8();
    if (sqlite3_prepare_v2(handle, text.constData(), int(text.size()), &m_statement, nullptr) != SQLITE_OK)
        m_prepareError = QString::fromUtf8(sqlite3_errmsg(handle));
}

RepeatedStatement::~RepeatedStatement()
{
    if (m_statement)
        sqlite3_finalize(m_statement);
}

QVariant RepeatedStatement::storable(const QVariant &value)
{
    if (value.typeId() == QMetaType::QString && value.toString().isNull())
        return QStringLiteral("");
    if (value.typeId() == QMetaType::QByteArray)
        return QString::fromUtf8(value.toByteArray());
    return value;
}

Result<int> RepeatedStatement::run(const QVariantList &values)
{
    if (auto ran = start(values); !ran)
        return ran.problem();
    if (!m_sqlite)
        return m_query.numRowsAffected();
    const int stepped = sqlite3_step(m_statement);
    sqlite3_reset(m_statement);
    if (stepped != SQLITE_DONE)
        return statementProblem(m_what, QString::fromUtf8(sqlite3_errstr(stepped)));
    return sqlite3_changes(sqlite3_db_handle(m_statement));
}

Result<qint64> RepeatedStatement::forEachRow(const QVariantList &values,
                                             const std::function<bool(const Row &)> &visit)
{
    if (auto ran = start(values); !ran)
        return ran.problem();
    const Row row(*this);
    qint64 rows = 0;
    if (!m_sqlite) {
        while (m_query.next()) {
            ++rows;
            if (!visit(row))
                break;
        }
        m_query.finish();
        return rows;
    }
    int stepped;
    while ((stepped = sqlite3_step(m_statement)) == SQLITE_ROW) {
        ++rows;
        if (!visit(row)) {
            stepped = SQLITE_DONE;
            break;
        }
    }
    sqlite3_reset(m_statement);
    if (stepped != SQLITE_DONE)
        return statementProblem(m_what, QString::fromUtf8(sqlite3_errstr(stepped)));
    return rows;
}

QString RepeatedStatement::Row::text(int column) const
{
    if (!m_statement.m_sqlite)
        return m_statement.m_query.value(column).toString();
    sqlite3_stmt *statement = m_statement.m_statement;
    const auto *utf8 = reinterpret_cast<const char *>(sqlite3_column_text(statement, column));
    return QString::fromUtf8(utf8, sqlite3_column_bytes(statement, column));
}

qint64 RepeatedStatement::Row::integer(int column) const
{
    if (!m_statement.m_sqlite)
        return m_statement.m_query.value(column).toLongLong();
    return sqlite3_column_int64(m_statement.m_statement, column);
}

bool RepeatedStatement::Row::isNull(int column) const
{
    if (!m_statement.m_sqlite)
        return m_statement.m_query.isNull(column);
    return sqlite3_column_type(m_statement.m_statement, column) == SQLITE_NULL;
}

std::optional<QByteArrayView> RepeatedStatement::Row::textInPlace(int column) const
{
    if (!m_statement.m_sqlite)
        return std::nullopt;
    sqlite3_stmt *statement = m_statement.m_statement;
    const auto *utf8 = reinterpret_cast<const char *>(sqlite3_column_text(statement, column));
    return QByteArrayView(utf8 ? utf8 : "", sqlite3_column_bytes(statement, column));
}

// Binds `values`. PostgreSQL's prepared query runs here at once; SQLite's statement runs as the caller
// steps it.
Result<contract::Done> RepeatedStatement::start(const QVariantList &values)
{
    if (m_sqlite)
        return bindSqlite(values);
    for (int i = 0; i < values.size(); ++i)
        m_query.bindValue(i, storable(values.at(i)));
    return Database::exec(m_query, m_what);
}

Result<contract::Done> RepeatedStatement::bindSqlite(const QVariantList &values)
{
    if (!m_statement)
        return statementProblem(m_what, m_prepareError);
    for (int i = 0; i < values.size(); ++i) {
        const QVariant &value = values.at(i);
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
    return contract::Done{};
}

} // namespace billing::store
