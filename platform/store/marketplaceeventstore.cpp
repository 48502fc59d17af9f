// SPDX-License-Identifier: Apache-2.0
#include "platform/store/marketplaceeventstore.h"

#include "platform/store/transaction.h"

namespace billing::store {

using contract::Result;

MarketplaceEventStore::MarketplaceEventStore(std::shared_ptr<Database> database)
    : m_database(std::move(database))
{
}

Result<std::optional<QString>>
MarketplaceEventStore::acceptedOutcome(QSqlDatabase db, const QString &provider, const QString &messageId)
{
    auto r = m_database->query(
        QStringLiteral("SELECT outcome FROM marketplace_events WHERE provider = ? AND message_id = ? "
                       "AND accepted = 1"),
        {provider, messageId}, "Looking for an earlier marketplace message", db);
    if (!r)
        return r.problem();
    if (!r->next())
        return std::optional<QString>();
    return std::optional<QString>(r->value(0).toString());
}

Result<contract::Done> MarketplaceEventStore::record(const Event &e, QSqlDatabase transaction)
{
    const auto insert = [&](QSqlDatabase db) -> Result<contract::Done> {
        auto r = m_database->query(
            QStringLiteral("INSERT INTO marketplace_events (provider, message_id, received_at, raw, "
                           "outcome, accepted, cloud_account_id) VALUES (?, ?, ?, ?, ?, ?, ?)"),
            {e.provider, e.messageId, e.receivedAt, QString::fromUtf8(e.raw), e.outcome, e.accepted ? 1 : 0,
             e.cloudAccountId},
            "Recording a marketplace message", db);
        if (!r)
            return r.problem();
        return contract::Done{};
    };
    if (transaction.isValid())
        return insert(transaction);
    auto tx = Transaction::begin(*m_database, Transaction::Mode::Write);
    if (!tx)
        return tx.problem();
    if (auto inserted = insert((*tx)->connection()); !inserted)
        return inserted;
    return (*tx)->commit();
}

Result<QList<MarketplaceEventStore::Event>> MarketplaceEventStore::latest(int limit)
{
    auto r = m_database->query(
        QStringLiteral("SELECT provider, message_id, received_at, raw, outcome, accepted, cloud_account_id "
                       "FROM marketplace_events ORDER BY id DESC LIMIT %1")
            .arg(limit),
        {}, "Reading marketplace messages");
    if (!r)
        return r.problem();
    QList<Event> events;
    while (r->next())
        events.append({r->value(0).toString(), r->value(1).toString(), r->value(2).toLongLong(),
                       r->value(3).toString().toUtf8(), r->value(4).toString(), r->value(5).toInt() != 0,
                       r->value(6).toString()});
    return events;
}

} // namespace billing::store
