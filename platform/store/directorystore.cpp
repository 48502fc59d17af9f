// SPDX-License-Identifier: Apache-2.0
#include "platform/store/directorystore.h"

#include "foundation/contract/queryparameters.h"
#include "foundation/contract/storedrows.h"
#include "platform/store/queryrow.h"
#include "platform/store/repeatedstatement.h"

#include <QSqlQuery>

namespace billing::store {

using contract::Problem;
using contract::Result;

namespace {

const QString cloudAccountColumns = QString::fromLatin1(contract::CloudAccountRow::columnList("c"));

contract::CloudAccount cloudAccountFromRow(const QSqlQuery &r)
{
    return contract::CloudAccountRow::read(QueryRow(r));
}

} // namespace

DirectoryStore::DirectoryStore(std::shared_ptr<Database> database)
    : m_database(std::move(database))
{
}

Result<QSqlQuery> DirectoryStore::run(const QString &sql, const QVariantList &binds, const char *what,
                                      QSqlDatabase db)
{
    return m_database->query(sql, binds, what, db);
}

Result<contract::Account> DirectoryStore::account(const QString &id, QSqlDatabase db)
{
    auto found = accounts({id}, db);
    if (!found)
        return found.problem();
    if (!found->contains(id))
        return Problem::notFound(QStringLiteral("account"), id);
    return found->value(id);
}

Result<QHash<QString, contract::Account>> DirectoryStore::accounts(const QStringList &ids, QSqlDatabase db)
{
    auto connection = m_database->connection(db);
    if (!connection)
        return connection.problem();
    // A bulk change reads thousands of owners: through the C API, as its workspaces are.
    RepeatedStatement query(
        *connection,
        QStringLiteral("SELECT %1 FROM accounts WHERE %2")
            .arg(QString::fromLatin1(contract::AccountRow::columnList()), m_database->isAnyOf("id")),
        "Reading accounts");
    QHash<QString, contract::Account> found;
    found.reserve(ids.size());
    auto read = query.forEachRow({Database::idList(ids)}, [&](const RepeatedStatement::Row &row) {
        const contract::Account a = contract::AccountRow::read(row);
        found.insert(a.id, a);
        return true;
    });
    if (!read)
        return read.problem();
    return found;
}

Result<contract::CloudAccount> DirectoryStore::cloudAccount(const QString &id, QSqlDatabase db)
{
    auto r = run(QStringLiteral("SELECT %1 FROM cloud_accounts c WHERE c.id = ?").arg(cloudAccountColumns),
                 {id}, "Reading a cloud account", db);
    if (!r)
        return r.problem();
    if (!r->next())
        return Problem::notFound(QStringLiteral("cloud account"), id);
    return cloudAccountFromRow(*r);
}

Result<QList<contract::CloudAccount>>
DirectoryStore::cloudAccountsByIdentity(QSqlDatabase db, const QString &provider, const QString &externalId)
{
    const bool azure = provider == QLatin1String("azure");
    auto r =
        run(QStringLiteral("SELECT %1 FROM cloud_accounts c WHERE %2 ORDER BY c.id")
                .arg(cloudAccountColumns,
                     azure ? QStringLiteral("c.azure_subscription_id = ? AND c.provider = 'azure'")
                           : QStringLiteral("c.customer_identifier = ? AND c.provider IN ('aws', 'aws_cn')")),
            {externalId}, "Finding a cloud account by its marketplace identity", db);
    if (!r)
        return r.problem();
    QList<contract::CloudAccount> found;
    while (r->next())
        found.append(cloudAccountFromRow(*r));
    return found;
}

Result<std::optional<contract::CloudAccount>>
DirectoryStore::cloudAccountByAgreement(QSqlDatabase db, const QString &customerAwsAccountId,
                                        const QString &licenseArn)
{
    auto r = run(QStringLiteral("SELECT %1 FROM cloud_accounts c WHERE c.customer_aws_account_id = ? AND "
                                "c.license_arn = ? AND c.provider IN ('aws', 'aws_cn')")
                     .arg(cloudAccountColumns),
                 {customerAwsAccountId, licenseArn}, "Finding a cloud account by its AWS agreement", db);
    if (!r)
        return r.problem();
    if (!r->next())
        return std::optional<contract::CloudAccount>();
    return std::optional<contract::CloudAccount>(cloudAccountFromRow(*r));
}

Result<contract::Done> DirectoryStore::insertCloudAccount(QSqlDatabase transaction,
                                                          const contract::CloudAccount &c)
{
    auto r =
        run(QStringLiteral(
                "INSERT INTO cloud_accounts (id, provider, display_name, subscription_state, sync_state, "
                "sync_message, customer_identifier, customer_aws_account_id, product_code, "
                "azure_subscription_id, purchaser_tenant_id, offer_id, plan_id, quantity, version, "
                "created_at, updated_at, license_arn) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                "?, ?, ?)"),
            {c.id, c.provider, c.displayName, c.subscriptionState, c.syncState, c.syncMessage,
             c.customerIdentifier, c.customerAwsAccountId, c.productCode, c.azureSubscriptionId,
             c.purchaserTenantId, c.offerId, c.planId, c.quantity, c.version, c.createdAt, c.updatedAt,
             c.licenseArn},
            "Registering a cloud account", transaction);
    if (!r)
        return r.problem();
    return contract::Done{};
}

Result<contract::Done> DirectoryStore::saveCloudAccount(QSqlDatabase transaction,
                                                        const contract::CloudAccount &c)
{
    auto r =
        run(QStringLiteral(
                "UPDATE cloud_accounts SET display_name = ?, subscription_state = ?, sync_state = ?, "
                "sync_message = ?, customer_aws_account_id = ?, product_code = ?, purchaser_tenant_id = ?, "
                "offer_id = ?, plan_id = ?, quantity = ?, license_arn = ?, version = ?, updated_at = ? "
                "WHERE id = ?"),
            {c.displayName, c.subscriptionState, c.syncState, c.syncMessage, c.customerAwsAccountId,
             c.productCode, c.purchaserTenantId, c.offerId, c.planId, c.quantity, c.licenseArn, c.version,
             c.updatedAt, c.id},
            "Saving a cloud account", transaction);
    if (!r)
        return r.problem();
    return contract::Done{};
}

Result<contract::Done> DirectoryStore::replaceEntitlements(QSqlDatabase transaction,
                                                           const QString &cloudAccountId,
                                                           const QList<contract::Entitlement> &entitlements,
                                                           qint64 fetchedAt)
{
    if (auto cleared =
            run(QStringLiteral("DELETE FROM cloud_account_entitlements WHERE cloud_account_id = ?"),
                {cloudAccountId}, "Replacing a cloud account's entitlements", transaction);
        !cleared)
        return cleared.problem();
    for (const contract::Entitlement &e : entitlements) {
        // A dimension answered twice (AWS pages) keeps its last answer.
        auto kept =
            run(QStringLiteral("INSERT INTO cloud_account_entitlements (cloud_account_id, dimension, value, "
                               "expires_at, fetched_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT "
                               "(cloud_account_id, dimension) DO UPDATE SET value = excluded.value, "
                               "expires_at = excluded.expires_at"),
                {cloudAccountId, e.dimension, e.value, e.expiresAt, fetchedAt},
                "Keeping a cloud account's entitlement", transaction);
        if (!kept)
            return kept.problem();
    }
    return contract::Done{};
}

Result<QList<contract::Entitlement>> DirectoryStore::entitlements(const QString &cloudAccountId,
                                                                  QSqlDatabase db)
{
    auto r = run(QStringLiteral("SELECT dimension, value, expires_at FROM cloud_account_entitlements WHERE "
                                "cloud_account_id = ? ORDER BY dimension"),
                 {cloudAccountId}, "Reading a cloud account's entitlements", db);
    if (!r)
        return r.problem();
    QList<contract::Entitlement> found;
    while (r->next())
        found.append({r->value(0).toString(), r->value(1).toString(), r->value(2).toLongLong()});
    return found;
}

Result<QStringList> DirectoryStore::accountsLinkedTo(QSqlDatabase db, const QString &cloudAccountId)
{
    auto r = run(QStringLiteral("SELECT id FROM accounts WHERE linked_cloud_account_id = ?"),
                 {cloudAccountId}, "Finding the accounts linked to a cloud account", db);
    if (!r)
        return r.problem();
    QStringList ids;
    while (r->next())
        ids << r->value(0).toString();
    return ids;
}

Result<contract::Done> DirectoryStore::countBound(QList<contract::CloudAccount> &cloudAccounts,
                                                  QSqlDatabase db)
{
    if (cloudAccounts.isEmpty())
        return contract::Done{};
    QStringList ids;
    QHash<QString, contract::CloudAccount *> byId;
    for (contract::CloudAccount &c : cloudAccounts) {
        ids << c.id;
        byId.insert(c.id, &c);
    }
    // One probe of the (cloud_account_id, rid) index per cloud account of the page.
    auto r = run(QStringLiteral("SELECT cloud_account_id, site, COUNT(*) FROM workspaces WHERE %1 GROUP BY "
                                "cloud_account_id, site")
                     .arg(m_database->isAnyOf("cloud_account_id")),
                 {Database::idList(ids)}, "Counting bound workspaces", db);
    if (!r)
        return r.problem();
    while (r->next()) {
        contract::CloudAccount *c = byId.value(r->value(0).toString());
        const qint64 count = r->value(2).toLongLong();
        c->boundBySite.insert(r->value(1).toString(), count);
        c->boundWorkspaceCount += count;
    }
    return contract::Done{};
}

Result<contract::Page<contract::CloudAccount>>
DirectoryStore::cloudAccounts(const contract::CloudAccountQuery &filter)
{
    QStringList conditions;
    QVariantList binds;
    if (!filter.provider.isEmpty()) {
        conditions << QStringLiteral("c.provider = ?");
        binds << filter.provider;
    }
    if (filter.takesBindings)
        conditions << QStringLiteral("c.subscription_state = 'subscribed' AND c.sync_state = 'synced'");
    if (!filter.subscriptionState.isEmpty()) {
        conditions << QStringLiteral("c.subscription_state = ?");
        binds << filter.subscriptionState;
    }
    if (!filter.syncState.isEmpty()) {
        conditions << QStringLiteral("c.sync_state = ?");
        binds << filter.syncState;
    }
    if (!filter.search.isEmpty()) {
        const QString pattern = contract::parameters::containsPattern(filter.search);
        conditions << QStringLiteral("(c.id %1 ? ESCAPE '\\' OR c.display_name %1 ? ESCAPE '\\')")
                          .arg(m_database->likeOperator());
        binds << pattern << pattern;
    }
    const QString where = conditions.isEmpty()
                              ? QString()
                              : QStringLiteral(" WHERE ") + conditions.join(QStringLiteral(" AND "));
    auto count = run(QStringLiteral("SELECT COUNT(*) FROM cloud_accounts c") + where, binds,
                     "Counting cloud accounts");
    if (!count)
        return count.problem();
    contract::Page<contract::CloudAccount> page;
    page.offset = filter.offset;
    page.total = count->next() ? count->value(0).toLongLong() : 0;
    auto rows = run(QStringLiteral("SELECT %1 FROM cloud_accounts c%2 ORDER BY c.id LIMIT %3 OFFSET %4")
                        .arg(cloudAccountColumns, where)
                        .arg(filter.limit)
                        .arg(filter.offset),
                    binds, "Listing cloud accounts");
    if (!rows)
        return rows.problem();
    while (rows->next())
        page.items.append(cloudAccountFromRow(*rows));
    if (auto counted = countBound(page.items); !counted)
        return counted.problem();
    return page;
}

Result<contract::Done> DirectoryStore::setLinkedCloudAccount(QSqlDatabase transaction,
                                                             const QStringList &accountIds,
                                                             const QString &cloudAccountId)
{
    // One statement for all of them. The link is a foreign key, so SQLite opens and releases a
    // statement journal around each UPDATE that sets it (PostgreSQL: a round trip each); row by row, a
    // 10,000-workspace bind paid that for each of its ~8,400 owners.
    const QVariant linkTo = cloudAccountId.isEmpty() ? QVariant() : QVariant(cloudAccountId);
    auto linked = run(QStringLiteral("UPDATE accounts SET linked_cloud_account_id = ? WHERE %1")
                          .arg(m_database->isAnyOf("id")),
                      {linkTo, Database::idList(accountIds)}, "Linking accounts", transaction);
    if (!linked)
        return linked.problem();
    return contract::Done{};
}

Result<qint64> DirectoryStore::boundWorkspaces(QSqlDatabase db, const QString &accountId,
                                               const QString &cloudAccountId)
{
    auto r =
        run(QStringLiteral("SELECT COUNT(*) FROM workspaces WHERE account_id = ? AND cloud_account_id = ?"),
            {accountId, cloudAccountId}, "Counting bound workspaces", db);
    if (!r)
        return r.problem();
    return r->next() ? r->value(0).toLongLong() : 0;
}

Result<QStringList> DirectoryStore::sites()
{
    auto rows = run(QStringLiteral("SELECT id FROM sites ORDER BY id"), {}, "Listing sites");
    if (!rows)
        return rows.problem();
    QStringList ids;
    while (rows->next())
        ids << rows->value(0).toString();
    return ids;
}

} // namespace billing::store
