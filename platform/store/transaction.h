// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "platform/store/database.h"

#include <mutex>
#include <optional>

namespace billing::store {

// One store transaction on this thread's connection; rolls back unless committed.
// A write transaction holds the process's write turn and waits at its start for the database's: BEGIN
// IMMEDIATE on SQLite, a lock on the audit chain on PostgreSQL (shared by every instance). A second
// writer therefore waits at the start instead of failing at commit, and reads what the first wrote.
class Transaction
{
public:
    // Schema: a write that changes the schema (migrations), taking turns with other instances' through a
    // lock of its own, since the audit chain's table may not exist yet.
    enum class Mode { Read, Write, Schema };

    static contract::Result<std::unique_ptr<Transaction>> begin(Database &database, Mode mode);
    ~Transaction();
    Q_DISABLE_COPY_MOVE(Transaction)

    QSqlDatabase connection() const { return m_db; }
    contract::Result<contract::Done> commit();

private:
    Transaction(QSqlDatabase db, std::unique_lock<TurnLock> writeTurn);
    QSqlDatabase m_db;
    std::unique_lock<TurnLock> m_writeTurn;
    bool m_open = true;
};

} // namespace billing::store
