// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "platform/store/database.h"

namespace billing::seeding {

// Builds a deterministic, realistic dataset (`billing-platform seed`): the same options give the same
// rows. It holds every state the billing rules distinguish, in proportions like a real platform's: accounts
// with a card, with credits, linked, eligible, any_method_allowed; cloud accounts of every provider in
// every subscription and sync state; trial and paid deployments; workspaces locked for each reason at
// every point of their countdown, dissolved ones; and an audit trail, hash-chained, that tells how the
// state came to be.
class DatasetSeeder
{
public:
    struct Options {
        qint64 workspaces = 1000;
        quint64 seed = 1;
        qint64 nowMs = 0; // the platform clock's "now"; lock countdowns are placed around it
    };
    struct Counts {
        qint64 sites = 0;
        qint64 accounts = 0;
        qint64 cloudAccounts = 0;
        qint64 workspaces = 0;
        qint64 deployments = 0;
        qint64 auditEvents = 0;
        qint64 meteringRecords = 0;
    };
    // Hours of pay-as-you-go history a demo-sized platform starts with.
    static constexpr int HistoryHours = 48;

    // Whether the database already has workspaces (seeding wants an empty one).
    static contract::Result<bool> holdsWorkspaces(QSqlDatabase db);

    // Seeds an empty, migrated database in one transaction: all or nothing.
    static contract::Result<Counts> seed(store::Database &database, const Options &options);
};

} // namespace billing::seeding
