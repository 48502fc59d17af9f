// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "foundation/contract/marketplacenotice.h"
#include "foundation/contract/result.h"
#include "platform/marketplace/marketplacetrust.h"

#include <QJsonObject>

#include <functional>

namespace billing::marketplace {

// Reads Azure SaaS fulfillment v2 webhooks: the bearer JWT verified (RS256) with the operator's key,
// then the documented payload (id, activityId, subscriptionId, offerId, planId, quantity, timeStamp,
// action, status, subscription{...}); unknown fields are tolerated.
class AzureWebhook
{
public:
    struct Call {
        contract::SubscriptionNotice notice;
        QString status;      // Succeeded, InProgress, Failed, ...
        bool applies = true; // false: noted, nothing to change (e.g. a Failed operation)
    };
    // Where the key of a token's "kid" comes from when the trust folder pins none: the tenant's
    // published keys (a connected platform).
    using KeySource = std::function<contract::Result<QByteArray>(const QString &keyId)>;
    static contract::Result<Call> read(const QByteArray &authorization, const QByteArray &body,
                                       const MarketplaceTrust &trust, qint64 nowMs,
                                       const KeySource &keys = {});
    // The payload alone, its token taken as checked (a kept message replayed, confirmed otherwise).
    static contract::Result<Call> payload(const QByteArray &body);
    // A token's claims once its signature, expiry and audience check out.
    static contract::Result<QJsonObject> verifyToken(const QByteArray &token, const MarketplaceTrust &trust,
                                                     qint64 nowMs, const KeySource &keys = {});
};

} // namespace billing::marketplace
