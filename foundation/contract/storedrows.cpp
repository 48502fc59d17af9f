// SPDX-License-Identifier: Apache-2.0
#include "foundation/contract/storedrows.h"

namespace billing::contract {

namespace {
// Columns written as SQL declares them: "id TEXT, lock_at INTEGER, …".
QList<QPair<QByteArray, QByteArray>> declared(const char *columns)
{
    QList<QPair<QByteArray, QByteArray>> all;
    for (const QByteArray &column : QByteArray(columns).split(',')) {
        const QList<QByteArray> nameAndType = column.trimmed().split(' ');
        all.append({nameAndType.at(0), nameAndType.at(1)});
    }
    return all;
}
} // namespace

// Each table's columns as SQL declares them, in row order.
template<typename Record>
const char *const declaration = nullptr;
template<>
const char *const declaration<Workspace> =
    "id TEXT, name TEXT, account_id TEXT, site TEXT, language TEXT, plan TEXT, billing_method TEXT, "
    "cloud_account_id TEXT, status TEXT, lock_reason TEXT, lock_at INTEGER, lock_by TEXT, lock_note TEXT, "
    "lock_purge_at INTEGER, override_until INTEGER, version INTEGER, created_at INTEGER, updated_at INTEGER";
template<>
const char *const declaration<Account> =
    "id TEXT, email TEXT, card_brand TEXT, card_last4 TEXT, "
    "credits_minor INTEGER, credits_currency TEXT, linked_cloud_account_id TEXT, "
    "any_method_allowed INTEGER, created_at INTEGER";
template<>
const char *const declaration<CloudAccount> =
    "id TEXT, provider TEXT, display_name TEXT, subscription_state TEXT, sync_state TEXT, sync_message TEXT, "
    "customer_identifier TEXT, customer_aws_account_id TEXT, product_code TEXT, license_arn TEXT, "
    "azure_subscription_id TEXT, purchaser_tenant_id TEXT, offer_id TEXT, plan_id TEXT, quantity INTEGER, "
    "version INTEGER, created_at INTEGER, updated_at INTEGER";

template<typename Record>
const QList<QPair<QByteArray, QByteArray>> &StoredRow<Record>::columns()
{
    static const auto all = declared(declaration<Record>);
    return all;
}

template<typename Record>
QByteArray StoredRow<Record>::columnList(const QByteArray &alias)
{
    QByteArrayList names;
    for (const auto &column : columns())
        names.append(alias.isEmpty() ? column.first : alias + '.' + column.first);
    return names.join(", ");
}

template struct StoredRow<Workspace>;
template struct StoredRow<Account>;
template struct StoredRow<CloudAccount>;

} // namespace billing::contract
