// SPDX-License-Identifier: Apache-2.0
#include "console/services/marketplaceactivity.h"

#include "console/services/platformclient.h"
#include "foundation/contract/jsonfields.h"

#include <QJsonArray>
#include <QUrlQuery>

namespace billing::services {

namespace json = contract::json;

MarketplaceActivity::MarketplaceActivity(PlatformClient *client, QObject *parent)
    : QObject(parent)
    , m_client(client)
{
}

QCoro::Task<contract::Result<QList<MarketplaceMessage>>> MarketplaceActivity::messages(Filter filter)
{
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("limit"), QString::number(Limit));
    const auto add = [&query](const QString &name, const QString &value) {
        if (!value.isEmpty())
            query.addQueryItem(name, PlatformClient::pathSegment(value));
    };
    add(QStringLiteral("provider"), filter.provider);
    add(QStringLiteral("cloud_account_id"), filter.cloudAccountId);
    add(QStringLiteral("verdict"), filter.verdict);
    const auto reply = co_await m_client->get(QStringLiteral("/v1/marketplace/events"), std::move(query));
    if (!reply)
        co_return reply.problem();
    QList<MarketplaceMessage> messages;
    for (const QJsonValue &value : reply->body.value("items").toArray()) {
        const QJsonObject o = value.toObject();
        messages.append({o.value("id").toInteger(), o.value("provider").toString(),
                         o.value("message_id").toString(), json::time(o.value("received_at")),
                         json::time(o.value("sent_at")), o.value("verdict").toString(),
                         o.value("outcome").toString(), o.value("cloud_account_id").toString(),
                         o.value("raw").toString().toUtf8(), o.value("raw_bytes").toInteger(),
                         o.value("raw_sha256").toString()});
    }
    co_return messages;
}

QCoro::Task<contract::Result<QList<MarketplaceCall>>> MarketplaceActivity::calls()
{
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("limit"), QString::number(Limit));
    const auto reply = co_await m_client->get(QStringLiteral("/v1/marketplace/calls"), std::move(query));
    if (!reply)
        co_return reply.problem();
    QList<MarketplaceCall> calls;
    for (const QJsonValue &value : reply->body.value("items").toArray()) {
        const QJsonObject o = value.toObject();
        calls.append({json::time(o.value("at")), o.value("marketplace").toString(),
                      o.value("operation").toString(), o.value("attempt").toInt(), o.value("status").toInt(),
                      o.value("latency_ms").toInteger(), o.value("request_id").toString(),
                      o.value("outcome").toString()});
    }
    co_return calls;
}

QCoro::Task<contract::Result<QJsonObject>> MarketplaceActivity::replay(qint64 messageId,
                                                                       QByteArray idempotencyKey)
{
    PlatformClient::Call call;
    call.method = "POST";
    call.path = QStringLiteral("/v1/marketplace/events/%1/replay").arg(messageId);
    call.idempotencyKey = idempotencyKey;
    const auto reply = co_await m_client->call(std::move(call));
    if (!reply)
        co_return reply.problem();
    co_return reply->body;
}

} // namespace billing::services
