// SPDX-License-Identifier: Apache-2.0
#include "console/services/billingservice.h"

#include "console/services/platformclient.h"
#include "foundation/contract/jsonfields.h"

#include <QJsonArray>

namespace billing::services {

using contract::Result;

BillingService::BillingService(PlatformClient *client, QObject *parent)
    : QObject(parent)
    , m_client(client)
{
}

QCoro::Task<Result<contract::Workspace>>
BillingService::changeBillingMethod(QString workspaceId, qint64 basedOnVersion, QString method,
                                    QString cloudAccountId, QByteArray idempotencyKey)
{
    PlatformClient::Call call;
    call.method = "POST";
    call.path =
        QStringLiteral("/v1/workspaces/%1/billing-method").arg(PlatformClient::pathSegment(workspaceId));
    call.body = {{"method", method}};
    if (!cloudAccountId.isEmpty())
        call.body.insert("cloud_account_id", cloudAccountId);
    call.ifMatch = QByteArray::number(basedOnVersion);
    call.idempotencyKey = idempotencyKey;
    const auto reply = co_await m_client->call(std::move(call));
    if (!reply)
        co_return reply.problem();
    co_return contract::Workspace::fromJson(reply->body);
}

QCoro::Task<Result<contract::BindingReport>> BillingService::checkBinding(QString cloudAccountId,
                                                                          QStringList workspaceIds)
{
    // A dry run changes nothing; a fresh key makes it retryable like any change.
    return bindings(std::move(cloudAccountId), std::move(workspaceIds), true,
                    PlatformClient::newIdempotencyKey());
}

QCoro::Task<Result<contract::BindingReport>>
BillingService::bindWorkspaces(QString cloudAccountId, QStringList workspaceIds, QByteArray idempotencyKey)
{
    return bindings(std::move(cloudAccountId), std::move(workspaceIds), false, std::move(idempotencyKey));
}

QCoro::Task<Result<contract::BindingReport>> BillingService::bindings(QString cloudAccountId,
                                                                      QStringList workspaceIds, bool dryRun,
                                                                      QByteArray idempotencyKey)
{
    PlatformClient::Call call;
    call.method = "POST";
    call.path =
        QStringLiteral("/v1/cloud-accounts/%1/bindings").arg(PlatformClient::pathSegment(cloudAccountId));
    call.body = {{"workspace_ids", QJsonArray::fromStringList(workspaceIds)}, {"dry_run", dryRun}};
    call.idempotencyKey = idempotencyKey;
    const auto reply = co_await m_client->call(std::move(call));
    if (!reply)
        co_return reply.problem();
    co_return contract::BindingReport::fromJson(reply->body);
}

QCoro::Task<Result<QStringList>> BillingService::lockWorkspaces(QList<LockTarget> targets, QString reason,
                                                                QString note, QByteArray idempotencyKey)
{
    QJsonObject fields{{"reason", reason}};
    if (!note.isEmpty())
        fields.insert("note", note);
    return lockChange(QStringLiteral("/v1/workspace-locks"), std::move(targets), std::move(fields),
                      std::move(idempotencyKey));
}

QCoro::Task<Result<QStringList>> BillingService::unlockWorkspaces(QList<LockTarget> targets, QString note,
                                                                  qint64 overrideUntil,
                                                                  QByteArray idempotencyKey)
{
    QJsonObject fields;
    if (!note.isEmpty())
        fields.insert("note", note);
    if (overrideUntil > 0)
        fields.insert("override_until", contract::json::time(overrideUntil));
    return lockChange(QStringLiteral("/v1/workspace-unlocks"), std::move(targets), std::move(fields),
                      std::move(idempotencyKey));
}

QCoro::Task<Result<QStringList>> BillingService::lockChange(QString path, QList<LockTarget> targets,
                                                            QJsonObject fields, QByteArray idempotencyKey)
{
    QJsonArray named;
    for (const LockTarget &t : targets)
        named.append(QJsonObject{{"id", t.workspaceId}, {"version", t.version}});
    PlatformClient::Call call;
    call.method = "POST";
    call.path = path;
    call.body = fields;
    call.body.insert("workspaces", named);
    call.idempotencyKey = idempotencyKey;
    const auto reply = co_await m_client->call(std::move(call));
    if (!reply)
        co_return reply.problem();
    QStringList changed;
    for (const QJsonValue &w : reply->body.value("workspaces").toArray())
        changed << w.toObject().value("id").toString();
    co_return changed;
}

QCoro::Task<Result<Unbinding>> BillingService::unbindWorkspace(QString cloudAccountId, QString workspaceId,
                                                               qint64 basedOnVersion,
                                                               QString replacementMethod,
                                                               QByteArray idempotencyKey)
{
    PlatformClient::Call call;
    call.method = "DELETE";
    call.path =
        QStringLiteral("/v1/cloud-accounts/%1/bindings/%2")
            .arg(PlatformClient::pathSegment(cloudAccountId), PlatformClient::pathSegment(workspaceId));
    if (!replacementMethod.isEmpty())
        call.body = {{"replacement_method", replacementMethod}};
    call.ifMatch = QByteArray::number(basedOnVersion);
    call.idempotencyKey = idempotencyKey;
    const auto reply = co_await m_client->call(std::move(call));
    if (!reply)
        co_return reply.problem();
    co_return Unbinding{contract::Workspace::fromJson(reply->body.value("workspace").toObject()),
                        reply->body.value("locked").toBool()};
}

QCoro::Task<Result<std::pair<contract::CloudAccount, bool>>>
BillingService::retrySync(QString cloudAccountId, QByteArray idempotencyKey)
{
    PlatformClient::Call call;
    call.method = "POST";
    call.path = QStringLiteral("/v1/cloud-accounts/%1/sync").arg(PlatformClient::pathSegment(cloudAccountId));
    call.idempotencyKey = idempotencyKey;
    const auto reply = co_await m_client->call(std::move(call));
    if (!reply)
        co_return reply.problem();
    co_return std::pair{contract::CloudAccount::fromJson(reply->body.value("cloud_account").toObject()),
                        reply->body.value("synced").toBool()};
}

QCoro::Task<Result<contract::Page<contract::CloudAccount>>>
BillingService::cloudAccounts(contract::CloudAccountQuery query)
{
    QUrlQuery url;
    const auto add = [&url](const QString &name, const QString &value) {
        if (!value.isEmpty())
            url.addQueryItem(name, PlatformClient::pathSegment(value));
    };
    add("provider", query.provider);
    add("q", query.search);
    add("subscription_state", query.subscriptionState);
    add("sync_state", query.syncState);
    if (query.takesBindings)
        url.addQueryItem("takes_bindings", "true");
    url.addQueryItem("offset", QString::number(query.offset));
    url.addQueryItem("limit", QString::number(query.limit));
    const auto reply = co_await m_client->get(QStringLiteral("/v1/cloud-accounts"), std::move(url));
    if (!reply)
        co_return reply.problem();
    co_return contract::Page<contract::CloudAccount>::fromJson(reply->body);
}

} // namespace billing::services
