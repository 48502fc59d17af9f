// SPDX-License-Identifier: Apache-2.0
#include "foundation/sql/reportqueries.h"

#include "foundation/contract/jsonfields.h"
#include "foundation/contract/vocabulary.h"
#include "foundation/contract/workspace.h"
#include "foundation/sql/sqlconditions.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>

#include <charconv>

namespace billing::sql {

using contract::ReportCells;
using contract::ReportKind;
using contract::ReportQuery;
using contract::ReportRowSink;
using contract::Result;

namespace {

// The identity staff look a customer up by in the marketplace's own console: the subscription on
// Azure, the customer identifier elsewhere.
bool namesBySubscription(QAnyStringView provider)
{
    return QAnyStringView::equal(provider, contract::vocabulary::Provider::Azure);
}

QString externalId(const QString &provider, const QString &customerIdentifier,
                   const QString &azureSubscriptionId)
{
    return namesBySubscription(provider) ? azureSubscriptionId : customerIdentifier;
}

QString daysLeft(qint64 purgeAt, qint64 nowMs)
{
    if (purgeAt <= 0)
        return {};
    contract::WorkspaceLock lock;
    lock.purgeAt = purgeAt;
    return QString::number(lock.daysLeft(nowMs));
}

// A row's cells being written: columns copied as the engine holds them, or cells made from them.
class CellWriter
{
public:
    CellWriter(const ResultRow &row, ReportCells &cells)
        : m_row(row)
        , m_cells(cells)
    {
        m_cells.clear();
    }
    // The column's text as a cell: the engine's own bytes where it holds them. The answer is valid
    // until the next cell is written.
    QByteArrayView text(int column)
    {
        if (const auto inPlace = m_row.textInPlace(column)) {
            m_cells.addInPlace(*inPlace);
            return *inPlace;
        }
        m_row.appendText(column, m_cells.made());
        return m_cells.endMade();
    }
    void dateTime(qint64 ms)
    {
        ReportQueries::appendDateTime(m_cells.made(), ms);
        m_cells.endMade();
    }
    // The first column's text and, when it has any, a space and the second's ("visa 4242").
    void textPair(int first, int second)
    {
        m_row.appendText(first, m_cells.made());
        if (!m_cells.madeEmpty()) {
            m_cells.made().append(' ');
            m_row.appendText(second, m_cells.made());
        }
        m_cells.endMade();
    }
    void add(const QString &cell) { m_cells.add(cell); }
    void addAll(const QStringList &cells)
    {
        for (const QString &each : cells)
            m_cells.add(each);
    }
    void amount(qint64 minor)
    {
        ReportQueries::appendAmount(m_cells.made(), minor);
        m_cells.endMade();
    }

private:
    const ResultRow &m_row;
    ReportCells &m_cells;
};

// Reads the query's rows, writing each one's cells with `write`, until the sink stops.
template<typename Write>
Result<qint64> stream(const RowReader &read, const QString &sql, const SqlConditions &where, const char *what,
                      const ReportRowSink &sink, Write write)
{
    qint64 rows = 0;
    ReportCells cells;
    auto done = read(sql, where.binds(), what, [&](const ResultRow &r) {
        CellWriter cell(r, cells);
        write(r, cell);
        if (!sink(cells))
            return false;
        ++rows;
        return true;
    });
    if (!done)
        return done.problem();
    return rows;
}

Result<qint64> subscriptions(const ReportQuery &query, qint64 nowMs, const RowReader &read,
                             const ReportRowSink &sink)
{
    SqlConditions where;
    where.period(QStringLiteral("w.created_at"), query.from, query.to);
    where.equal(QStringLiteral("w.site"), query.site);
    where.equal(QStringLiteral("c.provider"), query.provider);
    where.equal(QStringLiteral("w.status"), query.status);
    where.equal(QStringLiteral("w.billing_method"), query.billingMethod);
    const QString sql =
        QStringLiteral(
            "SELECT w.id, w.name, w.account_id, a.email, w.site, w.plan, w.billing_method, a.card_brand, "
            "a.card_last4,"
            " a.credits_minor, a.credits_currency, w.cloud_account_id, c.provider, c.customer_identifier,"
            " c.azure_subscription_id, c.subscription_state, c.sync_state, w.status, w.lock_reason, "
            "w.lock_purge_at,"
            " w.created_at, w.updated_at"
            " FROM workspaces w JOIN accounts a ON a.id = w.account_id"
            " LEFT JOIN cloud_accounts c ON c.id = w.cloud_account_id%1 ORDER BY w.id")
            .arg(where.where());
    // The report a million rows long: its cells are the engine's bytes where it holds them, never QStrings.
    static const QByteArray locked = contract::vocabulary::WorkspaceStatus::Locked.toUtf8();
    return stream(read, sql, where, "Reading the subscriptions report", sink,
                  [nowMs](const ResultRow &r, CellWriter &cell) {
                      for (int column = 0; column <= 6; ++column)
                          cell.text(column);
                      cell.textPair(7, 8); // the card: brand and last four digits
                      cell.amount(r.integer(9));
                      cell.text(10);
                      cell.text(11);
                      const bool bySubscription = namesBySubscription(QUtf8StringView(cell.text(12)));
                      cell.text(bySubscription ? 14 : 13); // the external id, as externalId() picks it
                      cell.text(15);
                      cell.text(16);
                      const bool isLocked = cell.text(17) == locked;
                      cell.text(18);
                      cell.add(isLocked ? daysLeft(r.integer(19), nowMs) : QString());
                      cell.dateTime(r.integer(20));
                      cell.dateTime(r.integer(21));
                  });
}

Result<qint64> cloudAccounts(const ReportQuery &query, const RowReader &read, const ReportRowSink &sink)
{
    SqlConditions where;
    where.equal(QStringLiteral("c.provider"), query.provider);
    where.equal(QStringLiteral("c.subscription_state"), query.status);
    // One row per (account, site) with its count, in account order: an account's rows arrive together
    // and become one report row when the next account begins.
    const QString sql =
        QStringLiteral(
            "SELECT c.id, c.provider, c.display_name, c.customer_identifier, c.azure_subscription_id,"
            " c.subscription_state, c.sync_state, c.created_at, b.site, b.bound"
            " FROM cloud_accounts c LEFT JOIN (SELECT cloud_account_id, site, COUNT(*) AS bound FROM "
            "workspaces"
            " WHERE cloud_account_id <> '' GROUP BY cloud_account_id, site) b ON b.cloud_account_id = c.id"
            "%1 ORDER BY c.id, b.site")
            .arg(where.where());
    QStringList pending;
    qint64 bound = 0;
    QStringList bySite;
    ReportCells account;
    bool stopped = false;
    qint64 rows = 0;
    const auto flush = [&] {
        if (pending.isEmpty() || stopped)
            return;
        pending[6] = QString::number(bound);
        pending[7] = bySite.join(QStringLiteral("; "));
        account.clear();
        for (const QString &cell : std::as_const(pending))
            account.add(cell);
        stopped = !sink(account);
        rows += stopped ? 0 : 1;
        pending.clear();
    };
    const auto gather = [&](const ReportCells &cells) {
        const QStringList part = cells.texts();
        if (pending.isEmpty() || pending.first() != part.first()) {
            flush();
            pending = part.mid(0, 9);
            bound = 0;
            bySite.clear();
        }
        if (const QString &count = part.at(10); !count.isEmpty()) {
            bound += count.toLongLong();
            bySite.append(part.at(9) + QLatin1Char(' ') + count);
        }
        return !stopped;
    };
    auto parts =
        stream(read, sql, where, "Reading the cloud accounts report", gather,
               [](const ResultRow &r, CellWriter &cell) {
                   const QString provider = r.text(1);
                   cell.addAll(QStringList{
                       r.text(0), provider, r.text(2), externalId(provider, r.text(3), r.text(4)), r.text(5),
                       r.text(6), QString(), QString(), ReportQueries::dateTime(r.integer(7)),
                       // the (site, count) part, gathered above and not reported as such
                       r.text(8), r.isNull(9) ? QString() : QString::number(r.integer(9))});
               });
    if (!parts)
        return parts.problem();
    flush();
    return rows;
}

Result<qint64> locked(const ReportQuery &query, qint64 nowMs, const RowReader &read,
                      const ReportRowSink &sink)
{
    SqlConditions where;
    where.add(QStringLiteral("w.status = 'locked'"));
    where.period(QStringLiteral("w.lock_at"), query.from, query.to);
    where.equal(QStringLiteral("w.site"), query.site);
    where.equal(QStringLiteral("c.provider"), query.provider);
    where.equal(QStringLiteral("w.billing_method"), query.billingMethod);
    const QString sql =
        QStringLiteral("SELECT w.id, w.name, w.account_id, w.site, w.billing_method, w.cloud_account_id, "
                       "c.provider, w.lock_reason,"
                       " w.lock_at, w.lock_by, w.lock_note, w.lock_purge_at"
                       " FROM workspaces w LEFT JOIN cloud_accounts c ON c.id = w.cloud_account_id%1"
                       " ORDER BY w.lock_purge_at, w.id")
            .arg(where.where()); // most urgent first, as the Locked preset
    return stream(read, sql, where, "Reading the locked workspaces report", sink,
                  [nowMs](const ResultRow &r, CellWriter &cell) {
                      const qint64 purgeAt = r.integer(11);
                      cell.addAll(QStringList{r.text(0), r.text(1), r.text(2), r.text(3), r.text(4),
                                              r.text(5), r.text(6), r.text(7),
                                              ReportQueries::dateTime(r.integer(8)), r.text(9), r.text(10),
                                              ReportQueries::dateTime(purgeAt), daysLeft(purgeAt, nowMs)});
                  });
}

Result<qint64> changes(const ReportQuery &query, const RowReader &read, const ReportRowSink &sink)
{
    SqlConditions where;
    // Billing changes happen to workspaces and cloud accounts; deployments and owner links follow from them.
    where.add(QStringLiteral("target_type IN ('workspace', 'cloud_account')"));
    where.period(QStringLiteral("at"), query.from, query.to);
    const QString sql =
        QStringLiteral("SELECT seq, at, actor, action, target_type, target_id, before_state, after_state,"
                       " note, request_id FROM audit_events%1 ORDER BY seq")
            .arg(where.where());
    return stream(
        read, sql, where, "Reading the changes report", sink, [](const ResultRow &r, CellWriter &cell) {
            const QJsonObject before = QJsonDocument::fromJson(r.text(6).toUtf8()).object();
            const QJsonObject after = QJsonDocument::fromJson(r.text(7).toUtf8()).object();
            const auto field = [](const QJsonObject &state, const char *name) {
                return state.value(QLatin1String(name)).toString();
            };
            // A cloud account's own changes say its subscription state where a workspace says its status.
            const char *status =
                r.text(4) == QLatin1String("cloud_account") ? "subscription_state" : "status";
            cell.addAll(QStringList{
                QString::number(r.integer(0)), ReportQueries::dateTime(r.integer(1)), r.text(2), r.text(3),
                r.text(4), r.text(5), field(before, "billing_method"), field(after, "billing_method"),
                field(before, "cloud_account_id"), field(after, "cloud_account_id"), field(before, status),
                field(after, status), field(after, "lock_reason"), r.text(8), r.text(9)});
        });
}

Result<qint64> meteredUsage(const ReportQuery &query, const RowReader &read, const ReportRowSink &sink)
{
    SqlConditions where;
    where.period(QStringLiteral("m.hour"), query.from, query.to);
    where.equal(QStringLiteral("m.cloud_account_id"), query.cloudAccountId);
    where.equal(QStringLiteral("m.marketplace"), query.provider);
    where.equal(QStringLiteral("m.state"), query.status);
    const QString sql =
        QStringLiteral(
            "SELECT m.hour, m.cloud_account_id, m.marketplace, c.display_name, c.customer_identifier,"
            " c.azure_subscription_id, m.dimension, m.quantity, m.allocations, m.state,"
            " m.marketplace_record_id, m.attempts, m.last_error, m.updated_at"
            " FROM metering_records m LEFT JOIN cloud_accounts c ON c.id = m.cloud_account_id%1"
            " ORDER BY m.hour, m.id")
            .arg(where.where()); // the ledger's order: hour by hour, as it was metered
    return stream(
        read, sql, where, "Reading the metered usage report", sink, [](const ResultRow &r, CellWriter &cell) {
            const QString provider = r.text(2);
            // The workspaces the hour's usage came from; each one's share is in the ledger (and the API).
            const qsizetype workspaces = QJsonDocument::fromJson(r.text(8).toUtf8()).object().size();
            cell.addAll(QStringList{ReportQueries::dateTime(r.integer(0)), r.text(1), provider, r.text(3),
                                    externalId(provider, r.text(4), r.text(5)), r.text(6),
                                    QString::number(r.integer(7)), QString::number(workspaces), r.text(9),
                                    r.text(10), QString::number(r.integer(11)), r.text(12),
                                    ReportQueries::dateTime(r.integer(13))});
        });
}

} // namespace

Result<qint64> ReportQueries::run(const ReportQuery &query, qint64 nowMs, const RowReader &read,
                                  const ReportRowSink &sink)
{
    switch (query.kind) {
    case ReportKind::Subscriptions:
        return subscriptions(query, nowMs, read, sink);
    case ReportKind::CloudAccounts:
        return cloudAccounts(query, read, sink);
    case ReportKind::Locked:
        return locked(query, nowMs, read, sink);
    case ReportKind::Changes:
        return changes(query, read, sink);
    case ReportKind::MeteredUsage:
        return meteredUsage(query, read, sink);
    }
    return qint64(0);
}

void ReportQueries::appendDateTime(QByteArray &to, qint64 msecsSinceEpoch)
{
    if (msecsSinceEpoch <= 0)
        return;
    // Qt::ISODate's form, from json::timeText without its milliseconds: a 1M-row report has millions.
    const QByteArray text = contract::json::timeText(msecsSinceEpoch);
    if (text.size() != 24) { // past the year 9999: Qt's own form
        to.append(QDateTime::fromMSecsSinceEpoch(msecsSinceEpoch, Qt::UTC).toString(Qt::ISODate).toLatin1());
        return;
    }
    to.append(text.constData(), 19).append('Z');
}

QString ReportQueries::dateTime(qint64 msecsSinceEpoch)
{
    QByteArray text;
    appendDateTime(text, msecsSinceEpoch);
    return QString::fromLatin1(text);
}

void ReportQueries::appendAmount(QByteArray &to, qint64 minor)
{
    if (minor < 0)
        to.append('-');
    const quint64 units = minor < 0 ? 0 - quint64(minor) : quint64(minor); // even the lowest qint64
    char digits[24];
    const auto [end, ignored] = std::to_chars(std::begin(digits), std::end(digits), units / 100);
    to.append(digits, end - digits).append('.');
    to.append(char('0' + units % 100 / 10)).append(char('0' + units % 10));
}

} // namespace billing::sql
