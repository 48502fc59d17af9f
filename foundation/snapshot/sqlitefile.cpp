// SPDX-License-Identifier: Apache-2.0
#include "foundation/snapshot/sqlitefile.h"

#include <sqlite3.h>

namespace billing::snapshot {

using contract::Problem;
using contract::Result;

contract::Problem SqliteFile::damaged(const QString &path, const QString &detail)
{
    // The caller names the file; SQLite's "database disk image is malformed" is what a cut-off file gives.
    Q_UNUSED(path)
    return Problem{
        422,
        "snapshot_unreadable",
        QStringLiteral("Snapshot unreadable"),
        QStringLiteral("The file cannot be read as a snapshot (%1); it may be damaged or cut short.")
            .arg(detail),
        {}};
}

Result<std::unique_ptr<SqliteFile>> SqliteFile::open(const QString &path, Mode mode)
{
    sqlite3 *db = nullptr;
    const int flags =
        mode == Mode::ReadOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    const int rc = sqlite3_open_v2(path.toUtf8().constData(), &db,
                                   flags | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI, nullptr);
    if (rc != SQLITE_OK) {
        const QString message =
            db ? QString::fromUtf8(sqlite3_errmsg(db)) : QString::fromUtf8(sqlite3_errstr(rc));
        sqlite3_close(db);
        return damaged(path, message);
    }
    return std::unique_ptr<SqliteFile>(new SqliteFile(db, path));
}

SqliteFile::SqliteFile(sqlite3 *db, QString path)
    : m_db(db)
    , m_path(std::move(path))
{
    // Never let a crafted file make SQLite run more than plain reads of plain tables (as the SQLite docs
    // advise for untrusted database files): no writable schema, no functions with side effects from the
    // schema, and no view or trigger ever run (the format defines none; SnapshotStructure names them).
    sqlite3_db_config(m_db, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
    sqlite3_db_config(m_db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, nullptr);
    sqlite3_db_config(m_db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, nullptr);
    sqlite3_db_config(m_db, SQLITE_DBCONFIG_ENABLE_VIEW, 0, nullptr);
    sqlite3_exec(m_db, "PRAGMA cell_size_check=ON", nullptr, nullptr, nullptr);
}

SqliteFile::~SqliteFile()
{
    sqlite3_close_v2(m_db);
}

QString SqliteFile::lastError() const
{
    return QString::fromUtf8(sqlite3_errmsg(m_db));
}

Result<contract::Done> SqliteFile::exec(const QByteArray &sql)
{
    char *error = nullptr;
    if (sqlite3_exec(m_db, sql.constData(), nullptr, nullptr, &error) != SQLITE_OK) {
        const QString message = QString::fromUtf8(error ? error : sqlite3_errmsg(m_db));
        sqlite3_free(error);
        return damaged(m_path, message);
    }
    return contract::Done{};
}

Result<std::unique_ptr<SqliteStatement>> SqliteFile::prepare(const QByteArray &sql)
{
    sqlite3_stmt *statement = nullptr;
    if (sqlite3_prepare_v2(m_db, sql.constData(), int(sql.size()), &statement, nullptr) != SQLITE_OK)
        return damaged(m_path, lastError());
    return std::make_unique<SqliteStatement>(statement, this);
}

Result<contract::Done> SqliteFile::attach(const QString &path, const QByteArray &schema)
{
    auto statement = prepare("ATTACH DATABASE ? AS " + schema);
    if (!statement)
        return statement.problem();
    (*statement)->bindText(1, path.toUtf8());
    if (auto ran = (*statement)->run(); !ran)
        return damaged(path, lastError());
    return contract::Done{};
}

SqliteStatement::SqliteStatement(sqlite3_stmt *statement, const SqliteFile *file)
    : m_statement(statement)
    , m_file(file)
{
}

SqliteStatement::~SqliteStatement()
{
    sqlite3_finalize(m_statement);
}

void SqliteStatement::bind(int index, const QVariant &value)
{
    if (!value.isValid() || value.isNull()) {
        if (value.typeId() == QMetaType::QString || value.typeId() == QMetaType::QByteArray)
            bindText(index, QByteArray(""));
        else
            bindNull(index);
        return;
    }
    switch (value.typeId()) {
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
    case QMetaType::Long:
    case QMetaType::Bool:
        bindInteger(index, value.toLongLong());
        return;
    case QMetaType::QByteArray:
        bindText(index, value.toByteArray());
        return;
    default:
        bindText(index, value.toString().toUtf8());
    }
}

namespace {

// SQLite binds a null pointer as NULL: empty text is still text.
void bindUtf8(sqlite3_stmt *statement, int index, QByteArrayView utf8, sqlite3_destructor_type lifetime)
{
    sqlite3_bind_text(statement, index, utf8.isNull() ? "" : utf8.constData(), int(utf8.size()), lifetime);
}

} // namespace

void SqliteStatement::bindText(int index, QByteArrayView utf8)
{
    bindUtf8(m_statement, index, utf8, SQLITE_TRANSIENT);
}

void SqliteStatement::bindTextInPlace(int index, QByteArrayView utf8)
{
    bindUtf8(m_statement, index, utf8, SQLITE_STATIC);
}

void SqliteStatement::bindInteger(int index, qint64 value)
{
    sqlite3_bind_int64(m_statement, index, value);
}

void SqliteStatement::bindNull(int index)
{
    sqlite3_bind_null(m_statement, index);
}

Result<bool> SqliteStatement::step()
{
    const int rc = sqlite3_step(m_statement);
    if (rc == SQLITE_ROW)
        return true;
    if (rc == SQLITE_DONE)
        return false;
    return SqliteFile::damaged(m_file->path(), m_file->lastError());
}

Result<contract::Done> SqliteStatement::run()
{
    for (;;) {
        auto row = step();
        if (!row) {
            reset();
            return row.problem();
        }
        if (!*row)
            break;
    }
    reset();
    return contract::Done{};
}

Result<qint64> SqliteStatement::forEachRow(const std::function<bool(const SqliteStatement &row)> &visit)
{
    qint64 rows = 0;
    for (;;) {
        auto next = step();
        if (!next)
            return next.problem();
        if (!*next)
            return rows;
        ++rows;
        if (!visit(*this))
            return rows;
    }
}

void SqliteStatement::reset()
{
    sqlite3_reset(m_statement);
    sqlite3_clear_bindings(m_statement);
}

int SqliteStatement::columnCount() const
{
    return sqlite3_column_count(m_statement);
}

SqliteStatement::Type SqliteStatement::type(int column) const
{
    switch (sqlite3_column_type(m_statement, column)) {
    case SQLITE_INTEGER:
        return Type::Integer;
    case SQLITE_NULL:
        return Type::Null;
    default:
        return Type::Text;
    }
}

bool SqliteStatement::isNull(int column) const
{
    return sqlite3_column_type(m_statement, column) == SQLITE_NULL;
}

bool SqliteStatement::isInteger(int column) const
{
    return sqlite3_column_type(m_statement, column) == SQLITE_INTEGER;
}

qint64 SqliteStatement::integer(int column) const
{
    return sqlite3_column_int64(m_statement, column);
}

const char *SqliteStatement::rawText(int column, int *size) const
{
    const auto *text = reinterpret_cast<const char *>(sqlite3_column_text(m_statement, column));
    *size = sqlite3_column_bytes(m_statement, column);
    return text ? text : "";
}

QByteArray SqliteStatement::bytes(int column) const
{
    int size = 0;
    const char *text = rawText(column, &size);
    return QByteArray(text, size);
}

QString SqliteStatement::text(int column) const
{
    int size = 0;
    const char *text = rawText(column, &size);
    return QString::fromUtf8(text, size);
}

} // namespace billing::snapshot
