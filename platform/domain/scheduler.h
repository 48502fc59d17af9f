// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "platform/domain/auditsnapshots.h"
#include "platform/domain/changeset.h"
#include "platform/domain/metering.h"
#include "platform/store/deploymentstore.h"
#include "platform/store/sweepstore.h"

namespace billing::domain {

// The platform's own timed work (rules 6 and 7), by the injected clock: deletes stopped deployments
// when due, dissolves workspaces whose 14-day countdown ended, and locks again the workspaces whose
// admin override ended without a valid billing method; deletes the snapshot files the retention
// setting no longer keeps; meters the completed hours and sends what is due (Metering). Running it
// again changes nothing more.
class Scheduler
{
public:
    static constexpr int BatchSize = 1000; // per transaction, so that a backlog never holds the writer long

    Scheduler(std::shared_ptr<store::Database> database, ChangeRunner &runner,
              store::WorkspaceStore &workspaces, store::DeploymentStore &deployments,
              AuditSnapshots &snapshots, Metering &metering);

    struct Sweep {
        qint64 deploymentsDeleted = 0;
        qint64 workspacesDissolved = 0;
        qint64 overridesEnded = 0;
        qint64 snapshotsDeleted = 0;
        qint64 idempotencyKeysForgotten = 0;
        Metering::Run metering;
        QJsonObject toJson() const;
    };
    // Runs what is due and records the sweep (scheduler_sweeps) with this instance's name.
    contract::Result<Sweep> runDue();

    // This platform instance's name, as /v1/health gives it and the sweeps record it.
    void setInstanceName(const QString &name)
    {
        std::lock_guard guard(m_instanceLock);
        m_instance = name;
    }
    QString instanceName() const
    {
        std::lock_guard guard(m_instanceLock);
        return m_instance;
    }
    // Whether this instance has the scheduler's turn (one instance at a time on PostgreSQL; see
    // store::SweepStore::holdsTurn). Only the periodic sweeps' thread asks.
    bool hasTurn() { return m_sweeps.holdsTurn(); }
    // What the sweeps' thread last found (any thread).
    bool hadTurn() const { return m_sweeps.heldTurn(); }
    contract::Result<std::optional<store::SweepStore::Sweep>> lastSweep() { return m_sweeps.latest(); }

private:
    // Runs `batch` (up to BatchSize items, one transaction each) until a batch comes back short; answers the
    // total.
    using Batch = std::function<contract::Result<qint64>(ChangeSet &)>;
    contract::Result<qint64> untilDone(const Batch &batch);
    contract::Result<qint64> deleteDueDeployments();
    contract::Result<qint64> dissolveEndedCountdowns();
    contract::Result<qint64> endOverrides();
    contract::Result<qint64> forgetOldIdempotencyKeys();
    contract::Result<Sweep> sweepDue();

    ChangeRunner &m_runner;
    store::WorkspaceStore &m_workspaces;
    store::DeploymentStore &m_deployments;
    AuditSnapshots &m_snapshots;
    Metering &m_metering;
    store::SweepStore m_sweeps;
    mutable std::mutex m_instanceLock;
    QString m_instance;
};

} // namespace billing::domain
