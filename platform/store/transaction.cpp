// SPDX-License-Identifier: Apache-2.0
#include "platform/store/transaction.h"

namespace billing::store {

Transaction::Transaction(QSqlDatabase db, std::unique_lock<std::mutex> writeTurn)
    : m_db(std::move(db))
    , m_writeTurn(std::move(writeTurn))
{
}

contract::Result<std::unique_ptr<Transaction>> Transaction::begin(Database &database, Mode mode)
{
    auto db = database.connection();
    if (!db)
        return db.problem();
    std::unique_lock<std::mutex> turn;
    if (mode == Mode::Write)
        turn = std::unique_lock(database.writeLock());
    const QString sql = (mode == Mode::Write && database.isSqlite())
                            ? QStringLiteral("BEGIN IMMEDIATE")
                            : (database.isSqlite() ? QStringLiteral("BEGIN")
                                                   : QStringLiteral("BEGIN ISOLATION LEVEL REPEATABLE READ"));
    if (auto started = Database::exec(*db, sql, "Starting a transaction"); !started)
        return started.problem();
    return std::unique_ptr<Transaction>(new Transaction(*db, std::move(turn)));
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
