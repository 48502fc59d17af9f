// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "foundation/contract/deployment.h"
#include "foundation/contract/page.h"
#include "platform/store/database.h"

namespace billing::store {

// Reads and changes deployments: the list staff browse, and what a cancellation stops and the
// scheduler deletes (rules 5 and 7).
class DeploymentStore
{
public:
    explicit DeploymentStore(std::shared_ptr<Database> database);

    contract::Result<contract::Page<contract::Deployment>>
    deployments(const QString &workspaceId, const QString &state, qint64 offset, int limit);

    // Every deployment of these workspaces, whatever its state (a cancellation stops the running paid
    // ones; a dissolution deletes what is left).
    contract::Result<QList<contract::Deployment>> ofWorkspaces(QSqlDatabase transaction,
                                                               const QStringList &workspaceIds);
    // Stopped deployments whose deletion is due at `nowMs`, oldest due first.
    contract::Result<QList<contract::Deployment>> dueForDeletion(QSqlDatabase db, qint64 nowMs, int limit);
    // Writes state, stopped_at and delete_at of each. Inside a write transaction.
    contract::Result<contract::Done> save(QSqlDatabase transaction,
                                          const QList<contract::Deployment> &deployments);

private:
    std::shared_ptr<Database> m_database;
};

} // namespace billing::store
