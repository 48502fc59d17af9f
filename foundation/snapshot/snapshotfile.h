// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "foundation/contract/account.h"
#include "foundation/contract/auditevent.h"
#include "foundation/contract/cloudaccount.h"
#include "foundation/contract/page.h"
#include "foundation/contract/report.h"
#include "foundation/contract/result.h"
#include "foundation/contract/workspace.h"
#include "foundation/contract/workspacequery.h"
#include "foundation/snapshot/snapshotmanifest.h"
#include "foundation/snapshot/sqlitefile.h"

#include <memory>
#include <optional>

namespace billing::snapshot {

// A snapshot file opened read-only: its manifest read, its signature and structure checked, ready to
// be read (the review window, the diff, reports). Opening checks the format, not the rows: that is
// SnapshotVerifier's work. A file whose structure is not the format's (an index, trigger or view
// added, a definition changed, pages appended) opens, so that its manifest and problems can be shown,
// but every read answers snapshot_altered: what such a file's queries answer cannot be trusted.
class SnapshotFile
{
public:
    // A file that is not SQLite, not a snapshot, of a newer format or with a malformed manifest is a
    // problem whose code names which (snapshot_unreadable, not_a_snapshot, snapshot_format_too_new,
    // manifest_invalid).
    static contract::Result<std::unique_ptr<SnapshotFile>> open(const QString &path);

    const QString &path() const { return m_path; }
    const SnapshotManifest &manifest() const { return m_manifest; }
    QByteArray publicKey() const { return m_publicKey; }
    QString signerFingerprint() const;
    // Whether the manifest's bytes carry a valid signature by the key in the file.
    bool signatureValid() const { return m_signatureValid; }
    // What SnapshotStructure::check found (none for a file as the platform wrote it).
    const QList<contract::Problem> &structureProblems() const { return m_structureProblems; }
    bool isReadable() const { return m_structureProblems.isEmpty(); }
    SqliteFile &sqlite() { return *m_sqlite; }

    // The workspaces as of the snapshot, as GET /v1/workspaces answers them: the same filters, sort
    // keys and window. There is no index but the id: a sort reads the table once (about 0.3 s at a
    // million rows), which a review can afford and a snapshot's making need not pay for.
    contract::Result<contract::Page<contract::Workspace>> workspaces(const contract::WorkspaceQuery &query);

    struct AuditFilter {
        QString actor;
        QString action;   // an exact action, e.g. "workspace.locked"
        QString targetId; // a workspace, cloud account, ...
        qint64 from = 0;  // ms, inclusive
        qint64 to = 0;    // ms, exclusive
        qint64 offset = 0;
        int limit = 100;
    };
    // The trail in sequence order, filtered.
    contract::Result<contract::Page<contract::AuditEvent>> auditEvents(const AuditFilter &filter);
    // A report as of the snapshot, `nowMs` its moment: the platform's own report queries, read-only.
    contract::Result<qint64> report(const contract::ReportQuery &query, qint64 nowMs,
                                    const contract::ReportRowSink &sink);
    // An account or cloud account as the snapshot holds it; none when it holds none by that id.
    contract::Result<std::optional<contract::Account>> account(const QString &id);
    contract::Result<std::optional<contract::CloudAccount>> cloudAccount(const QString &id);
    // The actors and actions the trail holds, for the timeline's filter lists.
    contract::Result<QStringList> distinctAuditValues(const QByteArray &column);

private:
    SnapshotFile() = default;
    contract::Problem unreadable() const;
    // The row of `table` whose key is `key`, mapped by `read`; none when there is no such row.
    template<typename Record>
    contract::Result<std::optional<Record>> findRow(const QByteArray &table, const QString &key,
                                                    Record (*read)(const SqliteStatement &row));
    QString m_path;
    std::unique_ptr<SqliteFile> m_sqlite;
    SnapshotManifest m_manifest;
    QByteArray m_publicKey;
    bool m_signatureValid = false;
    QList<contract::Problem> m_structureProblems;
};

} // namespace billing::snapshot
