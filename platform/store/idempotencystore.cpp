// SPDX-License-Identifier: Apache-2.0
#include "platform/store/idempotencystore.h"

#include <QJsonDocument>
#include <QSqlQuery>

namespace billing::store {

using contract::Result;

IdempotencyStore::IdempotencyStore(std::shared_ptr<Database> database)
    : m_database(std::move(database))
{
}

Result<std::optional<IdempotencyStore::Recorded>> IdempotencyStore::find(const QString &staff,
                                                                         const QString &key, QSqlDatabase db)
{
    auto connection = m_database->connection(db);
    if (!connection)
        return connection.problem();
    QSqlQuery q(*connection);
    q.prepare(QStringLiteral(
        "SELECT request_hash, status, response FROM idempotency_keys WHERE staff = ? AND idem_key = ?"));
    q.addBindValue(staff);
    q.addBindValue(key);
    if (auto ran = Database::exec(q, "Looking up an idempotency key"); !ran)
        return ran.problem();
    if (!q.next())
        return std::optional<Recorded>();
    const QJsonObject stored = QJsonDocument::fromJson(q.value(2).toString().toUtf8()).object();
    return std::optional<Recorded>(Recorded{q.value(0).toString().toLatin1(), q.value(1).toInt(),
                                            stored.value("body").toObject(),
                                            stored.value("etag").toString().toLatin1()});
}

Result<contract::Done> IdempotencyStore::record(QSqlDatabase transaction, const QString &staff,
                                                const QString &key, const Recorded &answer, qint64 nowMs)
{
    QSqlQuery q(transaction);
    q.prepare(QStringLiteral(
        "INSERT INTO idempotency_keys (staff, idem_key, request_hash, status, response, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?)"));
    q.addBindValue(staff);
    q.addBindValue(key);
    q.addBindValue(QString::fromLatin1(answer.requestHash));
    q.addBindValue(answer.status);
    q.addBindValue(QString::fromUtf8(
        QJsonDocument(QJsonObject{{"body", answer.body}, {"etag", QString::fromLatin1(answer.etag)}})
            .toJson(QJsonDocument::Compact)));
    q.addBindValue(nowMs);
    return Database::exec(q, "Recording an idempotency key");
}

Result<qint64> IdempotencyStore::forgetOld(QSqlDatabase transaction, qint64 nowMs, int limit)
{
    QSqlQuery purge(transaction);
    purge.prepare(QStringLiteral("DELETE FROM idempotency_keys WHERE (staff, idem_key) IN (SELECT staff, "
                                 "idem_key FROM idempotency_keys WHERE created_at < ? ORDER BY created_at "
                                 "LIMIT %1)")
                      .arg(limit));
    purge.addBindValue(nowMs - RetentionMs);
    if (auto ran = Database::exec(purge, "Forgetting old idempotency keys"); !ran)
        return ran.problem();
    return qint64(purge.numRowsAffected());
}

} // namespace billing::store
