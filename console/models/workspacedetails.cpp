// SPDX-License-Identifier: Apache-2.0
#include "console/models/workspacedetails.h"

#include "console/services/workspaceservice.h"

#include <QCoroTask>

namespace billing::models {

WorkspaceDetails::WorkspaceDetails(services::WorkspaceService *service, QObject *parent)
    : QObject(parent)
    , m_service(service)
{
}

template<typename T, typename Apply>
void WorkspaceDetails::fetch(QCoro::Task<contract::Result<T>> &&task, Apply apply)
{
    ++m_contents.pending;
    QCoro::connect(std::move(task), this,
                   [this, generation = m_generation, apply](const contract::Result<T> &result) {
                       if (generation != m_generation)
                           return;
                       --m_contents.pending;
                       if (result)
                           apply(*result);
                       else
                           failed(result.problem().message());
                       Q_EMIT changed();
                   });
}

void WorkspaceDetails::failed(const QString &message)
{
    if (m_contents.error.isEmpty())
        m_contents.error = message;
}

void WorkspaceDetails::clear()
{
    ++m_generation;
    m_contents = Contents{};
    Q_EMIT changed();
}

void WorkspaceDetails::show(const QString &workspaceId)
{
    clear();
    if (workspaceId.isEmpty())
        return;
    m_contents.workspaceId = workspaceId;
    load(workspaceId);
}

void WorkspaceDetails::reload()
{
    if (m_contents.workspaceId.isEmpty())
        return;
    // In place: what is shown stays until its fresh copy arrives, so a live refresh does not flicker.
    ++m_generation;
    m_contents.pending = 0;
    m_contents.error.clear();
    load(m_contents.workspaceId);
}

void WorkspaceDetails::load(const QString &workspaceId)
{
    fetch(m_service->workspace(workspaceId), [this](const contract::Workspace &workspace) {
        m_contents.workspace = workspace;
        fetch(m_service->account(workspace.accountId), [this](const contract::Account &account) {
            m_contents.account = account;
            // The account's link and the workspace's binding differ after a cancellation; show the
            // workspace's cloud account when it has one, else the account's.
            const QString linked = m_contents.workspace->cloudAccountId.isEmpty()
                                       ? account.linkedCloudAccountId
                                       : m_contents.workspace->cloudAccountId;
            if (linked.isEmpty())
                m_contents.cloudAccount.reset(); // unlinked since last shown (a cancellation)
            else
                fetch(m_service->cloudAccount(linked),
                      [this](const contract::CloudAccount &cloud) { m_contents.cloudAccount = cloud; });
        });
    });
    fetch(m_service->deployments(workspaceId),
          [this](const contract::Page<contract::Deployment> &page) { m_contents.deployments = page.items; });
    fetch(m_service->recentAuditEvents(workspaceId, RecentAuditEvents),
          [this](const contract::Page<contract::AuditEvent> &page) { m_contents.auditEvents = page.items; });
}

} // namespace billing::models
