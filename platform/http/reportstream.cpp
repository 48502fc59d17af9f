// SPDX-License-Identifier: Apache-2.0
#include "platform/http/reportstream.h"

#include "foundation/contract/csv.h"
#include "platform/domain/billingplatform.h"
#include "platform/http/apiserver.h"

#include <QPointer>

#include <condition_variable>

namespace billing::http {

// What the reading thread and the server's thread share about one report being sent.
struct ReportStreams::Flow {
    std::mutex lock;
    std::condition_variable drained;
    qint64 unsent = 0;    // handed to the server's thread and not yet sent to the reader
    bool stopped = false; // the reader went away, or the platform is stopping

    void stop()
    {
        {
            std::lock_guard guard(lock);
            stopped = true;
        }
        drained.notify_all();
    }
};

ReportStreams::ReportStreams(std::shared_ptr<domain::BillingPlatform> platform, QObject *parent)
    : QObject(parent)
    , m_platform(std::move(platform))
{
    m_reads.setMaxThreadCount(MaxConcurrentReports); // more wait their turn
    // The threads stay: each opened a database connection of its own, which a new thread would not
    // reuse (on PostgreSQL, one more server connection after every idle half minute).
    m_reads.setExpiryTimeout(-1);
}

ReportStreams::~ReportStreams()
{
    {
        std::lock_guard guard(m_flowsLock);
        for (const auto &weak : std::as_const(m_flows)) {
            if (auto flow = weak.lock())
                flow->stop();
        }
    }
    m_reads.clear();
    m_reads.waitForDone();
}

void ReportStreams::start(const contract::ReportQuery &query, ServerStream *stream)
{
    auto flow = std::make_shared<Flow>();
    {
        std::lock_guard guard(m_flowsLock);
        m_flows.removeIf([](const std::weak_ptr<Flow> &weak) { return weak.expired(); });
        m_flows.append(flow);
    }
    connect(stream, &ServerStream::sent, this, [flow](qint64 bytes) {
        {
            std::lock_guard guard(flow->lock);
            flow->unsent -= bytes;
        }
        flow->drained.notify_all();
    });
    connect(stream, &ServerStream::closed, this, [flow] { flow->stop(); });

    QPointer<ServerStream> target(stream); // read on the server's thread only
    m_reads.start([this, flow, target, query] {
        // Hands what is read so far to the server's thread; waits while the reader is behind.
        const auto send = [this, flow, target](QByteArray bytes) {
            std::unique_lock guard(flow->lock);
            flow->unsent += bytes.size() + 16; // and the chunk's framing
            flow->drained.wait(guard, [&] { return flow->stopped || flow->unsent <= MaxUnsentBytes; });
            if (flow->stopped)
                return false;
            guard.unlock();
            QMetaObject::invokeMethod(
                this,
                [target, bytes] {
                    if (target)
                        target->write(bytes);
                },
                Qt::QueuedConnection);
            return true;
        };
        QByteArray chunk;
        chunk.reserve(ChunkBytes + 4096);
        QStringList header;
        QList<bool> numeric;
        for (const contract::ReportColumn &column : contract::ReportQuery::columns(query.kind)) {
            header.append(column.key);
            numeric.append(column.type == contract::ReportColumn::Type::Integer ||
                           column.type == contract::ReportColumn::Type::Money);
        }
        contract::csv::appendRecord(chunk, header);
        const auto read = m_platform->report(query, [&](const contract::ReportCells &row) {
            contract::csv::appendRecord(chunk, row, numeric);
            if (chunk.size() < ChunkBytes)
                return true;
            const bool going = send(std::exchange(chunk, QByteArray()));
            chunk.reserve(ChunkBytes + 4096);
            return going;
        });
        const bool complete = read && send(chunk);
        if (!read)
            qWarning("billing-platform: the %s report stopped: %s",
                     qPrintable(contract::ReportQuery::name(query.kind)),
                     qPrintable(read.problem().message()));
        QMetaObject::invokeMethod(
            this,
            [target, complete] {
                if (!target)
                    return;
                if (complete)
                    target->finish();
                else
                    target->abort(); // the reader sees a report cut off, never a short one that looks whole
            },
            Qt::QueuedConnection);
    });
}

} // namespace billing::http
