#pragma once

#include "platform/api/account.h"
#include "platform/api/auditevent.h"
#include "platform/api/cloudaccount.h"
#include "platform/api/deployment.h"
#include "platform/api/page.h"
#include "platform/api/workspace.h"
#include "platform/api/workspacequery.h"
#include "platform/domain/auditsnapshots.h"
#include "platform/domain/billingchanges.h"
#include "platform/domain/clock.h"
#include "platform/domain/marketplacesubscriptions.h"
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
    static api::Result<std::shared_ptr<BillingPlatform>> open(const QString &databaseSpec,
                                                              std::shared_ptr<const Clock> clock);

    const Clock &clock() const { return *m_clock; }
    // Warms what the first minutes of use will ask for (page positions of every sort), in the background.
    void prepareForUse() { m_workspaces.prepareUnfilteredSorts(); }
    store::Database &database() { return *m_database; }

    // Staff users, their tokens, and the check of every request's token.
    StaffAccess &staff() { return m_staff; }

    api::Result<api::Page<api::Workspace>> workspaces(const api::WorkspaceQuery &query);
    api::Result<api::Workspace> workspace(const QString &id);
    api::Result<api::Account> account(const QString &id);
    api::Result<api::CloudAccount> cloudAccount(const QString &id);
    api::Result<api::Page<api::CloudAccount>> cloudAccounts(const store::DirectoryStore::CloudAccountFilter &filter);
    api::Result<api::Page<api::Deployment>> deployments(const QString &workspaceId, const QString &state,
                                                        qint64 offset, int limit);
    api::Result<api::Page<api::AuditEvent>> auditEvents(const store::AuditStore::Filter &filter);
    api::Result<store::AuditStore::Head> auditHead();
    api::Result<QStringList> sites();
    // Finance's reports, row by row as they are read (the period and lock days counted from now).
    api::Result<qint64> report(const api::ReportQuery &query, const store::ReportStore::RowSink &sink);

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
    // Signed audit snapshot files (mission 3).
    AuditSnapshots &snapshots() { return m_snapshots; }
    api::Result<QList<store::MarketplaceEventStore::Event>> marketplaceEvents(int limit) { return m_marketplaceEvents.latest(limit); }

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
    Scheduler m_scheduler;
    AuditSnapshots m_snapshots;
    StaffAccess m_staff;
};

} // namespace billing::domain
