// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "platform/domain/changeset.h"
#include "platform/store/meteringstore.h"

#include <QHash>
#include <QJsonObject>
#include <QThreadPool>

#include <functional>
#include <mutex>

namespace billing::domain {

// Pay as you go: every completed hour's usage is written to the metering ledger, each row before
// anything is sent, then sent to its marketplace in batches (AWS BatchMeterUsage, Azure's batch usage
// events) until the marketplace answers or its window closes. Rows are keyed by (cloud account, hour,
// dimension) and their quantity never changes once written, so a record sent again after a crash is an
// identical record, which both marketplaces take once. Hours are taken one at a time across instances
// (metering_hours), and records are claimed in a write transaction before they are sent.
class Metering
{
public:
    static constexpr qint64 HourMs = 3'600'000;

    struct Settings {
        // marketplace → workspace plan → dimension; by default every commercial workspace meters
        // "deployment_hours" on every marketplace.
        store::MeteringStore::Dimensions dimensions;
        // How long after an hour's start its marketplace still takes it: AWS 6 hours, Azure 24.
        QHash<QString, qint64> windowMs;
        int batchSize = 25;    // both marketplaces' limit per call
        int parallelCalls = 4; // batches out at once (the gateway paces each marketplace's calls)
        int claimSize = 2000;  // records taken per transaction (a round of calls ends with its slowest)
        qint64 leaseMs = 10 * 60'000; // an unanswered `sent` record is sent again after this
        static Settings defaults();
    };
    // Sends one batch (≤ batchSize records of one marketplace); answers one answer per record. A problem
    // fails the whole batch (each record is retried).
    using Sender = std::function<contract::Result<QList<contract::MeteringAnswer>>(
        const QString &marketplace, const QList<contract::MeteredUsage> &batch)>;

    struct Run {
        qint64 hoursMetered = 0;
        qint64 recordsWritten = 0;
        qint64 recordsSent = 0;
        qint64 accepted = 0; // accepted or duplicate
        qint64 notSubscribed = 0;
        qint64 failed = 0;
        qint64 expired = 0;
        QJsonObject toJson() const;
    };

    Metering(std::shared_ptr<store::Database> database, ChangeRunner &runner);

    void setSettings(Settings settings);
    Settings settings() const;
    // Without a sender (no --marketplace-config) records are written but never sent: they expire, and
    // staff see the hours as lost.
    void setSender(Sender sender);
    bool sends() const;

    // The scheduler's hourly work: meters each completed hour not metered yet (back to the widest
    // window), expires what can no longer be sent, and sends what is due.
    contract::Result<Run> run(const QString &instance);
    // Sends what is due now (of one cloud account, or all).
    contract::Result<Run> sendDue(const QString &cloudAccountId = {});
    // AWS unsubscribe-pending: the customer's usage of the current hour so far is written and sent at
    // once (AWS takes records for about an hour after it). Later usage of that hour is not metered.
    contract::Result<Run> meterFinalUsage(const QString &cloudAccountId);
    // Staff's Retry of a failed hour: due now, audited, and sent at once.
    contract::Result<Outcome> retry(const ChangeRequest &request, qint64 recordId);

    contract::Result<contract::Page<contract::MeteringRecord>> records(const contract::MeteringQuery &query)
    {
        return m_store.records(query);
    }
    contract::Result<contract::MeteringRecord> record(qint64 id) { return m_store.record(id); }
    contract::Result<QList<contract::MeteringTotal>> totals(qint64 from, qint64 to,
                                                            const QString &cloudAccountId = {})
    {
        return m_store.totals(from, to, cloudAccountId);
    }
    store::MeteringStore &store() { return m_store; }

private:
    contract::Result<qint64> meterHours(const QString &instance, Run &run);
    contract::Result<qint64> expire();
    qint64 retryAt(int attempts) const;

    std::shared_ptr<store::Database> m_database;
    ChangeRunner &m_runner;
    store::MeteringStore m_store;
    QThreadPool m_calls;       // the batches out at once; its threads live as long as the platform
    mutable std::mutex m_lock; // settings and sender
    Settings m_settings;
    Sender m_sender;
};

} // namespace billing::domain
