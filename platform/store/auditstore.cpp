// SPDX-License-Identifier: Apache-2.0
#include "platform/store/auditstore.h"

#include "foundation/contract/auditchain.h"
#include "platform/store/bulkinserter.h"

#include <QSqlQuery>

namespace billing::store {

using contract::Result;

AuditStore::AuditStore(std::shared_ptr<Database> database)
    : m_database(std::move(database))
{
}

Result<contract::Page<contract::AuditEvent>> AuditStore::events(const contract::AuditEventQuery &filter)
{
    auto db = m_database->connection();
    if (!db)
        return db.problem();
    QStringList conditions;
    QVariantList binds;
    if (filter.afterSeq > 0) {
        conditions << QStringLiteral("seq > ?");
        binds << filter.afterSeq;
    }
    if (!filter.actor.isEmpty()) {
        conditions << QStringLiteral("actor = ?");
        binds << filter.actor;
    }
    if (!filter.targetId.isEmpty()) {
        conditions << QStringLiteral("target_id = ?");
        binds << filter.targetId;
    }
    const QString where =
        conditions.isEmpty() ? QString() : QStringLiteral(" WHERE ") + conditions.join(" AND ");

    contract::Page<contract::AuditEvent> page;
    if (filter.withTotal) {
        QSqlQuery count(*db);
        count.prepare(QStringLiteral("SELECT COUNT(*) FROM audit_events") + where);
        for (const QVariant &v : binds)
            count.addBindValue(v);
        if (auto ran = Database::exec(count, "Counting audit events"); !ran)
            return ran.problem();
        page.total = count.next() ? count.value(0).toLongLong() : 0;
    }

    QSqlQuery rows(*db);
    rows.setForwardOnly(true);
    rows.prepare(
        QStringLiteral(
            "SELECT seq, at, actor, action, target_type, target_id, before_state, after_state, note, "
            "request_id, prev_hash, hash FROM audit_events%1 ORDER BY seq %2 LIMIT %3")
            .arg(where, filter.newestFirst ? QStringLiteral("DESC") : QStringLiteral("ASC"))
            .arg(filter.limit));
    for (const QVariant &v : binds)
        rows.addBindValue(v);
    if (auto ran = Database::exec(rows, "Reading audit events"); !ran)
        return ran.problem();
    while (rows.next()) {
        contract::AuditEvent e;
        e.seq = rows.value(0).toLongLong();
        e.at = rows.value(1).toLongLong();
        e.actor = rows.value(2).toString();
        e.action = rows.value(3).toString();
        e.targetType = rows.value(4).toString();
        e.targetId = rows.value(5).toString();
        e.before = rows.value(6).toString().toUtf8();
        e.after = rows.value(7).toString().toUtf8();
        e.note = rows.value(8).toString();
        e.requestId = rows.value(9).toString();
        e.prevHash = rows.value(10).toString();
        e.hash = rows.value(11).toString();
        page.items.append(e);
    }
    return page;
}

Result<AuditStore::Head> AuditStore::verifyChain()
{
    contract::AuditChain chain;
    for (;;) {
        // Pages by sequence number: each is one index range, however long the trail.
        auto page = events(
            contract::AuditEventQuery{.afterSeq = chain.lastSeq(), .limit = 10000, .withTotal = false});
        if (!page)
            return page.problem();
        for (const contract::AuditEvent &event : page->items) {
            if (auto broken = chain.add(event))
                return *broken;
        }
        if (page->items.size() < 10000)
            break;
    }
    return Head{chain.lastSeq(), chain.lastHash()};
}

Result<AuditStore::Head> AuditStore::head()
{
    auto db = m_database->connection();
    if (!db)
        return db.problem();
    return head(*db);
}

Result<AuditStore::Head> AuditStore::head(QSqlDatabase db)
{
    QSqlQuery q(db);
    // MAX(seq) is one index probe on both backends; "ORDER BY seq DESC LIMIT 1" let SQLite's planner
    // pick another index and sort (40 ms at 0.5 M events).
    q.prepare(
        QStringLiteral("SELECT seq, hash FROM audit_events WHERE seq = (SELECT MAX(seq) FROM audit_events)"));
    if (auto ran = Database::exec(q, "Reading the audit chain head"); !ran)
        return ran.problem();
    if (!q.next())
        return Head{};
    return Head{q.value(0).toLongLong(), q.value(1).toString()};
}

Result<QList<contract::AuditEvent>> AuditStore::append(QSqlDatabase transaction,
                                                       QList<contract::AuditEvent> events)
{
    // The write transaction holds the chain's lock since it began (Transaction::begin), so the head
    // read here is the last one committed by any instance.
    auto head = AuditStore::head(transaction);
    if (!head)
        return head.problem();
    AuditChainWriter chain(transaction, *head);
    for (contract::AuditEvent &e : events) {
        if (auto ok = chain.add(e); !ok)
            return ok.problem();
    }
    if (auto ok = chain.finish(); !ok)
        return ok.problem();
    return events;
}

AuditChainWriter::AuditChainWriter(QSqlDatabase transaction, const AuditStore::Head &head)
    : m_inserter(transaction, "audit_events",
                 {"seq", "at", "actor", "action", "target_type", "target_id", "before_state", "after_state",
                  "note", "request_id", "prev_hash", "hash"})
    , m_head(head)
{
}

Result<contract::Done> AuditChainWriter::add(contract::AuditEvent &e)
{
    e.seq = ++m_head.seq;
    e.prevHash = m_head.hash;
    e.hash = e.computeHash();
    m_head.hash = e.hash;
    return m_inserter.add({e.seq, e.at, e.actor, e.action, e.targetType, e.targetId, e.before, e.after,
                           e.note, e.requestId, e.prevHash, e.hash});
}

} // namespace billing::store
