#pragma once

#include "platform/snapshot/snapshotdiff.h"
#include "platform/snapshot/snapshotfile.h"
#include "platform/snapshot/snapshotverifier.h"
#include "services/workspacepages.h"

#include <QCoroTask>
#include <QObject>
#include <QThreadPool>

#include <atomic>
#include <memory>

namespace billing::services {

// One snapshot file opened for offline review: the workspaces as of the snapshot (as pages, like the
// platform's), its audit trail, single records, and a full verification. Reads run on a thread of the
// review's own, one at a time (the file's SQLite connection is used there only); the GUI never waits.
class SnapshotReview final : public QObject, public WorkspacePages
{
    Q_OBJECT
public:
    // Opening reads the manifest and checks the format: a problem names why the file is no snapshot.
    static api::Result<std::unique_ptr<SnapshotReview>> open(const QString &path);
    ~SnapshotReview() override;

    QString path() const { return m_path; }
    const snapshot::SnapshotManifest &manifest() const { return m_manifest; }

    QCoro::Task<api::Result<api::Page<api::Workspace>>> page(api::WorkspaceQuery query) override;
    QCoro::Task<api::Result<api::Page<api::AuditEvent>>> auditEvents(snapshot::SnapshotFile::AuditFilter filter);
    // The actors or actions in the trail ("actor", "action").
    QCoro::Task<api::Result<QStringList>> auditValues(QByteArray column);
    // One row of a table by id, column by column, for a detail panel.
    QCoro::Task<api::Result<QList<QPair<QString, QString>>>> record(QByteArray table, QString id);
    struct Comparison {
        snapshot::SnapshotDiffSummary summary;
        QList<snapshot::WorkspaceChange> changes; // the first `maxRows`, in workspace id order
    };
    // This snapshot (older) against another (newer), by workspace.
    QCoro::Task<api::Result<Comparison>> compareWith(QString newerPath, int maxRows);
    // Signature, signer against the key pinned for the snapshot's platform, audit chain, every digest.
    // Stopped (answered with a "cancelled" problem) when the review closes.
    QCoro::Task<snapshot::SnapshotVerification> verify();

private:
    SnapshotReview(std::unique_ptr<snapshot::SnapshotFile> file);

    QString m_path;
    snapshot::SnapshotManifest m_manifest;
    std::shared_ptr<snapshot::SnapshotFile> m_file;
    QThreadPool m_reads;
    std::shared_ptr<std::atomic_bool> m_closing = std::make_shared<std::atomic_bool>(false);
};

} // namespace billing::services
