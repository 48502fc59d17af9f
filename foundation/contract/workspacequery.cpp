// SPDX-License-Identifier: Apache-2.0
#include "foundation/contract/workspacequery.h"

#include "foundation/contract/jsonfields.h"
#include "foundation/contract/queryparameters.h"
#include "foundation/contract/vocabulary.h"

namespace billing::contract {

const QStringList &WorkspaceQuery::sortKeys()
{
    static const QStringList keys{"id",       "name",           "account_id",       "site",
                                  "plan",     "billing_method", "cloud_account_id", "status",
                                  "purge_at", "updated_at"};
    return keys;
}

QString WorkspaceQuery::filterKey() const
{
    return QStringList{q,         status,     billingMethod,
                       site,      provider,   cloudAccountId,
                       accountId, lockReason, lockedAt > 0 ? QString::number(lockedAt) : QString()}
        .join(QChar(0x1f));
}

bool WorkspaceQuery::hasFilters() const
{
    return !(q.isEmpty() && status.isEmpty() && billingMethod.isEmpty() && site.isEmpty() &&
             provider.isEmpty() && cloudAccountId.isEmpty() && accountId.isEmpty() && lockReason.isEmpty() &&
             lockedAt == 0);
}

QUrlQuery WorkspaceQuery::toUrlQuery() const
{
    QUrlQuery query;
    const auto put = [&](const char *name, const QString &value) {
        if (!value.isEmpty())
            query.addQueryItem(QLatin1String(name), QString::fromLatin1(QUrl::toPercentEncoding(value)));
    };
    put("q", q);
    put("status", status);
    put("billing_method", billingMethod);
    put("site", site);
    put("provider", provider);
    put("cloud_account_id", cloudAccountId);
    put("account_id", accountId);
    put("lock_reason", lockReason);
    if (lockedAt > 0)
        put("locked_at", json::time(lockedAt).toString());
    put("sort", sort);
    put("order", descending ? QStringLiteral("desc") : QStringLiteral("asc"));
    query.addQueryItem("offset", QString::number(offset));
    query.addQueryItem("limit", QString::number(limit));
    return query;
}

Result<WorkspaceQuery> WorkspaceQuery::fromUrlQuery(const QUrlQuery &query)
{
    using namespace parameters;
    if (auto known =
            onlyKnown(query, {"q", "status", "billing_method", "site", "provider", "cloud_account_id",
                              "account_id", "lock_reason", "locked_at", "sort", "order", "offset", "limit"});
        !known)
        return known.problem();
    WorkspaceQuery w;
    const auto q = search(query, "q");
    if (!q)
        return q.problem();
    w.q = *q;
    namespace v = vocabulary;
    const auto status = oneOf(query, "status", v::WorkspaceStatus::all());
    if (!status)
        return status.problem();
    const auto method = oneOf(query, "billing_method", v::BillingMethod::all());
    if (!method)
        return method.problem();
    const auto provider = oneOf(query, "provider", v::Provider::all());
    if (!provider)
        return provider.problem();
    const auto lockReason = oneOf(query, "lock_reason", v::LockReason::all());
    if (!lockReason)
        return lockReason.problem();
    if (const QString at = text(query, "locked_at"); !at.isEmpty()) {
        w.lockedAt = json::time(QJsonValue(at));
        if (w.lockedAt <= 0)
            return Problem::invalidRequest(
                QStringLiteral("locked_at"),
                QStringLiteral("locked_at must be a date and time such as 2026-11-23T14:03:12.345Z."));
    }
    const auto sort = oneOf(query, "sort", sortKeys());
    if (!sort)
        return sort.problem();
    const auto order = oneOf(query, "order", QStringList{"asc", "desc"});
    if (!order)
        return order.problem();
    const auto offset = integer(query, "offset", 0, 0, std::numeric_limits<int>::max());
    if (!offset)
        return offset.problem();
    const auto limit = integer(query, "limit", 100, 1, MaxLimit);
    if (!limit)
        return limit.problem();
    w.status = *status;
    w.billingMethod = *method;
    w.provider = *provider;
    w.lockReason = *lockReason;
    w.site = text(query, "site");
    w.cloudAccountId = text(query, "cloud_account_id");
    w.accountId = text(query, "account_id");
    if (!sort->isEmpty())
        w.sort = *sort;
    w.descending = *order == QLatin1String("desc");
    w.offset = *offset;
    w.limit = int(*limit);
    return w;
}

} // namespace billing::contract
