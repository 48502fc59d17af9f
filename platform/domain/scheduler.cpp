// SPDX-License-Identifier: Apache-2.0
#include "platform/domain/scheduler.h"

#include "foundation/contract/jsonfields.h"
#include "foundation/contract/vocabulary.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QSysInfo>
#include <QUuid>

namespace billing::domain {

using contract::Result;
namespace v = contract::vocabulary;

namespace {

QString sweepId()
{
    return QStringLiteral("scheduler-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
}

} // namespace

Result<qint64> Scheduler::untilDone(const Batch &batch)
{
    const QString id = sweepId();
    qint64 total = 0;
    for (;;) {
        qint64 done = 0;
        auto ran = m_runner.run(Actor::Scheduler, id, [&](ChangeSet &change) -> Result<Outcome> {
            auto handled = batch(change);
            if (!handled)
                return handled.problem();
            done = *handled;
            return Outcome{};
        });
        if (!ran)
            return ran.problem();
        total += done;
        if (done < BatchSize)
            return total;
    }
}

QJsonObject Scheduler::Sweep::toJson() const
{
    return {{"deployments_deleted", deploymentsDeleted},
            {"workspaces_dissolved", workspacesDissolved},
            {"overrides_ended", overridesEnded},
            {"snapshots_deleted", snapshotsDeleted},
            {"idempotency_keys_forgotten", idempotencyKeysForgotten},
            {"metering", metering.toJson()}};
}

Scheduler::Scheduler(std::shared_ptr<store::Database> database, ChangeRunner &runner,
                     store::WorkspaceStore &workspaces, store::DeploymentStore &deployments,
                     AuditSnapshots &snapshots, Metering &metering)
    : m_runner(runner)
    , m_workspaces(workspaces)
    , m_deployments(deployments)
    , m_snapshots(snapshots)
    , m_metering(metering)
    , m_sweeps(std::move(database))
    , m_instance(QSysInfo::machineHostName() + QLatin1Char(':') +
                 QString::number(QCoreApplication::applicationPid()))
{
}

Result<Scheduler::Sweep> Scheduler::runDue()
{
    const qint64 startedAt = m_runner.clock().nowMs();
    auto sweep = sweepDue();
    const QString outcome =
        sweep ? QString::fromUtf8(QJsonDocument(sweep->toJson()).toJson(QJsonDocument::Compact))
              : QStringLiteral("failed: ") + sweep.problem().message();
    if (auto kept = m_sweeps.record({instanceName(), startedAt, m_runner.clock().nowMs(), outcome}); !kept)
        qWarning("billing-platform: the scheduler's sweep could not be recorded: %s",
                 qPrintable(kept.problem().message()));
    return sweep;
}

Result<Scheduler::Sweep> Scheduler::sweepDue()
{
    Sweep sweep;
    auto deleted = deleteDueDeployments();
    if (!deleted)
        return deleted.problem();
    sweep.deploymentsDeleted = *deleted;
    auto dissolved = dissolveEndedCountdowns();
    if (!dissolved)
        return dissolved.problem();
    sweep.workspacesDissolved = *dissolved;
    auto ended = endOverrides();
    if (!ended)
        return ended.problem();
    sweep.overridesEnded = *ended;
    auto expired = m_snapshots.applyRetention();
    if (!expired)
        return expired.problem();
    sweep.snapshotsDeleted = *expired;
    auto forgotten = forgetOldIdempotencyKeys();
    if (!forgotten)
        return forgotten.problem();
    sweep.idempotencyKeysForgotten = *forgotten;
    auto metered = m_metering.run(instanceName());
    if (!metered)
        return metered.problem();
    sweep.metering = *metered;
    return sweep;
}

Result<qint64> Scheduler::forgetOldIdempotencyKeys()
{
    return untilDone([&](ChangeSet &change) -> Result<qint64> {
        return m_runner.idempotency().forgetOld(change.db, change.now, BatchSize);
    });
}

Result<qint64> Scheduler::deleteDueDeployments()
{
    return untilDone([&](ChangeSet &change) -> Result<qint64> {
        auto due = m_deployments.dueForDeletion(change.db, change.now, BatchSize);
        if (!due)
            return due.problem();
        for (contract::Deployment &d : due.value()) {
            d.state = v::DeploymentState::Deleted;
            change.record(
                v::AuditAction::DeploymentDeleted, v::AuditTarget::Deployment, d.id,
                contract::AuditEvent::encodeState(QJsonObject{{"state", v::DeploymentState::Stopped}}),
                contract::AuditEvent::encodeState(QJsonObject{{"state", v::DeploymentState::Deleted}}),
                QStringLiteral("Deleted 3 days after it was stopped."));
        }
        if (auto saved = m_deployments.save(change.db, *due); !saved)
            return saved.problem();
        return qint64(due->size());
    });
}

Result<qint64> Scheduler::dissolveEndedCountdowns()
{
    return untilDone([&](ChangeSet &change) -> Result<qint64> {
        auto ended = m_workspaces.countdownEnded(change.db, change.now, BatchSize);
        if (!ended)
            return ended.problem();
        QList<store::WorkspaceStore::Save> saves;
        QList<QPair<QString, QString>> unbound; // owner, cloud account
        for (const contract::Workspace &read : *ended) {
            contract::Workspace w = read;
            const QByteArray before = change.billingState(w);
            if (!w.cloudAccountId.isEmpty())
                unbound.append({w.accountId, w.cloudAccountId});
            w.status = v::WorkspaceStatus::Dissolved; // the lock stays as the record of why
            w.billingMethod = v::BillingMethod::None;
            w.cloudAccountId.clear();
            ++w.version;
            w.updatedAt = change.now;
            change.record(v::AuditAction::WorkspaceDissolved, v::AuditTarget::Workspace, w.id, before,
                          change.billingState(w), QStringLiteral("The 14-day lock countdown ended."));
            saves.append({read, w});
        }
        if (auto saved = m_workspaces.save(change.db, saves); !saved)
            return saved.problem();
        // A dissolved workspace keeps no deployments: what a lock left running or stopped goes now.
        QStringList ids;
        for (const auto &save : std::as_const(saves))
            ids << save.after.id;
        auto deployments = m_deployments.ofWorkspaces(change.db, ids);
        if (!deployments)
            return deployments.problem();
        QList<contract::Deployment> deleting;
        for (contract::Deployment &d : deployments.value()) {
            if (d.state == v::DeploymentState::Deleted)
                continue;
            change.record(
                v::AuditAction::DeploymentDeleted, v::AuditTarget::Deployment, d.id,
                contract::AuditEvent::encodeState(QJsonObject{{"state", d.state}}),
                contract::AuditEvent::encodeState(QJsonObject{{"state", v::DeploymentState::Deleted}}),
                QStringLiteral(
                    "Deleted with its workspace, dissolved when the 14-day lock countdown ended."));
            d.state = v::DeploymentState::Deleted;
            if (d.deleteAt == 0)
                d.deleteAt = change.now;
            deleting.append(d);
        }
        if (auto saved = m_deployments.save(change.db, deleting); !saved)
            return saved.problem();
        for (const auto &[owner, cloud] : unbound) {
            if (auto relinked = change.relink(owner, {}, cloud); !relinked)
                return relinked.problem();
        }
        return qint64(saves.size());
    });
}

Result<qint64> Scheduler::endOverrides()
{
    return untilDone([&](ChangeSet &change) -> Result<qint64> {
        auto ended = m_workspaces.overrideEnded(change.db, change.now, BatchSize);
        if (!ended)
            return ended.problem();
        QStringList owners;
        for (const contract::Workspace &w : *ended)
            owners << w.accountId;
        if (auto loaded = change.loadOwners(owners); !loaded)
            return loaded.problem();
        QList<store::WorkspaceStore::Save> saves;
        for (const contract::Workspace &read : *ended) {
            contract::Workspace w = read;
            auto pays = change.paysNow(w);
            if (!pays)
                return pays.problem();
            if (*pays) {
                const QByteArray before = change.billingState(w);
                w.overrideUntil = 0; // it found a valid method meanwhile
                ++w.version;
                w.updatedAt = change.now;
                change.record(v::AuditAction::WorkspaceOverrideEnded, v::AuditTarget::Workspace, w.id, before,
                              change.billingState(w));
            } else {
                change.unbindAndLock(
                    w, v::LockReason::NoBillingMethod, v::AuditAction::WorkspaceOverrideEnded,
                    QStringLiteral("The unlock override ended without a valid billing method."));
            }
            saves.append({read, w});
        }
        if (auto saved = m_workspaces.save(change.db, saves); !saved)
            return saved.problem();
        return qint64(saves.size());
    });
}

} // namespace billing::domain
