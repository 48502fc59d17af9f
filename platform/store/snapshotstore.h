// SPDX-License-Identifier: Apache-2.0
#pragma once

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

    struct Identity {
        QString platformId;
        snapshot::SigningKey key;
    };
    // Made on first use and kept; every process on the same store signs with the same key.
    contract::Result<Identity> identity(qint64 nowMs);

    // Copies every table of the snapshot format, the audit trail as `filter` selects, inside one read
    // transaction (one point in time on both backends); answers the audit chain head as of that point.
    // SQLite copies inside SQLite (SnapshotWriter::copyFromSqlite); PostgreSQL row by row.
    contract::Result<AuditStore::Head> copyInto(snapshot::SnapshotWriter &writer,
                                                const snapshot::SnapshotFilter &filter);

private:
    std::shared_ptr<Database> m_database;
};

} // namespace billing::store
