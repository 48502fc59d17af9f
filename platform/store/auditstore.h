// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "foundation/contract/auditevent.h"
#include "foundation/contract/page.h"
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

} // namespace billing::store
