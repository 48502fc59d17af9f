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
    // Cloud accounts that take bindings, by provider and a search over id and name.
    QCoro::Task<api::Result<api::Page<api::CloudAccount>>> bindableCloudAccounts(QString provider, QString search, int limit);

private:
    QCoro::Task<api::Result<api::BindingReport>> bindings(QString cloudAccountId, QStringList workspaceIds, bool dryRun,
                                                          QByteArray idempotencyKey);
    PlatformClient *m_client;
};

} // namespace billing::services
