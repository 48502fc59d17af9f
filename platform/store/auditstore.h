#pragma once

#include "platform/api/auditevent.h"
#include "platform/api/page.h"
#include "platform/store/database.h"

namespace billing::store {

// Reads the append-only, hash-chained audit trail in sequence order.
class AuditStore
{
public:
    explicit AuditStore(std::shared_ptr<Database> database);

    struct Filter {
        qint64 afterSeq = 0;
        int limit = 100;
        QString actor;
        QString targetId;
        bool newestFirst = false;
        bool withTotal = true; // the event stream reads on from a sequence number and needs no count
    };
    api::Result<api::Page<api::AuditEvent>> events(const Filter &filter);

    struct Head {
        qint64 seq = 0;
        QString hash;
    };
    api::Result<Head> head();
    // Walks the whole trail in sequence order (rule 10) and answers the head it reached; a broken
    // chain is the problem audit_chain_broken naming the first broken event.
    api::Result<Head> verifyChain();

    // The head as a transaction sees it (a snapshot signs the head it copied up to).
    static api::Result<Head> head(QSqlDatabase transaction);

    // Appends events inside the caller's write transaction: numbers them after the chain's head and
    // chains each hash to the one before. The events come back with seq, prev_hash and hash set.
    api::Result<QList<api::AuditEvent>> append(QSqlDatabase transaction, QList<api::AuditEvent> events);

private:
    std::shared_ptr<Database> m_database;
};

} // namespace billing::store
