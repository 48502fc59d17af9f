// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "foundation/contract/account.h"
#include "foundation/contract/cloudaccount.h"
#include "foundation/contract/page.h"
#include "platform/store/database.h"

#include <QHash>

#include <optional>

namespace billing::store {

// Reads the customer side around workspaces: accounts, cloud accounts, deployments.
class DirectoryStore
{
public:
    explicit DirectoryStore(std::shared_ptr<Database> database);

    // Reads on `db` when given (inside a transaction), else on this thread's connection.
    contract::Result<contract::Account> account(const QString &id, QSqlDatabase db = {});
    // Those of `ids` that exist, by id.
    contract::Result<QHash<QString, contract::Account>> accounts(const QStringList &ids,
                                                                 QSqlDatabase db = {});
    contract::Result<contract::CloudAccount> cloudAccount(const QString &id, QSqlDatabase db = {});
    // Links accounts to a cloud account, or unlinks them (empty id). Inside a write transaction.
    contract::Result<contract::Done> setLinkedCloudAccount(QSqlDatabase transaction,
                                                           const QStringList &accountIds,
                                                           const QString &cloudAccountId);
    // How many of the account's workspaces the cloud account pays for.
    contract::Result<qint64> boundWorkspaces(QSqlDatabase db, const QString &accountId,
                                             const QString &cloudAccountId);
    contract::Result<contract::Page<contract::CloudAccount>>
    cloudAccounts(const contract::CloudAccountQuery &query);
    contract::Result<QStringList> sites();

    // The cloud accounts the marketplace's name for a customer names: AWS CustomerIdentifier (aws,
    // aws_cn), more than one when the customer holds concurrent agreements; or Azure SaaS subscription id.
    contract::Result<QList<contract::CloudAccount>>
    cloudAccountsByIdentity(QSqlDatabase db, const QString &provider, const QString &externalId);
    // AWS: the cloud account of one agreement, CustomerAWSAccountId + LicenseArn.
    contract::Result<std::optional<contract::CloudAccount>>
    cloudAccountByAgreement(QSqlDatabase db, const QString &customerAwsAccountId, const QString &licenseArn);
    // Inside a write transaction.
    contract::Result<contract::Done> insertCloudAccount(QSqlDatabase transaction,
                                                        const contract::CloudAccount &cloudAccount);
    contract::Result<contract::Done> saveCloudAccount(QSqlDatabase transaction,
                                                      const contract::CloudAccount &cloudAccount);
    // The entitlements the marketplace answered for a cloud account, replacing those it answered before.
    contract::Result<contract::Done> replaceEntitlements(QSqlDatabase transaction,
                                                         const QString &cloudAccountId,
                                                         const QList<contract::Entitlement> &entitlements,
                                                         qint64 fetchedAt);
    contract::Result<QList<contract::Entitlement>> entitlements(const QString &cloudAccountId,
                                                                QSqlDatabase db = {});
    contract::Result<QStringList> accountsLinkedTo(QSqlDatabase db, const QString &cloudAccountId);

    // Fills in how many workspaces each cloud account pays for, site by site (lists come so filled).
    contract::Result<contract::Done> countBound(QList<contract::CloudAccount> &cloudAccounts,
                                                QSqlDatabase db = {});

private:
    contract::Result<QSqlQuery> run(const QString &sql, const QVariantList &binds, const char *what,
                                    QSqlDatabase db = {});
    std::shared_ptr<Database> m_database;
};

} // namespace billing::store
