// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "foundation/contract/result.h"

#include <QCoroTask>
#include <QList>
#include <QObject>

namespace billing::services {

class PlatformClient;

// One message a marketplace sent, as the platform kept it (GET /v1/marketplace/events).
struct MarketplaceMessage {
    qint64 id = 0;
    QString provider; // aws | azure
    QString messageId;
    qint64 receivedAt = 0;
    qint64 sentAt = 0; // by the marketplace's clock; 0: not said
    QString verdict;   // applied | stale | ignored | refused | noted
    QString outcome;   // what it did, or why not
    QString cloudAccountId;
    QByteArray raw; // the body (a refused one: its first KiB)
    qint64 rawBytes = 0;
    QString rawSha256;
};

// One attempt of a call the platform made to a marketplace (GET /v1/marketplace/calls).
struct MarketplaceCall {
    qint64 at = 0;
    QString marketplace;
    QString operation;
    int attempt = 1;
    int status = 0; // 0: no answer
    qint64 latencyMs = 0;
    QString requestId;
    QString outcome;
};

// What passes between the platform and the marketplaces, for the Marketplace Activity view.
class MarketplaceActivity final : public QObject
{
    Q_OBJECT
public:
    struct Filter {
        QString provider;
        QString cloudAccountId;
        QString verdict;
    };
    static constexpr int Limit = 1000; // the newest; filters narrow to older ones

    explicit MarketplaceActivity(PlatformClient *client, QObject *parent = nullptr);

    QCoro::Task<contract::Result<QList<MarketplaceMessage>>> messages(Filter filter);
    QCoro::Task<contract::Result<QList<MarketplaceCall>>> calls();
    // Admins: the kept message taken again, out of its order; answers what it did. One key per press.
    QCoro::Task<contract::Result<QJsonObject>> replay(qint64 messageId, QByteArray idempotencyKey);

private:
    PlatformClient *m_client;
};

} // namespace billing::services
