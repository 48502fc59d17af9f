// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "foundation/contract/result.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <QUrlQuery>

#include <functional>
#include <optional>

namespace billing::contract {

// One column of a report as the platform streams it. The type says how a writer shows the text it
// carries: DateTime is ISO 8601 UTC, Money a decimal amount in major units whose currency is the
// column named key + "_currency", Integer a whole number; an empty cell is no value.
struct ReportColumn {
    enum class Type { Text, Integer, DateTime, Money };
    QString key;
    Type type = Type::Text;
};

// In this order: the contract's definitions are indexed by it.
enum class ReportKind { Subscriptions, CloudAccounts, Locked, Changes, MeteredUsage };

// What `GET /v1/reports/{report}` is asked. One codec for client and server. A filter a report does
// not take is refused, never ignored: a report that silently ignored "site" would mislead finance.
struct ReportQuery {
    ReportKind kind = ReportKind::Subscriptions;
    qint64 from = 0; // the period [from, to) in ms since the epoch; 0 leaves that end open
    qint64 to = 0;
    QString site;
    QString provider;
    QString status;
    QString billingMethod;
    QString cloudAccountId;

    static const QList<ReportKind> &kinds();
    static QString name(ReportKind kind); // "subscriptions", …, "metered-usage"
    static std::optional<ReportKind> kindNamed(const QString &name);
    static const QList<ReportColumn> &columns(ReportKind kind);
    // The filter parameters a report takes ("from", "to", "site", …).
    static const QStringList &filters(ReportKind kind);
    // What "status" means for a report: the codes it takes.
    static const QStringList &statuses(ReportKind kind);

    QString path() const { return QStringLiteral("/v1/reports/") + name(kind); }
    QUrlQuery toUrlQuery() const;
    static Result<ReportQuery> fromUrlQuery(ReportKind kind, const QUrlQuery &query);

    bool operator==(const ReportQuery &) const = default;
};

// Called with each row's cells in ReportQuery::columns() order, as the column types spell them;
// answering false stops the report (the reader went away).
using ReportRowSink = std::function<bool(const QStringList &row)>;

} // namespace billing::contract
