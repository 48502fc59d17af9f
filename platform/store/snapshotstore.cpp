// SPDX-License-Identifier: Apache-2.0
#include "platform/store/snapshotstore.h"

#include "foundation/snapshot/snapshotwriter.h"
#include "platform/store/transaction.h"

#include <QSqlQuery>
#include <QUuid>

namespace billing::store {

using contract::Result;

SnapshotStore::SnapshotStore(std::shared_ptr<Database> database)
    : m_database(std::move(database))
{
}

Result<SnapshotStore::Identity> SnapshotStore::identity(qint64 nowMs)
{
    const auto read = [this]() -> Result<std::optional<Identity>> {
        auto rows = m_database->query(
            QStringLiteral("SELECT platform_id, signing_key FROM platform_identity WHERE slot = 'this'"), {},
            "Reading the platform's identity");
        if (!rows)
            return rows.problem();
        if (!rows->next())
            return std::optional<Identity>();
        auto key = snapshot::SigningKey::fromPrivateKey(QByteArray::fromBase64(rows->value(1).toByteArray()));
        if (!key)
            return Database::storageProblem(
                QStringLiteral("The platform's stored signing key is not a valid Ed25519 key."));
        return std::optional<Identity>(Identity{rows->value(0).toString(), *key});
    };
    auto existing = read();
    if (!existing)
        return existing.problem();
    if (*existing)
        return **existing;
    // Two processes starting at once both try; the first row wins and both read it back.
    const snapshot::SigningKey key = snapshot::SigningKey::generate();
    const QString platformId =
        QStringLiteral("platform-") + QUuid::createUuid().toString(QUuid::WithoutBraces).left(13);
    {
        auto tx = Transaction::begin(*m_database, Transaction::Mode::Write);
        if (!tx)
            return tx.problem();
        auto insert = m_database->query(
            QStringLiteral("INSERT INTO platform_identity (slot, platform_id, signing_key, created_at) "
                           "VALUES ('this', ?, ?, ?) ON CONFLICT (slot) DO NOTHING"),
            {platformId, QString::fromLatin1(key.privateKey().toBase64()), nowMs},
            "Storing the platform's signing key", (*tx)->connection());
        if (!insert)
            return insert.problem();
        if (auto done = (*tx)->commit(); !done)
            return done.problem();
    }
    auto made = read();
    if (!made)
        return made.problem();
    if (!*made)
        return Database::storageProblem(QStringLiteral("The platform's signing key could not be stored."));
    return **made;
}

Result<AuditStore::Head> SnapshotStore::copyInto(snapshot::SnapshotWriter &writer,
                                                 const snapshot::SnapshotFilter &filter)
{
    if (m_database->isSqlite()) {
        auto head = writer.copyFromSqlite(m_database->sqlitePath(), filter);
        if (!head)
            return head.problem();
        return AuditStore::Head{head->seq, head->hash};
    }
    // PostgreSQL: row by row, in one REPEATABLE READ transaction.
    auto tx = Transaction::begin(*m_database, Transaction::Mode::Read);
    if (!tx)
        return tx.problem();
    QSqlDatabase db = (*tx)->connection();
    // The head first: on SQLite the read transaction's view is fixed by its first read.
    auto head = AuditStore::head(db);
    if (!head)
        return head.problem();
    for (const snapshot::SnapshotTable &table : snapshot::SnapshotSchema::tables()) {
        const snapshot::SnapshotFilter::Where where = filter.whereFor(table);
        QSqlQuery rows(db);
        rows.setForwardOnly(true);
        rows.prepare(QString::fromLatin1("SELECT " + table.columnList() + " FROM " + table.name + where.sql));
        for (const qint64 bind : where.binds)
            rows.addBindValue(bind);
        if (auto ran = Database::exec(rows, "Reading for a snapshot"); !ran)
            return ran.problem();
        const int columns = int(table.columns.size());
        QVariantList values(columns);
        while (rows.next()) {
            for (int c = 0; c < columns; ++c)
                values[c] = rows.value(c);
            if (auto added = writer.add(table, values); !added)
                return added.problem();
        }
    }
    return *head;
}

} // namespace billing::store
