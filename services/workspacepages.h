#pragma once

#include "platform/api/page.h"
#include "platform/api/workspace.h"
#include "platform/api/workspacequery.h"

#include <QCoroTask>

namespace billing::services {

// Where a workspace table's pages come from: the platform (WorkspaceService) or, offline, a
// snapshot file (SnapshotReview). Same query, same page, so one table model serves both.
class WorkspacePages
{
public:
    virtual ~WorkspacePages() = default;
    // The query is taken by value: a coroutine may outlive its caller's temporaries.
    virtual QCoro::Task<api::Result<api::Page<api::Workspace>>> page(api::WorkspaceQuery query) = 0;
};

} // namespace billing::services
