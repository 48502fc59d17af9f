// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "foundation/contract/auditevent.h"
#include "foundation/contract/page.h"
#include "platform/store/bulkinserter.h"
#include "platform/store/database.h"

namespace billing::store {

// Reads the append-only, hash-chained audit trail in sequence order.
class AuditStore
{
public:
    explicit AuditStore(std::shared_ptr<Database> database);

    contract::Result<contract::Page<contract::AuditEvent>> events(const contract::AuditEventQuery &filter);

    struct Head {
        qint64 seq = 0;
        QString hash;
    };
    contract::Result<Head> head();
    // Walks the whole trail in sequence order (rule 10) and answers the head it reached; a broken
    // chain is the problem audit_chain_broken naming the first broken event.
    contract::Result<Head> verifyChain();

    // The head as a transaction sees it (a snapshot signs the head it copied up to).
    static contract::Result<Head> head(QSqlDatabase transaction);

    // Appends events inside the caller's write transaction: numbers them after the chain's head and
    // chains each hash to the one before. The events come back with seq, prev_hash and hash set.
    contract::Result<QList<contract::AuditEvent>> append(QSqlDatabase transaction,
                                                         QList<contract::AuditEvent> events);

private:
    std::shared_ptr<Database> m_database;
};

// Writes events at the end of the trail, in one bulk insert: each numbered after the one before and
// its hash chained to that one's (rule 10). The one way events are written, by the platform's changes
// and by the seeder alike.
class AuditChainWriter
{
public:
    // Continues the chain from `head` (an empty trail's head is {0, ""}).
    AuditChainWriter(QSqlDatabase transaction, const AuditStore::Head &head);
    // Sets the event's seq, prev_hash and hash, and writes it.
    contract::Result<contract::Done> add(contract::AuditEvent &event);
    contract::Result<contract::Done> finish() { return m_inserter.finish(); }
    qint64 written() const { return m_inserter.rowsWritten(); }

private:
    BulkInserter m_inserter;
    AuditStore::Head m_head;
};

} // namespace billing::store
