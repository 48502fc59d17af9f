// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "foundation/contract/result.h"
#include "foundation/snapshot/snapshotmanifest.h"
#include "platform/domain/changeset.h"
#include "platform/store/snapshotstore.h"

namespace billing::domain {

// Audit snapshots (docs/architecture.md): files the platform writes and signs so that staff and
// auditors can review its state and trail later, with no connection, and trust what they read.
class AuditSnapshots
{
public:
    AuditSnapshots(std::shared_ptr<store::Database> database, ChangeRunner &runner);

    // Where snapshot files are kept: beside an SQLite store, else under the user's data folder.
    QString directory() const;
    void setDirectory(const QString &directory) { m_directory = directory; }

    struct Made {
        QString id;
        QString path;
        qint64 sizeBytes = 0;
        snapshot::SnapshotManifest manifest;
        QString signerFingerprint;
    };
    // One consistent snapshot, signed, written under a temporary name and renamed when whole; the
    // making is itself audited (action snapshot.create).
    contract::Result<Made> create(const snapshot::SnapshotFilter &filter, const contract::StaffUser &by,
                                  const QString &requestId);
    // The file of a snapshot made here; 404 for an unknown or malformed id.
    contract::Result<QString> file(const QString &id) const;

    // How many snapshot files to keep, and for how long (0: no limit). None by default: snapshots are
    // audit evidence, and deleting them is an operator's decision.
    struct Retention {
        int keep = 0;
        qint64 maxAgeMs = 0;
    };
    void setRetention(Retention retention) { m_retention = retention; }
    // While the answer lives, retention does not delete the snapshot's file (a download in progress);
    // null when the file is gone already.
    std::shared_ptr<void> beginReading(const QString &id);
    // Deletes the files the retention setting no longer keeps (beyond the newest `keep`, or older than
    // `maxAgeMs` by the platform's clock), except those being read; each deletion is audited
    // (snapshot.delete by the platform). Answers how many went.
    contract::Result<qint64> applyRetention();

    // The private signing key's file: `path`, else `<platform id>.pem` in a "signing-keys" folder
    // beside the snapshot folder; sealed with BILLING_SNAPSHOT_KEY_PASSPHRASE when that is set.
    void setKeyFile(const QString &path) { m_keyPath = path; }

    struct SigningKeyInfo {
        QString platformId;
        QByteArray publicKey;
        QString fingerprint;
        QList<snapshot::KeyAnnouncement> announcements; // every rotation so far, oldest first
        QString keyPath;                                // the private key's file
    };
    contract::Result<SigningKeyInfo> signingKey();
    // A new signing key, announced in a record signed by the old one (audited: snapshot.key_rotated).
    // The old key's file is replaced; snapshots it signed keep verifying by the public key they carry.
    contract::Result<SigningKeyInfo> rotateKey(const QString &actor);

private:
    std::shared_ptr<store::Database> m_database;
    store::SnapshotStore m_store;
    ChangeRunner &m_runner;
    QString m_directory;
    Retention m_retention;
    QString m_keyPath;
    store::SnapshotStore::KeyFile keyFileSetting() const;
    struct Readers; // the snapshots being read, by id; shared with each reading's lease
    std::shared_ptr<Readers> m_readers;
};

} // namespace billing::domain
