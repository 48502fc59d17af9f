// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "foundation/snapshot/keyannouncement.h"
#include "foundation/snapshot/signingkey.h"
#include "foundation/snapshot/snapshotmanifest.h"
#include "platform/store/auditstore.h"
#include "platform/store/database.h"

namespace billing::snapshot {
class SnapshotWriter;
}

namespace billing::store {

// The store's side of audit snapshots: the platform's identity and signing key, and one consistent
// copy of the billing state and audit trail into a snapshot file.
class SnapshotStore
{
public:
    explicit SnapshotStore(std::shared_ptr<Database> database);

    // Where the private signing key lives: a PEM file readable by its owner only (made so, and refused
    // otherwise), sealed when a passphrase is given. Empty `path`: `<folder>/<platform id>.pem`.
    struct KeyFile {
        QString path;
        QString folder;
        QByteArray passphrase;
        QString pathFor(const QString &platformId) const;
    };
    struct Identity {
        QString platformId;
        snapshot::SigningKey key;
        QList<snapshot::KeyAnnouncement> announcements; // every rotation, oldest first
        QString keyPath;
    };
    // Made on first use and kept: the platform id and public key in the database, the private key in
    // its file (a key still in the database from before is moved there, and erased from the database).
    // Every process on the same store signs with the same key, so they must share the key file.
    contract::Result<Identity> identity(qint64 nowMs, const KeyFile &keyFile);
    // Records a rotation on `db` (inside the caller's transaction): the announcement, and the new
    // public key as the platform's. The new key's file is the caller's to put in place after commit.
    static contract::Result<contract::Done> recordRotation(QSqlDatabase db,
                                                           const snapshot::KeyAnnouncement &announcement);
    // The key file's contents as written: PEM, sealed with `passphrase` unless it is empty; created
    // new (never over another file) with mode 0600.
    // Where a rotation writes the new key before it commits: beside `keyPath`.
    static QString rotatedKeyPath(const QString &keyPath) { return keyPath + QStringLiteral(".new"); }
    static contract::Result<contract::Done> writeKeyFile(const QString &path, const snapshot::SigningKey &key,
                                                         const QByteArray &passphrase);

    // Copies every table of the snapshot format, the audit trail as `filter` selects, inside one read
    // transaction (one point in time on both backends); answers the audit chain head as of that point.
    // SQLite copies inside SQLite (SnapshotWriter::copyFromSqlite); PostgreSQL row by row.
    contract::Result<AuditStore::Head> copyInto(snapshot::SnapshotWriter &writer,
                                                const snapshot::SnapshotFilter &filter);

private:
    std::shared_ptr<Database> m_database;
};

} // namespace billing::store
