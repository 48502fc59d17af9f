#pragma once

#include "platform/api/auditevent.h"
#include "platform/api/result.h"
#include "platform/api/workspace.h"

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
    static api::Problem cancelled();

    // Sees each row as a digest reads it (the audit chain is checked in the same pass).
    using RowVisitor = std::function<void(const SqliteStatement &row)>;

    // SHA-256 over every row in canonical order, each column encoded without ambiguity
    // (N; for NULL, I<digits>; for integers, T<length>:<bytes> for text). `cancel` stops early.
    static api::Result<TableDigest> digest(SqliteFile &file, const SnapshotTable &table, const RowVisitor &visit = {},
                                           const std::atomic_bool *cancel = nullptr);
    // Every table's digest, the audit trail on a second core while this one takes the rest; each on
    // a read-only connection of its own to the file at `path`.
    static api::Result<QMap<QByteArray, TableDigest>> digestAll(const QString &path, const RowVisitor &visitAuditEvent = {},
                                                                const std::atomic_bool *cancel = nullptr);
    // An audit_events row (as selectStatement() reads it) as the event it is.
    static api::AuditEvent auditEvent(const SqliteStatement &row);
    // A row of the workspaces table's columns, in this schema's order, as the workspace it is: the
    // platform reads its own table this way and the console a snapshot's. `Row` answers text(column)
    // and integer(column).
    template<typename Row>
    static api::Workspace workspace(const Row &row);
};

template<typename Row>
api::Workspace SnapshotSchema::workspace(const Row &row)
{
    api::Workspace w;
    w.id = row.text(0);
    w.name = row.text(1);
    w.accountId = row.text(2);
    w.site = row.text(3);
    w.language = row.text(4);
    w.plan = row.text(5);
    w.billingMethod = row.text(6);
    w.cloudAccountId = row.text(7);
    w.status = row.text(8);
    w.lock.reason = row.text(9);
    w.lock.at = row.integer(10);
    w.lock.by = row.text(11);
    w.lock.note = row.text(12);
    w.lock.purgeAt = row.integer(13);
    w.overrideUntil = row.integer(14);
    w.version = row.integer(15);
    w.createdAt = row.integer(16);
    w.updatedAt = row.integer(17);
    return w;
}

} // namespace billing::snapshot
