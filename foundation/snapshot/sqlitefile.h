// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "foundation/contract/result.h"

#include <QByteArray>
#include <QString>
#include <QVariant>

#include <functional>
#include <memory>

struct sqlite3;
struct sqlite3_stmt;

namespace billing::snapshot {

class SqliteStatement;

// A snapshot file through the SQLite C API. A snapshot is one plain SQLite file, so it opens in the
// sqlite3 shell too; Qt Sql is not used here because its per-value QVariant costs dominate at a
// million rows, and because the console reads snapshots with no database connection of its own.
class SqliteFile
{
public:
    enum class Mode { ReadOnly, Create };
    static contract::Result<std::unique_ptr<SqliteFile>> open(const QString &path, Mode mode);
    ~SqliteFile();
    Q_DISABLE_COPY_MOVE(SqliteFile)

    contract::Result<contract::Done> exec(const QByteArray &sql);
    contract::Result<std::unique_ptr<SqliteStatement>> prepare(const QByteArray &sql);
    // Another file opened on this connection under `schema`, so one query can read both (the diff).
    contract::Result<contract::Done> attach(const QString &path, const QByteArray &schema);
    QString lastError() const;
    QString path() const { return m_path; }
    sqlite3 *handle() const { return m_db; }

    // The problem every SQLite failure on a snapshot becomes (without the path: callers name the file).
    static contract::Problem damaged(const QString &path, const QString &detail);

private:
    SqliteFile(sqlite3 *db, QString path);
    sqlite3 *m_db;
    QString m_path;
};

// One prepared statement: bind, step, read columns.
class SqliteStatement
{
public:
    explicit SqliteStatement(sqlite3_stmt *statement, const SqliteFile *file);
    ~SqliteStatement();
    Q_DISABLE_COPY_MOVE(SqliteStatement)

    // An invalid QVariant is NULL; integers and booleans are INTEGER; everything else is UTF-8 TEXT.
    void bind(int index, const QVariant &value); // 1-based, as SQLite counts
    void bindText(int index, QByteArrayView utf8);
    // Without a copy: `utf8` must stay as it is until the statement has run.
    void bindTextInPlace(int index, QByteArrayView utf8);
    void bindInteger(int index, qint64 value);
    void bindNull(int index);
    // true: a row is ready; false: done. A failure is a problem.
    contract::Result<bool> step();
    // Runs the statement to its end after binding; resets it for the next run.
    contract::Result<contract::Done> run();
    // Steps through every row, handing each to `visit` (false stops early); answers the rows visited.
    contract::Result<qint64> forEachRow(const std::function<bool(const SqliteStatement &row)> &visit);
    void reset();

    int columnCount() const;
    enum class Type { Integer, Text, Null }; // floats and blobs read as text: the format has none
    Type type(int column) const;
    bool isNull(int column) const;
    bool isInteger(int column) const;
    qint64 integer(int column) const;
    QByteArray bytes(int column) const; // a copy of the column as UTF-8 text
    QString text(int column) const;
    // The column's bytes without a copy, valid until the next step.
    const char *rawText(int column, int *size) const;

private:
    sqlite3_stmt *m_statement;
    const SqliteFile *m_file;
};

} // namespace billing::snapshot
