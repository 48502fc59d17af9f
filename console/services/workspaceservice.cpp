// SPDX-License-Identifier: Apache-2.0
#include "console/services/workspaceservice.h"

#include "console/services/platformclient.h"
#include "foundation/contract/jsonfields.h"

#include <QJsonArray>

namespace billing::services {

using contract::Result;

namespace {
// Turns an answer into the value type its JSON encodes.
template<typename T>
Result<T> decode(const Result<PlatformClient::Reply> &reply)
{
    if (!reply)
        return reply.problem();
    return T::fromJson(reply->body);
}

} // namespace

WorkspaceService::WorkspaceService(PlatformClient *client, QObject *parent)
    : QObject(parent)
    , m_client(client)
{
}

QCoro::Task<Result<contract::Page<contract::Workspace>>>
WorkspaceService::page(contract::WorkspaceQuery query)
{
    co_return decode<contract::Page<contract::Workspace>>(
        co_await m_client->get("/v1/workspaces", query.toUrlQuery()));
}

QCoro::Task<Result<contract::Workspace>> WorkspaceService::workspace(QString id)
{
    co_return decode<contract::Workspace>(
        co_await m_client->get("/v1/workspaces/" + PlatformClient::pathSegment(id)));
}

QCoro::Task<Result<contract::Account>> WorkspaceService::account(QString id)
{
    co_return decode<contract::Account>(
        co_await m_client->get("/v1/accounts/" + PlatformClient::pathSegment(id)));
}

QCoro::Task<Result<contract::CloudAccount>> WorkspaceService::cloudAccount(QString id)
{
    co_return decode<contract::CloudAccount>(
        co_await m_client->get("/v1/cloud-accounts/" + PlatformClient::pathSegment(id)));
}

QCoro::Task<Result<contract::Page<contract::Deployment>>> WorkspaceService::deployments(QString workspaceId)
{
    QUrlQuery query;
    query.addQueryItem("workspace_id", PlatformClient::pathSegment(workspaceId));
    co_return decode<contract::Page<contract::Deployment>>(co_await m_client->get("/v1/deployments", query));
}

QCoro::Task<Result<contract::Page<contract::AuditEvent>>>
WorkspaceService::recentAuditEvents(QString targetId, int limit)
{
    QUrlQuery query;
    query.addQueryItem("target", PlatformClient::pathSegment(targetId));
    query.addQueryItem("limit", QString::number(limit));
    query.addQueryItem("order", "desc");
    co_return decode<contract::Page<contract::AuditEvent>>(co_await m_client->get("/v1/audit-events", query));
}

QCoro::Task<Result<QStringList>> WorkspaceService::sites()
{
    const auto reply = co_await m_client->get("/v1/sites");
    if (!reply)
        co_return reply.problem();
    QStringList ids;
    for (const auto &item : reply->body.value("items").toArray())
        ids << item.toString();
    co_return ids;
}

QCoro::Task<Result<QStringList>> WorkspaceService::workspaceIds(contract::WorkspaceQuery query,
                                                                QList<QPair<qint64, qint64>> ranges)
{
    QStringList ids;
    for (const auto &[first, last] : ranges) {
        for (qint64 offset = first; offset <= last; offset += contract::WorkspaceQuery::MaxLimit) {
            query.offset = offset;
            query.limit = int(std::min<qint64>(contract::WorkspaceQuery::MaxLimit, last - offset + 1));
            const QUrlQuery urlQuery = query.toUrlQuery();
            const auto page = decode<contract::Page<contract::Workspace>>(
                co_await m_client->get(QStringLiteral("/v1/workspaces"), urlQuery));
            if (!page)
                co_return page.problem();
            for (const contract::Workspace &w : page->items)
                ids << w.id;
        }
    }
    co_return ids;
}

QCoro::Task<Result<WorkspaceService::Health>> WorkspaceService::health()
{
    const auto reply = co_await m_client->get("/v1/health");
    if (!reply)
        co_return reply.problem();
    const QJsonObject &body = reply->body;
    co_return Health{body.value("version").toString(), body.value("storage").toString(),
                     body.value("audit_head").toObject().value("seq").toInteger(),
                     contract::json::time(body.value("time"))};
}

QCoro::Task<Result<WorkspaceService::Session>> WorkspaceService::session()
{
    const auto reply = co_await m_client->get("/v1/session");
    if (!reply)
        co_return reply.problem();
    co_return Session{reply->body.value("name").toString(), reply->body.value("role").toString(),
                      contract::json::time(reply->body.value("expires_at")),
                      contract::json::time(reply->body.value("server_time"))};
}

} // namespace billing::services
