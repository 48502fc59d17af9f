// SPDX-License-Identifier: Apache-2.0
#include "foundation/snapshot/snapshotfile.h"

#include "foundation/contract/queryparameters.h"
#include "foundation/contract/storedrows.h"
#include "foundation/snapshot/signingkey.h"
#include "foundation/snapshot/snapshotstructure.h"
#include "foundation/sql/reportqueries.h"
#include "foundation/sql/sqlconditions.h"

#include <QFile>

namespace billing::snapshot {

using contract::Problem;
using contract::Result;

namespace {
Problem notASnapshot(const QString &why)
{
    return Problem{422,
                   "not_a_snapshot",
                   QStringLiteral("Not a snapshot"),
                   QStringLiteral("The file is not a Billing Center snapshot: %1.").arg(why),
                   {}};
}
} // namespace

Result<std::unique_ptr<SnapshotFile>> SnapshotFile::open(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return SqliteFile::damaged(path, file.errorString());
    // SQLite would open any file and fail at the first read; the magic header says it plainly.
    if (file.read(16) != QByteArray("SQLite format 3\0", 16))
        return notASnapshot(QStringLiteral("it is not an SQLite database"));
    file.close();

    auto sqlite = SqliteFile::open(path, SqliteFile::Mode::ReadOnly);
    if (!sqlite)
        return sqlite.problem();
    auto rows = (*sqlite)->prepare("SELECT body, signature, public_key FROM manifest");
    if (!rows) {
        const QString error = (*sqlite)->lastError();
        if (error.contains(QLatin1String("no such table")))
            return notASnapshot(QStringLiteral("it has no manifest"));
        return rows.problem();
    }
    auto first = (*rows)->step();
    if (!first)
        return first.problem();
    if (!*first)
        return Problem{422,
                       "manifest_invalid",
                       QStringLiteral("Manifest invalid"),
                       QStringLiteral("The snapshot's manifest table is empty."),
                       {}};
    const QByteArray body = (*rows)->bytes(0);
    const QByteArray signature = QByteArray::fromBase64((*rows)->bytes(1));
    const QByteArray publicKey = QByteArray::fromBase64((*rows)->bytes(2));
    auto second = (*rows)->step();
    if (!second)
        return second.problem();
    if (*second)
        return Problem{422,
                       "manifest_invalid",
                       QStringLiteral("Manifest invalid"),
                       QStringLiteral("The snapshot has more than one manifest."),
                       {}};
    (*rows)->reset();

    auto manifest = SnapshotManifest::fromBytes(body);
    if (!manifest)
        return manifest.problem();
    std::unique_ptr<SnapshotFile> snapshot(new SnapshotFile);
    snapshot->m_structureProblems = SnapshotStructure::check(**sqlite, manifest->formatVersion);
    snapshot->m_path = path;
    snapshot->m_sqlite = std::move(sqlite).value();
    snapshot->m_manifest = *manifest;
    snapshot->m_publicKey = publicKey;
    snapshot->m_signatureValid = SigningKey::verify(publicKey, body, signature);
    return snapshot;
}

QString SnapshotFile::signerFingerprint() const
{
    return SigningKey::fingerprint(m_publicKey);
}

Problem SnapshotFile::unreadable() const
{
    return Problem{422,
                   "snapshot_altered",
                   QStringLiteral("Snapshot altered"),
                   QStringLiteral("Nothing is read from this file, as its structure is not the snapshot "
                                  "format's: %1")
                       .arg(m_structureProblems.value(0).detail),
                   {}};
}

namespace {
void bindAll(SqliteStatement &statement, const QVariantList &binds)
{
    for (int i = 0; i < binds.size(); ++i)
        statement.bind(i + 1, binds.at(i));
}

// A snapshot's row as the report queries read it.
class StatementRow final : public sql::ResultRow
{
public:
    explicit StatementRow(const SqliteStatement &statement)
        : m_statement(statement)
    {
    }
    QString text(int column) const override { return m_statement.text(column); }
    std::optional<QByteArrayView> textInPlace(int column) const override
    {
        int size = 0;
        const char *text = m_statement.rawText(column, &size);
        return QByteArrayView(text, size);
    }
    qint64 integer(int column) const override { return m_statement.integer(column); }
    bool isNull(int column) const override { return m_statement.isNull(column); }

private:
    const SqliteStatement &m_statement;
};

template<typename T, typename Read>
contract::Result<contract::Page<T>> page(SqliteFile &file, const QByteArray &from,
                                         const sql::SqlConditions &conditions, const QByteArray &order,
                                         qint64 offset, int limit, Read read)
{
    contract::Page<T> page;
    const QByteArray where = conditions.where().toUtf8();
    auto count = file.prepare("SELECT COUNT(*) FROM " + from + where);
    if (!count)
        return count.problem();
    bindAll(**count, conditions.binds());
    auto counted = (*count)->step();
    if (!counted)
        return counted.problem();
    page.total = (*count)->integer(0);
    auto rows = file.prepare("SELECT * FROM " + from + where + " ORDER BY " + order + " LIMIT " +
                             QByteArray::number(limit) + " OFFSET " + QByteArray::number(offset));
    if (!rows)
        return rows.problem();
    bindAll(**rows, conditions.binds());
    if (auto read_ = (*rows)->forEachRow([&](const SqliteStatement &row) {
            page.items.append(read(row));
            return true;
        });
        !read_)
        return read_.problem();
    return page;
}
} // namespace

contract::Result<contract::Page<contract::Workspace>>
SnapshotFile::workspaces(const contract::WorkspaceQuery &query)
{
    if (!isReadable())
        return unreadable();
    const SnapshotTable &table = *SnapshotSchema::table("workspaces");
    sql::SqlConditions conditions;
    const QString search = query.q.isEmpty() ? QString() : contract::parameters::searchMode(query.q);
    if (search == QLatin1String(contract::SearchMode::Substring)) {
        // What the platform's search index holds, read from the snapshot's own tables.
        const auto [condition, values] = sql::searchedFieldsContain(query.q, QStringLiteral("LIKE"));
        conditions.add(condition, values);
    } else if (!search.isEmpty()) {
        const QString pattern = contract::parameters::prefixPattern(query.q);
        conditions.add(QStringLiteral("(id LIKE ? ESCAPE '\\' OR name LIKE ? ESCAPE '\\')"),
                       {pattern, pattern});
    }
    conditions.equal(QStringLiteral("status"), query.status);
    conditions.equal(QStringLiteral("billing_method"), query.billingMethod);
    conditions.equal(QStringLiteral("site"), query.site);
    conditions.equal(QStringLiteral("cloud_account_id"), query.cloudAccountId);
    conditions.equal(QStringLiteral("account_id"), query.accountId);
    conditions.equal(QStringLiteral("lock_reason"), query.lockReason);
    if (query.lockedAt)
        conditions.add(QStringLiteral("lock_at = ?"), {query.lockedAt});
    if (!query.provider.isEmpty())
        conditions.add(
            QStringLiteral("cloud_account_id IN (SELECT id FROM cloud_accounts WHERE provider = ?)"),
            {query.provider});
    const QString key =
        contract::WorkspaceQuery::sortKeys().contains(query.sort) ? query.sort : QStringLiteral("id");
    const QByteArray column = key == QLatin1String("purge_at") ? QByteArray("lock_purge_at") : key.toLatin1();
    const QByteArray direction = query.descending ? " DESC" : " ASC";
    auto found = page<contract::Workspace>(
        *m_sqlite, "(" + table.selectAll() + ")", conditions, column + direction + ", id" + direction,
        query.offset, query.limit,
        [](const SqliteStatement &row) { return contract::WorkspaceRow::read(row); });
    if (found)
        found->search = search;
    return found;
}

contract::Result<contract::Page<contract::AuditEvent>> SnapshotFile::auditEvents(const AuditFilter &filter)
{
    if (!isReadable())
        return unreadable();
    sql::SqlConditions conditions;
    conditions.equal(QStringLiteral("actor"), filter.actor);
    conditions.equal(QStringLiteral("action"), filter.action);
    conditions.equal(QStringLiteral("target_id"), filter.targetId);
    conditions.period(QStringLiteral("at"), filter.from, filter.to);
    return page<contract::AuditEvent>(
        *m_sqlite, "(" + SnapshotSchema::auditEvents().selectAll() + ")", conditions, "seq", filter.offset,
        filter.limit, [](const SqliteStatement &row) { return SnapshotSchema::auditEvent(row); });
}

contract::Result<qint64> SnapshotFile::report(const contract::ReportQuery &query, qint64 nowMs,
                                              const contract::ReportRowSink &sink)
{
    if (!isReadable())
        return unreadable();
    if (query.kind == contract::ReportKind::MeteredUsage &&
        !SnapshotSchema::table("metering_records", m_manifest.formatVersion))
        return Problem{422,
                       "not_in_snapshot",
                       QStringLiteral("Not in this snapshot"),
                       QStringLiteral("This snapshot has format version %1, from before the platform kept a "
                                      "metering ledger: it holds no metered usage.")
                           .arg(m_manifest.formatVersion),
                       {}};
    const auto read =
        [this](const QString &sql, const QVariantList &binds, const char *,
               const std::function<bool(const sql::ResultRow &)> &visit) -> Result<contract::Done> {
        auto statement = m_sqlite->prepare(sql.toUtf8());
        if (!statement)
            return statement.problem();
        bindAll(**statement, binds);
        const StatementRow row(**statement);
        auto rows = (*statement)->forEachRow([&](const SqliteStatement &) { return visit(row); });
        if (!rows)
            return rows.problem(); // the file's own failure, which names it
        return contract::Done{};
    };
    return sql::ReportQueries::run(query, nowMs, read, sink);
}

template<typename Record>
contract::Result<std::optional<Record>> SnapshotFile::findRow(const QByteArray &tableName, const QString &key,
                                                              Record (*read)(const SqliteStatement &row))
{
    if (!isReadable())
        return unreadable();
    const SnapshotTable &table = *SnapshotSchema::table(tableName);
    auto row = m_sqlite->prepare(table.selectAll() + " WHERE " + table.key + " = ?");
    if (!row)
        return row.problem();
    (*row)->bind(1, key);
    auto found = (*row)->step();
    if (!found)
        return found.problem();
    if (!*found)
        return std::optional<Record>();
    return std::optional<Record>(read(**row));
}

contract::Result<std::optional<contract::Account>> SnapshotFile::account(const QString &id)
{
    return findRow("accounts", id, &contract::AccountRow::read<SqliteStatement>);
}

contract::Result<std::optional<contract::CloudAccount>> SnapshotFile::cloudAccount(const QString &id)
{
    return findRow("cloud_accounts", id, &contract::CloudAccountRow::read<SqliteStatement>);
}

contract::Result<QStringList> SnapshotFile::distinctAuditValues(const QByteArray &column)
{
    if (column != "actor" && column != "action")
        return contract::Problem::internal(QStringLiteral("Not a listed audit column."));
    if (!isReadable())
        return unreadable();
    auto rows = m_sqlite->prepare("SELECT DISTINCT " + column + " FROM audit_events ORDER BY 1");
    if (!rows)
        return rows.problem();
    QStringList values;
    if (auto read = (*rows)->forEachRow([&](const SqliteStatement &row) {
            values.append(row.text(0));
            return true;
        });
        !read)
        return read.problem();
    return values;
}

} // namespace billing::snapshot
