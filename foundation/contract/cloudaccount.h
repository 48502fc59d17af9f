// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QJsonObject>
#include <QMap>
#include <QString>

#include <optional>

namespace billing::contract {

// A marketplace customer that pays for workspaces.
// One entitlement the marketplace holds for a customer (AWS GetEntitlements): a dimension, its value,
// and when it ends (0: open-ended).
struct Entitlement {
    QString dimension;
    QString value;
    qint64 expiresAt = 0;
};

struct CloudAccount {
    QString id;
    QString provider;
    QString displayName;
    QString subscriptionState;
    QString syncState;
    QString syncMessage; // why sync failed
    qint64 boundWorkspaceCount = 0;
    QMap<QString, qint64> boundBySite; // site → workspaces bound; one account may pay on several sites
    // AWS identity (ResolveCustomer answers these).
    QString customerIdentifier;
    QString customerAwsAccountId;
    QString productCode;
    QString licenseArn; // AWS License Manager entitlement, where the marketplace names one
    // Azure SaaS fulfillment identity.
    QString azureSubscriptionId;
    QString purchaserTenantId;
    QString offerId;
    QString planId;
    int quantity = 0;
    qint64 version = 0;
    qint64 createdAt = 0;
    qint64 updatedAt = 0;
    // As the marketplace last answered them; only a single cloud account's read carries them.
    std::optional<QList<Entitlement>> entitlements;

    // Rule 2: a cloud account takes bindings only while subscribed and synced.
    bool takesBindings() const;

    QJsonObject toJson() const;
    static CloudAccount fromJson(const QJsonObject &json);
};

// Which cloud accounts a list asks for (GET /v1/cloud-accounts); empty strings do not filter.
struct CloudAccountQuery {
    QString provider;
    QString search;             // substring of id or display name, case-insensitive
    bool takesBindings = false; // only subscribed and synced ones (rule 2)
    QString subscriptionState;
    QString syncState;
    qint64 offset = 0;
    int limit = 100;
};

} // namespace billing::contract
