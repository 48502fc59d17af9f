#include "platform/snapshot/snapshotfile.h"

#include "platform/api/queryparameters.h"
#include "platform/snapshot/signingkey.h"

#include <QFile>

namespace billing::snapshot {

using api::Problem;
using api::Result;

namespace {
Problem notASnapshot(const QString &why)
{
    return Problem{422, "not_a_snapshot", QStringLiteral("Not a snapshot"),
                   QStringLiteral("The file is not a Billing Center snapshot: %1.").arg(why), {}};
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
        return Problem{422, "manifest_invalid", QStringLiteral("Manifest invalid"),
                       QStringLiteral("The snapshot's manifest table is empty."), {}};
    const QByteArray body = (*rows)->bytes(0);
    const QByteArray signature = QByteArray::fromBase64((*rows)->bytes(1));
    const QByteArray publicKey = QByteArray::fromBase64((*rows)->bytes(2));
    auto second = (*rows)->step();
    if (!second)
        return second.problem();
    if (*second)
        return Problem{422, "manifest_invalid", QStringLiteral("Manifest invalid"),
                       QStringLiteral("The snapshot has more than one manifest."), {}};
    (*rows)->reset();

    auto manifest = SnapshotManifest::fromBytes(body);
    if (!manifest)
        return manifest.problem();
    // Every table the format names, with its columns: a reader below never meets a missing one.
    for (const SnapshotTable &table : SnapshotSchema::tables()) {
        if (!(*sqlite)->prepare("SELECT " + table.columnList() + " FROM " + table.name + " LIMIT 0"))
            return notASnapshot(QStringLiteral("the table %1 is missing or lacks a column").arg(QString::fromLatin1(table.name)));
    }

    std::unique_ptr<SnapshotFile> snapshot(new SnapshotFile);
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

namespace {
// WHERE conditions with their bound values, in order.
struct Conditions {
    QByteArrayList sql;
    QVariantList binds;
    void equal(const char *column, const QString &value)
    {
        if (value.isEmpty())
            return;
        sql.append(QByteArray(column) + " = ?");
        binds.append(value);
    }
    void add(const QByteArray &condition, const QVariantList &values)
    {
        sql.append(condition);
        binds += values;
    }
    QByteArray where() const { return sql.isEmpty() ? QByteArray() : " WHERE " + sql.join(" AND "); }
    void bindTo(SqliteStatement &statement) const
    {
        for (int i = 0; i < binds.size(); ++i)
            statement.bind(i + 1, binds.at(i));
    }
};

template<typename T, typename Read>
api::Result<api::Page<T>> page(SqliteFile &file, const QByteArray &from, const Conditions &conditions, const QByteArray &order,
                              qint64 offset, int limit, Read read)
{
    api::Page<T> page;
    auto count = file.prepare("SELECT COUNT(*) FROM " + from + conditions.where());
    if (!count)
        return count.problem();
    conditions.bindTo(**count);
    auto counted = (*count)->step();
    if (!counted)
        return counted.problem();
    page.total = (*count)->integer(0);
    auto rows = file.prepare("SELECT * FROM " + from + conditions.where() + " ORDER BY " + order + " LIMIT "
                             + QByteArray::number(limit) + " OFFSET " + QByteArray::number(offset));
    if (!rows)
        return rows.problem();
    conditions.bindTo(**rows);
    if (auto read_ = (*rows)->forEachRow([&](const SqliteStatement &row) {
            page.items.append(read(row));
            return true;
        });
        !read_)
        return read_.problem();
    return page;
}
} // namespace

api::Result<api::Page<api::Workspace>> SnapshotFile::workspaces(const api::WorkspaceQuery &query)
{
    const SnapshotTable &table = *SnapshotSchema::table("workspaces");
    Conditions conditions;
    if (!query.q.isEmpty()) {
        const QString pattern = api::parameters::containsPattern(query.q);
        conditions.add("(id LIKE ? ESCAPE '\\' OR name LIKE ? ESCAPE '\\')", {pattern, pattern});
    }
    conditions.equal("status", query.status);
    conditions.equal("billing_method", query.billingMethod);
    conditions.equal("site", query.site);
    conditions.equal("cloud_account_id", query.cloudAccountId);
    conditions.equal("account_id", query.accountId);
    conditions.equal("lock_reason", query.lockReason);
    if (query.lockedAt)
        conditions.add("lock_at = ?", {query.lockedAt});
    if (!query.provider.isEmpty())
        conditions.add("cloud_account_id IN (SELECT id FROM cloud_accounts WHERE provider = ?)", {query.provider});
    const QString key = api::WorkspaceQuery::sortKeys().contains(query.sort) ? query.sort : QStringLiteral("id");
    const QByteArray column = key == QLatin1String("purge_at") ? QByteArray("lock_purge_at") : key.toLatin1();
    const QByteArray direction = query.descending ? " DESC" : " ASC";
    return page<api::Workspace>(*m_sqlite,
                                "(SELECT " + table.columnList() + " FROM workspaces)", conditions,
                                column + direction + ", id" + direction, query.offset, query.limit,
                                [](const SqliteStatement &row) { return SnapshotSchema::workspace(row); });
}

api::Result<api::Page<api::AuditEvent>> SnapshotFile::auditEvents(const AuditFilter &filter)
{
    Conditions conditions;
    conditions.equal("actor", filter.actor);
    conditions.equal("action", filter.action);
    conditions.equal("target_id", filter.targetId);
    if (filter.from)
        conditions.add("at >= ?", {filter.from});
    if (filter.to)
        conditions.add("at < ?", {filter.to});
    return page<api::AuditEvent>(*m_sqlite, "(SELECT " + SnapshotSchema::auditEvents().columnList() + " FROM audit_events)",
                                 conditions, "seq", filter.offset, filter.limit,
                                 [](const SqliteStatement &row) { return SnapshotSchema::auditEvent(row); });
}

api::Result<QList<QPair<QString, QString>>> SnapshotFile::record(const QByteArray &tableName, const QString &key)
{
    const SnapshotTable *table = SnapshotSchema::table(tableName);
    if (!table)
        return api::Problem::internal(QStringLiteral("No table %1 in a snapshot.").arg(QString::fromLatin1(tableName)));
    auto row = m_sqlite->prepare("SELECT " + table->columnList() + " FROM " + table->name + " WHERE " + table->key + " = ?");
    if (!row)
        return row.problem();
    (*row)->bind(1, key);
    auto found = (*row)->step();
    if (!found)
        return found.problem();
    QList<QPair<QString, QString>> fields;
    if (!*found)
        return fields;
    for (int c = 0; c < table->columns.size(); ++c)
        fields.append({QString::fromLatin1(table->columns.at(c).first),
                       (*row)->type(c) == SqliteStatement::Type::Integer ? QString::number((*row)->integer(c)) : (*row)->text(c)});
    return fields;
}

api::Result<QStringList> SnapshotFile::distinctAuditValues(const QByteArray &column)
{
    if (column != "actor" && column != "action")
        return api::Problem::internal(QStringLiteral("Not a listed audit column."));
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
