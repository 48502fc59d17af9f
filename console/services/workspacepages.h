// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "foundation/contract/page.h"
#include "foundation/contract/workspace.h"
#include "foundation/contract/workspacequery.h"

#include <QCoroTask>

namespace billing::services {

// Where a workspace table's pages come from: the platform (WorkspaceService) or, offline, a
// snapshot file (SnapshotReview). Same query, same page, so one table model serves both.
class WorkspacePages
{
public:
    virtual ~WorkspacePages() = default;
    // The query is taken by value: a coroutine may outlive its caller's temporaries.
    virtual QCoro::Task<contract::Result<contract::Page<contract::Workspace>>>
    page(contract::WorkspaceQuery query) = 0;
};

} // namespace billing::services
