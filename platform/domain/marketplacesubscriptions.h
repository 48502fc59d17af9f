// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "foundation/contract/marketplacenotice.h"
#include "platform/domain/changeset.h"
#include "platform/domain/failurewindow.h"
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
    // What staff's Retry Sync learnt from the marketplace, asked before the change: whether it answered,
    // the entitlements it holds (AWS), and in a few words what it said or why it did not.
    struct SyncAnswer {
        bool answered = false;
        std::optional<QList<contract::Entitlement>> entitlements;
        QString note;
    };
    // Keeps it: synced (and the entitlements), or sync_failed with the reason; audited as staff's.
    contract::Result<Outcome> recordSync(const ChangeRequest &request, const QString &cloudAccountId,
                                         const SyncAnswer &answer);
    // An admin replayed a kept message (`messageId`, kept as `eventId`): what it did, audited as theirs.
    contract::Result<Outcome> recordReplay(const ChangeRequest &request, qint64 eventId,
                                           const QString &messageId, const QString &verdict,
                                           const QJsonObject &effect);
    // Refused messages an address may have kept in a minute; more are answered 429, unkept, until the
    // minute has passed. A message that verifies is never refused this way.
    static constexpr int RefusalsPerMinute = 20;

    // Keeps a message that changed nothing but was not refused (an SNS confirmation, an Azure status
    // that needs no change), whole.
    void keep(const QString &marketplace, const QString &messageId, const QByteArray &raw,
              const QString &outcome);
    // Keeps a refused message (bad signature, malformed, unknown customer) as an excerpt and digest,
    // and answers what its sender gets: `why`, or 429 when `address` is over RefusalsPerMinute.
    contract::Problem refuse(const QString &marketplace, const QString &messageId, const QByteArray &raw,
                             const contract::Problem &why, const QString &address);
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
    FailureWindow m_refusals{RefusalsPerMinute, 60'000};
};

} // namespace billing::domain
