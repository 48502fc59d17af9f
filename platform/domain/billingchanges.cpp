// SPDX-License-Identifier: Apache-2.0
#include "platform/domain/billingchanges.h"

#include "foundation/contract/jsonfields.h"
#include "foundation/contract/vocabulary.h"
#include "platform/domain/billingrules.h"

#include <QJsonArray>

namespace billing::domain {

using contract::Problem;
using contract::Result;
using contract::Workspace;
namespace v = contract::vocabulary;

BillingChanges::BillingChanges(ChangeRunner &runner, store::WorkspaceStore &workspaces,
                               store::DirectoryStore &directory)
    : m_runner(runner)
    , m_workspaces(workspaces)
    , m_directory(directory)
{
}

Result<Outcome> BillingChanges::changeBillingMethod(const ChangeRequest &request, const QString &workspaceId,
                                                    qint64 expectedVersion, const QString &method,
                                                    const QString &cloudAccountId)
{
    const bool cloud = method == v::BillingMethod::CloudAccount;
    if (method != v::BillingMethod::CreditCard && method != v::BillingMethod::PrepaidCredits && !cloud)
        return Problem::invalidRequest(
            "method", QStringLiteral("\"method\" must be credit_card, prepaid_credits or "
                                     "cloud_account; to leave a workspace without one, unbind it."));
    if (cloud == cloudAccountId.isEmpty())
        return Problem::invalidRequest(
            "cloud_account_id",
            cloud ? QStringLiteral("Cloud account billing needs \"cloud_account_id\".")
                  : QStringLiteral("\"cloud_account_id\" goes only with cloud_account billing."));
    return m_runner.recorded(request, [&](ChangeSet &work) -> Result<Outcome> {
        auto workspace = m_workspaces.find(workspaceId, work.db);
        if (!workspace)
            return workspace.problem();
        Workspace w = *workspace;
        if (w.version != expectedVersion)
            return ChangeRunner::versionConflict(w, expectedVersion);
        auto owner = work.owner(w.accountId);
        if (!owner)
            return owner.problem();
        if (cloud) {
            auto cloudAccount = m_directory.cloudAccount(cloudAccountId, work.db);
            if (!cloudAccount)
                return cloudAccount.problem();
            if (auto refused = BillingRules::refuseCloudBilling(*owner, w, *cloudAccount))
                return *refused;
        } else if (auto refused = BillingRules::refuseMethod(*owner, w, method)) {
            return *refused;
        }
        const QString previousCloud = w.cloudAccountId;
        work.bill(w, method, cloudAccountId);
        if (auto saved = m_runner.saveOne(work, *workspace, w); !saved)
            return saved.problem();
        if (auto linked = work.relink(w.accountId, cloudAccountId, previousCloud); !linked)
            return linked.problem();
        return Outcome{{}, 200, w.toJson(), ChangeRunner::etagOf(w)};
    });
}

Result<Outcome> BillingChanges::bindWorkspaces(const ChangeRequest &request, const QString &cloudAccountId,
                                               QStringList workspaceIds, bool dryRun)
{
    workspaceIds.removeDuplicates();
    if (workspaceIds.isEmpty())
        return Problem::invalidRequest("workspace_ids",
                                       QStringLiteral("List at least one workspace to bind."));
    if (workspaceIds.size() > contract::BindingReport::MaxWorkspaces)
        return Problem::invalidRequest("workspace_ids",
                                       QStringLiteral("At most %1 workspaces can be bound in one request; "
                                                      "this one lists %2.")
                                           .arg(contract::BindingReport::MaxWorkspaces)
                                           .arg(workspaceIds.size()));
    const auto evaluate = [&](ChangeSet &work, QList<Workspace> &eligible) -> Result<QJsonObject> {
        auto cloud = m_directory.cloudAccount(cloudAccountId, work.db);
        if (!cloud)
            return cloud.problem();
        auto targets = work.loadWorkspaces(m_workspaces, workspaceIds);
        if (!targets)
            return targets.problem();
        const QHash<QString, Workspace> &byId = *targets;
        QJsonArray items;
        int refused = 0;
        for (const QString &id : workspaceIds) {
            QJsonObject item{{"workspace_id", id}};
            std::optional<Problem> why;
            const auto w = byId.constFind(id);
            if (w == byId.cend()) {
                why = Problem::notFound(QStringLiteral("workspace"), id);
                why->extra.insert("facts", QJsonObject{{"workspace_id", id}});
            } else if (w->cloudAccountId == cloudAccountId) {
                item.insert("already_bound", true);
            } else {
                auto owner = work.owner(w->accountId);
                if (!owner)
                    return owner.problem();
                why = BillingRules::refuseCloudBilling(*owner, *w, *cloud);
                if (!why)
                    eligible.append(*w);
            }
            item.insert("eligible", !why.has_value());
            if (why) {
                ++refused;
                item.insert("code", why->code);
                item.insert("reason", why->detail);
                if (why->extra.contains("facts"))
                    item.insert("facts", why->extra.value("facts"));
            }
            if (w != byId.cend())
                item.insert("site", w->site);
            items.append(item);
        }
        return QJsonObject{{"cloud_account_id", cloudAccountId},
                           {"dry_run", dryRun},
                           {"eligible", qint64(workspaceIds.size() - refused)},
                           {"refused", refused},
                           {"items", items}};
    };

    if (dryRun) {
        return m_runner.preview(request, [&](ChangeSet &work) -> Result<Outcome> {
            QList<Workspace> eligible;
            auto report = evaluate(work, eligible);
            if (!report)
                return report.problem();
            return Outcome{{}, 200, *report, {}};
        });
    }
    return m_runner.recorded(request, [&](ChangeSet &work) -> Result<Outcome> {
        QList<Workspace> eligible;
        auto report = evaluate(work, eligible);
        if (!report)
            return report.problem();
        if (report->value("refused").toInt() > 0) {
            Problem p{422,
                      "bindings_refused",
                      QStringLiteral("Bindings refused"),
                      QStringLiteral("%1 of %2 workspaces may not be bound to %3; none was bound.")
                          .arg(report->value("refused").toInt())
                          .arg(workspaceIds.size())
                          .arg(cloudAccountId),
                      {}};
            p.extra.insert("items", report->value("items"));
            return p;
        }
        QList<store::WorkspaceStore::Save> saves;
        saves.reserve(eligible.size());
        QStringList owners;
        for (const Workspace &before : eligible) {
            Workspace w = before;
            work.bill(w, v::BillingMethod::CloudAccount, cloudAccountId);
            owners << w.accountId;
            saves.append({before, w});
        }
        auto conflicts = m_workspaces.save(work.db, saves);
        if (!conflicts)
            return conflicts.problem();
        if (!conflicts->isEmpty()) {
            const auto stale = std::find_if(eligible.cbegin(), eligible.cend(),
                                            [&](const Workspace &w) { return w.id == conflicts->first(); });
            return ChangeRunner::versionConflict(*m_workspaces.find(stale->id, work.db), stale->version);
        }
        owners.removeDuplicates();
        if (auto linked = work.link(owners, cloudAccountId); !linked)
            return linked.problem();
        QJsonObject body = *report;
        body.insert("bound", qint64(eligible.size()));
        return Outcome{{}, 200, body, {}};
    });
}

Result<Outcome> BillingChanges::unbindWorkspace(const ChangeRequest &request, const QString &cloudAccountId,
                                                const QString &workspaceId, qint64 expectedVersion,
                                                const QString &replacementMethod)
{
    if (!replacementMethod.isEmpty() && replacementMethod != v::BillingMethod::CreditCard &&
        replacementMethod != v::BillingMethod::PrepaidCredits)
        return Problem::invalidRequest(
            "replacement_method",
            QStringLiteral("\"replacement_method\" must be credit_card or prepaid_credits."));
    return m_runner.recorded(request, [&](ChangeSet &work) -> Result<Outcome> {
        auto cloud = m_directory.cloudAccount(cloudAccountId, work.db);
        if (!cloud)
            return cloud.problem();
        auto workspace = m_workspaces.find(workspaceId, work.db);
        if (!workspace)
            return workspace.problem();
        Workspace w = *workspace;
        if (w.cloudAccountId != cloudAccountId)
            return Problem{422,
                           "workspace_not_bound",
                           QStringLiteral("Not bound"),
                           QStringLiteral("Workspace %1 is not bound to cloud account %2.")
                               .arg(workspaceId, cloudAccountId),
                           {}};
        if (w.version != expectedVersion)
            return ChangeRunner::versionConflict(w, expectedVersion);
        const bool locking = replacementMethod.isEmpty();
        if (locking) {
            work.unbindAndLock(w, v::LockReason::NoBillingMethod, v::AuditAction::WorkspaceUnboundAndLocked);
        } else {
            auto owner = work.owner(w.accountId);
            if (!owner)
                return owner.problem();
            if (auto refused = BillingRules::refuseMethod(*owner, w, replacementMethod))
                return *refused;
            work.bill(w, replacementMethod, {});
        }
        if (auto saved = m_runner.saveOne(work, *workspace, w); !saved)
            return saved.problem();
        if (auto linked = work.relink(w.accountId, {}, cloudAccountId); !linked)
            return linked.problem();
        return Outcome{
            {}, 200, QJsonObject{{"workspace", w.toJson()}, {"locked", locking}}, ChangeRunner::etagOf(w)};
    });
}

} // namespace billing::domain
