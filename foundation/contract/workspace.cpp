// SPDX-License-Identifier: Apache-2.0
#include "foundation/contract/workspace.h"

#include "foundation/contract/jsonfields.h"

#include <QJsonDocument>

namespace billing::contract {

int WorkspaceLock::daysLeft(qint64 nowMs) const
{
    constexpr qint64 day = 24LL * 3600 * 1000;
    if (purgeAt <= nowMs)
        return 0;
    return int((purgeAt - nowMs + day - 1) / day);
}

void Workspace::writeJson(JsonWriter &out) const
{
    // Keys in Qt's order (sorted): the bytes are what QJsonDocument would write.
    out.beginObject()
        .key("account_id")
        .string(accountId)
        .key("billing_method")
        .string(billingMethod)
        .key("cloud_account_id")
        .nullableString(cloudAccountId)
        .key("created_at")
        .time(createdAt)
        .key("id")
        .string(id)
        .key("language")
        .string(language)
        .key("lock");
    if (hasLock()) {
        out.beginObject()
            .key("at")
            .time(lock.at)
            .key("by")
            .string(lock.by)
            .key("note")
            .nullableString(lock.note)
            .key("purge_at")
            .time(lock.purgeAt)
            .key("reason")
            .string(lock.reason)
            .endObject();
    } else {
        out.null();
    }
    out.key("name")
        .string(name)
        .key("plan")
        .string(plan)
        .key("site")
        .string(site)
        .key("status")
        .string(status)
        .key("unlock_override_until")
        .time(overrideUntil)
        .key("updated_at")
        .time(updatedAt)
        .key("version")
        .integer(version)
        .endObject();
}

QJsonObject Workspace::toJson() const
{
    JsonWriter out;
    writeJson(out);
    return QJsonDocument::fromJson(out.bytes()).object();
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
