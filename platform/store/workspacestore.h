#pragma once

#include "platform/api/page.h"
#include "platform/api/workspace.h"
#include "platform/api/workspacequery.h"
#include "platform/store/database.h"
#include "platform/store/pagepositions.h"

namespace billing::store {

// Reads workspaces: one page of any filtered, sorted list, and single workspaces.
class WorkspaceStore
{
public:
    explicit WorkspaceStore(std::shared_ptr<Database> database);

    api::Result<api::Page<api::Workspace>> page(const api::WorkspaceQuery &query);
    api::Result<api::Workspace> find(const QString &id);

    // Every write to workspaces calls this after it commits: cached page positions are stale.
    void workspacesChanged() { m_positions.invalidate(); }

    static QString selectColumns();
    static api::Workspace fromRow(const QSqlQuery &row);

private:
    struct Filter {
        QString sql; // "WHERE ..." or empty
        QVariantList binds;
    };
    Filter filterFor(const api::WorkspaceQuery &query) const;
    api::Result<std::shared_ptr<const SortedPositions>> positionsFor(const api::WorkspaceQuery &query,
                                                                     const QString &column, const Filter &filter);
    api::Result<api::Page<api::Workspace>> pageByOffset(const api::WorkspaceQuery &query, const QString &column,
                                                        const Filter &filter);

    std::shared_ptr<Database> m_database;
    PagePositions m_positions;
};

} // namespace billing::store
