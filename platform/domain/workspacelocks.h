// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "platform/domain/changeset.h"

namespace billing::domain {

// A workspace a lock or unlock names, with the version the admin saw (rule 8).
struct LockTarget {
    QString workspaceId;
    qint64 expectedVersion = 0;
};

// Admins lock and unlock workspaces, one or a selection at a time (rule 6). A selection changes all or
// none. Unlocking a workspace with no valid billing method needs an override: a note and an end date,
// after which the scheduler locks it again.
class WorkspaceLocks
{
public:
    static constexpr int MaxWorkspaces = 10000;
    static constexpr int MaxNoteLength = 500;

    WorkspaceLocks(ChangeRunner &runner, store::WorkspaceStore &workspaces);

    // Reasons staff may lock for; the platform itself locks for the others (cancellation, unbinding).
    static const QStringList &staffReasons();

    // One workspace answers itself (and its ETag); a selection answers {"changed", "workspaces": [{id,
    // version, status}]}.
    enum class Answer { Workspace, Selection };
    contract::Result<Outcome> lock(const ChangeRequest &request, const QList<LockTarget> &targets,
                                   const QString &reason, const QString &note, Answer answer);
    contract::Result<Outcome> unlock(const ChangeRequest &request, const QList<LockTarget> &targets,
                                     const QString &note, qint64 overrideUntil, Answer answer);

private:
    using Edit = std::function<std::optional<contract::Problem>(ChangeSet &, contract::Workspace &)>;
    contract::Result<Outcome> change(const ChangeRequest &request, const QList<LockTarget> &targets,
                                     Answer answer, const Edit &edit);

    ChangeRunner &m_runner;
    store::WorkspaceStore &m_workspaces;
};

} // namespace billing::domain
