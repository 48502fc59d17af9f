// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "foundation/contract/cloudaccount.h"

#include <QByteArray>
#include <QString>

namespace billing::contract {

// What a marketplace message asks of a subscription, in the platform's words; the marketplace
// parsers turn AWS SNS messages and Azure webhooks into these once their signatures check out.
namespace SubscriptionAction {
inline const QString SubscribeSuccess = QStringLiteral("subscribe_success");
inline const QString SubscribeFail = QStringLiteral("subscribe_fail");
inline const QString UnsubscribePending = QStringLiteral("unsubscribe_pending");
inline const QString Cancel = QStringLiteral("cancel"); // AWS unsubscribe-success, Azure Unsubscribe
inline const QString EntitlementUpdated = QStringLiteral("entitlement_updated");
inline const QString ChangePlan = QStringLiteral("change_plan");
inline const QString ChangeQuantity = QStringLiteral("change_quantity");
inline const QString Renew = QStringLiteral("renew");
inline const QString Suspend = QStringLiteral("suspend");
inline const QString Reinstate = QStringLiteral("reinstate");
} // namespace SubscriptionAction

// What AWS GetEntitlements answered, asked before the change (AWS subscribe-success and
// entitlement-updated). Only a confirmed entitlement re-subscribes a cancelled customer (rule 11); an
// answer is kept with the cloud account; no answer from a connected platform fails its sync.
struct EntitlementCheck {
    bool asked = false;
    bool answered = false;    // AWS answered (possibly with no entitlement)
    bool offline = false;     // nothing to ask: the offline gateway
    bool entitled = false;    // a current entitlement among the answered ones
    QList<Entitlement> found; // as answered
    QString note;             // what was answered, or why it could not be asked
};

// One verified marketplace message about one subscription.
struct SubscriptionNotice {
    QString marketplace; // "aws" or "azure": whose identity externalId is, and the actor marketplace:<it>
    QString messageId;   // a repeated one has no second effect
    QString externalId;  // AWS CustomerIdentifier or Azure SaaS subscription id
    QString action;      // a SubscriptionAction
    QString offerId;
    QString planId;
    int quantity = -1;   // -1: not given
    QByteArray raw;      // the message as received, kept
    QString productCode; // AWS
    // When the marketplace sent it (SNS Timestamp, Azure timeStamp), in ms: a customer's messages are
    // taken in this order, whatever order they arrive in.
    qint64 sentAt = 0;
    bool replay = false; // an admin's replay: taken whatever its send time, and kept with it
    // AWS subscribe-success: what GetEntitlements answered, asked before the change.
    EntitlementCheck entitlement;
};

// A customer the marketplace has just registered (AWS ResolveCustomer, Azure resolve).
struct RegisteredCustomer {
    QString provider;   // aws | aws_cn | azure
    QString externalId; // CustomerIdentifier or SaaS subscription id
    QString displayName;
    QString customerAwsAccountId;
    QString productCode;
    QString licenseArn;
    QString purchaserTenantId;
    QString offerId;
    QString planId;
    int quantity = 0;
};

} // namespace billing::contract
