// SPDX-License-Identifier: Apache-2.0
#include "foundation/contract/workspacerow.h"

namespace billing::contract {

const QList<QPair<QByteArray, QByteArray>> &WorkspaceRow::columns()
{
    static const QList<QPair<QByteArray, QByteArray>> all = {
        {"id", "TEXT"},
        {"name", "TEXT"},
        {"account_id", "TEXT"},
        {"site", "TEXT"},
        {"language", "TEXT"},
        {"plan", "TEXT"},
        {"billing_method", "TEXT"},
        {"cloud_account_id", "TEXT"},
        {"status", "TEXT"},
        {"lock_reason", "TEXT"},
        {"lock_at", "INTEGER"},
        {"lock_by", "TEXT"},
        {"lock_note", "TEXT"},
        {"lock_purge_at", "INTEGER"},
        {"override_until", "INTEGER"},
        {"version", "INTEGER"},
        {"created_at", "INTEGER"},
        {"updated_at", "INTEGER"},
    };
    return all;
}

QByteArray WorkspaceRow::columnList()
{
    QByteArrayList names;
    for (const auto &column : columns())
        names.append(column.first);
    return names.join(", ");
}

} // namespace billing::contract
