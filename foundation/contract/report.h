// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "foundation/contract/result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>
#include <QStringList>
#include <QUrlQuery>

#include <functional>
#include <optional>
#include <vector>

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

// One report row's cells as UTF-8, in ReportQuery::columns() order, as the column types spell them,
// valid during the sink's call. A 1M-row report is twenty million cells: a cell is a view of the row
// being read where its engine holds the text (COPY's lines, SQLite's columns), or is made in a buffer
// every row reuses, so that the platform streams its CSV without a string or a copy per cell.
class ReportCells
{
public:
    qsizetype size() const { return qsizetype(m_cells.size()); }
    QByteArrayView at(qsizetype i) const
    {
        const Cell &cell = m_cells[size_t(i)];
        return {cell.inPlace ? cell.inPlace : m_made.constData() + cell.begin, cell.size};
    }
    // The cell, or an empty one past the row's end (as QList::value()).
    QByteArrayView value(qsizetype i) const { return i >= 0 && i < size() ? at(i) : QByteArrayView(); }
    QString text(qsizetype i) const { return QString::fromUtf8(at(i)); }
    QStringList texts() const;

    // Writing a row.
    void clear()
    {
        m_cells.clear();  // keeps its room
        m_made.resize(0); // keeps the buffers for the next row
        m_madeEnd = 0;
    }
    // A cell that is the text of the row being read, which outlives the sink's call.
    void addInPlace(QByteArrayView cell) { m_cells.push_back({cell.data(), 0, cell.size()}); }
    // A cell made here: the bytes appended to made() since the last endMade() are the next cell.
    QByteArray &made() { return m_made; }
    bool madeEmpty() const { return m_made.size() == m_madeEnd; }
    QByteArrayView endMade()
    {
        m_cells.push_back({nullptr, m_madeEnd, m_made.size() - m_madeEnd});
        m_madeEnd = m_made.size();
        return at(size() - 1);
    }
    void add(QByteArrayView cell)
    {
        m_made.append(cell);
        endMade();
    }
    void add(const QString &cell) { add(QByteArrayView(cell.toUtf8())); }
    // Copies the in-place cells into the row's own buffer, for a row kept past the text it viewed
    // (a record that continues in the next bytes read).
    void copyInPlaceCells();

private:
    struct Cell {
        const char *inPlace; // null: made, at `begin` in m_made
        qsizetype begin;
        qsizetype size;
    };
    std::vector<Cell> m_cells; // a std::vector: its append is inlined (every cell of every row is one)
    QByteArray m_made;
    qsizetype m_madeEnd = 0;
};

// Called with each row's cells; answering false stops the report (the reader went away).
using ReportRowSink = std::function<bool(const ReportCells &row)>;

} // namespace billing::contract
