// SPDX-License-Identifier: Apache-2.0
#include "platform/store/meteringstore.h"

#include "foundation/contract/vocabulary.h"
#include "platform/store/bulkinserter.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace billing::store {

using contract::MeteringRecord;
using contract::Problem;
using contract::Result;
namespace State = contract::MeteringState;
namespace v = contract::vocabulary;

namespace {

constexpr auto RecordColumns = "m.id, m.cloud_account_id, m.marketplace, m.hour, m.dimension, m.quantity, "
                               "m.allocations, m.state, m.marketplace_record_id, m.attempts, m.last_error, "
                               "m.next_attempt_at, m.updated_at";

MeteringRecord recordFromRow(const QSqlQuery &r)
{
    MeteringRecord m;
    m.id = r.value(0).toLongLong();
    m.cloudAccountId = r.value(1).toString();
    m.marketplace = r.value(2).toString();
    m.hour = r.value(3).toLongLong();
    m.dimension = r.value(4).toString();
    m.quantity = r.value(5).toLongLong();
    const QJsonObject shares = QJsonDocument::fromJson(r.value(6).toString().toUtf8()).object();
    for (auto it = shares.begin(); it != shares.end(); ++it)
        m.allocations.insert(it.key(), it.value().toInteger());
    m.state = r.value(7).toString();
    m.marketplaceRecordId = r.value(8).toString();
    m.attempts = r.value(9).toInt();
    m.lastError = r.value(10).toString();
    m.nextAttemptAt = r.value(11).toLongLong();
    m.updatedAt = r.value(12).toLongLong();
    return m;
}

// "id is one of these" over one parameter: a JSON array of numbers.
QString idIsAnyOf(const Database &database)
{
    return database.isSqlite()
               ? QStringLiteral("id IN (SELECT value FROM json_each(?))")
               : QStringLiteral("id IN (SELECT CAST(json_array_elements_text(CAST(? AS json)) AS BIGINT))");
}

QString numberList(const QList<qint64> &ids)
{
    QJsonArray array;
    for (qint64 id : ids)
        array.append(id);
    return QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact));
}

} // namespace

MeteringStore::MeteringStore(std::shared_ptr<Database> database)
    : m_database(std::move(database))
{
}

MeteringStore::Dimensions MeteringStore::defaultDimensions()
{
    Dimensions dimensions;
    for (const QString &marketplace : v::Provider::all())
        dimensions[marketplace].insert(v::Plan::Commercial, QStringLiteral("deployment_hours"));
    return dimensions;
}

