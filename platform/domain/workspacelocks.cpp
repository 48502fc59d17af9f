// SPDX-License-Identifier: Apache-2.0
#include "platform/domain/workspacelocks.h"

#include "foundation/contract/vocabulary.h"
#include "platform/domain/billingrules.h"

#include <QJsonArray>

namespace billing::domain {

using contract::Problem;
using contract::Result;
using contract::Workspace;
namespace v = contract::vocabulary;

WorkspaceLocks::WorkspaceLocks(ChangeRunner &runner, store::WorkspaceStore &workspaces)
    : m_runner(runner)
    , m_workspaces(workspaces)
{
}

const QStringList &WorkspaceLocks::staffReasons()
{
    static const QStringList reasons{v::LockReason::AdminHold, v::LockReason::PaymentOverdue};
    return reasons;
}

Result<Outcome> WorkspaceLocks::lock(const ChangeRequest &request, const QList<LockTarget> &targets,
                                     const QString &reason, const QString &note, Answer answer)
{
    if (!staffReasons().contains(reason))
        return Problem::invalidRequest(
            "reason", QStringLiteral("\"reason\" must be one of: %1.").arg(staffReasons().join(", ")));
    if (note.size() > MaxNoteLength)
        return Problem::invalidRequest(
            "note", QStringLiteral("\"note\" is at most %1 characters.").arg(MaxNoteLength));
    return change(request, targets, answer, [&](ChangeSet &change, Workspace &w) -> std::optional<Problem> {
        if (auto refused = BillingRules::refuseLock(w))
            return refused;
        change.lock(w, reason, note);
        return std::nullopt;
    });
}

Result<Outcome> WorkspaceLocks::unlock(const ChangeRequest &request, const QList<LockTarget> &targets,
                                       const QString &note, qint64 overrideUntil, Answer answer)
{
    const bool overriding = overrideUntil > 0;
    if (note.size() > MaxNoteLength)
        return Problem::invalidRequest(
            "note", QStringLiteral("\"note\" is at most %1 characters.").arg(MaxNoteLength));
    if (overriding) {
        const qint64 now = m_runner.clock().nowMs();
        if (overrideUntil <= now || overrideUntil > now + v::MaxOverrideDays * v::DayMs)
            return Problem::invalidRequest(
                "override_until",
                QStringLiteral("\"override_until\" must be in the next %1 days.").arg(v::MaxOverrideDays));
        if (note.trimmed().isEmpty())
            return Problem::invalidRequest(
                "note", QStringLiteral("An override needs a note saying why the workspace may run "
                                       "without a valid billing method."));
    }
    return change(request, targets, answer, [&](ChangeSet &change, Workspace &w) -> std::optional<Problem> {
        auto pays = change.paysNow(w);
        if (!pays)
            return pays.problem();
        if (auto refused = BillingRules::refuseUnlock(w, *pays, overriding))
            return refused;
        change.unlock(w, note, *pays ? 0 : overrideUntil); // a valid method needs no override
        return std::nullopt;
    });
}

Result<Outcome> WorkspaceLocks::change(const ChangeRequest &request, const QList<LockTarget> &targets,
                                       Answer answer, const Edit &edit)
{
    if (targets.isEmpty())
        return Problem::invalidRequest("workspaces", QStringLiteral("Name at least one workspace."));
    if (targets.size() > MaxWorkspaces)
        return Problem::invalidRequest(
            "workspaces", QStringLiteral("At most %1 workspaces in one request; this one names %2.")
                              .arg(MaxWorkspaces)
                              .arg(targets.size()));
    return m_runner.recorded(request, [&](ChangeSet &change) -> Result<Outcome> {
        QStringList ids;
        for (const LockTarget &t : targets)
            ids << t.workspaceId;
        auto found = change.loadWorkspaces(m_workspaces, ids);
        if (!found)
            return found.problem();
        const QHash<QString, Workspace> &byId = *found;
        QList<store::WorkspaceStore::Save> saves;
        QJsonArray refusals;
        std::optional<Problem> first;
        for (const LockTarget &t : targets) {
            std::optional<Problem> why;
            auto w = byId.constFind(t.workspaceId);
            if (w == byId.cend()) {
                why = Problem::notFound(QStringLiteral("workspace"), t.workspaceId);
            } else if (w->version != t.expectedVersion) {
                why = ChangeRunner::versionConflict(*w, t.expectedVersion);
            } else {
                Workspace changed = *w;
                why = edit(change, changed);
                if (!why)
                    saves.append({*w, changed});
            }
            if (why) {
                if (!first)
                    first = why;
                QJsonObject refusal{
                    {"workspace_id", t.workspaceId}, {"code", why->code}, {"reason", why->detail}};
                if (why->extra.contains("facts"))
                    refusal.insert("facts", why->extra.value("facts"));
                refusals.append(refusal);
            }
        }
        if (answer == Answer::Workspace && first)
            return *first;
        if (first) {
            Problem p{422,
                      "locks_refused",
                      QStringLiteral("Refused"),
                      QStringLiteral("%1 of %2 workspaces cannot change as asked; none was changed.")
                          .arg(refusals.size())
                          .arg(targets.size()),
                      {}};
            p.extra.insert("items", refusals);
            return p;
        }
        auto conflicts = m_workspaces.save(change.db, saves);
        if (!conflicts)
            return conflicts.problem();
        if (!conflicts->isEmpty())
            return ChangeRunner::versionConflict(*m_workspaces.find(conflicts->first(), change.db),
                                                 byId.value(conflicts->first()).version);
        if (answer == Answer::Workspace) {
            const Workspace &w = saves.first().after;
            return Outcome{{}, 200, w.toJson(), ChangeRunner::etagOf(w)};
        }
        QJsonArray changed;
        for (const auto &save : saves)
            changed.append(QJsonObject{
                {"id", save.after.id}, {"version", save.after.version}, {"status", save.after.status}});
        return Outcome{{}, 200, QJsonObject{{"changed", changed.size()}, {"workspaces", changed}}, {}};
    });
}

} // namespace billing::domain
