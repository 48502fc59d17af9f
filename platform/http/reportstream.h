// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "foundation/contract/report.h"

#include <QObject>
#include <QStringList>
#include <QThreadPool>

#include <memory>
#include <mutex>

namespace billing::domain {
class BillingPlatform;
}

namespace billing::http {

class ServerStream;

// GET /v1/reports/{report}: a report as CSV (RFC 4180, UTF-8, a header row of the column keys),
// chunked, so that a reader can tell a complete report from one cut off. Each report is read on a
// thread of its own and sent as fast as the reader takes it: at most MaxUnsentBytes wait in memory.
class ReportStreams final : public QObject
{
    Q_OBJECT
public:
    explicit ReportStreams(std::shared_ptr<domain::BillingPlatform> platform, QObject *parent = nullptr);
    ~ReportStreams() override;

    // Starts sending the report on `stream` (on the server's thread).
    void start(const contract::ReportQuery &query, ServerStream *stream);

    static constexpr qsizetype ChunkBytes = 64 << 10;
    static constexpr qint64 MaxUnsentBytes = 4 << 20;
    static constexpr int MaxConcurrentReports = 2;

private:
    struct Flow;
    std::shared_ptr<domain::BillingPlatform> m_platform;
    QThreadPool m_reads;
    std::mutex m_flowsLock;
    QList<std::weak_ptr<Flow>> m_flows;
};

} // namespace billing::http
