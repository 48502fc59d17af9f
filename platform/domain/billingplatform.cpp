// SPDX-License-Identifier: Apache-2.0
#include "platform/domain/billingplatform.h"

#include "platform/store/migrations.h"

namespace billing::domain {

using contract::Result;

BillingPlatform::BillingPlatform(std::shared_ptr<store::Database> database,
                                 std::shared_ptr<const Clock> clock)
    : m_database(database)
    , m_clock(std::move(clock))
    , m_workspaces(database)
    , m_directory(database)
    , m_deployments(database)
    , m_audit(database)
    , m_runner(database, m_clock, m_workspaces, m_directory, m_audit)
    , m_changes(m_runner, m_workspaces, m_directory)
    , m_marketplaceEvents(database)
    , m_reports(database)
    , m_locks(m_runner, m_workspaces)
    , m_subscriptions(m_runner, m_workspaces, m_directory, m_deployments, m_marketplaceEvents)
    , m_snapshots(database, m_runner)
    , m_metering(database, m_runner)
    , m_scheduler(database, m_runner, m_workspaces, m_deployments, m_snapshots, m_metering)
    , m_staff(database, m_runner)
{
}

Result<std::shared_ptr<BillingPlatform>> BillingPlatform::open(const QString &databaseSpec,
                                                               std::shared_ptr<const Clock> clock)
{
    auto database = store::Database::open(databaseSpec);
    if (!database)
        return database.problem();
    if (auto migrated = store::Migrations::apply(**database); !migrated)
        return migrated.problem();
    return std::make_shared<BillingPlatform>(*database, std::move(clock));
}

Result<contract::Page<contract::Workspace>> BillingPlatform::workspaces(const contract::WorkspaceQuery &query)
{
    return m_workspaces.page(query);
}

Result<contract::Workspace> BillingPlatform::workspace(const QString &id)
{
    return m_workspaces.find(id);
}

Result<contract::Account> BillingPlatform::account(const QString &id)
{
    return m_directory.account(id);
}

Result<contract::CloudAccount> BillingPlatform::cloudAccount(const QString &id)
{
    auto found = m_directory.cloudAccount(id);
    if (!found)
        return found;
    QList<contract::CloudAccount> one{*found};
    if (auto counted = m_directory.countBound(one); !counted)
        return counted.problem();
    auto entitlements = m_directory.entitlements(id);
    if (!entitlements)
        return entitlements.problem();
    one.first().entitlements = *entitlements;
    return one.first();
}

int BillingPlatform::schemaVersion()
{
    return store::Migrations::latestVersion();
}

Result<contract::Page<contract::CloudAccount>>
BillingPlatform::cloudAccounts(const contract::CloudAccountQuery &filter)
{
    return m_directory.cloudAccounts(filter);
}

Result<contract::Page<contract::Deployment>>
BillingPlatform::deployments(const QString &workspaceId, const QString &state, qint64 offset, int limit)
{
    return m_deployments.deployments(workspaceId, state, offset, limit);
}

Result<contract::Page<contract::AuditEvent>>
BillingPlatform::auditEvents(const contract::AuditEventQuery &filter)
{
    return m_audit.events(filter);
}

Result<store::AuditStore::Head> BillingPlatform::auditHead()
{
    return m_audit.head();
}

Result<qint64> BillingPlatform::report(const contract::ReportQuery &query,
                                       const contract::ReportRowSink &sink)
{
    return m_reports.run(query, m_clock->nowMs(), sink);
}

Result<QStringList> BillingPlatform::sites()
{
    return m_directory.sites();
}

void BillingPlatform::prepareForUse()
{
    // Listening first: positions built from here on are dropped by any later commit elsewhere.
    if (!m_database->isSqlite() && !m_commitWatch)
        m_commitWatch = std::make_unique<store::CommitWatch>(
            m_database, [this](qint64 seq, const std::optional<QStringList> &columns) {
                m_runner.committedElsewhere(seq, columns);
            });
    m_workspaces.prepareUnfilteredSorts();
}

} // namespace billing::domain
