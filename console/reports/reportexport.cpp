// SPDX-License-Identifier: Apache-2.0
#include "console/reports/reportexport.h"

#include "console/reports/platformreportsource.h"
#include "console/reports/snapshotreportsource.h"
#include "console/services/platformclient.h"

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QRegularExpression>
#include <QUuid>

#include <filesystem>

namespace billing::reports {

namespace {

// What an export leaves only when it was killed outright (SIGKILL, a power cut): its partial file and
// the XLSX writer's temporary folder beside it. Older than a day, no export still writes them.
void removeStalePartials(const QDir &folder)
{
    static const QRegularExpression partial(QStringLiteral("^\\..+\\.[0-9a-f]{8}\\.partial(\\.tmp)?$"));
    const QDateTime dayAgo = QDateTime::currentDateTimeUtc().addDays(-1);
    const QFileInfoList found = folder.entryInfoList(QDir::Files | QDir::Dirs | QDir::Hidden |
                                                     QDir::NoDotAndDotDot | QDir::NoSymLinks);
    for (const QFileInfo &entry : found) {
        if (!partial.match(entry.fileName()).hasMatch() || entry.lastModified() >= dayAgo)
            continue;
        if (entry.isDir())
            QDir(entry.filePath()).removeRecursively();
        else
            QFile::remove(entry.filePath());
    }
}

} // namespace

// Lives on the export's thread: the client, the source and the writer are made and used there.
class ReportExport::Job final : public QObject
{
public:
    Job(ReportExport *owner, ReportRequest request, services::PlatformAccess platform)
        : m_owner(owner)
        , m_request(std::move(request))
        , m_platform(std::move(platform))
        , m_cancelled(owner->m_cancelled)
        , m_table(m_request.query.kind)
        , m_summary(m_table)
    {
    }
    ~Job() override { removePartial(); }

    void run();
    // Stops reading at once; the export ends as cancelled.
    void cancel()
    {
        if (m_source)
            m_source->cancel();
        if (!m_ended)
            done(std::nullopt);
    }

private:
    contract::Problem writeFailed(const QString &why) const
    {
        return ReportWriter::writeFailed(m_request.path, why);
    }
    void done(std::optional<contract::Problem> failure);
    void removePartial()
    {
        m_writer.reset(); // closes what it has open
        if (!m_partial.isEmpty())
            QFile::remove(m_partial);
        m_partial.clear();
    }
    bool row(const contract::ReportCells &platformRow);

    ReportExport *m_owner;
    ReportRequest m_request;
    services::PlatformAccess m_platform;
    std::shared_ptr<std::atomic_bool> m_cancelled;
    ReportTable m_table;
    ReportSummary m_summary;
    std::unique_ptr<services::PlatformClient> m_client;
    std::unique_ptr<ReportRowSource> m_source;
    std::unique_ptr<ReportWriter> m_writer;
    std::optional<contract::Problem> m_writeFailure;
    QString m_partial;
    QElapsedTimer m_sinceProgress;
    bool m_ended = false;
};

void ReportExport::Job::run()
{
    const QFileInfo target(m_request.path);
    if (!target.dir().exists()) {
        done(writeFailed(tr("the folder %1 does not exist.").arg(QDir::toNativeSeparators(target.path()))));
        return;
    }
    removeStalePartials(target.dir());
    // Beside the destination, so the final move is a rename on the same disk.
    m_partial = target.dir().filePath(
        QStringLiteral(".%1.%2.partial")
            .arg(target.fileName(), QUuid::createUuid().toString(QUuid::Id128).left(8)));
    m_writer = ReportWriter::create(m_request.format, m_request.options);
    std::unique_ptr<ReportRowSource> source;
    if (m_request.snapshot.isEmpty()) {
        m_client = std::make_unique<services::PlatformClient>(m_platform);
        source = std::make_unique<PlatformReportSource>(m_client.get());
    } else {
        source = std::make_unique<SnapshotReportSource>(m_request.snapshot);
    }
    ReportHeading heading;
    heading.title = m_table.title();
    heading.filters = ReportTable::describeFilters(m_request.query);
    heading.generatedAt = QDateTime::currentMSecsSinceEpoch();
    heading.generatedBy = m_request.generatedBy;
    heading.source = source->origin();
    m_source = std::move(source);
    if (auto opened = m_writer->open(m_partial, m_table, heading); !opened) {
        done(opened.problem());
        return;
    }
    m_sinceProgress.start();
    m_source->start(
        m_request.query, [this](const contract::ReportCells &r) { return row(r); },
        [this](std::optional<contract::Problem> failure) { done(std::move(failure)); });
}

bool ReportExport::Job::row(const contract::ReportCells &platformRow)
{
    if (m_cancelled->load())
        return false;
    const contract::ReportCells &presented = m_table.present(platformRow);
    if (auto written = m_writer->write(presented); !written) {
        m_writeFailure = written.problem();
        return false;
    }
    m_summary.tally(presented);
    if (m_sinceProgress.elapsed() >= 100) {
        m_sinceProgress.restart();
        Q_EMIT m_owner->progressed(m_summary.rows);
    }
    return true;
}

void ReportExport::Job::done(std::optional<contract::Problem> failure)
{
    if (m_ended)
        return;
    m_ended = true;
    if (!failure && m_writeFailure)
        failure = m_writeFailure;
    const bool cancelled = m_cancelled->load();
    if (!failure && !cancelled && m_writer) {
        Q_EMIT m_owner->progressed(m_summary.rows);
        if (auto finished = m_writer->finish(m_summary); !finished)
            failure = finished.problem();
    }
    if (!failure && !cancelled && m_writer) {
        m_writer.reset();
        std::error_code error;
        std::filesystem::rename(QFile::encodeName(m_partial).toStdString(),
                                QFile::encodeName(m_request.path).toStdString(), error);
        if (error)
            failure = writeFailed(QString::fromStdString(error.message()));
        else
            m_partial.clear();
    }
    // A writer knows only the temporary file it writes; staff are told of the file they asked for.
    if (failure && !m_partial.isEmpty())
        failure->detail.replace(QDir::toNativeSeparators(m_partial),
                                QDir::toNativeSeparators(m_request.path));
    if (failure || cancelled)
        removePartial();
    Q_EMIT m_owner->finished(!failure && !cancelled, cancelled && !failure,
                             failure ? failure->message() : QString(), m_summary.rows);
    QThread::currentThread()->quit();
}

ReportExport::ReportExport(ReportRequest request, services::PlatformAccess platform, QObject *parent)
    : QObject(parent)
    , m_request(std::move(request))
    , m_platform(std::move(platform))
{
}

ReportExport::~ReportExport()
{
    cancel();
    m_thread.quit();
    m_thread.wait();
}

void ReportExport::start()
{
    if (m_thread.isRunning())
        return;
    m_cancelled->store(false);
    auto *job = new Job(this, m_request, m_platform);
    m_job = job;
    job->moveToThread(&m_thread);
    connect(&m_thread, &QThread::started, job, [job] { job->run(); });
    connect(&m_thread, &QThread::finished, job, &QObject::deleteLater);
    m_thread.start();
}

void ReportExport::cancel()
{
    if (!m_thread.isRunning())
        return;
    m_cancelled->store(true); // the job stops at its next row, or here if it is waiting on the network
    if (m_job)
        QMetaObject::invokeMethod(
            m_job, [job = m_job] { static_cast<Job *>(job.data())->cancel(); }, Qt::QueuedConnection);
}

} // namespace billing::reports
