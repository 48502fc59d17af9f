#pragma once

#include "platform/api/account.h"
#include "platform/api/cloudaccount.h"
#include "platform/api/deployment.h"
#include "platform/api/page.h"
#include "platform/store/database.h"

namespace billing::store {

// Reads the customer side around workspaces: accounts, cloud accounts, deployments.
class DirectoryStore
{
public:
    explicit DirectoryStore(std::shared_ptr<Database> database);

    api::Result<api::Account> account(const QString &id);
    api::Result<api::CloudAccount> cloudAccount(const QString &id);
    api::Result<api::Page<api::CloudAccount>> cloudAccounts(const QString &provider, qint64 offset, int limit);
    api::Result<api::Page<api::Deployment>> deployments(const QString &workspaceId, const QString &state,
                                                        qint64 offset, int limit);
    api::Result<QStringList> sites();

private:
    api::Result<QSqlQuery> run(const QString &sql, const QVariantList &binds, const char *what);
    std::shared_ptr<Database> m_database;
};

} // namespace billing::store
