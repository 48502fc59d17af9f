// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "console/services/workspacepages.h"
#include "foundation/contract/account.h"
#include "foundation/contract/auditevent.h"
#include "foundation/contract/cloudaccount.h"
#include "foundation/contract/deployment.h"
#include "foundation/contract/page.h"
#include "foundation/contract/workspace.h"
#include "foundation/contract/workspacequery.h"

#include <QCoroTask>
#include <QObject>

namespace billing::services {

class PlatformClient;

// What Workspace Management reads: pages of workspaces and everything the detail panel shows.
// Parameters are taken by value: a coroutine may outlive its caller's temporaries.
class WorkspaceService final : public QObject, public WorkspacePages
{
    Q_OBJECT
public:
    explicit WorkspaceService(PlatformClient *client, QObject *parent = nullptr);

    PlatformClient *client() const { return m_client; }

    QCoro::Task<contract::Result<contract::Page<contract::Workspace>>>
    page(contract::WorkspaceQuery query) override;
    QCoro::Task<contract::Result<contract::Workspace>> workspace(QString id);
    QCoro::Task<contract::Result<contract::Account>> account(QString id);
    QCoro::Task<contract::Result<contract::CloudAccount>> cloudAccount(QString id);
    QCoro::Task<contract::Result<contract::Page<contract::Deployment>>> deployments(QString workspaceId);
    QCoro::Task<contract::Result<contract::Page<contract::AuditEvent>>> recentAuditEvents(QString targetId,
                                                                                          int limit);
    QCoro::Task<contract::Result<QStringList>> sites();
    // The ids of the rows [first, last] of each range of the list `query` describes, in pages of
    // up to 1,000: a selection may span rows the table never loaded.
    QCoro::Task<contract::Result<QStringList>> workspaceIds(contract::WorkspaceQuery query,
                                                            QList<QPair<qint64, qint64>> ranges);

    struct Health {
        QString version;
        QString storage;
        qint64 auditHeadSeq = 0;
        qint64 serverTime = 0;
    };
    QCoro::Task<contract::Result<Health>> health();
    // The staff user this console signed in as.
    struct Session {
        QString name;
        QString role;
        qint64 expiresAt = 0;  // 0: the token never expires
        qint64 serverTime = 0; // the platform's clock when it answered
    };
    QCoro::Task<contract::Result<Session>> session();

private:
    PlatformClient *m_client;
};

} // namespace billing::services
