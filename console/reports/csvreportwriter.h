// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "console/reports/reportwriter.h"

#include <QFile>

namespace billing::reports {

// RFC 4180, UTF-8, a header row of the column keys (stable for scripts). A cell a spreadsheet would
// run as a formula is neutralised with a leading apostrophe by contract::csv::neutralised, the rule
// the platform's CSV follows too (OWASP's CSV-injection guidance); numbers in number columns stay.
class CsvReportWriter final : public ReportWriter
{
public:
    explicit CsvReportWriter(const Options &options);

    contract::Result<contract::Done> open(const QString &path, const ReportTable &table,
                                          const ReportHeading &heading) override;
    contract::Result<contract::Done> write(const contract::ReportCells &row) override;
    contract::Result<contract::Done> finish(const ReportSummary &summary) override;

    // The cell as a spreadsheet may safely read it.

private:
    contract::Result<contract::Done> flush();

    Options m_options;
    QFile m_file;
    QByteArray m_buffer;
    QList<bool> m_numeric; // per column: a number column, whose numbers need no neutralising
};

} // namespace billing::reports
