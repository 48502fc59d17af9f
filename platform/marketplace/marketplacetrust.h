// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "foundation/contract/result.h"

#include <QHash>
#include <QStringList>

namespace billing::marketplace {

// What the operator tells the platform to trust, from one folder (`serve --marketplace-trust DIR`);
// the platform never fetches a key or certificate that a message points to.
//   sns/SimpleNotificationService-<id>.pem  certificates AWS SNS signs with, named as in SigningCertURL
//   sns-topics.txt                           the TopicArns whose messages are accepted, one per line
//   azure-webhook-key.pem    the public key that verifies Azure webhooks' bearer tokens (RS256)
//   azure-issuer.txt         the "iss" those tokens must carry
//   azure-audience.txt       the "aud" those tokens must carry
//   azure-tenant.txt         the "tid" (the publisher's Entra ID tenant) they must carry
//   gateway-secret                           the offline gateway's key for registration tokens
struct MarketplaceTrust {
    QHash<QString, QByteArray> snsCertificates; // file name → PEM
    QStringList snsTopics;
    QByteArray azureWebhookKey;
    QString azureIssuer;
    QString azureAudience;
    QString azureTenantId;
    QByteArray gatewaySecret;

    // Refuses a folder that names a key for Azure webhooks without the issuer, audience and tenant their
    // tokens must carry: a platform must not start half trusting them.
    static contract::Result<MarketplaceTrust> load(const QString &folder);
    // Writes the public half of a simulator's keys as such a folder (see `billing-platform simulate init`).
    contract::Result<contract::Done> save(const QString &folder) const;
};

} // namespace billing::marketplace
