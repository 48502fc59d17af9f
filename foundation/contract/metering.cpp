// SPDX-License-Identifier: Apache-2.0
#include "foundation/contract/metering.h"

#include "foundation/contract/jsonfields.h"
#include "foundation/contract/queryparameters.h"

namespace billing::contract {

const QStringList &MeteringState::all()
{
    static const QStringList states{Pending, Sent,   Accepted, Duplicate, CustomerNotSubscribed,
                                    Failed,  Expired};
    return states;
}

bool MeteringState::isBilled(const QString &state)
{
    return state == Accepted || state == Duplicate;
}

QJsonObject MeteringRecord::toJson() const
{
    QJsonObject shares;
    for (auto it = allocations.begin(); it != allocations.end(); ++it)
        shares.insert(it.key(), it.value());
    return {{"id", id},
            {"cloud_account_id", cloudAccountId},
            {"marketplace", marketplace},
            {"hour", json::time(hour)},
            {"dimension", dimension},
            {"quantity", quantity},
            {"allocations", shares},
            {"state", state},
            {"marketplace_record_id", json::nullable(marketplaceRecordId)},
            {"attempts", attempts},
            {"last_error", json::nullable(lastError)},
            {"next_attempt_at", json::time(nextAttemptAt)},
            {"updated_at", json::time(updatedAt)}};
}

MeteringRecord MeteringRecord::fromJson(const QJsonObject &o)
{
    MeteringRecord r;
    r.id = o.value("id").toInteger();
    r.cloudAccountId = o.value("cloud_account_id").toString();
    r.marketplace = o.value("marketplace").toString();
    r.hour = json::time(o.value("hour"));
    r.dimension = o.value("dimension").toString();
    r.quantity = o.value("quantity").toInteger();
    const QJsonObject shares = o.value("allocations").toObject();
    for (auto it = shares.begin(); it != shares.end(); ++it)
        r.allocations.insert(it.key(), it.value().toInteger());
    r.state = o.value("state").toString();
    r.marketplaceRecordId = json::text(o.value("marketplace_record_id"));
    r.attempts = o.value("attempts").toInt();
    r.lastError = json::text(o.value("last_error"));
    r.nextAttemptAt = json::time(o.value("next_attempt_at"));
    r.updatedAt = json::time(o.value("updated_at"));
    return r;
}

QJsonObject MeteringTotal::toJson() const
{
    return {{"cloud_account_id", cloudAccountId},
            {"dimension", dimension},
            {"state", state},
            {"quantity", quantity},
            {"hours", hours}};
}

MeteringTotal MeteringTotal::fromJson(const QJsonObject &o)
{
    return {o.value("cloud_account_id").toString(), o.value("dimension").toString(),
            o.value("state").toString(), o.value("quantity").toInteger(), o.value("hours").toInteger()};
}

QUrlQuery MeteringQuery::toUrlQuery() const
{
    QUrlQuery query;
    const auto add = [&](const char *name, const QString &value) {
        if (!value.isEmpty())
            query.addQueryItem(QLatin1String(name), value);
    };
    add("cloud_account_id", cloudAccountId);
    add("from", json::time(from).toString());
    add("to", json::time(to).toString());
    add("state", state);
    add("dimension", dimension);
    if (offset > 0)
        add("offset", QString::number(offset));
    add("limit", QString::number(limit));
    return query;
}

Result<MeteringQuery> MeteringQuery::fromUrlQuery(const QUrlQuery &query)
{
    using namespace parameters;
    if (auto known =
            onlyKnown(query, {"cloud_account_id", "from", "to", "state", "dimension", "offset", "limit"});
        !known)
        return known.problem();
    MeteringQuery q;
    const auto when = period(query);
    if (!when)
        return when.problem();
    std::tie(q.from, q.to) = *when;
    q.cloudAccountId = text(query, "cloud_account_id").trimmed();
    auto state = oneOf(query, "state", MeteringState::all());
    if (!state)
        return state.problem();
    q.state = *state;
    q.dimension = text(query, "dimension").trimmed();
    auto offset = integer(query, "offset", 0, 0, std::numeric_limits<qint32>::max());
    if (!offset)
        return offset.problem();
    q.offset = *offset;
    auto limit = integer(query, "limit", 100, 1, MaxLimit);
    if (!limit)
        return limit.problem();
    q.limit = int(*limit);
    return q;
}

} // namespace billing::contract
