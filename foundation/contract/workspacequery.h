// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "foundation/contract/result.h"

#include <QString>
#include <QStringList>
#include <QUrlQuery>

namespace billing::contract {

// What `GET /v1/workspaces` is asked: filters, sort and window. One codec for client and server,
// so a parameter the console sends is exactly one the platform validates.
struct WorkspaceQuery {
    QString q; // substring of id or name, case-insensitive
    QString status;
    QString billingMethod;
    QString site;
    QString provider; // of the bound cloud account
    QString cloudAccountId;
    QString accountId;
    QString lockReason;
    qint64 lockedAt = 0; // the instant of one lock change: every workspace it locked shares it
    QString sort = QStringLiteral("id");
    bool descending = false;
    qint64 offset = 0;
    int limit = 100;

    static constexpr int MaxLimit = 1000;
    static const QStringList &sortKeys(); // every column the console shows, each backed by an index

    // The filters alone: two queries with the same key list the same rows in the same set.
    QString filterKey() const;
    bool hasFilters() const;

    QUrlQuery toUrlQuery() const;
    // A bad parameter is named in the problem (400 invalid_request).
    static Result<WorkspaceQuery> fromUrlQuery(const QUrlQuery &query);

    bool operator==(const WorkspaceQuery &) const = default;
};

} // namespace billing::contract
