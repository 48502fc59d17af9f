// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "platform/store/repeatedstatement.h"

#include <memory>

struct pg_conn;

namespace billing::store {

// Writes many rows fast, inside the caller's transaction; finish() writes what is left.
// On SQLite a row is one step of a RepeatedStatement (the C API: no round trip to save). On PostgreSQL
// rows are gathered in COPY's text format and sent as one `COPY … FROM STDIN` per few MiB, through
// libpq on Qt's own connection: no statement to parse, no parameter to bind. Each COPY ends before
// add() returns, so inserters into several tables may take turns on one connection.
class BulkInserter
{
public:
    BulkInserter(QSqlDatabase db, const QString &table, const QStringList &columns);
    ~BulkInserter();
    Q_DISABLE_COPY_MOVE(BulkInserter)

    // An invalid QVariant() is SQL NULL; a null QString is the empty string; a QByteArray is UTF-8 text.
    contract::Result<contract::Done> add(const QVariantList &row);
    contract::Result<contract::Done> finish();
    qint64 rowsWritten() const { return m_written; }

private:
    contract::Result<contract::Done> flush();

    QSqlDatabase m_db;
    QString m_table;
    QStringList m_columns;
    qint64 m_written = 0;
    // SQLite
    std::unique_ptr<RepeatedStatement> m_row;
    // PostgreSQL
    pg_conn *m_postgres = nullptr;
    QByteArray m_copy; // rows not sent yet, in COPY's text format
    qint64 m_pendingRows = 0;
};

} // namespace billing::store
