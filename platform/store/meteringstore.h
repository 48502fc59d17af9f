// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "foundation/contract/metering.h"
#include "foundation/contract/page.h"
#include "platform/store/database.h"

#include <QHash>

namespace billing::store {

// The metering ledger (metering_records) and the hours already metered (metering_hours). Usage is
// counted in deployment-hours: each paid (non-trial) deployment that ran at some time in the hour, of a
// workspace that is active and bound to a subscribed (or unsubscribe-pending) cloud account, counts one
// for the dimension its workspace's plan meters on that cloud account's marketplace.
class MeteringStore
{
public:
    // marketplace (aws, aws_cn, azure) → workspace plan → marketplace dimension
    using Dimensions = QHash<QString, QHash<QString, QString>>;

    explicit MeteringStore(std::shared_ptr<Database> database);

    // Without a configured map, every commercial workspace meters "deployment_hours" on every marketplace.
    static Dimensions defaultDimensions();
    // The demo data's usage history: `hours` completed hours before `nowMs` metered and, as a live
    // platform would have left them, mostly accepted, a few failed, refused or expired. Inside the
    // seeding transaction.
    contract::Result<qint64> seedHistory(QSqlDatabase transaction, qint64 nowMs, int hours);

    // Takes `hour` for metering; false when it was metered already (by this or another instance).
    contract::Result<bool> claimHour(QSqlDatabase transaction, qint64 hour, qint64 now,
                                     const QString &instance);
    // The last hour metered; nullopt before the first.
    contract::Result<std::optional<qint64>> lastMeteredHour();
    // An hour's usage, as `pending` rows to write.
    struct HourRecords {
        qint64 hour = 0;
        bool everyAccount = true; // else one cloud account's final usage
        QList<QVariantList> rows;
    };
    // Reads `hour`'s usage: that of deployments running between its start and `until` (its end, or now
    // for the final usage of a cloud account in its last hour), of every cloud account with no row for
    // that hour yet, or of `cloudAccountId` only. On `db`, or this thread's connection outside a
    // transaction.
    contract::Result<HourRecords> readHour(QSqlDatabase db, qint64 hour, qint64 until,
                                           const Dimensions &dimensions, qint64 now,
                                           const QString &cloudAccountId = {});
    // Writes what readHour() read, and for every account's hour notes how many rows it has. Answers how
    // many rows it wrote.
    contract::Result<qint64> writeHour(QSqlDatabase transaction, const HourRecords &records);
    // Takes up to `limit` records due at `now` to send: pending ones, failed ones whose time came, and
    // sent ones whose call never came back by `now` (the platform stopped). They become `sent` with one
    // more attempt and are due again at `leaseUntil` unless an answer is recorded first.
    contract::Result<QList<contract::MeteredUsage>> claimDue(QSqlDatabase transaction, qint64 now,
                                                             qint64 leaseUntil, int limit,
                                                             const QString &cloudAccountId = {});
    // Keeps what the marketplace said; a failed one is due again at `retryAt` (by its attempts).
    contract::Result<contract::Done> recordAnswers(QSqlDatabase transaction,
                                                   const QList<contract::MeteringAnswer> &answers, qint64 now,
                                                   const std::function<qint64(int attempts)> &retryAt);
    // The marketplaces' hours (marketplace, hour) that hold records not sent before the marketplace's
    // window closed (window per marketplace, from the hour's start). On this thread's connection.
    contract::Result<QList<std::pair<QString, qint64>>> expiringHours(const QHash<QString, qint64> &windowMs,
                                                                      qint64 now);
    // Marks those of one marketplace's hour `expired`; answers how many.
    contract::Result<qint64> expireHour(QSqlDatabase transaction, const QString &marketplace, qint64 windowMs,
                                        qint64 hour, qint64 now);
    // A failed record is due now (staff's Retry); answers it as it was, or 404/409.
    contract::Result<contract::MeteringRecord> retryNow(QSqlDatabase transaction, qint64 id, qint64 now);

    // On `db` when given (inside a transaction), else on this thread's connection.
    contract::Result<contract::MeteringRecord> record(qint64 id, QSqlDatabase db = {});
    contract::Result<contract::Page<contract::MeteringRecord>> records(const contract::MeteringQuery &query);
    // Quantity and hours per cloud account, dimension and state over [from, to) (one cloud account, or
    // all).
    contract::Result<QList<contract::MeteringTotal>> totals(qint64 from, qint64 to,
                                                            const QString &cloudAccountId = {});

private:
    std::shared_ptr<Database> m_database;
};

} // namespace billing::store
