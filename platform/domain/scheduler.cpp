#include "platform/domain/scheduler.h"

#include "platform/api/jsonfields.h"
#include "platform/api/vocabulary.h"
#include "platform/domain/billingrules.h"

#include <QUuid>

namespace billing::domain {

using api::Result;
namespace v = api::vocabulary;

namespace {

// Runs `batch` until it reports nothing more to do; answers how many it handled in all.
template<typename Batch>
Result<qint64> untilDone(Batch batch)
{
    qint64 total = 0;
    for (;;) {
        auto done = batch();
        if (!done)
            return done.problem();
        total += *done;
        if (*done < Scheduler::BatchSize)
            return total;
    }
}

QString sweepId()
{
    return QStringLiteral("scheduler-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
}

} // namespace

QJsonObject Scheduler::Sweep::toJson() const
{
    return {{"deployments_deleted", deploymentsDeleted}, {"workspaces_dissolved", workspacesDissolved},
            {"overrides_ended", overridesEnded}};
}

Scheduler::Scheduler(ChangeRunner &runner, store::WorkspaceStore &workspaces, store::DirectoryStore &directory,
                     store::DeploymentStore &deployments)
    : m_runner(runner)
    , m_workspaces(workspaces)
    , m_directory(directory)
    , m_deployments(deployments)
{
}

Result<Scheduler::Sweep> Scheduler::runDue()
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
    return sweep;
}

Result<qint64> Scheduler::deleteDueDeployments()
{
    const QString id = sweepId();
    return untilDone([&]() -> Result<qint64> {
        qint64 count = 0;
        auto ran = m_runner.run(Actor::Scheduler, id, [&](ChangeSet &change) -> Result<Outcome> {
            auto due = m_deployments.dueForDeletion(change.db, change.now, BatchSize);
            if (!due)
                return due.problem();
            for (api::Deployment &d : due.value()) {
                d.state = v::DeploymentState::Deleted;
                change.record("deployment.deleted", "deployment", d.id,
                              api::AuditEvent::encodeState(QJsonObject{{"state", v::DeploymentState::Stopped}}),
                              api::AuditEvent::encodeState(QJsonObject{{"state", v::DeploymentState::Deleted}}),
                              QStringLiteral("Deleted 3 days after it was stopped."));
            }
            if (auto saved = m_deployments.save(change.db, *due); !saved)
                return saved.problem();
            count = due->size();
            return Outcome{};
        });
        if (!ran)
            return ran.problem();
        return count;
    });
}

Result<qint64> Scheduler::dissolveEndedCountdowns()
{
    const QString id = sweepId();
    return untilDone([&]() -> Result<qint64> {
        qint64 count = 0;
        auto ran = m_runner.run(Actor::Scheduler, id, [&](ChangeSet &change) -> Result<Outcome> {
            auto ended = m_workspaces.countdownEnded(change.db, change.now, BatchSize);
            if (!ended)
                return ended.problem();
            QList<store::WorkspaceStore::Save> saves;
            QList<QPair<QString, QString>> unbound; // owner, cloud account
            for (api::Workspace w : *ended) {
                const qint64 expected = w.version;
                const QByteArray before = ChangeSet::billingState(w);
                if (!w.cloudAccountId.isEmpty())
                    unbound.append({w.accountId, w.cloudAccountId});
                w.status = v::WorkspaceStatus::Dissolved; // the lock stays as the record of why
                w.billingMethod = v::BillingMethod::None;
                w.cloudAccountId.clear();
                ++w.version;
                w.updatedAt = change.now;
                change.record("workspace.dissolved", "workspace", w.id, before, ChangeSet::billingState(w),
                              QStringLiteral("The 14-day lock countdown ended."));
                saves.append({w, expected});
            }
            if (auto saved = m_workspaces.save(change.db, saves); !saved)
                return saved.problem();
            for (const auto &[owner, cloud] : unbound) {
                if (auto relinked = change.relink(owner, {}, cloud); !relinked)
                    return relinked.problem();
            }
            count = saves.size();
            return Outcome{};
        });
        if (!ran)
            return ran.problem();
        return count;
    });
}

Result<qint64> Scheduler::endOverrides()
{
    const QString id = sweepId();
    return untilDone([&]() -> Result<qint64> {
        qint64 count = 0;
        auto ran = m_runner.run(Actor::Scheduler, id, [&](ChangeSet &change) -> Result<Outcome> {
            auto ended = m_workspaces.overrideEnded(change.db, change.now, BatchSize);
            if (!ended)
                return ended.problem();
            QList<store::WorkspaceStore::Save> saves;
            QStringList owners;
            for (const api::Workspace &w : *ended)
                owners << w.accountId;
            if (auto loaded = change.loadOwners(owners); !loaded)
                return loaded.problem();
            for (api::Workspace w : *ended) {
                const qint64 expected = w.version;
                auto owner = change.owner(w.accountId);
                if (!owner)
                    return owner.problem();
                std::optional<api::CloudAccount> cloud;
                if (!w.cloudAccountId.isEmpty()) {
                    auto found = m_directory.cloudAccount(w.cloudAccountId, change.db);
                    if (!found)
                        return found.problem();
                    cloud = *found;
                }
                if (BillingRules::paysNow(*owner, w, cloud ? &*cloud : nullptr)) {
                    const QByteArray before = ChangeSet::billingState(w);
                    w.overrideUntil = 0; // it found a valid method meanwhile
                    ++w.version;
                    w.updatedAt = change.now;
                    change.record("workspace.override_ended", "workspace", w.id, before, ChangeSet::billingState(w));
                } else {
                    change.unbindAndLock(w, v::LockReason::NoBillingMethod, QStringLiteral("workspace.override_ended"),
                                         QStringLiteral("The unlock override ended without a valid billing method."));
                }
                saves.append({w, expected});
            }
            if (auto saved = m_workspaces.save(change.db, saves); !saved)
                return saved.problem();
            count = saves.size();
            return Outcome{};
        });
        if (!ran)
            return ran.problem();
        return count;
    });
}

} // namespace billing::domain
