// SPDX-License-Identifier: Apache-2.0
#include "console/services/meteringledger.h"

#include "console/services/platformclient.h"
#include "foundation/contract/jsonfields.h"

#include <QDate>
#include <QDateTime>
#include <QJsonArray>
#include <QUrlQuery>

namespace billing::services {

MeteringLedger::MeteringLedger(PlatformClient *client, QObject *parent)
    : QObject(parent)
    , m_client(client)
{
}

QCoro::Task<contract::Result<contract::Page<contract::MeteringRecord>>>
MeteringLedger::records(contract::MeteringQuery query)
{
    const auto reply = co_await m_client->get(QStringLiteral("/v1/metering-records"), query.toUrlQuery());
    if (!reply)
        co_return reply.problem();
    contract::Page<contract::MeteringRecord> page;
    page.total = reply->body.value("total").toInteger();
    page.offset = reply->body.value("offset").toInteger();
    for (const QJsonValue &item : reply->body.value("items").toArray())
        page.items.append(contract::MeteringRecord::fromJson(item.toObject()));
    co_return page;
}

QCoro::Task<contract::Result<MeteringLedger::Totals>>
MeteringLedger::totals(std::optional<QPair<qint64, qint64>> period, QString cloudAccountId)
{
    QUrlQuery query;
    if (period) {
        query.addQueryItem(QStringLiteral("from"), contract::json::time(period->first).toString());
        query.addQueryItem(QStringLiteral("to"), contract::json::time(period->second).toString());
    }
    if (!cloudAccountId.isEmpty())
        query.addQueryItem(QStringLiteral("cloud_account_id"), PlatformClient::pathSegment(cloudAccountId));
    const auto reply = co_await m_client->get(QStringLiteral("/v1/metering-totals"), std::move(query));
    if (!reply)
        co_return reply.problem();
    Totals totals{
        contract::json::time(reply->body.value("from")), contract::json::time(reply->body.value("to")), {}};
    for (const QJsonValue &item : reply->body.value("items").toArray())
        totals.items.append(contract::MeteringTotal::fromJson(item.toObject()));
    co_return totals;
}

QCoro::Task<contract::Result<contract::MeteringRecord>> MeteringLedger::retry(qint64 recordId,
                                                                              QByteArray idempotencyKey)
{
    PlatformClient::Call call;
    call.method = "POST";
    call.path = QStringLiteral("/v1/metering-records/%1/retry").arg(recordId);
    call.idempotencyKey = idempotencyKey;
    const auto reply = co_await m_client->call(std::move(call));
    if (!reply)
        co_return reply.problem();
    co_return contract::MeteringRecord::fromJson(reply->body);
}

} // namespace billing::services
