// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "foundation/contract/report.h"
#include "foundation/contract/result.h"

#include <QVariantList>

#include <functional>
#include <optional>

namespace billing::sql {

// One row of a query's result as a report reads it, whichever engine ran the query.
class ResultRow
{
public:
    virtual ~ResultRow() = default;
    virtual QString text(int column) const = 0;
    // The column's text as UTF-8 where the engine holds it, valid while this row is being read; nothing
    // when the engine holds no UTF-8 (Qt Sql's QVariants).
    virtual std::optional<QByteArrayView> textInPlace(int) const { return std::nullopt; }
    // Appends the column's text as UTF-8, without a QString on the way where the engine holds it.
    void appendText(int column, QByteArray &to) const
    {
        if (const auto inPlace = textInPlace(column))
            to.append(*inPlace);
        else
            to.append(text(column).toUtf8());
    }
    virtual qint64 integer(int column) const = 0;
    virtual bool isNull(int column) const = 0;
};

// Runs `sql` with `binds`, handing each row to `visit` until it answers false. A failure is a problem
// that names `what` ("Reading the locked workspaces report").
using RowReader = std::function<contract::Result<contract::Done>(
    const QString &sql, const QVariantList &binds, const char *what,
    const std::function<bool(const ResultRow &)> &visit)>;

// Finance's reports as SQL over the tables the platform's database and an audit snapshot file share:
// the one definition of what each report reads, in which order, and how a row becomes its cells. The
// platform runs them on its store (GET /v1/reports/…); the console on a verified snapshot, offline.
class ReportQueries
{
public:
    // Hands each row's cells to `sink` in ReportQuery::columns() order; days left and open periods
    // are counted from `nowMs`. Answers how many rows were handed on.
    static contract::Result<qint64> run(const contract::ReportQuery &query, qint64 nowMs,
                                        const RowReader &read, const contract::ReportRowSink &sink);

    // ISO 8601 UTC ("2026-11-23T14:03:12Z"); 0 is no time, an empty cell.
    static void appendDateTime(QByteArray &to, qint64 msecsSinceEpoch);
    static QString dateTime(qint64 msecsSinceEpoch);
    // Minor units as a decimal amount in major units: 123456 → "1234.56".
    static void appendAmount(QByteArray &to, qint64 minor);
};

} // namespace billing::sql
