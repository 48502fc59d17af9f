// SPDX-License-Identifier: Apache-2.0
#include "platform/store/marketplaceeventstore.h"

#include "foundation/contract/sha256.h"
#include "platform/store/transaction.h"

namespace billing::store {

using contract::Result;

MarketplaceEventStore::MarketplaceEventStore(std::shared_ptr<Database> database)
    : MarketplaceEventStore(std::move(database), RefusalBounds{})
{
}

MarketplaceEventStore::MarketplaceEventStore(std::shared_ptr<Database> database, RefusalBounds bounds)
    : m_database(std::move(database))
    , m_bounds(bounds)
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

Result<qint64> MarketplaceEventStore::lastInOrder(QSqlDatabase db, const QString &cloudAccountId)
{
    auto r = m_database->query(
        QStringLiteral(
            "SELECT MAX(sent_at) FROM marketplace_events WHERE cloud_account_id = ? AND in_order = 1"),
        {cloudAccountId}, "Reading a customer's last marketplace message", db);
    if (!r)
        return r.problem();
    return r->next() ? r->value(0).toLongLong() : qint64(0);
}

Result<contract::Done> MarketplaceEventStore::record(Event event, QSqlDatabase transaction)
{
    event.rawBytes = event.raw.size();
    event.rawSha256 = QString::fromLatin1(contract::Sha256::of(event.raw).toHex());
    if (transaction.isValid())
        return insert(event, transaction);
    return inOwnTransaction(event);
}

Result<contract::Done> MarketplaceEventStore::recordRefusal(Event event, bool whole)
{
    event.rawBytes = event.raw.size();
    event.rawSha256 = QString::fromLatin1(contract::Sha256::of(event.raw).toHex());
    if (!whole)
        event.raw.truncate(RefusalExcerptBytes);
    event.refused = true;
    event.accepted = false;
    return inOwnTransaction(event);
}

Result<contract::Done> MarketplaceEventStore::inOwnTransaction(const Event &event)
{
    auto tx = Transaction::begin(*m_database, Transaction::Mode::Write);
    if (!tx)
        return tx.problem();
    if (auto inserted = insert(event, (*tx)->connection()); !inserted)
        return inserted;
    return (*tx)->commit();
}

const QStringList MarketplaceEventStore::Verdicts{"applied", "stale", "ignored", "refused", "noted"};

Result<contract::Done> MarketplaceEventStore::insert(const Event &e, QSqlDatabase db)
{
    const QString verdict = !e.verdict.isEmpty() ? e.verdict
                            : e.refused          ? QStringLiteral("refused")
                            : e.accepted         ? QStringLiteral("applied")
                                                 : QStringLiteral("noted");
    auto r = m_database->query(
        QStringLiteral(
            "INSERT INTO marketplace_events (provider, message_id, received_at, raw, outcome, "
            "accepted, cloud_account_id, refused, raw_bytes, raw_sha256, sent_at, in_order, verdict) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
        {e.provider, e.messageId, e.receivedAt, QString::fromUtf8(e.raw), e.outcome, e.accepted ? 1 : 0,
         e.cloudAccountId, e.refused ? 1 : 0, e.rawBytes, e.rawSha256, e.sentAt, e.inOrder ? 1 : 0, verdict},
        "Recording a marketplace message", db);
    if (!r)
        return r.problem();
    if (!e.refused)
        return contract::Done{};
    // The newest refusals are kept; older ones beyond the count go, as do any past their days.
    auto pruned = m_database->query(
        QStringLiteral("DELETE FROM marketplace_events WHERE refused = 1 AND (received_at < ? OR id <= "
                       "(SELECT id FROM marketplace_events WHERE refused = 1 ORDER BY id DESC LIMIT 1 "
                       "OFFSET %1))")
            .arg(m_bounds.kept),
        {e.receivedAt - qint64(m_bounds.days) * 24 * 3600 * 1000}, "Pruning refused marketplace messages",
        db);
    if (!pruned)
        return pruned.problem();
    return contract::Done{};
}

namespace {
constexpr auto EventColumns =
    "provider, message_id, received_at, raw, outcome, accepted, cloud_account_id, refused, "
    "raw_bytes, raw_sha256, sent_at, in_order, verdict, id";

MarketplaceEventStore::Event eventFromRow(const QSqlQuery &r)
{
    MarketplaceEventStore::Event e{
        r.value(0).toString(),          r.value(1).toString(),    r.value(2).toLongLong(),
        r.value(3).toString().toUtf8(), r.value(4).toString(),    r.value(5).toInt() != 0,
        r.value(6).toString(),          r.value(7).toInt() != 0,  r.value(8).toLongLong(),
        r.value(9).toString(),          r.value(10).toLongLong(), r.value(11).toInt() != 0};
    e.verdict = r.value(12).toString();
    e.id = r.value(13).toLongLong();
    return e;
}
} // namespace

Result<QList<MarketplaceEventStore::Event>> MarketplaceEventStore::latest(int limit, const Filter &filter)
{
    QStringList where;
    QVariantList binds;
    for (const auto &[column, value] :
         {std::pair{"provider", filter.provider}, std::pair{"cloud_account_id", filter.cloudAccountId},
          std::pair{"verdict", filter.verdict}}) {
        if (value.isEmpty())
            continue;
        where << QStringLiteral("%1 = ?").arg(QLatin1String(column));
        binds << value;
    }
    auto r = m_database->query(
        QStringLiteral("SELECT %1 FROM marketplace_events%2 ORDER BY id DESC LIMIT %3")
            .arg(QLatin1String(EventColumns),
                 where.isEmpty() ? QString() : QStringLiteral(" WHERE ") + where.join(" AND "))
            .arg(limit),
        binds, "Reading marketplace messages");
    if (!r)
        return r.problem();
    QList<Event> events;
    while (r->next())
        events.append(eventFromRow(*r));
    return events;
}

Result<std::optional<MarketplaceEventStore::Event>> MarketplaceEventStore::event(qint64 id)
{
    auto r = m_database->query(
        QStringLiteral("SELECT %1 FROM marketplace_events WHERE id = ?").arg(QLatin1String(EventColumns)),
        {id}, "Reading a marketplace message");
    if (!r)
        return r.problem();
    if (!r->next())
        return std::optional<Event>();
    return std::optional<Event>(eventFromRow(*r));
}

Result<contract::Done> MarketplaceEventStore::recordCall(const Call &c)
{
    auto tx = Transaction::begin(*m_database, Transaction::Mode::Write);
    if (!tx)
        return tx.problem();
    auto inserted = m_database->query(
        QStringLiteral(
            "INSERT INTO marketplace_calls (at, marketplace, operation, attempt, status, latency_ms, "
            "request_id, outcome) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
        {c.at, c.marketplace, c.operation, c.attempt, c.status, c.latencyMs, c.requestId, c.outcome},
        "Recording a marketplace call", (*tx)->connection());
    if (!inserted)
        return inserted.problem();
    auto pruned = m_database->query(QStringLiteral("DELETE FROM marketplace_calls WHERE at < ?"),
                                    {c.at - qint64(CallDays) * 24 * 3600 * 1000}, "Pruning marketplace calls",
                                    (*tx)->connection());
    if (!pruned)
        return pruned.problem();
    return (*tx)->commit();
}

Result<QList<MarketplaceEventStore::Call>> MarketplaceEventStore::latestCalls(int limit)
{
    auto r = m_database->query(
        QStringLiteral("SELECT at, marketplace, operation, attempt, status, latency_ms, request_id, outcome "
                       "FROM marketplace_calls ORDER BY id DESC LIMIT %1")
            .arg(limit),
        {}, "Reading marketplace calls");
    if (!r)
        return r.problem();
    QList<Call> calls;
    while (r->next())
        calls.append({r->value(0).toLongLong(), r->value(1).toString(), r->value(2).toString(),
                      r->value(3).toInt(), r->value(4).toInt(), r->value(5).toLongLong(),
                      r->value(6).toString(), r->value(7).toString()});
    return calls;
}

} // namespace billing::store
