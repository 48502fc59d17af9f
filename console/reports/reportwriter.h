// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "console/reports/reporttable.h"
#include "foundation/contract/result.h"

#include <QCoreApplication>

#include <memory>

namespace billing::reports {

// Writes one report file in one format, row by row, in constant memory. The file it is given is a
// temporary one: ReportExport moves it into place only when finish() succeeded.
class ReportWriter
{
    Q_DECLARE_TR_FUNCTIONS(ReportWriter)
public:
    struct Options {
        bool csvByteOrderMark = false; // Excel reads UTF-8 CSV as such only after a BOM
    };

    virtual ~ReportWriter() = default;
    virtual contract::Result<contract::Done> open(const QString &path, const ReportTable &table,
                                                  const ReportHeading &heading) = 0;
    // A presented row (ReportTable::present()).
    virtual contract::Result<contract::Done> write(const contract::ReportCells &row) = 0;
    virtual contract::Result<contract::Done> finish(const ReportSummary &summary) = 0;

    static std::unique_ptr<ReportWriter> create(ReportFormat format, const Options &options);

    // "Cannot write the report to PATH: why" as a problem: every failure to produce the file says so.
    static contract::Problem writeFailed(const QString &path, const QString &why);
};

} // namespace billing::reports
