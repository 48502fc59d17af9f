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

    struct SigningKeyInfo {
        QString platformId;
        QByteArray publicKey;
        QString fingerprint;
    };
    contract::Result<SigningKeyInfo> signingKey();

private:
    std::shared_ptr<store::Database> m_database;
    store::SnapshotStore m_store;
    ChangeRunner &m_runner;
    QString m_directory;
};

} // namespace billing::domain
