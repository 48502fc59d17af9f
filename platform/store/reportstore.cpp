#include "platform/store/reportstore.h"

#include "platform/api/auditevent.h"
#include "platform/api/vocabulary.h"
#include "platform/api/workspace.h"
#include "platform/store/database.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>

namespace billing::store {

using api::ReportKind;
using api::ReportQuery;
using api::Result;

namespace {
// WHERE conditions with their bound values, in order.
struct Conditions {
    QStringList sql;
    QVariantList binds;

    void equal(const char *column, const QString &value)
    {
        if (value.isEmpty())
            return;
        sql.append(QStringLiteral("%1 = ?").arg(QLatin1String(column)));
        binds.append(value);
    }
    void period(const char *column, const ReportQuery &query)
    {
        if (query.from > 0) {
            sql.append(QStringLiteral("%1 >= ?").arg(QLatin1String(column)));
            binds.append(query.from);
        }
        if (query.to > 0) {
            sql.append(QStringLiteral("%1 < ?").arg(QLatin1String(column)));
            binds.append(query.to);
        }
    }
    QString where() const { return sql.isEmpty() ? QString() : QStringLiteral(" WHERE ") + sql.join(QStringLiteral(" AND ")); }
};

// The identity staff look a customer up by in the marketplace's own console.
QString externalId(const QString &provider, const QString &customerIdentifier, const QString &azureSubscriptionId)
{
    return provider == api::vocabulary::Provider::Azure ? azureSubscriptionId : customerIdentifier;
}

QString daysLeft(qint64 purgeAt, qint64 nowMs)
{
    if (purgeAt <= 0)
        return {};
    api::WorkspaceLock lock;
    lock.purgeAt = purgeAt;
    return QString::number(lock.daysLeft(nowMs));
}

// Reads the query's rows, mapping each with `row`, until the sink stops.
template<typename Map>
Result<qint64> stream(Database &database, const QString &sql, const QVariantList &binds, const char *what,
                      const ReportStore::RowSink &sink, Map row)
{
    auto q = database.query(sql, binds, what);
    if (!q)
        return q.problem();
    qint64 rows = 0;
    while (q->next()) {
        if (!sink(row(*q)))
            break;
        ++rows;
    }
    if (q->lastError().isValid())
        return Database::storageProblem(QStringLiteral("%1 failed: %2").arg(QLatin1String(what), q->lastError().text()));
    return rows;
}
} // namespace

ReportStore::ReportStore(std::shared_ptr<Database> database)
    : m_database(std::move(database))
{
}

QString ReportStore::dateTime(qint64 msecsSinceEpoch)
{
    if (msecsSinceEpoch <= 0)
        return {};
    return QDateTime::fromMSecsSinceEpoch(msecsSinceEpoch, Qt::UTC).toString(Qt::ISODate);
}

QString ReportStore::amount(qint64 minor)
{
    const QString sign = minor < 0 ? QStringLiteral("-") : QString();
    minor = qAbs(minor);
    return QStringLiteral("%1%2.%3").arg(sign).arg(minor / 100).arg(minor % 100, 2, 10, QLatin1Char('0'));
}

Result<qint64> ReportStore::run(const ReportQuery &query, qint64 nowMs, const RowSink &sink)
{
    switch (query.kind) {
    case ReportKind::Subscriptions: return subscriptions(query, nowMs, sink);
    case ReportKind::CloudAccounts: return cloudAccounts(query, sink);
    case ReportKind::Locked: return locked(query, nowMs, sink);
    case ReportKind::Changes: return changes(query, sink);
    }
    return qint64(0);
}

Result<qint64> ReportStore::subscriptions(const ReportQuery &query, qint64 nowMs, const RowSink &sink)
{
    Conditions where;
    where.period("w.created_at", query);
    where.equal("w.site", query.site);
    where.equal("c.provider", query.provider);
    where.equal("w.status", query.status);
    where.equal("w.billing_method", query.billingMethod);
    const QString sql = QStringLiteral(
        "SELECT w.id, w.name, w.account_id, a.email, w.site, w.plan, w.billing_method, a.card_brand, a.card_last4,"
        " a.credits_minor, a.credits_currency, w.cloud_account_id, c.provider, c.customer_identifier,"
        " c.azure_subscription_id, c.subscription_state, c.sync_state, w.status, w.lock_reason, w.lock_purge_at,"
        " w.created_at, w.updated_at"
        " FROM workspaces w JOIN accounts a ON a.id = w.account_id"
        " LEFT JOIN cloud_accounts c ON c.id = w.cloud_account_id%1 ORDER BY w.id").arg(where.where());
    return stream(*m_database, sql, where.binds, "Reading the subscriptions report", sink, [nowMs](const QSqlQuery &q) {
        const QString brand = q.value(7).toString();
        const QString provider = q.value(12).toString();
        return QStringList{
            q.value(0).toString(), q.value(1).toString(), q.value(2).toString(), q.value(3).toString(),
            q.value(4).toString(), q.value(5).toString(), q.value(6).toString(),
            brand.isEmpty() ? QString() : brand + QLatin1Char(' ') + q.value(8).toString(),
            amount(q.value(9).toLongLong()), q.value(10).toString(), q.value(11).toString(), provider,
            externalId(provider, q.value(13).toString(), q.value(14).toString()), q.value(15).toString(),
            q.value(16).toString(), q.value(17).toString(), q.value(18).toString(),
            q.value(17).toString() == api::vocabulary::WorkspaceStatus::Locked ? daysLeft(q.value(19).toLongLong(), nowMs) : QString(),
            dateTime(q.value(20).toLongLong()),
            dateTime(q.value(21).toLongLong()),
        };
    });
}

Result<qint64> ReportStore::cloudAccounts(const ReportQuery &query, const RowSink &sink)
{
    Conditions where;
    where.equal("c.provider", query.provider);
    where.equal("c.subscription_state", query.status);
    // One row per (account, site) with its count, in account order: an account's rows arrive together
    // and become one report row when the next account begins.
    const QString sql = QStringLiteral(
        "SELECT c.id, c.provider, c.display_name, c.customer_identifier, c.azure_subscription_id,"
        " c.subscription_state, c.sync_state, c.created_at, b.site, b.bound"
        " FROM cloud_accounts c LEFT JOIN (SELECT cloud_account_id, site, COUNT(*) AS bound FROM workspaces"
        " WHERE cloud_account_id <> '' GROUP BY cloud_account_id, site) b ON b.cloud_account_id = c.id"
        "%1 ORDER BY c.id, b.site").arg(where.where());
    QStringList pending;
    qint64 bound = 0;
    QStringList bySite;
    bool stopped = false;
    qint64 rows = 0;
    const auto flush = [&] {
        if (pending.isEmpty() || stopped)
            return;
        pending[6] = QString::number(bound);
        pending[7] = bySite.join(QStringLiteral("; "));
        stopped = !sink(pending);
        rows += stopped ? 0 : 1;
        pending.clear();
    };
    auto read = stream(*m_database, sql, where.binds, "Reading the cloud accounts report",
                       [&](const QStringList &part) {
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
                       },
                       [](const QSqlQuery &q) {
                           const QString provider = q.value(1).toString();
                           return QStringList{q.value(0).toString(), provider, q.value(2).toString(),
                                              externalId(provider, q.value(3).toString(), q.value(4).toString()),
                                              q.value(5).toString(), q.value(6).toString(), QString(), QString(),
                                              dateTime(q.value(7).toLongLong()),
                                              // the (site, count) part, read above and not reported as such
                                              q.value(8).toString(), q.isNull(9) ? QString() : q.value(9).toString()};
                       });
    if (!read)
        return read.problem();
    flush();
    return rows;
}

Result<qint64> ReportStore::locked(const ReportQuery &query, qint64 nowMs, const RowSink &sink)
{
    Conditions where;
    where.sql.append(QStringLiteral("w.status = 'locked'"));
    where.period("w.lock_at", query);
    where.equal("w.site", query.site);
    where.equal("c.provider", query.provider);
    where.equal("w.billing_method", query.billingMethod);
    const QString sql = QStringLiteral(
        "SELECT w.id, w.name, w.account_id, w.site, w.billing_method, w.cloud_account_id, c.provider, w.lock_reason,"
        " w.lock_at, w.lock_by, w.lock_note, w.lock_purge_at"
        " FROM workspaces w LEFT JOIN cloud_accounts c ON c.id = w.cloud_account_id%1"
        " ORDER BY w.lock_purge_at, w.id").arg(where.where()); // most urgent first, as the Locked preset
    return stream(*m_database, sql, where.binds, "Reading the locked workspaces report", sink, [nowMs](const QSqlQuery &q) {
        const qint64 purgeAt = q.value(11).toLongLong();
        return QStringList{q.value(0).toString(), q.value(1).toString(), q.value(2).toString(), q.value(3).toString(),
                           q.value(4).toString(), q.value(5).toString(), q.value(6).toString(), q.value(7).toString(),
                           dateTime(q.value(8).toLongLong()), q.value(9).toString(), q.value(10).toString(),
                           dateTime(purgeAt), daysLeft(purgeAt, nowMs)};
    });
}

Result<qint64> ReportStore::changes(const ReportQuery &query, const RowSink &sink)
{
    Conditions where;
    // Billing changes happen to workspaces and cloud accounts; deployments and owner links follow from them.
    where.sql.append(QStringLiteral("target_type IN ('workspace', 'cloud_account')"));
    where.period("at", query);
    const QString sql = QStringLiteral("SELECT seq, at, actor, action, target_type, target_id, before_state, after_state,"
                                       " note, request_id FROM audit_events%1 ORDER BY seq")
                            .arg(where.where());
    return stream(*m_database, sql, where.binds, "Reading the changes report", sink, [](const QSqlQuery &q) {
        const QJsonObject before = QJsonDocument::fromJson(q.value(6).toByteArray()).object();
        const QJsonObject after = QJsonDocument::fromJson(q.value(7).toByteArray()).object();
        const auto field = [](const QJsonObject &state, const char *name) { return state.value(QLatin1String(name)).toString(); };
        // A cloud account's own changes say its subscription state where a workspace says its status.
        const char *status = q.value(4).toString() == QLatin1String("cloud_account") ? "subscription_state" : "status";
        return QStringList{q.value(0).toString(), dateTime(q.value(1).toLongLong()), q.value(2).toString(),
                           q.value(3).toString(), q.value(4).toString(), q.value(5).toString(),
                           field(before, "billing_method"), field(after, "billing_method"),
                           field(before, "cloud_account_id"), field(after, "cloud_account_id"),
                           field(before, status), field(after, status), field(after, "lock_reason"),
                           q.value(8).toString(), q.value(9).toString()};
    });
}

} // namespace billing::store
