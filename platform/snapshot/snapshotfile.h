#pragma once

#include "platform/api/result.h"
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

private:
    SnapshotFile() = default;
    QString m_path;
    std::unique_ptr<SqliteFile> m_sqlite;
    SnapshotManifest m_manifest;
    QByteArray m_publicKey;
    bool m_signatureValid = false;
};

} // namespace billing::snapshot
