// SPDX-License-Identifier: Apache-2.0
// The XLSX target's baseline (issue 5): a minimal libxlsxwriter program in constant-memory mode that
// writes the same cells as the console's XLSX report, read from the console's own CSV of that report:
// numbers as numbers, ISO times as dates with a date format, the rest as strings, one sheet, no summary.
// `xlsx_baseline REPORT.csv OUT.xlsx`
#include "foundation/contract/csv.h"

#include <QDateTime>
#include <QFile>

#include <xlsxwriter.h>

#include <cstdio>

int main(int argc, char *argv[])
{
    if (argc != 3) {
        fprintf(stderr, "usage: xlsx_baseline REPORT.csv OUT.xlsx\n");
        return 2;
    }
    QFile csv(QString::fromLocal8Bit(argv[1]));
    if (!csv.open(QIODevice::ReadOnly)) {
        fprintf(stderr, "xlsx_baseline: cannot read %s\n", argv[1]);
        return 1;
    }
    lxw_workbook_options options{};
    options.constant_memory = LXW_TRUE;
    options.use_zip64 = LXW_TRUE;
    lxw_workbook *workbook = workbook_new_opt(argv[2], &options);
    lxw_worksheet *sheet = workbook_add_worksheet(workbook, "Report");
    lxw_format *date = workbook_add_format(workbook);
    format_set_num_format(date, "yyyy-mm-dd hh:mm");
    lxw_row_t row = 0;
    const QDateTime excelEpoch(QDate(1899, 12, 30), QTime(0, 0), Qt::UTC);
    billing::contract::csv::Reader reader([&](const billing::contract::ReportCells &record) {
        const QStringList cells = record.texts();
        for (int c = 0; c < cells.size(); ++c) {
            const QString &cell = cells.at(c);
            bool number = false;
            const double value = cell.toDouble(&number);
            if (row > 0 && number) {
                worksheet_write_number(sheet, row, lxw_col_t(c), value, nullptr);
            } else if (row > 0 && cell.size() == 20 && cell.at(10) == QLatin1Char('T') &&
                       cell.endsWith(QLatin1Char('Z'))) {
                const double days = excelEpoch.msecsTo(QDateTime::fromString(cell, Qt::ISODate)) / 86400000.0;
                worksheet_write_number(sheet, row, lxw_col_t(c), days, date);
            } else {
                worksheet_write_string(sheet, row, lxw_col_t(c), cell.toUtf8().constData(), nullptr);
            }
        }
        ++row;
        return true;
    });
    while (!csv.atEnd())
        reader.feed(csv.read(1 << 20));
    reader.finish();
    return workbook_close(workbook) == LXW_NO_ERROR ? 0 : 1;
}
