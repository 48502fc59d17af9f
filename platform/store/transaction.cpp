// SPDX-License-Identifier: Apache-2.0
#include "platform/store/transaction.h"

namespace billing::store {

Transaction::Transaction(QSqlDatabase db, std::unique_lock<TurnLock> writeTurn)
    : m_db(std::move(db))
    , m_writeTurn(std::move(writeTurn))
{
}

contract::Result<std::unique_ptr<Transaction>> Transaction::begin(Database &database, Mode mode)
{
    auto db = database.connection();
    if (!db)
        return db.problem();
    std::unique_lock<TurnLock> turn;
    if (mode != Mode::Read)
        turn = std::unique_lock(database.writeLock());
    QString begin, wait;
    if (database.isSqlite()) {
        begin = mode == Mode::Read ? QStringLiteral("BEGIN") : QStringLiteral("BEGIN IMMEDIATE");
    } else if (mode == Mode::Schema) {
        begin = QStringLiteral("BEGIN");
        wait = QStringLiteral("SELECT pg_advisory_xact_lock(727003)");
    } else {
        begin = QStringLiteral("BEGIN ISOLATION LEVEL REPEATABLE READ");
        // Every change appends to the one audit chain, so writers take turns across all instances, as
        // SQLite's BEGIN IMMEDIATE makes them. LOCK TABLE takes no snapshot: the transaction's snapshot
        // comes after its turn, so it reads what the writer before it committed (readers never wait).
        if (mode == Mode::Write)
            wait = QStringLiteral("LOCK TABLE audit_events IN SHARE ROW EXCLUSIVE MODE");
    }
    if (auto started = Database::exec(*db, begin, "Starting a transaction"); !started)
        return started.problem();
    std::unique_ptr<Transaction> tx(new Transaction(*db, std::move(turn)));
    if (!wait.isEmpty()) {
        if (auto waited = Database::exec(*db, wait, "Waiting for the writers' turn"); !waited)
            return waited.problem();
    }
    return tx;
}

Transaction::~Transaction()
{
    if (m_open)
        (void)Database::exec(m_db, QStringLiteral("ROLLBACK"), "Rolling back");
}

contract::Result<contract::Done> Transaction::commit()
{
    auto done = Database::exec(m_db, QStringLiteral("COMMIT"), "Committing");
    m_open = !done.ok();
    return done;
}

} // namespace billing::store
