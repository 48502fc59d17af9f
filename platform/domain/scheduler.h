// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "platform/domain/auditsnapshots.h"
#include "platform/domain/changeset.h"
#include "platform/store/deploymentstore.h"

namespace billing::domain {

// The platform's own timed work (rules 6 and 7), by the injected clock: deletes stopped deployments
// when due, dissolves workspaces whose 14-day countdown ended, and locks again the workspaces whose
// admin override ended without a valid billing method; deletes the snapshot files the retention
// setting no longer keeps. Running it again changes nothing more.
class Scheduler
{
public:
    static constexpr int BatchSize = 1000; // per transaction, so that a backlog never holds the writer long

    Scheduler(ChangeRunner &runner, store::WorkspaceStore &workspaces, store::DeploymentStore &deployments,
              AuditSnapshots &snapshots);

    struct Sweep {
        qint64 deploymentsDeleted = 0;
        qint64 workspacesDissolved = 0;
        qint64 overridesEnded = 0;
        qint64 snapshotsDeleted = 0;
        QJsonObject toJson() const;
    };
    contract::Result<Sweep> runDue();

private:
    // Runs `batch` (up to BatchSize items, one transaction each) until a batch comes back short; answers the
    // total.
    using Batch = std::function<contract::Result<qint64>(ChangeSet &)>;
    contract::Result<qint64> untilDone(const Batch &batch);
    contract::Result<qint64> deleteDueDeployments();
    contract::Result<qint64> dissolveEndedCountdowns();
    contract::Result<qint64> endOverrides();

    ChangeRunner &m_runner;
    store::WorkspaceStore &m_workspaces;
    store::DeploymentStore &m_deployments;
    AuditSnapshots &m_snapshots;
};

} // namespace billing::domain
