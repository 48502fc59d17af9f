// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "foundation/contract/result.h"
#include "foundation/snapshot/snapshotmanifest.h"
#include "foundation/snapshot/sqlitefile.h"

#include <QHash>

#include <memory>

namespace billing::sql {
class ResultRow;
}

namespace billing::snapshot {

class SigningKey;

// Writes a new snapshot file: the caller adds every table's rows (in any order), then finish() takes
// the digests from the file as written, fills in the manifest and signs it. The file is written
// without a journal; the caller writes to a temporary name and renames it into place when done.
class SnapshotWriter
{
public:
    static contract::Result<std::unique_ptr<SnapshotWriter>> create(const QString &path);
    ~SnapshotWriter();
    Q_DISABLE_COPY_MOVE(SnapshotWriter)

    // One row, its cells in the table's column order as text (PostgreSQL's COPY sends nothing else):
    // each INTEGER column's affinity stores a number as an integer, as SQLite's own copy does; NULL
    // stays NULL.
    contract::Result<contract::Done> add(const SnapshotTable &table, const sql::ResultRow &row);

    struct ChainHead {
        qint64 seq = 0;
        QString hash;
    };
    // A platform on SQLite is copied inside SQLite itself (INSERT ... SELECT from the platform's file
    // attached read-only), in one read transaction: ten times faster than row by row. Only the audit
    // events `filter` names are copied. Answers the platform's chain head as of that transaction.
    contract::Result<ChainHead> copyFromSqlite(const QString &platformDatabase, const SnapshotFilter &filter);
    // `manifest` arrives with who, when, the filter and the platform's chain head; it leaves with the
    // tables' digests and the ends of the audit chain in the file, signed by `key`.
    contract::Result<SnapshotManifest> finish(SnapshotManifest manifest, const SigningKey &key);

private:
    explicit SnapshotWriter(std::unique_ptr<SqliteFile> file);
    std::unique_ptr<SqliteFile> m_file;
    QHash<QByteArray, std::shared_ptr<SqliteStatement>> m_inserts;
    bool m_attached = false;
};

} // namespace billing::snapshot
