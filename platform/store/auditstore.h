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
    };
    api::Result<api::Page<api::AuditEvent>> events(const Filter &filter);

    struct Head {
        qint64 seq = 0;
        QString hash;
    };
    api::Result<Head> head();

private:
    std::shared_ptr<Database> m_database;
};

} // namespace billing::store
