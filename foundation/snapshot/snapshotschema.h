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

// One table of a snapshot file: its columns (name and SQL type) and the key that fixes its canonical
// row order, over which its digest is taken.
struct SnapshotTable {
    QByteArray name;
    QList<QPair<QByteArray, QByteArray>> columns;
    QByteArray key;

    QByteArray columnList() const;
    QByteArray createStatement() const;
    QByteArray insertStatement() const;
    // Every row in canonical order: the one order the writer's and the verifier's digests read.
    QByteArray selectStatement() const;
};

struct TableDigest {
    qint64 rows = 0;
    QString sha256; // lower-case hex
};

// The snapshot file format, version 1: the platform's billing state (accounts keep no more of a card
// than brand and last 4; no staff tokens, no idempotency keys, no raw marketplace messages), the audit
// trail, and one manifest row that the platform signs.
class SnapshotSchema
{
public:
    static constexpr int FormatVersion = 1;
    static constexpr const char *FormatName = "billing-center-snapshot";

    static const QList<SnapshotTable> &tables();
    static const SnapshotTable *table(const QByteArray &name);
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
    // Every table's digest, the audit trail on a second core while this one takes the rest, then runs
    // `thenOnThisCore` (the verifier's integrity check) while the trail is still being read; each on a
    // read-only connection of its own to the file at `path`.
    static contract::Result<QMap<QByteArray, TableDigest>>
    digestAll(const QString &path, const RowVisitor &visitAuditEvent = {},
              const std::atomic_bool *cancel = nullptr, const std::function<void()> &thenOnThisCore = {});
    // An audit_events row (as selectStatement() reads it) as the event it is.
    static contract::AuditEvent auditEvent(const SqliteStatement &row);
};

} // namespace billing::snapshot
