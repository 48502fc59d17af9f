// SPDX-License-Identifier: Apache-2.0
#include "foundation/contract/workspace.h"

#include "foundation/contract/jsonfields.h"

namespace billing::contract {

int WorkspaceLock::daysLeft(qint64 nowMs) const
{
    constexpr qint64 day = 24LL * 3600 * 1000;
    if (purgeAt <= nowMs)
        return 0;
    return int((purgeAt - nowMs + day - 1) / day);
}

QJsonObject Workspace::toJson() const
{
    QJsonValue lockJson = QJsonValue::Null;
    if (hasLock()) {
        lockJson = QJsonObject{{"reason", lock.reason},
                               {"at", json::time(lock.at)},
                               {"by", lock.by},
                               {"note", json::nullable(lock.note)},
                               {"purge_at", json::time(lock.purgeAt)}};
    }
    return {{"id", id},
            {"name", name},
            {"account_id", accountId},
            {"site", site},
            {"language", language},
            {"plan", plan},
            {"billing_method", billingMethod},
            {"cloud_account_id", json::nullable(cloudAccountId)},
            {"status", status},
            {"lock", lockJson},
            {"unlock_override_until", json::time(overrideUntil)},
            {"version", version},
            {"created_at", json::time(createdAt)},
            {"updated_at", json::time(updatedAt)}};
}

Workspace Workspace::fromJson(const QJsonObject &o)
{
    Workspace w;
    w.id = o.value("id").toString();
    w.name = o.value("name").toString();
    w.accountId = o.value("account_id").toString();
    w.site = o.value("site").toString();
    w.language = o.value("language").toString();
    w.plan = o.value("plan").toString();
    w.billingMethod = o.value("billing_method").toString();
    w.cloudAccountId = json::text(o.value("cloud_account_id"));
    w.status = o.value("status").toString();
    if (const QJsonObject l = o.value("lock").toObject(); !l.isEmpty()) {
        w.lock.reason = l.value("reason").toString();
        w.lock.at = json::time(l.value("at"));
        w.lock.by = l.value("by").toString();
        w.lock.note = json::text(l.value("note"));
        w.lock.purgeAt = json::time(l.value("purge_at"));
    }
    w.overrideUntil = json::time(o.value("unlock_override_until"));
    w.version = o.value("version").toInteger();
    w.createdAt = json::time(o.value("created_at"));
    w.updatedAt = json::time(o.value("updated_at"));
    return w;
}

} // namespace billing::contract
