// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "foundation/contract/report.h"
#include "foundation/contract/result.h"

#include <memory>

namespace billing::store {

class Database;

// Finance's reports on the platform's database: the report queries the foundation defines
// (sql::ReportQueries), each read as one consistent view of the data (one statement: through SQLite's C
// API, or `COPY (query) TO STDOUT` on PostgreSQL, each cell's text taken as the engine holds it) and handed
// on row by row, so memory stays flat at a million rows.
class ReportStore
{
public:
    explicit ReportStore(std::shared_ptr<Database> database);

    // Answers how many rows were handed on.
    contract::Result<qint64> run(const contract::ReportQuery &query, qint64 nowMs,
                                 const contract::ReportRowSink &sink);

private:
    std::shared_ptr<Database> m_database;
};

} // namespace billing::store
