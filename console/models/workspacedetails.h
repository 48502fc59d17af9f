// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "foundation/contract/account.h"
#include "foundation/contract/auditevent.h"
#include "foundation/contract/cloudaccount.h"
#include "foundation/contract/deployment.h"
#include "foundation/contract/page.h"
#include "foundation/contract/result.h"
#include "foundation/contract/workspace.h"

#include <QCoroTask>
#include <QObject>

#include <optional>

namespace billing::services {
class WorkspaceService;
}

namespace billing::models {

// Everything the detail panel shows about one workspace, gathered from several API calls: the
// workspace, its owner account, its cloud account, its deployments and its recent audit events.
// Parts arrive one by one; changed() fires for each, and answers for a workspace no longer shown are dropped.
class WorkspaceDetails final : public QObject
{
    Q_OBJECT
public:
    static constexpr int RecentAuditEvents = 20;

    struct Contents {
        QString workspaceId;
        std::optional<contract::Workspace> workspace;
        std::optional<contract::Account> account;
        std::optional<contract::CloudAccount> cloudAccount;
        std::optional<QList<contract::Deployment>> deployments;
        std::optional<QList<contract::AuditEvent>> auditEvents;
        QString error; // the first part that failed, in words
        int pending = 0;
    };

    explicit WorkspaceDetails(services::WorkspaceService *service, QObject *parent = nullptr);

    void show(const QString &workspaceId);
    void clear();
    // The shown workspace read again, in place (after a change, or one heard of live).
    void reload();
    const Contents &contents() const { return m_contents; }

Q_SIGNALS:
    void changed();

private:
    void load(const QString &workspaceId);
    template<typename T, typename Apply>
    void fetch(QCoro::Task<contract::Result<T>> &&task, Apply apply);
    void failed(const QString &message);

    services::WorkspaceService *m_service;
    Contents m_contents;
    quint64 m_generation = 0;
};

} // namespace billing::models
