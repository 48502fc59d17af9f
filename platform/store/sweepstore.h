// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "platform/store/database.h"

#include <atomic>
#include <optional>

namespace billing::store {

// The scheduler's sweeps, each with the instance that ran it, and the scheduler's turn among several
// instances on one PostgreSQL database.
class SweepStore
{
public:
    // A sweep row is kept this long (one a minute is half a million rows a year otherwise).
    static constexpr qint64 RetentionMs = 30LL * 24 * 3600 * 1000;

    struct Sweep {
        QString instance;
        qint64 startedAt = 0;
        qint64 finishedAt = 0;
        QString outcome; // the sweep's counts as JSON, or "failed: why"
    };

    explicit SweepStore(std::shared_ptr<Database> database);

    // Records a finished sweep and forgets the rows past RetentionMs.
    contract::Result<contract::Done> record(const Sweep &sweep);
    contract::Result<std::optional<Sweep>> latest();

    // Whether this instance has the scheduler's turn now, taking it when nobody has: a session-level
    // advisory lock on a connection of its own, held while the instance lives. When the holder dies,
    // PostgreSQL ends its session and frees the lock for the next instance that asks. Always true on
    // SQLite (one platform per file). Called from one thread only (the sweeps').
    bool holdsTurn();
    // What the last holdsTurn() found, for any thread (/v1/health).
    bool heldTurn() const;

private:
    std::shared_ptr<Database> m_database;
    QSqlDatabase m_turnConnection;
    std::atomic_bool m_holdsTurn = false;
};

} // namespace billing::store
