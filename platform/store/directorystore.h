#pragma once

#include "platform/api/account.h"
#include "platform/api/cloudaccount.h"
#include "platform/api/page.h"
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
    api::Result<api::Account> account(const QString &id, QSqlDatabase db = {});
    // Those of `ids` that exist, by id.
    api::Result<QHash<QString, api::Account>> accounts(const QStringList &ids, QSqlDatabase db = {});
    api::Result<api::CloudAccount> cloudAccount(const QString &id, QSqlDatabase db = {});
    // Links accounts to a cloud account, or unlinks them (empty id). Inside a write transaction.
    api::Result<api::Done> setLinkedCloudAccount(QSqlDatabase transaction, const QStringList &accountIds,
                                                 const QString &cloudAccountId);
    // How many of the account's workspaces the cloud account pays for.
    api::Result<qint64> boundWorkspaces(QSqlDatabase db, const QString &accountId, const QString &cloudAccountId);
    struct CloudAccountFilter {
        QString provider;
        QString q;                  // substring of id or display name, case-insensitive
        bool takingBindings = false; // only subscribed and synced ones (rule 2)
        QString subscriptionState;
        QString syncState;
        qint64 offset = 0;
        int limit = 100;
    };
    api::Result<api::Page<api::CloudAccount>> cloudAccounts(const CloudAccountFilter &filter);
    api::Result<QStringList> sites();

    // A cloud account by the marketplace's name for it: AWS CustomerIdentifier (aws, aws_cn) or Azure
    // SaaS subscription id (azure).
    api::Result<std::optional<api::CloudAccount>> cloudAccountByIdentity(QSqlDatabase db, const QString &provider,
                                                                        const QString &externalId);
    // Inside a write transaction.
    api::Result<api::Done> insertCloudAccount(QSqlDatabase transaction, const api::CloudAccount &cloudAccount);
    api::Result<api::Done> saveCloudAccount(QSqlDatabase transaction, const api::CloudAccount &cloudAccount);
    api::Result<QStringList> accountsLinkedTo(QSqlDatabase db, const QString &cloudAccountId);

    // Fills in how many workspaces each cloud account pays for, site by site (lists come so filled).
    api::Result<api::Done> countBound(QList<api::CloudAccount> &cloudAccounts, QSqlDatabase db = {});

private:
    api::Result<QSqlQuery> run(const QString &sql, const QVariantList &binds, const char *what, QSqlDatabase db = {});
    std::shared_ptr<Database> m_database;
};

} // namespace billing::store
