// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "foundation/contract/marketplacenotice.h"
#include "foundation/contract/metering.h"
#include "foundation/contract/result.h"
#include "platform/marketplace/callpacer.h"
#include "platform/marketplace/marketplaceconfig.h"
#include "platform/marketplace/outboundhttp.h"

#include <QHash>
#include <QJsonObject>
#include <QMutex>

namespace billing::marketplace {

// Azure Marketplace's SaaS fulfillment API v2 (api-version 2018-08-31) for the publisher's Entra ID
// application: a client-credentials token, kept until shortly before it expires; resolve, activate,
// Get Subscription, Get Operation and the PATCH that answers an operation; and the keys the
// tenant's OpenID configuration publishes (JWKS), which sign the webhooks' bearer tokens, kept and
// asked again for a key id they do not hold.
class AzureMarketplace
{
public:
    static constexpr auto FulfillmentResource = "20e940b3-4c77-4b0b-9a53-9e16a1b010a7"; // Microsoft's, fixed
    static constexpr auto ApiVersion = "2018-08-31";
    static constexpr int KeyFetchesPerMinute = 6;

    AzureMarketplace(MarketplaceConfig::Azure config, const OutboundHttp &http);

    contract::Result<contract::RegisteredCustomer> resolve(const QString &landingToken);
    contract::Result<contract::Done> activate(const QString &subscriptionId, const QString &planId);
    contract::Result<QJsonObject> subscription(const QString &subscriptionId);
    contract::Result<QJsonObject> operation(const QString &subscriptionId, const QString &operationId);
    contract::Result<contract::Done> answerOperation(const QString &subscriptionId,
                                                     const QString &operationId, bool success);
    // Metered billing: up to 25 usage events (batchUsageEvent), an answer per record.
    contract::Result<QList<contract::MeteringAnswer>> meterUsage(const QList<contract::MeteredUsage> &batch);
    // The PEM public key with this key id, from the tenant's JWKS.
    contract::Result<QByteArray> webhookKey(const QString &keyId);
    const MarketplaceConfig::Azure &config() const { return m_config; }

private:
    contract::Result<QString> accessToken();
    contract::Result<QJsonObject> fulfillment(const QByteArray &method, const QString &path,
                                              const QJsonObject &body, const QString &operation,
                                              const QList<QPair<QByteArray, QByteArray>> &headers = {})
    {
        return api(m_config.fulfillmentEndpoint, method, path, body, operation, headers);
    }
    // A call to one of Microsoft's marketplace APIs (fulfillment or metering) with the publisher's token.
    contract::Result<QJsonObject> api(const QString &endpoint, const QByteArray &method, const QString &path,
                                      const QJsonObject &body, const QString &operation,
                                      const QList<QPair<QByteArray, QByteArray>> &headers = {},
                                      bool renewed = false);
    contract::Result<QJsonObject> login(const QByteArray &method, const QUrl &url, const QByteArray &body,
                                        const QString &operation);

    MarketplaceConfig::Azure m_config;
    const OutboundHttp &m_http;
    QMutex m_mutex;
    QString m_token;
    qint64 m_tokenUntil = 0;           // ms since the epoch, by the computer's clock
    QHash<QString, QByteArray> m_keys; // key id → PEM public key
    QList<qint64> m_keyFetches;        // when the tenant's keys were last asked for
    CallPacer m_meteringPace;
};

} // namespace billing::marketplace
