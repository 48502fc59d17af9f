// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "console/reports/reportwriter.h"

#include <QHash>
#include <QList>

struct lxw_workbook;
struct lxw_worksheet;
struct lxw_format;

namespace billing::reports {

// XLSX through libxlsxwriter in constant-memory mode: typed cells (dates as dates, money as numbers
// in their currency's format, text only ever as strings, so nothing is run as a formula), a frozen
// header row with an autofilter, a Summary sheet first, and the rows continued on further sheets past
// Excel's 1,048,576 rows a sheet.
class XlsxReportWriter final : public ReportWriter
{
public:
    // `rowsPerSheet` counts the header row; tests make it small to see a report continue.
    explicit XlsxReportWriter(quint32 rowsPerSheet = MaxRowsPerSheet);
    ~XlsxReportWriter() override;

    contract::Result<contract::Done> open(const QString &path, const ReportTable &table,
                                          const ReportHeading &heading) override;
    contract::Result<contract::Done> write(const contract::ReportCells &row) override;
    contract::Result<contract::Done> finish(const ReportSummary &summary) override;

    static constexpr quint32 MaxRowsPerSheet = 1'048'576;
    // ISO 8601 UTC ("2026-11-23T14:03:12Z", as the platform writes it) as an Excel serial date; -1 if it is
    // not.
    static double excelDate(const QString &iso);
    static double excelDate(qint64 msecsSinceEpoch);

private:
    contract::Result<contract::Done> startSheet();
    contract::Result<contract::Done> check(int error, const char *what);
    lxw_format *moneyFormat(const QString &currency);
    void endSheet();
    // Every data sheet's temporary rows file flushed without an error; its size noted.
    contract::Result<contract::Done> checkRowFiles();

    QString m_path;
    const ReportTable *m_table = nullptr;
    ReportHeading m_heading;
    lxw_workbook *m_workbook = nullptr;
    lxw_worksheet *m_summarySheet = nullptr;
    lxw_worksheet *m_sheet = nullptr;
    int m_sheets = 0;
    quint32 m_rowsPerSheet;
    quint32 m_row = 0; // the next row on m_sheet
    lxw_format *m_headerFormat = nullptr;
    lxw_format *m_dateFormat = nullptr;
    lxw_format *m_integerFormat = nullptr;
    lxw_format *m_notNumberFormat = nullptr; // a number column's cell that held text
    qint64 m_notNumbers = 0;
    QString m_firstNotNumber;
    QHash<QString, lxw_format *> m_moneyFormats;
    QByteArray m_text;            // the cell being written, NUL-terminated
    QByteArray m_temporaryFolder; // libxlsxwriter's, beside the file; removed with the writer
    QList<lxw_worksheet *> m_dataSheets;
    QList<quint64> m_rowBytes; // what each data sheet's rows file holds, before assembly
};

} // namespace billing::reports
