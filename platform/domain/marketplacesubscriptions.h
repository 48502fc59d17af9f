// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "foundation/contract/marketplacenotice.h"
#include "platform/domain/changeset.h"
#include "platform/store/deploymentstore.h"
#include "platform/store/marketplaceeventstore.h"

namespace billing::domain {

// The marketplace subscription lifecycle (rules 2, 5): registration, sync, suspension, and the
// cancellation that unlinks and locks every bound workspace and stops its paid deployments.
class MarketplaceSubscriptions
{
public:
    static constexpr int DeletionDelayDays = 3;

    MarketplaceSubscriptions(ChangeRunner &runner, store::WorkspaceStore &workspaces,
                             store::DirectoryStore &directory, store::DeploymentStore &deployments,
                             store::MarketplaceEventStore &events);

    // Finds or creates the cloud account (pending, syncing until the marketplace confirms). Answers it
    // and whether it is new.
    contract::Result<Outcome> registerCustomer(const contract::RegisteredCustomer &customer,
                                               const QString &requestId);
    // Applies a notice once; a replay answers what the first one did. An unknown customer is refused (404).
    contract::Result<Outcome> apply(const contract::SubscriptionNotice &notice, const QString &requestId);
    // Keeps a message that changed nothing: refused (bad signature, malformed, unknown customer) or only
    // noted.
    void keep(const QString &marketplace, const QString &messageId, const QByteArray &raw,
              const QString &outcome);
    static QString refusal(const contract::Problem &why)
    {
        return QStringLiteral("refused: %1: %2").arg(why.code, why.detail);
    }

private:
    contract::Result<QJsonObject> cancel(ChangeSet &change, contract::CloudAccount &cloud);

    ChangeRunner &m_runner;
    store::WorkspaceStore &m_workspaces;
    store::DirectoryStore &m_directory;
    store::DeploymentStore &m_deployments;
    store::MarketplaceEventStore &m_events;
};

} // namespace billing::domain
