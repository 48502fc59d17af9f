// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "platform/store/repeatedstatement.h"

#include <memory>

namespace billing::store {

// Writes many rows fast, inside the caller's transaction; finish() writes what is left.
// On SQLite a row is one step of a RepeatedStatement (the C API: no round trip to save); on PostgreSQL
// multi-row INSERT statements carry many rows per round trip.
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
    contract::Result<contract::Done> flush(int rows);
    QString statementFor(int rows) const;

    QSqlDatabase m_db;
    QString m_table;
    QStringList m_columns;
    qint64 m_written = 0;
    // SQLite
    std::unique_ptr<RepeatedStatement> m_row;
    // PostgreSQL
    int m_rowsPerStatement = 1;
    QSqlQuery m_full;
    QVariantList m_pending;
};

} // namespace billing::store
