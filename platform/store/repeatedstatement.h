// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "platform/store/database.h"

#include <QVariantList>

#include <functional>
#include <optional>

struct sqlite3_stmt;

namespace billing::store {

// One prepared statement run many times inside the caller's transaction (bulk writes: a seed, a
// 10,000-workspace bind, its audit events), or reading many rows (a bind's 10,000 workspaces). Qt Sql
// spends about 2 µs binding each value and makes a QVariant of every value it reads, so on SQLite the
// statement runs through the SQLite C API on Qt's own connection handle; on PostgreSQL it is a
// prepared QSqlQuery.
class RepeatedStatement
{
public:
    RepeatedStatement(QSqlDatabase db, const QString &sql, const char *what);
    ~RepeatedStatement();
    Q_DISABLE_COPY_MOVE(RepeatedStatement)

    // Binds `values` in order and runs the statement; answers the rows it changed.
    // An invalid QVariant() is SQL NULL; a null QString is the empty string; a QByteArray is UTF-8 text.
    contract::Result<int> run(const QVariantList &values);

    // The row a query is on, valid inside forEachRow's visit. SQL NULL reads as an empty string or 0.
    class Row
    {
    public:
        QString text(int column) const;
        qint64 integer(int column) const;
        bool isNull(int column) const;
        // On SQLite the column's UTF-8 text where SQLite holds it, valid until the next row.
        std::optional<QByteArrayView> textInPlace(int column) const;

    private:
        friend class RepeatedStatement;
        explicit Row(const RepeatedStatement &statement)
            : m_statement(statement)
        {
        }
        const RepeatedStatement &m_statement;
    };
    // Binds `values` as run() does and hands each row of the answer to `visit` until it answers false;
    // answers how many rows it was handed.
    contract::Result<qint64> forEachRow(const QVariantList &values,
                                        const std::function<bool(const Row &)> &visit);

    // The same conversion for callers that bind through Qt Sql themselves.
    static QVariant storable(const QVariant &value);

private:
    contract::Result<contract::Done> bindSqlite(const QVariantList &values);
    contract::Result<contract::Done> start(const QVariantList &values);

    const char *m_what;
    sqlite3_stmt *m_statement = nullptr;
    QString m_prepareError;
    QSqlQuery m_query;
    bool m_sqlite = false;
};

} // namespace billing::store
