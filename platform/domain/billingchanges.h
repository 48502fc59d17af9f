#pragma once

#include "platform/api/bindingreport.h"
#include "platform/api/result.h"
#include "platform/domain/clock.h"
#include "platform/store/auditstore.h"
#include "platform/store/directorystore.h"
#include "platform/store/idempotencystore.h"
#include "platform/store/staffstore.h"
#include "platform/store/workspacestore.h"

#include <QJsonObject>

namespace billing::domain {

// Who asks for a change and how the request names itself (rules 8–10).
struct ChangeRequest {
    store::StaffUser staff;
    QString requestId;
    QString idempotencyKey;
    QByteArray requestHash; // of method, path, If-Match and body: the same key with another request is refused
};

// What a change answered; recorded with its idempotency key and answered again on replay.
using Outcome = store::IdempotencyStore::Recorded;

// The changes staff make to who pays for a workspace: Change Billing Method (rule 4), binding many
// workspaces to one cloud account (rule 3), unbinding. Each runs in one write transaction that also
// writes its audit events and its idempotency record: all of it happens, or none.
class BillingChanges
{
public:

    BillingChanges(std::shared_ptr<store::Database> database, std::shared_ptr<const Clock> clock,
                   store::WorkspaceStore &workspaces, store::DirectoryStore &directory, store::AuditStore &audit);

    api::Result<Outcome> changeBillingMethod(const ChangeRequest &request, const QString &workspaceId,
                                             qint64 expectedVersion, const QString &method, const QString &cloudAccountId);
    // A dry run answers every workspace's eligibility and changes nothing; a commit binds all or none.
    api::Result<Outcome> bindWorkspaces(const ChangeRequest &request, const QString &cloudAccountId,
                                        QStringList workspaceIds, bool dryRun);
    // With no replacement method the workspace is locked for want of one (no_billing_method).
    api::Result<Outcome> unbindWorkspace(const ChangeRequest &request, const QString &cloudAccountId,
                                         const QString &workspaceId, qint64 expectedVersion,
                                         const QString &replacementMethod);

private:
    struct Work; // one transaction's worth of changes
    template<typename Body>
    api::Result<Outcome> recorded(const ChangeRequest &request, Body body);
    api::Result<api::Done> saveOne(Work &work, const api::Workspace &workspace, qint64 expectedVersion);

    std::shared_ptr<store::Database> m_database;
    std::shared_ptr<const Clock> m_clock;
    store::WorkspaceStore &m_workspaces;
    store::DirectoryStore &m_directory;
    store::AuditStore &m_audit;
    store::IdempotencyStore m_idempotency;
};

} // namespace billing::domain
