// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "platform/store/repeatedstatement.h"

#include <memory>

namespace billing::store {

class CopyLane;

// Writes many rows fast, inside the caller's transaction; finish() writes what is left.
// On SQLite a row is one step of a RepeatedStatement (the C API: no round trip to save). On PostgreSQL
// rows are gathered in COPY's text format and sent as one `COPY … FROM STDIN` per few MiB, through
// libpq on Qt's own connection: no statement to parse, no parameter to bind. A COPY goes out on a
// thread of its own while the caller makes the next rows (finish() sends the last ones itself, as it
// would only wait for them); the inserters of one connection take turns,
// one COPY at a time. Between the first add() and finish() (or the inserter's end) the connection is
// theirs: run no other statement on it.
class BulkInserter
{
public:
    // Frozen: the table was emptied (TRUNCATE) or made in this transaction, so PostgreSQL may write its
    // rows frozen and all-visible (COPY FREEZE): no later reader sets hint bits on them, and an index-only
    // scan reads no heap page from the start. SQLite has no such thing.
    enum class Load { Ordinary, Frozen };
    BulkInserter(QSqlDatabase db, const QString &table, const QStringList &columns,
                 Load load = Load::Ordinary);
    ~BulkInserter();
    Q_DISABLE_COPY_MOVE(BulkInserter)

    // An invalid QVariant() is SQL NULL; a null QString is the empty string; a QByteArray is UTF-8 text.
    contract::Result<contract::Done> add(const QVariantList &row);
    contract::Result<contract::Done> finish();
    qint64 rowsWritten() const { return m_written; }

private:
    enum class Rows { More, Last }; // the last are sent on the caller's thread: it would only wait
    contract::Result<contract::Done> flush(Rows rows);

    QSqlDatabase m_db;
    QString m_table;
    QStringList m_columns;
    qint64 m_written = 0;
    // SQLite
    std::unique_ptr<RepeatedStatement> m_row;
    // PostgreSQL
    CopyLane *m_lane = nullptr;
    QByteArray m_copyStatement; // COPY … FROM STDIN, the same for every batch
    QByteArray m_copy;          // rows not sent yet, in COPY's text format
    qint64 m_pendingRows = 0;
};

} // namespace billing::store
