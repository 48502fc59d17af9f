// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "console/reports/reportwriter.h"

#include <QDataStream>
#include <QFile>
#include <QTemporaryFile>

class QPainter;

namespace billing::reports {

// A printed report through QPdfWriter: a first page with the title, the filters, who made it and when,
// the summary tables and a chart; then the detail table with its header repeated on every page and
// "Page N of M" at the foot. The summary comes first but is known only at the end, so the rows wait in
// a spool file on disk (memory stays flat) and are printed in finish().
class PdfReportWriter final : public ReportWriter
{
public:
    contract::Result<contract::Done> open(const QString &path, const ReportTable &table,
                                          const ReportHeading &heading) override;
    contract::Result<contract::Done> write(const contract::ReportCells &row) override;
    contract::Result<contract::Done> finish(const ReportSummary &summary) override;

private:
    struct Layout;
    void drawSummaryPage(QPainter &painter, const Layout &layout, const ReportSummary &summary, int pages);
    void drawFooter(QPainter &painter, const Layout &layout, int page, int pages);

    QString m_path;
    const ReportTable *m_table = nullptr;
    ReportHeading m_heading;
    QList<int> m_printed; // the table's columns on paper
    QTemporaryFile m_spool;
    QDataStream m_spoolStream;
};

} // namespace billing::reports
