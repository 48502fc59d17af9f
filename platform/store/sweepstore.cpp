// SPDX-License-Identifier: Apache-2.0
#include "platform/store/sweepstore.h"

#include "platform/store/transaction.h"

#include <QSqlQuery>

namespace billing::store {

using contract::Result;

namespace {
// The advisory lock's key: the scheduler's turn (727001 was the audit chain's, 727003 is migrations',
// 727004 with a list's hash page positions' builds).
constexpr qint64 TurnKey = 727002;
} // namespace

SweepStore::SweepStore(std::shared_ptr<Database> database)
    : m_database(std::move(database))
{
}

Result<contract::Done> SweepStore::record(const Sweep &sweep)
{
    // In the writers' turn, as every write: outside it SQLite's lock is polled for, and lost to writers
    // that follow each other closely.
    auto tx = Transaction::begin(*m_database, Transaction::Mode::Write);
    if (!tx)
        return tx.problem();
    if (auto kept = m_database->query(QStringLiteral("INSERT INTO scheduler_sweeps (instance, started_at, "
                                                     "finished_at, outcome) VALUES (?, ?, ?, ?)"),
                                      {sweep.instance, sweep.startedAt, sweep.finishedAt, sweep.outcome},
                                      "Recording a scheduler sweep", (*tx)->connection());
        !kept)
        return kept.problem();
    if (auto forgotten = m_database->query(
            QStringLiteral("DELETE FROM scheduler_sweeps WHERE started_at < ?"),
            {sweep.startedAt - RetentionMs}, "Forgetting old scheduler sweeps", (*tx)->connection());
        !forgotten)
        return forgotten.problem();
    return (*tx)->commit();
}

Result<std::optional<SweepStore::Sweep>> SweepStore::latest()
{
    auto q = m_database->query(QStringLiteral("SELECT instance, started_at, finished_at, outcome FROM "
                                              "scheduler_sweeps ORDER BY started_at DESC, id DESC LIMIT 1"),
                               {}, "Reading the last scheduler sweep");
    if (!q)
        return q.problem();
    if (!q->next())
        return std::optional<Sweep>();
    return std::optional<Sweep>(Sweep{q->value(0).toString(), q->value(1).toLongLong(),
                                      q->value(2).toLongLong(), q->value(3).toString()});
}

bool SweepStore::holdsTurn()
{
    if (m_database->isSqlite())
        return true;
    if (m_holdsTurn) {
        // Still ours, unless the connection dropped (PostgreSQL then ended the session and its lock).
        QSqlQuery still(m_turnConnection);
        if (still.exec(QStringLiteral("SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted AND "
                                      "pid = pg_backend_pid() AND classid = 0 AND objid = %1")
                           .arg(TurnKey)) &&
            still.next())
            return true;
        m_holdsTurn = false;
        qWarning("billing-platform: this instance lost the scheduler's turn");
    }
    const QString take = QStringLiteral("SELECT pg_try_advisory_lock(%1)").arg(TurnKey);
    QSqlQuery taken(m_turnConnection);
    if (!m_turnConnection.isOpen() || !taken.exec(take)) {
        // A connection of its own, opened again after a drop: the lock lives as long as its session.
        auto db = m_database->dedicatedConnection(QStringLiteral("scheduler-turn"));
        if (!db)
            return false;
        m_turnConnection = *db;
        taken = QSqlQuery(m_turnConnection);
        if (!taken.exec(take))
            return false;
    }
    m_holdsTurn = taken.next() && taken.value(0).toBool();
    if (m_holdsTurn)
        qInfo("billing-platform: this instance runs the scheduler");
    return m_holdsTurn;
}

bool SweepStore::heldTurn() const
{
    return m_database->isSqlite() || m_holdsTurn.load();
}

} // namespace billing::store
