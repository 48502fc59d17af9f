// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "foundation/contract/account.h"
#include "foundation/contract/auditevent.h"
#include "foundation/contract/cloudaccount.h"
#include "foundation/contract/deployment.h"
#include "foundation/contract/page.h"
#include "foundation/contract/workspace.h"
#include "foundation/contract/workspacequery.h"
#include "platform/domain/auditsnapshots.h"
#include "platform/domain/billingchanges.h"
#include "platform/domain/clock.h"
#include "platform/domain/marketplacesubscriptions.h"
#include "platform/domain/metering.h"
#include "platform/domain/scheduler.h"
#include "platform/domain/staffaccess.h"
#include "platform/domain/workspacelocks.h"
#include "platform/store/auditstore.h"
#include "platform/store/deploymentstore.h"
#include "platform/store/directorystore.h"
#include "platform/store/reportstore.h"
#include "platform/store/workspacestore.h"

#include <memory>

namespace billing::domain {

// The platform's rules over its store: the one object the HTTP routes call. Every method is safe to
// call from any request thread.
class BillingPlatform
{
public:
    BillingPlatform(std::shared_ptr<store::Database> database, std::shared_ptr<const Clock> clock);

    // Opens the store named by `databaseSpec` and brings its schema up to date.
    static contract::Result<std::shared_ptr<BillingPlatform>> open(const QString &databaseSpec,
                                                                   std::shared_ptr<const Clock> clock);

    const Clock &clock() const { return *m_clock; }
    // Warms what the first minutes of use will ask for (page positions of every sort: those stored are
    // read here, the others built in the background); on PostgreSQL, starts hearing the commits of
    // other instances on the same database. Before the platform serves and sweeps.
    void prepareForUse();
    // Whether other instances' commits are heard as they happen (PostgreSQL, LISTEN/NOTIFY); false on
    // SQLite, and while the listening connection is down (the event stream then polls each second).
    bool hearsOtherInstances() const { return m_commitWatch && m_commitWatch->listening(); }
    store::Database &database() { return *m_database; }
    // What /v1/health reports of the storage: its backend ("sqlite", "postgresql") and schema version.
    QString storageName() const { return m_database->backendName(); }
    static int schemaVersion();

    // Staff users, their tokens, and the check of every request's token.
    StaffAccess &staff() { return m_staff; }

    contract::Result<contract::Page<contract::Workspace>> workspaces(const contract::WorkspaceQuery &query);
    contract::Result<contract::Workspace> workspace(const QString &id);
    contract::Result<contract::Account> account(const QString &id);
    contract::Result<contract::CloudAccount> cloudAccount(const QString &id);
    contract::Result<contract::Page<contract::CloudAccount>>
    cloudAccounts(const contract::CloudAccountQuery &filter);
    contract::Result<contract::Page<contract::Deployment>>
    deployments(const QString &workspaceId, const QString &state, qint64 offset, int limit);
    contract::Result<contract::Page<contract::AuditEvent>>
    auditEvents(const contract::AuditEventQuery &filter);
    contract::Result<store::AuditStore::Head> auditHead();
    contract::Result<QStringList> sites();
    // Finance's reports, row by row as they are read (the period and lock days counted from now).
    contract::Result<qint64> report(const contract::ReportQuery &query, const contract::ReportRowSink &sink);

    // Changes to who pays for workspaces (rules 1–4, 8–10).
    BillingChanges &changes() { return m_changes; }
    // Every change runs through here; listeners hear of each commit.
    ChangeRunner &runner() { return m_runner; }
    // Admins' locks and unlocks (rule 6).
    WorkspaceLocks &locks() { return m_locks; }
    // What marketplace messages do to subscriptions (rules 2, 5).
    MarketplaceSubscriptions &subscriptions() { return m_subscriptions; }
    // Deletions and dissolutions that come due (rules 6, 7).
    Scheduler &scheduler() { return m_scheduler; }
    // Pay as you go: the metering ledger, and what is sent to the marketplaces.
    Metering &metering() { return m_metering; }
    // Signed audit snapshot files (mission 3).
    AuditSnapshots &snapshots() { return m_snapshots; }
    contract::Result<QList<store::MarketplaceEventStore::Event>>
    marketplaceEvents(int limit, const store::MarketplaceEventStore::Filter &filter = {})
    {
        return m_marketplaceEvents.latest(limit, filter);
    }
    contract::Result<std::optional<store::MarketplaceEventStore::Event>> marketplaceEvent(qint64 id)
    {
        return m_marketplaceEvents.event(id);
    }
    // The calls the platform made to the marketplaces, newest first; and one more, kept.
    contract::Result<QList<store::MarketplaceEventStore::Call>> marketplaceCalls(int limit)
    {
        return m_marketplaceEvents.latestCalls(limit);
    }
    contract::Result<contract::Done> recordMarketplaceCall(const store::MarketplaceEventStore::Call &call)
    {
        return m_marketplaceEvents.recordCall(call);
    }

private:
    std::shared_ptr<store::Database> m_database;
    std::shared_ptr<const Clock> m_clock;
    store::WorkspaceStore m_workspaces;
    store::DirectoryStore m_directory;
    store::DeploymentStore m_deployments;
    store::AuditStore m_audit;
    ChangeRunner m_runner;
    BillingChanges m_changes;
    store::MarketplaceEventStore m_marketplaceEvents;
    store::ReportStore m_reports;
    WorkspaceLocks m_locks;
    MarketplaceSubscriptions m_subscriptions;
    AuditSnapshots m_snapshots;
    Metering m_metering;
    Scheduler m_scheduler;
    StaffAccess m_staff;
    std::unique_ptr<store::CommitWatch> m_commitWatch;
};

} // namespace billing::domain
