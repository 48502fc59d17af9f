// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "foundation/contract/account.h"
#include "foundation/contract/cloudaccount.h"
#include "foundation/contract/workspace.h"

#include <QByteArray>
#include <QList>
#include <QPair>

namespace billing::contract {

// A record as a stored row: the columns of the platform's table and of a snapshot file's, in one order,
// and the one mapping from such a row to the record it is. The platform reads its own tables through
// it and the console a snapshot's. `Row` answers text(column) and integer(column) by position.
template<typename Record>
struct StoredRow {
    // Every column with its SQL type, in row order.
    static const QList<QPair<QByteArray, QByteArray>> &columns();
    // The column names, comma-separated, for a SELECT; each after `alias` and a dot when one is given.
    static QByteArray columnList(const QByteArray &alias = {});
    template<typename Row>
    static Record read(const Row &row);
};

// A workspace: the workspaces table.
using WorkspaceRow = StoredRow<Workspace>;
// An account and its payment profile: the accounts table (a card is kept as brand and last 4 only).
using AccountRow = StoredRow<Account>;
// A cloud account and its marketplace identity: the cloud_accounts table (the workspaces it pays for
// are counted from the workspaces table, not stored here).
using CloudAccountRow = StoredRow<CloudAccount>;

// Each table's columns, and the column lists, are defined once, in storedrows.cpp.
extern template struct StoredRow<Workspace>;
extern template struct StoredRow<Account>;
extern template struct StoredRow<CloudAccount>;

template<>
template<typename Row>
Workspace StoredRow<Workspace>::read(const Row &row)
{
    return {.id = row.text(0),
            .name = row.text(1),
            .accountId = row.text(2),
            .site = row.text(3),
            .language = row.text(4),
            .plan = row.text(5),
            .billingMethod = row.text(6),
            .cloudAccountId = row.text(7),
            .status = row.text(8),
            .lock = {.reason = row.text(9),
                     .at = row.integer(10),
                     .by = row.text(11),
                     .note = row.text(12),
                     .purgeAt = row.integer(13)},
            .overrideUntil = row.integer(14),
            .version = row.integer(15),
            .createdAt = row.integer(16),
            .updatedAt = row.integer(17)};
}

template<>
template<typename Row>
Account StoredRow<Account>::read(const Row &row)
{
    const QString cardBrand = row.text(2);
    return {.id = row.text(0),
            .email = row.text(1),
            .hasCreditCard = !cardBrand.isEmpty(),
            .creditCard = {cardBrand, row.text(3)},
            .availableCredits = {row.integer(4), row.text(5)},
            .linkedCloudAccountId = row.text(6),
            .anyMethodAllowed = row.integer(7) != 0,
            .createdAt = row.integer(8)};
}

template<>
template<typename Row>
CloudAccount StoredRow<CloudAccount>::read(const Row &row)
{
    return {.id = row.text(0),
            .provider = row.text(1),
            .displayName = row.text(2),
            .subscriptionState = row.text(3),
            .syncState = row.text(4),
            .syncMessage = row.text(5),
            .customerIdentifier = row.text(6),
            .customerAwsAccountId = row.text(7),
            .productCode = row.text(8),
            .licenseArn = row.text(9),
            .azureSubscriptionId = row.text(10),
            .purchaserTenantId = row.text(11),
            .offerId = row.text(12),
            .planId = row.text(13),
            .quantity = int(row.integer(14)),
            .version = row.integer(15),
            .createdAt = row.integer(16),
            .updatedAt = row.integer(17)};
}

} // namespace billing::contract
