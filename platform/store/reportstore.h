#pragma once

#include "platform/api/report.h"
#include "platform/api/result.h"

#include <QStringList>

#include <functional>
#include <memory>

namespace billing::store {

class Database;

// The rows of finance's reports, read by one forward-only query each (one statement: one consistent
// view of the data) and handed on one by one, so memory stays flat at a million rows.
class ReportStore
{
public:
    explicit ReportStore(std::shared_ptr<Database> database);

    // Called with each row's cells in ReportQuery::columns() order, as the column types spell them;
    // answering false stops the report (the reader went away).
    using RowSink = std::function<bool(const QStringList &row)>;

    // Answers how many rows were handed on.
    api::Result<qint64> run(const api::ReportQuery &query, qint64 nowMs, const RowSink &sink);

    // ISO 8601 UTC ("2026-11-23T14:03:12Z"); 0 is no time, an empty cell.
    static QString dateTime(qint64 msecsSinceEpoch);
    // Minor units as a decimal amount in major units: 123456 → "1234.56".
    static QString amount(qint64 minor);

private:
    api::Result<qint64> subscriptions(const api::ReportQuery &query, qint64 nowMs, const RowSink &sink);
    api::Result<qint64> cloudAccounts(const api::ReportQuery &query, const RowSink &sink);
    api::Result<qint64> locked(const api::ReportQuery &query, qint64 nowMs, const RowSink &sink);
    api::Result<qint64> changes(const api::ReportQuery &query, const RowSink &sink);

    std::shared_ptr<Database> m_database;
};

} // namespace billing::store
