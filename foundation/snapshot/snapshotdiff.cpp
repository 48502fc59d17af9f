// SPDX-License-Identifier: Apache-2.0
#include "foundation/snapshot/snapshotdiff.h"

#include "foundation/snapshot/snapshotfile.h"
#include "foundation/snapshot/snapshotschema.h"
#include "foundation/snapshot/sqlitefile.h"

namespace billing::snapshot {

contract::Result<SnapshotDiffSummary> SnapshotDiff::compare(const QString &before, const QString &after,
                                                            const Sink &sink, const std::atomic_bool *cancel)
{
    for (const QString &path : {before, after}) {
        auto snapshot = SnapshotFile::open(path);
        if (!snapshot) {
            contract::Problem problem = snapshot.problem();
            problem.detail = path + QStringLiteral(": ") + problem.detail;
            return problem;
        }
        if (!(*snapshot)->isReadable())
            return contract::Problem{
                422,
                "snapshot_altered",
                QStringLiteral("Snapshot altered"),
                QStringLiteral("%1: %2").arg(path, (*snapshot)->structureProblems().first().detail),
                {}};
        if (!(*snapshot)->signatureValid())
            return contract::Problem{
                422,
                "signature_invalid",
                QStringLiteral("Signature invalid"),
                QStringLiteral("%1: the manifest's signature does not match it; verify the file to see "
                               "what failed.")
                    .arg(path),
                {}};
    }
    auto file = SqliteFile::open(before, SqliteFile::Mode::ReadOnly);
    if (!file)
        return file.problem();
    if (auto attached = (*file)->attach(after, "newer"); !attached)
        return attached.problem();
    // Only what staff compare: billing method, cloud account, status and lock.
    auto rows = (*file)->prepare(R"(
        SELECT COALESCE(a.id, b.id), COALESCE(b.name, a.name), a.id IS NULL, b.id IS NULL,
               a.billing_method, b.billing_method, a.cloud_account_id, b.cloud_account_id,
               a.status, b.status, a.lock_reason, b.lock_reason
        FROM main.workspaces a FULL JOIN newer.workspaces b ON a.id = b.id
        WHERE a.id IS NULL OR b.id IS NULL OR a.billing_method IS NOT b.billing_method
           OR a.cloud_account_id IS NOT b.cloud_account_id OR a.status IS NOT b.status
           OR a.lock_reason IS NOT b.lock_reason
        ORDER BY 1)");
    if (!rows)
        return rows.problem();
    SqliteStatement &row = **rows;
    SnapshotDiffSummary summary;
    WorkspaceChange change;
    for (qint64 n = 1;; ++n) {
        auto next = row.step();
        if (!next)
            return next.problem();
        if (!*next)
            break;
        change.id = row.text(0);
        change.name = row.text(1);
        change.kind = row.integer(2) ? WorkspaceChange::Kind::Added
                                     : (row.integer(3) ? WorkspaceChange::Kind::Removed
                                                       : WorkspaceChange::Kind::Changed);
        change.billingMethodBefore = row.text(4);
        change.billingMethodAfter = row.text(5);
        change.cloudAccountBefore = row.text(6);
        change.cloudAccountAfter = row.text(7);
        change.statusBefore = row.text(8);
        change.statusAfter = row.text(9);
        change.lockReasonBefore = row.text(10);
        change.lockReasonAfter = row.text(11);
        switch (change.kind) {
        case WorkspaceChange::Kind::Added:
            ++summary.added;
            break;
        case WorkspaceChange::Kind::Removed:
            ++summary.removed;
            break;
        case WorkspaceChange::Kind::Changed:
            ++summary.changed;
            summary.billingMethodChanged += change.billingMethodChanged();
            summary.cloudAccountChanged += change.cloudAccountChanged();
            summary.lockChanged += change.lockChanged();
            break;
        }
        if (sink && !sink(change))
            break;
        if (cancel && (n & 0xFFF) == 0 && cancel->load())
            return SnapshotSchema::cancelled();
    }
    return summary;
}

} // namespace billing::snapshot
