// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "foundation/contract/report.h"
#include "foundation/contract/result.h"

#include <QStringList>

#include <functional>
#include <optional>

namespace billing::reports {

// Where a report's rows come from: the platform, streamed (PlatformReportSource), or a snapshot file
// (SnapshotReportSource). Rows arrive in order as the platform's columns (ReportQuery::columns()), on the
// thread that started the source, which must run an event loop. A row's cells are the text itself as
// UTF-8 (no longer neutralised as the wire carries it), valid during the handler's call.
class ReportRowSource
{
public:
    using RowHandler = contract::ReportRowSink; // false stops the source
    using DoneHandler = std::function<void(std::optional<contract::Problem> failure)>; // called once, last

    virtual ~ReportRowSource() = default;
    virtual void start(const contract::ReportQuery &query, RowHandler onRow, DoneHandler onDone) = 0;
    // Stops at once; the done handler is not called after.
    virtual void cancel() = 0;
    // Where the rows come from, for the report's heading.
    virtual QString origin() const = 0;
};

} // namespace billing::reports
