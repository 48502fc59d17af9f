#pragma once

#include "platform/api/auditevent.h"
#include "platform/api/page.h"
#include "platform/api/result.h"
#include "platform/api/workspace.h"
#include "platform/api/workspacequery.h"
#include "platform/snapshot/snapshotmanifest.h"
#include "platform/snapshot/sqlitefile.h"

#include <memory>

namespace billing::snapshot {

// A snapshot file opened read-only: its manifest read and its signature checked, ready to be read
// (the review window, the diff, reports). Opening checks the format, not the rows: that is
// SnapshotVerifier's work.
class SnapshotFile
{
public:
    // A file that is not SQLite, not a snapshot, of a newer format or with a malformed manifest is a
    // problem whose code names which (snapshot_unreadable, not_a_snapshot, snapshot_format_too_new,
    // manifest_invalid).
    static api::Result<std::unique_ptr<SnapshotFile>> open(const QString &path);

    const QString &path() const { return m_path; }
    const SnapshotManifest &manifest() const { return m_manifest; }
    QByteArray publicKey() const { return m_publicKey; }
    QString signerFingerprint() const;
    // Whether the manifest's bytes carry a valid signature by the key in the file.
    bool signatureValid() const { return m_signatureValid; }
    SqliteFile &sqlite() { return *m_sqlite; }

    // The workspaces as of the snapshot, as GET /v1/workspaces answers them: the same filters, sort
    // keys and window. There is no index but the id: a sort reads the table once (about 0.3 s at a
    // million rows), which a review can afford and a snapshot's making need not pay for.
    api::Result<api::Page<api::Workspace>> workspaces(const api::WorkspaceQuery &query);

    struct AuditFilter {
        QString actor;
        QString action;   // an exact action, e.g. "workspace.lock"
        QString targetId; // a workspace, cloud account, ...
        qint64 from = 0;  // ms, inclusive
        qint64 to = 0;    // ms, exclusive
        qint64 offset = 0;
        int limit = 100;
    };
    // The trail in sequence order, filtered.
    api::Result<api::Page<api::AuditEvent>> auditEvents(const AuditFilter &filter);
    // One row of a table by its key, column by column as text; an empty list when there is none.
    api::Result<QList<QPair<QString, QString>>> record(const QByteArray &table, const QString &key);
    // The actors and actions the trail holds, for the timeline's filter lists.
    api::Result<QStringList> distinctAuditValues(const QByteArray &column);

private:
    SnapshotFile() = default;
    QString m_path;
    std::unique_ptr<SqliteFile> m_sqlite;
    SnapshotManifest m_manifest;
    QByteArray m_publicKey;
    bool m_signatureValid = false;
};

} // namespace billing::snapshot
