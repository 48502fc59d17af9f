// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "foundation/contract/result.h"

#include <QString>

#include <atomic>
#include <functional>

namespace billing::snapshot {

// How one workspace differs between an older snapshot (before) and a newer one (after).
struct WorkspaceChange {
    enum class Kind { Added, Removed, Changed };
    Kind kind = Kind::Changed;
    QString id;
    QString name;
    QString billingMethodBefore, billingMethodAfter;
    QString cloudAccountBefore, cloudAccountAfter;
    QString statusBefore, statusAfter;
    QString lockReasonBefore, lockReasonAfter;

    bool billingMethodChanged() const
    {
        return kind == Kind::Changed && billingMethodBefore != billingMethodAfter;
    }
    bool cloudAccountChanged() const
    {
        return kind == Kind::Changed && cloudAccountBefore != cloudAccountAfter;
    }
    bool lockChanged() const
    {
        return kind == Kind::Changed && (statusBefore != statusAfter || lockReasonBefore != lockReasonAfter);
    }
};

struct SnapshotDiffSummary {
    qint64 added = 0;
    qint64 removed = 0;
    qint64 changed = 0;
    qint64 billingMethodChanged = 0;
    qint64 cloudAccountChanged = 0;
    qint64 lockChanged = 0;
};

// Compares the workspaces of two snapshot files in one SQL pass (the second file attached to the
// first), in workspace id order. Both must be snapshots whose manifests carry a valid signature (a
// problem naming the file otherwise); the rows' digests are SnapshotVerifier's work.
class SnapshotDiff
{
public:
    // `sink` hears each differing workspace and answers false to stop.
    using Sink = std::function<bool(const WorkspaceChange &)>;
    static contract::Result<SnapshotDiffSummary> compare(const QString &before, const QString &after,
                                                         const Sink &sink,
                                                         const std::atomic_bool *cancel = nullptr);
};

} // namespace billing::snapshot
