// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "foundation/contract/bindingreport.h"
#include "foundation/contract/cloudaccount.h"
#include "foundation/contract/page.h"
#include "foundation/contract/result.h"
#include "foundation/contract/workspace.h"

#include <QCoroTask>
#include <QObject>

namespace billing::services {

class PlatformClient;

// What unbinding did: the workspace as it is now, and whether it was locked for want of a method.
struct Unbinding {
    contract::Workspace workspace;
    bool locked = false;
};

// A workspace a lock or unlock names, with the version staff saw.
struct LockTarget {
    QString workspaceId;
    qint64 version = 0;
};

// Changes to who pays for workspaces, and what staff choose from when making them.
// Parameters are taken by value: a coroutine may outlive its caller's temporaries.
class BillingService final : public QObject
{
    Q_OBJECT
public:
    explicit BillingService(PlatformClient *client, QObject *parent = nullptr);
    PlatformClient *client() const { return m_client; }

    // `idempotencyKey` stays the same for every retry of one change (PlatformClient::newIdempotencyKey).
    QCoro::Task<contract::Result<contract::Workspace>>
    changeBillingMethod(QString workspaceId, qint64 basedOnVersion, QString method, QString cloudAccountId,
                        QByteArray idempotencyKey);
    // A dry run: may these workspaces be billed to this cloud account, and if not, why.
    QCoro::Task<contract::Result<contract::BindingReport>> checkBinding(QString cloudAccountId,
                                                                        QStringList workspaceIds);
    // Binds all of them or none; `idempotencyKey` stays the same for every retry of one binding.
    QCoro::Task<contract::Result<contract::BindingReport>>
    bindWorkspaces(QString cloudAccountId, QStringList workspaceIds, QByteArray idempotencyKey);
    // Stops `workspaceId` being billed to the cloud account: `replacementMethod` (credit_card or
    // prepaid_credits) pays from now on, or, when empty, the workspace is locked (no_billing_method).
    QCoro::Task<contract::Result<Unbinding>> unbindWorkspace(QString cloudAccountId, QString workspaceId,
                                                             qint64 basedOnVersion, QString replacementMethod,
                                                             QByteArray idempotencyKey);
    // Admins lock a selection (all or none) for `reason` (admin_hold, payment_overdue); answers the
    // ids changed. A refusal names each workspace that cannot change in its `items`.
    QCoro::Task<contract::Result<QStringList>> lockWorkspaces(QList<LockTarget> targets, QString reason,
                                                              QString note, QByteArray idempotencyKey);
    // Admins unlock a selection; `overrideUntil` (ms, 0 for none) lets ones without a valid billing
    // method run until then (at most 30 days, with a note).
    QCoro::Task<contract::Result<QStringList>> unlockWorkspaces(QList<LockTarget> targets, QString note,
                                                                qint64 overrideUntil,
                                                                QByteArray idempotencyKey);
    // Retry Sync: the platform asks the marketplace again; answers the cloud account as kept (with its
    // entitlements) and whether the marketplace answered. One key per press: a retry of the same
    // press has one effect.
    QCoro::Task<contract::Result<std::pair<contract::CloudAccount, bool>>>
    retrySync(QString cloudAccountId, QByteArray idempotencyKey);
    // One page of cloud accounts, each with its bound workspaces counted by site.
    QCoro::Task<contract::Result<contract::Page<contract::CloudAccount>>>
    cloudAccounts(contract::CloudAccountQuery query);

private:
    QCoro::Task<contract::Result<QStringList>> lockChange(QString path, QList<LockTarget> targets,
                                                          QJsonObject fields, QByteArray idempotencyKey);
    QCoro::Task<contract::Result<contract::BindingReport>>
    bindings(QString cloudAccountId, QStringList workspaceIds, bool dryRun, QByteArray idempotencyKey);
    PlatformClient *m_client;
};

} // namespace billing::services
