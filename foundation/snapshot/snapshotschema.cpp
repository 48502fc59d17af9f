// SPDX-License-Identifier: Apache-2.0
#include "foundation/snapshot/snapshotschema.h"

#include "foundation/contract/sha256.h"
#include "foundation/contract/storedrows.h"
#include "foundation/snapshot/sqlitefile.h"

#include <QtConcurrent>

#include <array>
#include <charconv>
#include <cstring>
#include <vector>

namespace billing::snapshot {

QByteArray SnapshotTable::columnList() const
{
    QByteArrayList names;
    for (const auto &column : columns)
        names.append(column.first);
    return names.join(", ");
}

QByteArray SnapshotTable::createStatement() const
{
    QByteArrayList definitions;
    for (const auto &column : columns)
        definitions.append(column.first + ' ' + column.second);
    // Integer keys are SQLite's rowid; text keys make the table clustered on the key. Either way rows
    // are stored in canonical order, so the digest reads them without sorting.
    if (columns.first().second == "INTEGER")
        definitions.first() += " PRIMARY KEY";
    else
        definitions.append("PRIMARY KEY (" + key + ")");
    const QByteArray suffix =
        columns.first().second == "INTEGER" ? QByteArray() : QByteArray(" WITHOUT ROWID");
    return "CREATE TABLE " + name + " (" + definitions.join(", ") + ")" + suffix;
}

QByteArray SnapshotTable::insertStatement() const
{
    QByteArrayList marks;
    for (qsizetype i = 0; i < columns.size(); ++i)
        marks.append("?");
    return "INSERT INTO " + name + " (" + columnList() + ") VALUES (" + marks.join(", ") + ")";
}

QByteArray SnapshotTable::selectAll() const
{
    return "SELECT " + columnList() + " FROM " + name;
}

QByteArray SnapshotTable::selectStatement() const
{
    return selectAll() + " ORDER BY " + key;
}

const QList<SnapshotTable> &SnapshotSchema::tables(int formatVersion)
{
    // The first column is the key. Column names are the platform's own, so a reader who knows the
    // platform's schema knows the snapshot's. A table added later says since which version.
    static const QList<SnapshotTable> all{
        {"sites", {{"id", "TEXT"}, {"display_name", "TEXT"}, {"china", "INTEGER"}}, "id"},
        {"accounts", contract::AccountRow::columns(), "id"},
        {"cloud_accounts", contract::CloudAccountRow::columns(), "id"},
        {"workspaces", contract::WorkspaceRow::columns(), "id"},
        {"deployments",
         {{"id", "TEXT"},
          {"workspace_id", "TEXT"},
          {"account_id", "TEXT"},
          {"name", "TEXT"},
          {"trial", "INTEGER"},
          {"state", "TEXT"},
          {"stopped_at", "INTEGER"},
          {"delete_at", "INTEGER"},
          {"created_at", "INTEGER"}},
         "id"},
        {"audit_events",
         {{"seq", "INTEGER"},
          {"at", "INTEGER"},
          {"actor", "TEXT"},
          {"action", "TEXT"},
          {"target_type", "TEXT"},
          {"target_id", "TEXT"},
          {"before_state", "TEXT"},
          {"after_state", "TEXT"},
          {"note", "TEXT"},
          {"request_id", "TEXT"},
          {"prev_hash", "TEXT"},
          {"hash", "TEXT"}},
         "seq"},
        {"metering_records",
         {{"id", "INTEGER"},
          {"cloud_account_id", "TEXT"},
          {"marketplace", "TEXT"},
          {"hour", "INTEGER"},
          {"dimension", "TEXT"},
          {"quantity", "INTEGER"},
          {"allocations", "TEXT"},
          {"state", "TEXT"},
          {"marketplace_record_id", "TEXT"},
          {"attempts", "INTEGER"},
          {"last_error", "TEXT"},
          {"next_attempt_at", "INTEGER"},
          {"created_at", "INTEGER"},
          {"updated_at", "INTEGER"}},
         "id",
         2},
    };
    static const auto byVersion = [] {
        std::array<QList<SnapshotTable>, FormatVersion + 1> lists;
        for (int version = 1; version <= FormatVersion; ++version) {
            for (const SnapshotTable &table : all) {
                if (table.since <= version)
                    lists[version].append(table);
            }
        }
        return lists;
    }();
    return byVersion[std::clamp(formatVersion, 1, FormatVersion)];
}

const SnapshotTable *SnapshotSchema::table(const QByteArray &name, int formatVersion)
{
    for (const SnapshotTable &table : tables(formatVersion)) {
        if (table.name == name)
            return &table;
    }
    return nullptr;
}

contract::Problem SnapshotSchema::cancelled()
{
    return contract::Problem{499, "cancelled", QStringLiteral("Cancelled"), QStringLiteral("Cancelled."), {}};
}

const SnapshotTable &SnapshotSchema::auditEvents()
{
    return *table("audit_events");
}

QByteArray SnapshotSchema::manifestCreateStatement()
{
    // One row: the manifest JSON exactly as signed, the Ed25519 signature and public key (base64).
    return "CREATE TABLE manifest (body TEXT NOT NULL, signature TEXT NOT NULL, public_key TEXT NOT NULL)";
}

contract::Result<TableDigest> SnapshotSchema::digest(SqliteFile &file, const SnapshotTable &table,
                                                     const RowVisitor &visit, const std::atomic_bool *cancel)
{
    auto rows = file.prepare(table.selectStatement());
    if (!rows)
        return rows.problem();
    contract::Sha256 hash;
    TableDigest digest;
    const int columns = int(table.columns.size());
    // One buffer per row, written by hand: a million rows of twenty columns make appends the cost.
    std::vector<char> encoded(4096);
    auto read = (*rows)->forEachRow([&](const SqliteStatement &row) {
        size_t at = 0;
        for (int c = 0; c < columns; ++c) {
            if (encoded.size() - at < 64)
                encoded.resize(encoded.size() * 2);
            switch (row.type(c)) {
            case SqliteStatement::Type::Null:
                encoded[at++] = 'N';
                encoded[at++] = ';';
                break;
            case SqliteStatement::Type::Integer:
                encoded[at++] = 'I';
                at = size_t(std::to_chars(&encoded[at], encoded.data() + encoded.size(), row.integer(c)).ptr -
                            encoded.data());
                encoded[at++] = ';';
                break;
            case SqliteStatement::Type::Text: {
                int size = 0;
                const char *text = row.rawText(c, &size);
                if (encoded.size() - at < size_t(size) + 64)
                    encoded.resize(std::max(encoded.size() * 2, at + size_t(size) + 64));
                encoded[at++] = 'T';
                at = size_t(std::to_chars(&encoded[at], encoded.data() + encoded.size(), size).ptr -
                            encoded.data());
                encoded[at++] = ':';
                memcpy(&encoded[at], text, size_t(size));
                at += size_t(size);
                break;
            }
            }
        }
        hash.add(encoded.data(), qsizetype(at));
        if (visit)
            visit(row);
        ++digest.rows;
        return !(cancel && (digest.rows & 0xFFF) == 0 && cancel->load());
    });
    if (!read)
        return read.problem();
    if (cancel && cancel->load())
        return cancelled();
    digest.sha256 = QString::fromLatin1(hash.finish().toHex());
    return digest;
}

contract::Result<QMap<QByteArray, TableDigest>>
SnapshotSchema::digestAll(const QString &path, int formatVersion, const RowVisitor &visitAuditEvent,
                          const std::atomic_bool *cancel, const std::function<void()> &thenOnThisCore)
{
    const auto digestOn = [path, cancel](const SnapshotTable &table,
                                         const RowVisitor &visit) -> contract::Result<TableDigest> {
        auto file = SqliteFile::open(path, SqliteFile::Mode::ReadOnly);
        if (!file)
            return file.problem();
        return digest(**file, table, visit, cancel);
    };
    QFuture<contract::Result<TableDigest>> audit =
        QtConcurrent::run([&] { return digestOn(auditEvents(), visitAuditEvent); });
    QMap<QByteArray, TableDigest> digests;
    std::optional<contract::Problem> failure;
    for (const SnapshotTable &table : tables(formatVersion)) {
        if (table.name == auditEvents().name)
            continue;
        auto one = digestOn(table, {});
        if (!one) {
            failure = one.problem();
            break;
        }
        digests.insert(table.name, *one);
    }
    if (!failure && thenOnThisCore)
        thenOnThisCore();
    auto auditDigest = audit.result();
    if (failure)
        return *failure;
    if (!auditDigest)
        return auditDigest.problem();
    digests.insert(auditEvents().name, *auditDigest);
    return digests;
}

contract::AuditEvent SnapshotSchema::auditEvent(const SqliteStatement &row)
{
    contract::AuditEvent e;
    e.seq = row.integer(0);
    e.at = row.integer(1);
    e.actor = row.text(2);
    e.action = row.text(3);
    e.targetType = row.text(4);
    e.targetId = row.text(5);
    e.before = row.bytes(6);
    e.after = row.bytes(7);
    e.note = row.text(8);
    e.requestId = row.text(9);
    e.prevHash = row.text(10);
    e.hash = row.text(11);
    return e;
}

} // namespace billing::snapshot
