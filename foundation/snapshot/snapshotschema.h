// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "foundation/contract/auditevent.h"
#include "foundation/contract/result.h"

#include <QByteArray>
#include <QList>
#include <QMap>

#include <atomic>
#include <functional>

namespace billing::snapshot {

class SqliteFile;
class SqliteStatement;

// One table of a snapshot file: its columns (name and SQL type), the key that fixes its canonical
// row order, over which its digest is taken, and the format version that added it.
struct SnapshotTable {
    QByteArray name;
    QList<QPair<QByteArray, QByteArray>> columns;
    QByteArray key;
    int since = 1;

    QByteArray columnList() const;
    QByteArray createStatement() const;
    QByteArray insertStatement() const;
    // Every row, in whatever order the database finds them (a WHERE may follow).
    QByteArray selectAll() const;
    // Every row in canonical order: the one order the writer's and the verifier's digests read.
    QByteArray selectStatement() const;
};

struct TableDigest {
    qint64 rows = 0;
    QString sha256; // lower-case hex
};

// The snapshot file format: the platform's billing state (accounts keep no more of a card than brand
// and last 4; no staff tokens, no idempotency keys, no raw marketplace messages), the audit trail, and
// one manifest row that the platform signs. Version 2 adds the metering ledger. The platform writes the
// newest version; a file of an older one is read and verified by that version's tables, as it was
// signed.
class SnapshotSchema
{
public:
    static constexpr int FormatVersion = 2;
    static constexpr const char *FormatName = "billing-center-snapshot";

    // The tables of a file of `formatVersion` (1 to FormatVersion).
    static const QList<SnapshotTable> &tables(int formatVersion = FormatVersion);
    static const SnapshotTable *table(const QByteArray &name, int formatVersion = FormatVersion);
    static const SnapshotTable &auditEvents();
    static QByteArray manifestCreateStatement();
    // What a read stopped by its cancel flag answers.
    static contract::Problem cancelled();

    // Sees each row as a digest reads it (the audit chain is checked in the same pass).
    using RowVisitor = std::function<void(const SqliteStatement &row)>;

    // SHA-256 over every row in canonical order, each column encoded without ambiguity
    // (N; for NULL, I<digits>; for integers, T<length>:<bytes> for text). `cancel` stops early.
    static contract::Result<TableDigest> digest(SqliteFile &file, const SnapshotTable &table,
                                                const RowVisitor &visit = {},
                                                const std::atomic_bool *cancel = nullptr);
    // Every table's digest (of a file of `formatVersion`), the audit trail on a second core while this
    // one takes the rest, then runs `thenOnThisCore` (the verifier's integrity check) while the trail is
    // still being read; each on a read-only connection of its own to the file at `path`.
    static contract::Result<QMap<QByteArray, TableDigest>>
    digestAll(const QString &path, int formatVersion, const RowVisitor &visitAuditEvent = {},
              const std::atomic_bool *cancel = nullptr, const std::function<void()> &thenOnThisCore = {});
    // An audit_events row (as selectStatement() reads it) as the event it is.
    static contract::AuditEvent auditEvent(const SqliteStatement &row);
};

} // namespace billing::snapshot
