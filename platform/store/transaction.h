// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "platform/store/database.h"

#include <mutex>
#include <optional>

namespace billing::store {

// One store transaction on this thread's connection; rolls back unless committed.
// A write transaction holds the process's write turn and, on SQLite, starts with BEGIN IMMEDIATE so a
// second writer waits at the start instead of failing at commit.
class Transaction
{
public:
    enum class Mode { Read, Write };

    static contract::Result<std::unique_ptr<Transaction>> begin(Database &database, Mode mode);
    ~Transaction();
    Q_DISABLE_COPY_MOVE(Transaction)

    QSqlDatabase connection() const { return m_db; }
    contract::Result<contract::Done> commit();

private:
    Transaction(QSqlDatabase db, std::unique_lock<std::mutex> writeTurn);
    QSqlDatabase m_db;
    std::unique_lock<std::mutex> m_writeTurn;
    bool m_open = true;
};

} // namespace billing::store
