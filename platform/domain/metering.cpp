// SPDX-License-Identifier: Apache-2.0
#include "platform/domain/metering.h"

#include "foundation/contract/jsonfields.h"
#include "foundation/contract/vocabulary.h"
#include "platform/store/transaction.h"

#include <QThreadPool>
#include <QtConcurrent>

namespace billing::domain {

using contract::MeteredUsage;
using contract::MeteringAnswer;
using contract::Result;
namespace State = contract::MeteringState;
namespace v = contract::vocabulary;

QJsonObject Metering::Run::toJson() const
{
    return {{"hours_metered", hoursMetered},
            {"records_written", recordsWritten},
            {"records_sent", recordsSent},
            {"accepted", accepted},
            {"not_subscribed", notSubscribed},
            {"failed", failed},
            {"expired", expired}};
}

Metering::Settings Metering::Settings::defaults()
{
    Settings s;
    s.dimensions = store::MeteringStore::defaultDimensions();
    s.windowMs = {{v::Provider::Aws, 6 * HourMs},
                  {v::Provider::AwsChina, 6 * HourMs},
                  {v::Provider::Azure, 24 * HourMs}};
    return s;
}

Metering::Metering(std::shared_ptr<store::Database> database, ChangeRunner &runner)
    : m_database(database)
    , m_runner(runner)
    , m_store(std::move(database))
    , m_settings(Settings::defaults())
{
    m_calls.setExpiryTimeout(-1); // each thread keeps its database connection (calls are recorded)
    m_calls.setMaxThreadCount(m_settings.parallelCalls);
}

void Metering::setSettings(Settings settings)
{
    std::lock_guard guard(m_lock);
    m_calls.setMaxThreadCount(std::max(1, settings.parallelCalls));
    m_settings = std::move(settings);
}

Metering::Settings Metering::settings() const
{
    std::lock_guard guard(m_lock);
    return m_settings;
}

void Metering::setSender(Sender sender)
{
    std::lock_guard guard(m_lock);
    m_sender = std::move(sender);
}

bool Metering::sends() const
{
    std::lock_guard guard(m_lock);
    return bool(m_sender);
}

qint64 Metering::retryAt(int attempts) const
{
    // 5, 10, 20, 40 minutes, then hourly, until the window closes
    const qint64 wait = std::min<qint64>(5 * 60'000LL << std::clamp(attempts - 1, 0, 4), HourMs);
    return m_runner.clock().nowMs() + wait;
}

Result<Metering::Run> Metering::run(const QString &instance)
{
    Run run;
    auto metered = meterHours(instance, run);
    if (!metered)
        return metered.problem();
    auto expired = expire();
    if (!expired)
        return expired.problem();
    auto sent = sendDue();
    if (!sent)
        return sent.problem();
    sent->hoursMetered = run.hoursMetered;
    sent->recordsWritten = run.recordsWritten;
    sent->expired += *expired;
    return sent;
}

Result<qint64> Metering::meterHours(const QString &instance, Run &run)
{
    const Settings s = settings();
    const qint64 now = m_runner.clock().nowMs();
    const qint64 lastCompleted = now / HourMs * HourMs - HourMs;
    qint64 widest = HourMs;
    for (qint64 window : s.windowMs)
        widest = std::max(widest, window);
    auto last = m_store.lastMeteredHour();
    if (!last)
        return last.problem();
    // The first run meters the hour just ended; later ones catch up on what the platform missed while
    // it was down, as far back as a marketplace still takes it.
    const qint64 first = *last ? std::max(**last + HourMs, lastCompleted - widest + HourMs) : lastCompleted;
    for (qint64 hour = first; hour <= lastCompleted; hour += HourMs) {
        // The usage is read before the writers' turn: the read is most of an hour's metering (1.7 of
        // 1.9 s at a million workspaces on SQLite), and staff changes waited behind it, hour after hour
        // while the platform caught up. A completed hour gets no final usage any more (an unbinding
        // writes the hour under way), so what the read found still holds when the hour is claimed.
        auto usage = m_store.readHour({}, hour, hour + HourMs, s.dimensions, now);
        if (!usage)
            return usage.problem();
        auto tx = store::Transaction::begin(*m_database, store::Transaction::Mode::Write);
        if (!tx)
            return tx.problem();
        auto mine = m_store.claimHour((*tx)->connection(), hour, now, instance);
        if (!mine)
            return mine.problem();
        if (!*mine)
            continue; // another instance metered it
        auto written = m_store.writeHour((*tx)->connection(), *usage);
        if (!written)
            return written.problem();
        if (auto done = (*tx)->commit(); !done)
            return done.problem();
        ++run.hoursMetered;
        run.recordsWritten += *written;
    }
    return run.hoursMetered;
}

Result<qint64> Metering::expire()
{
    // Hour by hour, each in a transaction of its own, the hours found before the writers' turn: after a
    // day down a catch-up expires about 370,000 records at a million workspaces, and in one statement
    // staff changes waited for it (5.5 s on PostgreSQL). Each statement tests the state again.
    const Settings s = settings();
    const qint64 now = m_runner.clock().nowMs();
    auto hours = m_store.expiringHours(s.windowMs, now);
    if (!hours)
        return hours.problem();
    qint64 expired = 0;
    for (const auto &[marketplace, hour] : std::as_const(*hours)) {
        auto tx = store::Transaction::begin(*m_database, store::Transaction::Mode::Write);
        if (!tx)
            return tx.problem();
        auto marked =
            m_store.expireHour((*tx)->connection(), marketplace, s.windowMs.value(marketplace), hour, now);
        if (!marked)
            return marked.problem();
        if (auto done = (*tx)->commit(); !done)
            return done.problem();
        expired += *marked;
    }
    return expired;
}

Result<Metering::Run> Metering::meterFinalUsage(const QString &cloudAccountId)
{
    const Settings s = settings();
    const qint64 now = m_runner.clock().nowMs();
    const qint64 hour = now / HourMs * HourMs;
    qint64 written = 0;
    {
        auto tx = store::Transaction::begin(*m_database, store::Transaction::Mode::Write);
        if (!tx)
            return tx.problem();
        auto usage = m_store.readHour((*tx)->connection(), hour, now, s.dimensions, now, cloudAccountId);
        if (!usage)
            return usage.problem();
        auto wrote = m_store.writeHour((*tx)->connection(), *usage);
        if (!wrote)
            return wrote.problem();
        if (auto done = (*tx)->commit(); !done)
            return done.problem();
        written = *wrote;
    } // the write turn is given back before the records go out
    auto sent = sendDue(cloudAccountId);
    if (sent)
        sent->recordsWritten = written;
    return sent;
}

Result<Metering::Run> Metering::sendDue(const QString &cloudAccountId)
{
    const Settings s = settings();
    Sender sender;
    {
        std::lock_guard guard(m_lock);
        sender = m_sender;
    }
    Run run;
    if (!sender)
        return run;
    for (;;) {
        const qint64 now = m_runner.clock().nowMs();
        QList<MeteredUsage> claimed;
        {
            auto tx = store::Transaction::begin(*m_database, store::Transaction::Mode::Write);
            if (!tx)
                return tx.problem();
            auto due =
                m_store.claimDue((*tx)->connection(), now, now + s.leaseMs, s.claimSize, cloudAccountId);
            if (!due)
                return due.problem();
            if (auto done = (*tx)->commit(); !done)
                return done.problem();
            claimed = std::move(*due);
        }
        if (claimed.isEmpty())
            return run;

        // Batches of one marketplace each, at most batchSize records.
        struct Batch {
            QString marketplace;
            QList<MeteredUsage> usage;
            QList<MeteringAnswer> answers;
        };
        QList<Batch> batches;
        QHash<QString, int> open; // marketplace → its batch being filled
        for (const MeteredUsage &usage : std::as_const(claimed)) {
            const QString &marketplace = usage.record.marketplace;
            auto at = open.find(marketplace);
            if (at == open.end() || batches[*at].usage.size() >= s.batchSize) {
                batches.append({marketplace, {}, {}});
                at = open.insert(marketplace, int(batches.size() - 1));
            }
            batches[*at].usage.append(usage);
        }
        QtConcurrent::blockingMap(&m_calls, batches, [&sender](Batch &batch) {
            auto answered = sender(batch.marketplace, batch.usage);
            QHash<qint64, MeteringAnswer> byId;
            if (answered) {
                for (const MeteringAnswer &a : std::as_const(*answered))
                    byId.insert(a.id, a);
            }
            for (const MeteredUsage &usage : std::as_const(batch.usage)) {
                MeteringAnswer a = byId.value(usage.record.id);
                if (a.id == 0) // the whole call failed, or its answer left this record out
                    a = {usage.record.id,
                         State::Failed,
                         {},
                         answered ? QStringLiteral("The marketplace's answer did not name this record.")
                                  : answered.problem().detail};
                batch.answers.append(a);
            }
        });

        QList<MeteringAnswer> answers;
        for (const Batch &batch : std::as_const(batches))
            answers.append(batch.answers);
        auto tx = store::Transaction::begin(*m_database, store::Transaction::Mode::Write);
        if (!tx)
            return tx.problem();
        if (auto kept = m_store.recordAnswers((*tx)->connection(), answers, m_runner.clock().nowMs(),
                                              [this](int attempts) { return retryAt(attempts); });
            !kept)
            return kept.problem();
        if (auto done = (*tx)->commit(); !done)
            return done.problem();
        for (const MeteringAnswer &a : std::as_const(answers)) {
            ++run.recordsSent;
            if (State::isBilled(a.state))
                ++run.accepted;
            else if (a.state == State::CustomerNotSubscribed)
                ++run.notSubscribed;
            else if (a.state == State::Expired)
                ++run.expired;
            else
                ++run.failed;
        }
        if (claimed.size() < s.claimSize)
            return run;
    }
}

Result<Outcome> Metering::retry(const ChangeRequest &request, qint64 recordId)
{
    return m_runner.recorded(request, [&](ChangeSet &change) -> Result<Outcome> {
        auto record = m_store.retryNow(change.db, recordId, change.now);
        if (!record)
            return record.problem();
        const QByteArray before = contract::AuditEvent::encodeState(
            QJsonObject{{"state", record->state},
                        {"attempts", record->attempts},
                        {"next_attempt_at", contract::json::time(record->nextAttemptAt)}});
        const QByteArray after = contract::AuditEvent::encodeState(
            QJsonObject{{"state", record->state},
                        {"attempts", record->attempts},
                        {"next_attempt_at", contract::json::time(change.now)}});
        change.record(v::AuditAction::MeteringRecordRetried, v::AuditTarget::MeteringRecord,
                      QString::number(recordId), before, after,
                      QStringLiteral("%1 %2 of cloud account %3, sent again at once.")
                          .arg(record->dimension, QString::fromLatin1(contract::json::timeText(record->hour)),
                               record->cloudAccountId));
        record->nextAttemptAt = change.now;
        return Outcome{{}, 200, record->toJson(), {}};
    });
}

} // namespace billing::domain
