// SPDX-License-Identifier: Apache-2.0
#include "console/reports/reportwriter.h"

#include "console/reports/csvreportwriter.h"
#include "console/reports/pdfreportwriter.h"
#include "console/reports/xlsxreportwriter.h"

#include <QDir>

namespace billing::reports {

std::unique_ptr<ReportWriter> ReportWriter::create(ReportFormat format, const Options &options)
{
    switch (format) {
    case ReportFormat::Csv:
        return std::make_unique<CsvReportWriter>(options);
    case ReportFormat::Xlsx:
        return std::make_unique<XlsxReportWriter>();
    case ReportFormat::Pdf:
        return std::make_unique<PdfReportWriter>();
    }
    return nullptr;
}

contract::Problem ReportWriter::writeFailed(const QString &path, const QString &why)
{
    return contract::Problem::local(
        QStringLiteral("write_failed"), tr("Cannot write the report"),
        tr("Cannot write the report to %1: %2").arg(QDir::toNativeSeparators(path), why));
}

} // namespace billing::reports
