// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "console/services/workspacepages.h"
#include "foundation/snapshot/snapshotdiff.h"
#include "foundation/snapshot/snapshotfile.h"
#include "foundation/snapshot/snapshotverifier.h"

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
    static contract::Result<std::unique_ptr<SnapshotReview>> open(const QString &path);
    ~SnapshotReview() override;

    QString path() const { return m_path; }
    const snapshot::SnapshotManifest &manifest() const { return m_manifest; }

    QCoro::Task<contract::Result<contract::Page<contract::Workspace>>>
    page(contract::WorkspaceQuery query) override;
    QCoro::Task<contract::Result<contract::Page<contract::AuditEvent>>>
    auditEvents(snapshot::SnapshotFile::AuditFilter filter);
    // The actors or actions in the trail ("actor", "action").
    QCoro::Task<contract::Result<QStringList>> auditValues(QByteArray column);
    // The owner account and cloud account of a workspace as the snapshot holds them, for its detail panel.
    QCoro::Task<contract::Result<std::optional<contract::Account>>> account(QString id);
    QCoro::Task<contract::Result<std::optional<contract::CloudAccount>>> cloudAccount(QString id);
    struct Comparison {
        snapshot::SnapshotDiffSummary summary;
        QList<snapshot::WorkspaceChange> changes; // the first `maxRows`, in workspace id order
    };
    // This snapshot (older) against another (newer), by workspace.
    QCoro::Task<contract::Result<Comparison>> compareWith(QString newerPath, int maxRows);
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
