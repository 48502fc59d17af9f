// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "foundation/contract/workspace.h"

#include <QByteArray>
#include <QList>
#include <QPair>

namespace billing::contract {

// A workspace as a stored row: the columns of the platform's workspaces table and of a snapshot
// file's, in one order, and the one mapping from such a row to the workspace it is. The platform reads
// its own table through it and the console a snapshot's.
struct WorkspaceRow {
    // Every column with its SQL type, in row order.
    static const QList<QPair<QByteArray, QByteArray>> &columns();
    // The column names, comma-separated, for a SELECT.
    static QByteArray columnList();
    // `Row` answers text(column) and integer(column) by position.
    template<typename Row>
    static Workspace read(const Row &row);
};

template<typename Row>
Workspace WorkspaceRow::read(const Row &row)
{
    Workspace w;
    w.id = row.text(0);
    w.name = row.text(1);
    w.accountId = row.text(2);
    w.site = row.text(3);
    w.language = row.text(4);
    w.plan = row.text(5);
    w.billingMethod = row.text(6);
    w.cloudAccountId = row.text(7);
    w.status = row.text(8);
    w.lock.reason = row.text(9);
    w.lock.at = row.integer(10);
    w.lock.by = row.text(11);
    w.lock.note = row.text(12);
    w.lock.purgeAt = row.integer(13);
    w.overrideUntil = row.integer(14);
    w.version = row.integer(15);
    w.createdAt = row.integer(16);
    w.updatedAt = row.integer(17);
    return w;
}

} // namespace billing::contract
