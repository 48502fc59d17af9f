#pragma once

#include "platform/domain/changeset.h"
#include "platform/store/deploymentstore.h"
#include "platform/store/marketplaceeventstore.h"

namespace billing::domain {

// What a marketplace message asks of a subscription, in the platform's words; platform/marketplace
// turns AWS SNS messages and Azure webhooks into these once their signatures check out.
namespace SubscriptionAction {
inline const QString SubscribeSuccess = QStringLiteral("subscribe_success");
inline const QString SubscribeFail = QStringLiteral("subscribe_fail");
inline const QString UnsubscribePending = QStringLiteral("unsubscribe_pending");
inline const QString Cancel = QStringLiteral("cancel");               // AWS unsubscribe-success, Azure Unsubscribe
inline const QString EntitlementUpdated = QStringLiteral("entitlement_updated");
inline const QString ChangePlan = QStringLiteral("change_plan");
inline const QString ChangeQuantity = QStringLiteral("change_quantity");
inline const QString Renew = QStringLiteral("renew");
inline const QString Suspend = QStringLiteral("suspend");
inline const QString Reinstate = QStringLiteral("reinstate");
} // namespace SubscriptionAction

// One verified marketplace message about one subscription.
struct SubscriptionNotice {
    QString marketplace;   // "aws" or "azure": whose identity externalId is, and the actor marketplace:<it>
    QString messageId;     // a repeated one has no second effect
    QString externalId;    // AWS CustomerIdentifier or Azure SaaS subscription id
    QString action;        // a SubscriptionAction
    QString offerId;
    QString planId;
    int quantity = -1;     // -1: not given
    QByteArray raw;        // the message as received, kept
};

// A customer the marketplace has just registered (AWS ResolveCustomer, Azure resolve).
struct RegisteredCustomer {
    QString provider;       // aws | aws_cn | azure
    QString externalId;     // CustomerIdentifier or SaaS subscription id
    QString displayName;
    QString customerAwsAccountId;
    QString productCode;
    QString licenseArn;
    QString purchaserTenantId;
    QString offerId;
    QString planId;
    int quantity = 0;
};

// The marketplace subscription lifecycle (rules 2, 5): registration, sync, suspension, and the
// cancellation that unlinks and locks every bound workspace and stops its paid deployments.
class MarketplaceSubscriptions
{
public:
    static constexpr int DeletionDelayDays = 3;

    MarketplaceSubscriptions(ChangeRunner &runner, store::WorkspaceStore &workspaces, store::DirectoryStore &directory,
                             store::DeploymentStore &deployments, store::MarketplaceEventStore &events);

    // Finds or creates the cloud account (pending, syncing until the marketplace confirms). Answers it
    // and whether it is new.
    api::Result<Outcome> registerCustomer(const RegisteredCustomer &customer, const QString &requestId);
    // Applies a notice once; a replay answers what the first one did. An unknown customer is refused (404).
    api::Result<Outcome> apply(const SubscriptionNotice &notice, const QString &requestId);
    // Keeps a message that changed nothing: refused (bad signature, malformed, unknown customer) or only noted.
    void keep(const QString &marketplace, const QString &messageId, const QByteArray &raw, const QString &outcome);
    static QString refusal(const api::Problem &why) { return QStringLiteral("refused: %1: %2").arg(why.code, why.detail); }

private:
    api::Result<QJsonObject> cancel(ChangeSet &change, api::CloudAccount &cloud);

    ChangeRunner &m_runner;
    store::WorkspaceStore &m_workspaces;
    store::DirectoryStore &m_directory;
    store::DeploymentStore &m_deployments;
    store::MarketplaceEventStore &m_events;
};

} // namespace billing::domain
