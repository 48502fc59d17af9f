// SPDX-License-Identifier: Apache-2.0
#include "platform/store/deploymentstore.h"

#include "platform/store/directorystore.h"
#include "platform/store/repeatedstatement.h"

namespace billing::store {

using contract::Result;

namespace {

const QString columns =
    QStringLiteral("id, workspace_id, account_id, name, trial, state, stopped_at, delete_at, created_at");

contract::Deployment fromRow(const QSqlQuery &r)
{
    contract::Deployment d;
    d.id = r.value(0).toString();
    d.workspaceId = r.value(1).toString();
    d.accountId = r.value(2).toString();
    d.name = r.value(3).toString();
    d.trial = r.value(4).toInt() != 0;
    d.state = r.value(5).toString();
    d.stoppedAt = r.value(6).toLongLong();
    d.deleteAt = r.value(7).toLongLong();
    d.createdAt = r.value(8).toLongLong();
    return d;
}

} // namespace

DeploymentStore::DeploymentStore(std::shared_ptr<Database> database)
    : m_database(std::move(database))
{
}

Result<contract::Page<contract::Deployment>>
DeploymentStore::deployments(const QString &workspaceId, const QString &state, qint64 offset, int limit)
{
    QStringList conditions;
    QVariantList binds;
    if (!workspaceId.isEmpty()) {
        conditions << QStringLiteral("workspace_id = ?");
        binds << workspaceId;
    }
    if (!state.isEmpty()) {
        conditions << QStringLiteral("state = ?");
        binds << state;
    }
    const QString where =
        conditions.isEmpty() ? QString() : QStringLiteral(" WHERE ") + conditions.join(" AND ");
    auto count = m_database->query(QStringLiteral("SELECT COUNT(*) FROM deployments") + where, binds,
                                   "Counting deployments");
    if (!count)
        return count.problem();
    contract::Page<contract::Deployment> page;
    page.offset = offset;
    page.total = count->next() ? count->value(0).toLongLong() : 0;
    auto rows =
        m_database->query(QStringLiteral("SELECT %1 FROM deployments%2 ORDER BY id LIMIT %3 OFFSET %4")
                              .arg(columns, where)
                              .arg(limit)
                              .arg(offset),
                          binds, "Listing deployments");
    if (!rows)
        return rows.problem();
    while (rows->next())
        page.items.append(fromRow(*rows));
    return page;
}

Result<QList<contract::Deployment>> DeploymentStore::ofWorkspaces(QSqlDatabase transaction,
                                                                  const QStringList &workspaceIds)
{
    // Callers pick states in C++, not in SQL: with a state in the WHERE clause, SQLite's planner takes
    // the (state, delete_at) index for hundreds of ids and walks every running deployment (2.8 s for
    // a 10,000-workspace cancellation instead of 0.1 s).
    auto rows = m_database->query(QStringLiteral("SELECT %1 FROM deployments WHERE %2")
                                      .arg(columns, m_database->isAnyOf("workspace_id")),
                                  {Database::idList(workspaceIds)}, "Finding deployments", transaction);
    if (!rows)
        return rows.problem();
    QList<contract::Deployment> found;
    while (rows->next())
        found.append(fromRow(*rows));
    return found;
}

Result<QList<contract::Deployment>> DeploymentStore::dueForDeletion(QSqlDatabase db, qint64 nowMs, int limit)
{
    auto rows = m_database->query(
        QStringLiteral("SELECT %1 FROM deployments WHERE state = 'stopped' AND delete_at > 0 "
                       "AND delete_at <= ? ORDER BY delete_at, id LIMIT %2")
            .arg(columns)
            .arg(limit),
        {nowMs}, "Finding deployments due for deletion", db);
    if (!rows)
        return rows.problem();
    QList<contract::Deployment> due;
    while (rows->next())
        due.append(fromRow(*rows));
    return due;
}

Result<contract::Done> DeploymentStore::save(QSqlDatabase transaction,
                                             const QList<contract::Deployment> &deployments)
{
    if (!m_database->isSqlite()) {
        // One statement per 5,000 deployments (a cancellation stops tens of thousands).
        for (qsizetype at = 0; at < deployments.size(); at += 5000) {
            QList<QVariantList> rows;
            for (const contract::Deployment &d : deployments.mid(at, 5000))
                rows.append({d.state, d.stoppedAt, d.deleteAt, d.id});
            QSqlQuery update(transaction);
            update.prepare(QStringLiteral("UPDATE deployments AS d SET state = v.state, stopped_at = "
                                          "v.stopped_at, delete_at = v.delete_at "
                                          "FROM json_to_recordset(CAST(? AS json)) AS v(state text, "
                                          "stopped_at bigint, delete_at bigint, "
                                          "id text) WHERE d.id = v.id"));
            update.addBindValue(Database::jsonRecords({"state", "stopped_at", "delete_at", "id"}, rows));
            if (auto ran = Database::exec(update, "Saving deployments"); !ran)
                return ran.problem();
        }
        return contract::Done{};
    }
    RepeatedStatement update(
        transaction,
        QStringLiteral("UPDATE deployments SET state = ?, stopped_at = ?, delete_at = ? WHERE id = ?"),
        "Saving a deployment");
    for (const contract::Deployment &d : deployments) {
        if (auto saved = update.run({d.state, d.stoppedAt, d.deleteAt, d.id}); !saved)
            return saved.problem();
    }
    return contract::Done{};
}

} // namespace billing::store
