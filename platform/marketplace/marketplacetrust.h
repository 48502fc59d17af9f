// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "foundation/contract/result.h"

#include <QHash>
#include <QStringList>

namespace billing::marketplace {

// What the operator tells the platform to trust, from one folder (`serve --marketplace-trust DIR`);
// the platform never fetches a key or certificate that a message points to.
//   sns/SimpleNotificationService-<id>.pem   certificates AWS SNS signs with, named as in SigningCertURL
//   sns-topics.txt                           the TopicArns whose messages are accepted, one per line
//   azure-webhook-key.pem                    the public key that verifies Azure webhooks' bearer tokens
//   (RS256) azure-audience.txt                       the "aud" those tokens must carry (optional)
//   gateway-secret                           the offline gateway's key for registration tokens
struct MarketplaceTrust {
    QHash<QString, QByteArray> snsCertificates; // file name → PEM
    QStringList snsTopics;
    QByteArray azureWebhookKey;
    QString azureAudience;
    QByteArray gatewaySecret;

    static contract::Result<MarketplaceTrust> load(const QString &folder);
    // Writes the public half of a simulator's keys as such a folder (see `billing-platform simulate init`).
    contract::Result<contract::Done> save(const QString &folder) const;
};

} // namespace billing::marketplace
