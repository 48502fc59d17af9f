// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "foundation/contract/bindingreport.h"
#include "foundation/contract/result.h"
#include "platform/domain/changeset.h"

namespace billing::domain {

// The changes staff make to who pays for a workspace: Change Billing Method (rule 4), binding many
// workspaces to one cloud account (rule 3), unbinding. Each runs through the ChangeRunner: all of it
// happens, with its audit events and idempotency record, or none.
class BillingChanges
{
public:
    BillingChanges(ChangeRunner &runner, store::WorkspaceStore &workspaces, store::DirectoryStore &directory);

    contract::Result<Outcome> changeBillingMethod(const ChangeRequest &request, const QString &workspaceId,
                                                  qint64 expectedVersion, const QString &method,
                                                  const QString &cloudAccountId);
    // A dry run answers every workspace's eligibility and changes nothing; a commit binds all or none.
    contract::Result<Outcome> bindWorkspaces(const ChangeRequest &request, const QString &cloudAccountId,
                                             QStringList workspaceIds, bool dryRun);
    // With no replacement method the workspace is locked for want of one (no_billing_method).
    contract::Result<Outcome> unbindWorkspace(const ChangeRequest &request, const QString &cloudAccountId,
                                              const QString &workspaceId, qint64 expectedVersion,
                                              const QString &replacementMethod);

private:
    ChangeRunner &m_runner;
    store::WorkspaceStore &m_workspaces;
    store::DirectoryStore &m_directory;
};

} // namespace billing::domain
