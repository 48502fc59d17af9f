// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "platform/store/database.h"

#include <QJsonObject>

#include <optional>

namespace billing::store {

// The first answer to every mutating request, by staff user and Idempotency-Key, so that a replay
// answers the same and changes nothing (rule 9). Kept for at least RetentionMs.
class IdempotencyStore
{
public:
    static constexpr qint64 RetentionMs = 48LL * 3600 * 1000;

    struct Recorded {
        QByteArray requestHash;
        int status = 200;
        QJsonObject body;
        QByteArray etag;
    };

    explicit IdempotencyStore(std::shared_ptr<Database> database);

    // On `db` when given (inside a transaction), else on this thread's connection.
    contract::Result<std::optional<Recorded>> find(const QString &staff, const QString &key,
                                                   QSqlDatabase db = {});
    // Inside the transaction that made the change.
    contract::Result<contract::Done> record(QSqlDatabase transaction, const QString &staff,
                                            const QString &key, const Recorded &answer, qint64 nowMs);
    // Forgets up to `limit` of the keys older than RetentionMs, oldest first, through their age index (the
    // scheduler's sweep, a batch a transaction); answers how many.
    contract::Result<qint64> forgetOld(QSqlDatabase transaction, qint64 nowMs, int limit);

private:
    std::shared_ptr<Database> m_database;
};

} // namespace billing::store
