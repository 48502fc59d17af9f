// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "console/reports/reporttable.h"
#include "console/reports/reportwriter.h"
#include "console/services/platformaccess.h"
#include "foundation/contract/report.h"

#include <QObject>
#include <QPointer>
#include <QThread>
#include <QUrl>

#include <atomic>
#include <memory>

namespace billing::reports {

// One report to export: what, in which format, to which file.
struct ReportRequest {
    contract::ReportQuery query;
    ReportFormat format = ReportFormat::Csv;
    QString path;
    ReportWriter::Options options;
    QString generatedBy; // the staff user, for the heading
    QString snapshot;    // a snapshot file to report from instead of the platform
};

// Exports one report on a thread of its own, so the window stays responsive at a million rows: the rows
// stream from the platform into the writer, the file is written beside the destination under a
// temporary name and moved into place only when complete. A cancelled or failed export leaves no file.
class ReportExport final : public QObject
{
    Q_OBJECT
public:
    ReportExport(ReportRequest request, services::PlatformAccess platform, QObject *parent = nullptr);
    ~ReportExport() override; // cancels a running export and waits for it

    void start();
    void cancel();
    bool isRunning() const { return m_thread.isRunning(); }
    const ReportRequest &request() const { return m_request; }

Q_SIGNALS:
    void progressed(qint64 rows);
    // `message` says what went wrong (empty on success).
    void finished(bool succeeded, bool cancelled, const QString &message, qint64 rows);

private:
    class Job;
    ReportRequest m_request;
    services::PlatformAccess m_platform;
    QThread m_thread;
    QPointer<QObject> m_job; // lives on m_thread
    std::shared_ptr<std::atomic_bool> m_cancelled = std::make_shared<std::atomic_bool>(false);
};

} // namespace billing::reports