Result<qint64> MeteringStore::seedHistory(QSqlDatabase tx, qint64 nowMs, int hours)
{
    constexpr qint64 Hour = 3'600'000;
    const qint64 last = nowMs / Hour * Hour - Hour;
    qint64 written = 0;
    for (qint64 hour = last - (hours - 1) * Hour; hour <= last; hour += Hour) {
        auto taken = claimHour(tx, hour, nowMs, QStringLiteral("seed"));
        if (!taken)
            return taken.problem();
        auto usage = readHour(tx, hour, hour + Hour, defaultDimensions(), nowMs);
        if (!usage)
            return usage.problem();
        auto wrote = writeHour(tx, *usage);
        if (!wrote)
            return wrote.problem();
        written += *wrote;
    }
    // What the marketplaces answered, by each row's id: deterministic, like the rest of the seed.
    const QString aws = QStringLiteral("marketplace IN ('aws', 'aws_cn')");
    const QStringList outcomes{
        // AWS's 6 hours (Azure's 24) passed while it did not answer: lost.
        QStringLiteral(
            "UPDATE metering_records SET state = 'expired', attempts = 6, updated_at = hour + %1, "
            "last_error = 'Not accepted within the marketplace''s ' || CASE WHEN %2 THEN '6' ELSE '24' END "
            "|| '-hour window. Last error: HTTP 503 (3 attempts)' WHERE id % 97 = 0 AND hour < "
            "CASE WHEN %2 THEN %3 ELSE %4 END")
            .arg(7 * Hour)
            .arg(aws)
            .arg(nowMs - 6 * Hour)
            .arg(nowMs - 24 * Hour),
        QStringLiteral(
            "UPDATE metering_records SET state = 'customer_not_subscribed', attempts = 1, "
            "updated_at = hour + %1, last_error = CASE WHEN %2 THEN 'AWS: CustomerNotSubscribed (no "
            "active agreement, or the account is suspended).' ELSE 'Azure: ResourceNotActive' END "
            "WHERE state = 'pending' AND id % 211 = 0")
            .arg(Hour + 120'000)
            .arg(aws),
        // The last hours' few that the marketplace has not taken yet: retried with backoff.
        QStringLiteral("UPDATE metering_records SET state = 'failed', attempts = 2, next_attempt_at = %1, "
                       "updated_at = %2, last_error = 'HTTP 503 (3 attempts)' WHERE state = 'pending' AND "
                       "id % 53 = 0 AND hour >= %3")
            .arg(nowMs + 10 * 60'000)
            .arg(nowMs)
            .arg(last - 2 * Hour),
        QStringLiteral(
            "UPDATE metering_records SET state = 'accepted', attempts = 1, updated_at = hour + %1, "
            "marketplace_record_id = 'seed-' || CAST(id AS TEXT) WHERE state = 'pending'")
            .arg(Hour + 120'000),
    };
    if (auto ran = Database::execEach(tx, outcomes, "Seeding the metering history"); !ran)
        return ran.problem();
    return written;
}

Result<bool> MeteringStore::claimHour(QSqlDatabase tx, qint64 hour, qint64 now, const QString &instance)
{
    auto seen = m_database->query(QStringLiteral("SELECT 1 FROM metering_hours WHERE hour = ?"), {hour},
                                  "Reading the metered hours", tx);
    if (!seen)
        return seen.problem();
    if (seen->next())
        return false;
    auto taken = m_database->query(
        QStringLiteral(
            "INSERT INTO metering_hours (hour, metered_at, instance, records) VALUES (?, ?, ?, 0)"),
        {hour, now, instance}, "Taking an hour to meter", tx);
    if (!taken)
        return taken.problem();
    return true;
}

Result<std::optional<qint64>> MeteringStore::lastMeteredHour()
{
    auto r = m_database->query(QStringLiteral("SELECT MAX(hour) FROM metering_hours"), {},
                               "Reading the last metered hour");
    if (!r)
        return r.problem();
    if (!r->next() || r->isNull(0))
        return std::optional<qint64>();
    return std::optional<qint64>(r->value(0).toLongLong());
}

Result<MeteringStore::HourRecords> MeteringStore::readHour(QSqlDatabase db, qint64 hour, qint64 until,
                                                           const Dimensions &dimensions, qint64 now,
                                                           const QString &cloudAccountId)
{
    // One pass over the running paid deployments, summed per workspace (its allocation), in cloud
    // account order so that each account's rows are complete when the next begins.
    QString sql = QStringLiteral(
        "SELECT w.cloud_account_id, c.provider, w.plan, w.id, COUNT(*) FROM deployments d "
        "JOIN workspaces w ON w.id = d.workspace_id JOIN cloud_accounts c ON c.id = w.cloud_account_id "
        "WHERE d.trial = 0 AND d.created_at < ? AND (d.state = ? OR d.stopped_at >= ?) "
        "AND w.status = ? AND w.billing_method = ? AND c.subscription_state IN (?, ?) "
        "AND NOT EXISTS (SELECT 1 FROM metering_records m WHERE m.cloud_account_id = c.id AND m.hour = ?) ");
    QVariantList binds{until,
                       v::DeploymentState::Running,
                       hour,
                       v::WorkspaceStatus::Active,
                       v::BillingMethod::CloudAccount,
                       v::SubscriptionState::Subscribed,
                       v::SubscriptionState::UnsubscribePending,
                       hour};
    if (!cloudAccountId.isEmpty()) {
        sql += QStringLiteral("AND c.id = ? ");
        binds.append(cloudAccountId);
    }
    sql +=
        QStringLiteral("GROUP BY w.cloud_account_id, c.provider, w.plan, w.id ORDER BY w.cloud_account_id");
    auto usage = m_database->query(sql, binds, "Reading an hour's usage", db);
    if (!usage)
        return usage.problem();

    // Summed per cloud account and dimension, with each workspace's share (its allocation).
    struct Pending {
        QString marketplace;
        qint64 quantity = 0;
        QJsonObject allocations;
    };
    HourRecords records{hour, cloudAccountId.isEmpty(), {}};
    QString account;
    QMap<QString, Pending> byDimension; // of `account`
    const auto flush = [&] {
        for (auto it = byDimension.begin(); it != byDimension.end(); ++it)
            records.rows.append({account, it->marketplace, hour, it.key(), it->quantity,
                                 QJsonDocument(it->allocations).toJson(QJsonDocument::Compact),
                                 State::Pending, now, now});
        byDimension.clear();
    };
    while (usage->next()) {
        const QString cloud = usage->value(0).toString();
        if (cloud != account) {
            flush();
            account = cloud;
        }
        const QString marketplace = usage->value(1).toString();
        const QString dimension = dimensions.value(marketplace).value(usage->value(2).toString());
        if (dimension.isEmpty())
            continue; // this plan is not metered on this marketplace
        Pending &p = byDimension[dimension];
        p.marketplace = marketplace;
        const qint64 deploymentHours = usage->value(4).toLongLong();
        p.quantity += deploymentHours;
        p.allocations.insert(usage->value(3).toString(), deploymentHours);
    }
    flush();
    usage->finish();
    return records;
}

Result<qint64> MeteringStore::writeHour(QSqlDatabase tx, const HourRecords &records)
{
    BulkInserter rows(tx, QStringLiteral("metering_records"),
                      {"cloud_account_id", "marketplace", "hour", "dimension", "quantity", "allocations",
                       "state", "created_at", "updated_at"});
    for (const QVariantList &row : records.rows) {
        if (auto added = rows.add(row); !added)
            return added.problem();
    }
    if (auto done = rows.finish(); !done)
        return done.problem();
    if (records.everyAccount) {
        auto counted =
            m_database->query(QStringLiteral("UPDATE metering_hours SET records = ? WHERE hour = ?"),
                              {rows.rowsWritten(), records.hour}, "Counting an hour's records", tx);
        if (!counted)
            return counted.problem();
    }
    return rows.rowsWritten();
}

Result<QList<contract::MeteredUsage>> MeteringStore::claimDue(QSqlDatabase tx, qint64 now, qint64 leaseUntil,
                                                              int limit, const QString &cloudAccountId)
{
    QString sql =
        QStringLiteral("SELECT %1, c.customer_identifier, c.customer_aws_account_id, c.license_arn, "
                       "c.azure_subscription_id, c.plan_id FROM metering_records m "
                       "JOIN cloud_accounts c ON c.id = m.cloud_account_id "
                       "WHERE m.state IN (?, ?, ?) AND m.next_attempt_at <= ? ")
            .arg(QLatin1String(RecordColumns));
    QVariantList binds{State::Pending, State::Failed, State::Sent, now};
    if (!cloudAccountId.isEmpty()) {
        sql += QStringLiteral("AND m.cloud_account_id = ? ");
        binds.append(cloudAccountId);
    }
    sql += QStringLiteral("ORDER BY m.hour, m.id LIMIT %1").arg(limit);
    auto due = m_database->query(sql, binds, "Reading the metering records due", tx);
    if (!due)
        return due.problem();
    QList<contract::MeteredUsage> claimed;
    QList<qint64> ids;
    while (due->next()) {
        contract::MeteredUsage usage{recordFromRow(*due),
                                     {due->value(13).toString(), due->value(14).toString(),
                                      due->value(15).toString(), due->value(16).toString(),
                                      due->value(17).toString()}};
        usage.record.state = State::Sent;
        ++usage.record.attempts;
        ids.append(usage.record.id);
        claimed.append(usage);
    }
    if (ids.isEmpty())
        return claimed;
    auto marked = m_database->query(
        QStringLiteral("UPDATE metering_records SET state = ?, attempts = attempts + 1, next_attempt_at = ?, "
                       "updated_at = ? WHERE %1")
            .arg(idIsAnyOf(*m_database)),
        {State::Sent, leaseUntil, now, numberList(ids)}, "Marking metering records sent", tx);
    if (!marked)
        return marked.problem();
    return claimed;
}

Result<contract::Done> MeteringStore::recordAnswers(QSqlDatabase tx,
                                                    const QList<contract::MeteringAnswer> &answers,
                                                    qint64 now, const std::function<qint64(int)> &retryAt)
{
    QSqlQuery update(tx);
    update.prepare(
        QStringLiteral("UPDATE metering_records SET state = ?, marketplace_record_id = CASE WHEN ? = '' THEN "
                       "marketplace_record_id ELSE ? END, last_error = ?, next_attempt_at = ?, updated_at = "
                       "? WHERE id = ?"));
    QSqlQuery attempts(tx);
    attempts.prepare(QStringLiteral("SELECT attempts FROM metering_records WHERE id = ?"));
    for (const contract::MeteringAnswer &a : answers) {
        qint64 next = 0;
        if (a.state == State::Failed) {
            attempts.addBindValue(a.id);
            if (auto read = Database::exec(attempts, "Reading a record's attempts"); !read)
                return read;
            next = retryAt(attempts.next() ? attempts.value(0).toInt() : 1);
            attempts.finish();
        }
        const auto text = [](const QString &value) { return value.isNull() ? QStringLiteral("") : value; };
        for (const QVariant &value :
             QVariantList{a.state, text(a.marketplaceRecordId), text(a.marketplaceRecordId), text(a.error),
                          next, now, a.id})
            update.addBindValue(value);
        if (auto done = Database::exec(update, "Recording a marketplace's answer"); !done)
            return done;
    }
    return contract::Done{};
}

Result<QList<std::pair<QString, qint64>>> MeteringStore::expiringHours(const QHash<QString, qint64> &windowMs,
                                                                       qint64 now)
{
    // One pass through the records still open (pending, sent, failed), few once sent, each marketplace
    // with its own window. SQLite would otherwise walk the hours' index over the whole ledger.
    QString windowEnd = QStringLiteral("CASE marketplace");
    QVariantList binds{State::Pending, State::Failed, State::Sent};
    for (auto it = windowMs.begin(); it != windowMs.end(); ++it) {
        windowEnd += QStringLiteral(" WHEN ? THEN CAST(? AS BIGINT)");
        binds << it.key() << now - it.value();
    }
    windowEnd += QStringLiteral(" ELSE 0 END");
    auto r = m_database->query(
        QStringLiteral(
            "SELECT DISTINCT marketplace, hour FROM metering_records%1 WHERE state IN (?, ?, ?) AND "
            "hour <= %2 ORDER BY hour, marketplace")
            .arg(m_database->isSqlite() ? QStringLiteral(" INDEXED BY metering_records_due") : QString(),
                 windowEnd),
        binds, "Finding metering records to expire");
    if (!r)
        return r.problem();
    QList<std::pair<QString, qint64>> hours;
    while (r->next())
        hours.append({r->value(0).toString(), r->value(1).toLongLong()});
    return hours;
}

Result<qint64> MeteringStore::expireHour(QSqlDatabase tx, const QString &marketplace, qint64 windowMs,
                                         qint64 hour, qint64 now)
{
    const QString closed =
        QStringLiteral("Not accepted within the marketplace's %1-hour window.").arg(windowMs / 3'600'000);
    auto r = m_database->query(
        QStringLiteral("UPDATE metering_records SET state = ?, next_attempt_at = 0, updated_at = ?, "
                       "last_error = CASE WHEN last_error = '' THEN ? ELSE ? || ' Last error: ' || "
                       "last_error END WHERE marketplace = ? AND hour = ? AND state IN (?, ?, ?)"),
        {State::Expired, now, closed, closed, marketplace, hour, State::Pending, State::Failed, State::Sent},
        "Expiring metering records", tx);
    if (!r)
        return r.problem();
    return r->numRowsAffected();
}

Result<MeteringRecord> MeteringStore::retryNow(QSqlDatabase tx, qint64 id, qint64 now)
{
    auto record = this->record(id, tx);
    if (!record)
        return record;
    if (record->state != State::Failed)
        return Problem{409,
                       "metering_record_not_failed",
                       QStringLiteral("Not a failed hour"),
                       QStringLiteral("Only a failed hour is retried; metering record %1 is %2.")
                           .arg(id)
                           .arg(record->state),
                       {}};
    auto due = m_database->query(
        QStringLiteral("UPDATE metering_records SET next_attempt_at = 0, updated_at = ? WHERE id = ?"),
        {now, id}, "Retrying a metering record", tx);
    if (!due)
        return due.problem();
    return record;
}

Result<MeteringRecord> MeteringStore::record(qint64 id, QSqlDatabase db)
{
    auto r = m_database->query(
        QStringLiteral("SELECT %1 FROM metering_records m WHERE m.id = ?").arg(QLatin1String(RecordColumns)),
        {id}, "Reading a metering record", db);
    if (!r)
        return r.problem();
    if (!r->next())
        return Problem::notFound(QStringLiteral("metering record"), QString::number(id));
    return recordFromRow(*r);
}

Result<contract::Page<MeteringRecord>> MeteringStore::records(const contract::MeteringQuery &q)
{
    QString where = QStringLiteral(" WHERE 1 = 1");
    QVariantList binds;
    if (!q.cloudAccountId.isEmpty()) {
        where += QStringLiteral(" AND m.cloud_account_id = ?");
        binds.append(q.cloudAccountId);
    }
    if (q.from > 0) {
        where += QStringLiteral(" AND m.hour >= ?");
        binds.append(q.from);
    }
    if (q.to > 0) {
        where += QStringLiteral(" AND m.hour < ?");
        binds.append(q.to);
    }
    if (!q.state.isEmpty()) {
        where += QStringLiteral(" AND m.state = ?");
        binds.append(q.state);
    }
    if (!q.dimension.isEmpty()) {
        where += QStringLiteral(" AND m.dimension = ?");
        binds.append(q.dimension);
    }
    contract::Page<MeteringRecord> page;
    page.offset = q.offset;
    auto count = m_database->query(QStringLiteral("SELECT COUNT(*) FROM metering_records m") + where, binds,
                                   "Counting metering records");
    if (!count)
        return count.problem();
    page.total = count->next() ? count->value(0).toLongLong() : 0;
    auto rows = m_database->query(
        QStringLiteral("SELECT %1 FROM metering_records m").arg(QLatin1String(RecordColumns)) + where +
            QStringLiteral(" ORDER BY m.hour DESC, m.id DESC LIMIT %1 OFFSET %2").arg(q.limit).arg(q.offset),
        binds, "Reading metering records");
    if (!rows)
        return rows.problem();
    while (rows->next())
        page.items.append(recordFromRow(*rows));
    return page;
}

Result<QList<contract::MeteringTotal>> MeteringStore::totals(qint64 from, qint64 to,
                                                             const QString &cloudAccountId)
{
    QString sql = QStringLiteral("SELECT cloud_account_id, dimension, state, SUM(quantity), COUNT(*) "
                                 "FROM metering_records WHERE hour >= ? AND hour < ?");
    QVariantList binds{from, to};
    if (!cloudAccountId.isEmpty()) {
        sql += QStringLiteral(" AND cloud_account_id = ?");
        binds.append(cloudAccountId);
    }
    sql += QStringLiteral(
        " GROUP BY cloud_account_id, dimension, state ORDER BY cloud_account_id, dimension, state");
    auto r = m_database->query(sql, binds, "Totalling metered usage");
    if (!r)
        return r.problem();
    QList<contract::MeteringTotal> totals;
    while (r->next())
        totals.append({r->value(0).toString(), r->value(1).toString(), r->value(2).toString(),
                       r->value(3).toLongLong(), r->value(4).toLongLong()});
    return totals;
}

} // namespace billing::store
