// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "foundation/contract/result.h"

#include <QJsonObject>
#include <QMap>
#include <QString>
#include <QStringList>
#include <QUrlQuery>

namespace billing::contract {

// Where a metered hour is on its way to the marketplace. Written `pending` before anything is sent;
// `sent` while a call is out; then what the marketplace said: `accepted`, `duplicate` (it already had
// this hour), `customer_not_subscribed` (not retried), `failed` (retried with backoff) or `expired` (the
// marketplace's window closed first: revenue lost).
namespace MeteringState {
inline const QString Pending = QStringLiteral("pending");
inline const QString Sent = QStringLiteral("sent");
inline const QString Accepted = QStringLiteral("accepted");
inline const QString Duplicate = QStringLiteral("duplicate");
inline const QString CustomerNotSubscribed = QStringLiteral("customer_not_subscribed");
inline const QString Failed = QStringLiteral("failed");
inline const QString Expired = QStringLiteral("expired");
const QStringList &all();
// Whether the marketplace holds the hour: accepted now, or already (duplicate).
bool isBilled(const QString &state);
} // namespace MeteringState

// One row of the metering ledger: a cloud account's usage of one marketplace dimension in one hour
// (deployment-hours of its bound, active workspaces' running paid deployments), and where it is.
struct MeteringRecord {
    qint64 id = 0;
    QString cloudAccountId;
    QString marketplace; // the cloud account's provider: aws | aws_cn | azure
    qint64 hour = 0;     // the hour's start, ms since the epoch (UTC, whole hours)
    QString dimension;
    qint64 quantity = 0;
    QMap<QString, qint64> allocations; // workspace id → its share of the quantity
    QString state;
    QString marketplaceRecordId; // AWS MeteringRecordId, Azure usageEventId
    int attempts = 0;
    QString lastError;
    qint64 nextAttemptAt = 0; // when a failed (or unanswered) one is sent again
    qint64 updatedAt = 0;

    QJsonObject toJson() const;
    static MeteringRecord fromJson(const QJsonObject &json);
};

// The customer as its marketplace knows it, read with a record that is sent.
struct MeteredCustomer {
    QString customerIdentifier;   // AWS
    QString customerAwsAccountId; // AWS
    QString licenseArn;           // AWS
    QString azureSubscriptionId;  // Azure: the resource id
    QString planId;               // Azure
};

// A record on its way out, with the customer it bills.
struct MeteredUsage {
    MeteringRecord record;
    MeteredCustomer customer;
};

// What a marketplace said of one record of a batch.
struct MeteringAnswer {
    qint64 id = 0;
    QString state; // accepted | duplicate | customer_not_subscribed | failed | expired
    QString marketplaceRecordId;
    QString error;
};

// A period's metered usage of one cloud account and dimension in one state: quantity and hours.
struct MeteringTotal {
    QString cloudAccountId;
    QString dimension;
    QString state;
    qint64 quantity = 0;
    qint64 hours = 0;
    QJsonObject toJson() const;
    static MeteringTotal fromJson(const QJsonObject &json);
};

// The ledger as staff filter it (GET /v1/metering-records): every filter optional; newest hours first.
struct MeteringQuery {
    QString cloudAccountId;
    qint64 from = 0; // hours at or after (ms since the epoch); 0: no bound
    qint64 to = 0;   // hours before; 0: no bound
    QString state;
    QString dimension;
    qint64 offset = 0;
    int limit = 100;

    static constexpr int MaxLimit = 1000;
    // One codec for client and server; an unknown or malformed parameter is a 400 naming it.
    QUrlQuery toUrlQuery() const;
    static Result<MeteringQuery> fromUrlQuery(const QUrlQuery &query);
};

} // namespace billing::contract
