// SPDX-License-Identifier: Apache-2.0
#include "foundation/contract/deployment.h"

#include "foundation/contract/jsonfields.h"

namespace billing::contract {

QJsonObject Deployment::toJson() const
{
    return {{"id", id},
            {"workspace_id", workspaceId},
            {"account_id", accountId},
            {"name", name},
            {"trial", trial},
            {"state", state},
            {"stopped_at", json::time(stoppedAt)},
            {"delete_at", json::time(deleteAt)},
            {"created_at", json::time(createdAt)}};
}

Deployment Deployment::fromJson(const QJsonObject &o)
{
    Deployment d;
    d.id = o.value("id").toString();
    d.workspaceId = o.value("workspace_id").toString();
    d.accountId = o.value("account_id").toString();
    d.name = o.value("name").toString();
    d.trial = o.value("trial").toBool();
    d.state = o.value("state").toString();
    d.stoppedAt = json::time(o.value("stopped_at"));
    d.deleteAt = json::time(o.value("delete_at"));
    d.createdAt = json::time(o.value("created_at"));
    return d;
}

} // namespace billing::contract
