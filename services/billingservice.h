#pragma once

#include "platform/api/bindingreport.h"
#include "platform/api/cloudaccount.h"
#include "platform/api/page.h"
#include "platform/api/result.h"
#include "platform/api/workspace.h"

#include <QCoroTask>
#include <QObject>

namespace billing::services {

class PlatformClient;

// Which cloud accounts a list shows; empty strings do not filter.
struct CloudAccountQuery {
    QString provider;
    QString search; // substring of id or display name
    QString subscriptionState;
    QString syncState;
    bool takesBindings = false; // only subscribed and synced ones (rule 2)
    qint64 offset = 0;
    int limit = 100;
};

// What unbinding did: the workspace as it is now, and whether it was locked for want of a method.
struct Unbinding {
    api::Workspace workspace;
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

    // `idempotencyKey` stays the same for every retry of one change (PlatformClient::newIdempotencyKey).
    QCoro::Task<api::Result<api::Workspace>> changeBillingMethod(QString workspaceId, qint64 basedOnVersion,
                                                                 QString method, QString cloudAccountId,
                                                                 QByteArray idempotencyKey);
    // A dry run: may these workspaces be billed to this cloud account, and if not, why.
    QCoro::Task<api::Result<api::BindingReport>> checkBinding(QString cloudAccountId, QStringList workspaceIds);
    // Binds all of them or none; `idempotencyKey` stays the same for every retry of one binding.
    QCoro::Task<api::Result<api::BindingReport>> bindWorkspaces(QString cloudAccountId, QStringList workspaceIds,
                                                                QByteArray idempotencyKey);
    // Stops `workspaceId` being billed to the cloud account: `replacementMethod` (credit_card or
    // prepaid_credits) pays from now on, or, when empty, the workspace is locked (no_billing_method).
    QCoro::Task<api::Result<Unbinding>> unbindWorkspace(QString cloudAccountId, QString workspaceId, qint64 basedOnVersion,
                                                        QString replacementMethod, QByteArray idempotencyKey);
    // Admins lock a selection (all or none) for `reason` (admin_hold, payment_overdue); answers the
    // ids changed. A refusal names each workspace that cannot change in its `items`.
    QCoro::Task<api::Result<QStringList>> lockWorkspaces(QList<LockTarget> targets, QString reason, QString note,
                                                         QByteArray idempotencyKey);
    // Admins unlock a selection; `overrideUntil` (ms, 0 for none) lets ones without a valid billing
    // method run until then (at most 30 days, with a note).
    QCoro::Task<api::Result<QStringList>> unlockWorkspaces(QList<LockTarget> targets, QString note, qint64 overrideUntil,
                                                           QByteArray idempotencyKey);
    // One page of cloud accounts, each with its bound workspaces counted by site.
    QCoro::Task<api::Result<api::Page<api::CloudAccount>>> cloudAccounts(CloudAccountQuery query);

private:
    QCoro::Task<api::Result<QStringList>> lockChange(QString path, QList<LockTarget> targets, QJsonObject fields,
                                                     QByteArray idempotencyKey);
    QCoro::Task<api::Result<api::BindingReport>> bindings(QString cloudAccountId, QStringList workspaceIds, bool dryRun,
                                                          QByteArray idempotencyKey);
    PlatformClient *m_client;
};

} // namespace billing::services
