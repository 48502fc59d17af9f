#pragma once

#include "platform/api/account.h"
#include "platform/api/auditevent.h"
#include "platform/api/cloudaccount.h"
#include "platform/api/deployment.h"
#include "platform/api/page.h"
#include "platform/api/workspace.h"
#include "platform/api/workspacequery.h"
#include "services/workspacepages.h"

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

    QCoro::Task<api::Result<api::Page<api::Workspace>>> page(api::WorkspaceQuery query) override;
    QCoro::Task<api::Result<api::Workspace>> workspace(QString id);
    QCoro::Task<api::Result<api::Account>> account(QString id);
    QCoro::Task<api::Result<api::CloudAccount>> cloudAccount(QString id);
    QCoro::Task<api::Result<api::Page<api::Deployment>>> deployments(QString workspaceId);
    QCoro::Task<api::Result<api::Page<api::AuditEvent>>> recentAuditEvents(QString targetId, int limit);
    QCoro::Task<api::Result<QStringList>> sites();
    // The ids of the rows [first, last] of each range of the list `query` describes, in pages of
    // up to 1,000: a selection may span rows the table never loaded.
    QCoro::Task<api::Result<QStringList>> workspaceIds(api::WorkspaceQuery query, QList<QPair<qint64, qint64>> ranges);

    struct Health {
        QString version;
        QString storage;
        qint64 auditHeadSeq = 0;
        qint64 serverTime = 0;
    };
    QCoro::Task<api::Result<Health>> health();
    // The staff user this console signed in as.
    struct Session {
        QString name;
        QString role;
    };
    QCoro::Task<api::Result<Session>> session();

private:
    PlatformClient *m_client;
};

} // namespace billing::services
