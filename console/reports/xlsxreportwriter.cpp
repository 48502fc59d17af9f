// SPDX-License-Identifier: Apache-2.0
#include "console/reports/xlsxreportwriter.h"

#include "console/models/billingtext.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QLocale>
#include <QtEndian>

#include <xlsxwriter.h>

#include <climits>
#include <cmath>
#include <cstdio>

namespace billing::reports {

using Type = contract::ReportColumn::Type;

namespace {
constexpr int MaxCellText = 32767; // Excel's limit for one cell

// Days from 1970-01-01 to a civil date (H. Hinnant's algorithm): no QDateTime per cell.
qint64 daysFromCivil(int y, unsigned m, unsigned d)
{
    y -= m <= 2;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = unsigned(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return qint64(era) * 146097 + qint64(doe) - 719468;
}

int digits(const QString &s, int at, int count)
{
    int value = 0;
    for (int i = at; i < at + count; ++i) {
        const char16_t c = s.at(i).unicode();
        if (c < '0' || c > '9')
            return -1;
        value = value * 10 + (c - '0');
    }
    return value;
}

// A sheet name Excel accepts: at most 31 characters, none of []:*?/\.
QString sheetName(QString name)
{
    static const QString forbidden = QStringLiteral("[]:*?/\\");
    for (QChar &c : name) {
        if (forbidden.contains(c))
            c = QLatin1Char(' ');
    }
    return name.left(31);
}

// The temporary file a constant-memory worksheet streams its rows to.
FILE *rowFile(lxw_worksheet *sheet)
{
    return sheet->optimize_tmpfile ? sheet->optimize_tmpfile : sheet->file;
}

// The uncompressed size of each member of a finished zip, from its central directory (ZIP64 too).
QHash<QByteArray, quint64> zipMemberSizes(const QString &path)
{
    QHash<QByteArray, quint64> sizes;
    QFile zip(path);
    if (!zip.open(QIODevice::ReadOnly) || zip.size() < 22 || !zip.seek(zip.size() - 22))
        return sizes;
    const QByteArray end = zip.read(22);
    if (!end.startsWith("PK\x05\x06"))
        return sizes;
    quint64 directory = qFromLittleEndian<quint32>(end.constData() + 16);
    quint64 directorySize = qFromLittleEndian<quint32>(end.constData() + 12);
    if (directory == 0xFFFFFFFF && zip.size() >= 42 && zip.seek(zip.size() - 42)) {
        const QByteArray locator = zip.read(20);
        if (!locator.startsWith("PK\x06\x07") ||
            !zip.seek(qFromLittleEndian<qint64>(locator.constData() + 8)))
            return sizes;
        const QByteArray end64 = zip.read(56);
        if (!end64.startsWith("PK\x06\x06"))
            return sizes;
        directorySize = qFromLittleEndian<quint64>(end64.constData() + 40);
        directory = qFromLittleEndian<quint64>(end64.constData() + 48);
    }
    if (directorySize > (64u << 20) || !zip.seek(qint64(directory)))
        return sizes;
    const QByteArray entries = zip.read(qint64(directorySize));
    for (qsizetype at = 0; at + 46 <= entries.size();) {
        const char *entry = entries.constData() + at;
        if (qFromLittleEndian<quint32>(entry) != 0x02014b50)
            break;
        const quint16 nameLength = qFromLittleEndian<quint16>(entry + 28);
        const quint16 extraLength = qFromLittleEndian<quint16>(entry + 30);
        const quint16 commentLength = qFromLittleEndian<quint16>(entry + 32);
        if (at + 46 + nameLength + extraLength > entries.size())
            break;
        quint64 size = qFromLittleEndian<quint32>(entry + 24);
        if (size == 0xFFFFFFFF) {
            // The ZIP64 extra field (id 1) holds the sizes that did not fit, uncompressed first.
            for (qsizetype x = 46 + nameLength; x + 4 <= 46 + nameLength + extraLength;) {
                const quint16 id = qFromLittleEndian<quint16>(entry + x);
                const quint16 length = qFromLittleEndian<quint16>(entry + x + 2);
                if (id == 1 && length >= 8)
                    size = qFromLittleEndian<quint64>(entry + x + 4);
                x += 4 + length;
            }
        }
        sizes.insert(QByteArray(entry + 46, nameLength), size);
        at += 46 + nameLength + extraLength + commentLength;
    }
    return sizes;
}
} // namespace

XlsxReportWriter::XlsxReportWriter(quint32 rowsPerSheet)
    : m_rowsPerSheet(rowsPerSheet)
{
}

XlsxReportWriter::~XlsxReportWriter()
{
    if (m_workbook)
        workbook_close(m_workbook); // an abandoned export: ReportExport removes the file
    if (!m_temporaryFolder.isEmpty())
        QDir(QFile::decodeName(m_temporaryFolder)).removeRecursively();
}

double XlsxReportWriter::excelDate(const QString &iso)
{
    // yyyy-MM-ddTHH:mm:ssZ
    if (iso.size() < 20 || iso.at(4) != QLatin1Char('-') || iso.at(10) != QLatin1Char('T'))
        return -1;
    const int y = digits(iso, 0, 4), mo = digits(iso, 5, 2), d = digits(iso, 8, 2);
    const int h = digits(iso, 11, 2), mi = digits(iso, 14, 2), s = digits(iso, 17, 2);
    if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || mi < 0 || s < 0)
        return -1;
    return excelDate((daysFromCivil(y, unsigned(mo), unsigned(d)) * 86400 + h * 3600 + mi * 60 + s) * 1000);
}

double XlsxReportWriter::excelDate(qint64 msecsSinceEpoch)
{
    return double(msecsSinceEpoch) / 86400000.0 + 25569.0; // Excel's day 25569 is 1970-01-01
}

contract::Result<contract::Done> XlsxReportWriter::check(int error, const char *what)
{
    if (error == LXW_NO_ERROR)
        return contract::Done{};
    return writeFailed(m_path, QStringLiteral("%1: %2").arg(
                                   QLatin1String(what), QString::fromUtf8(lxw_strerror(lxw_error(error)))));
}

contract::Result<contract::Done> XlsxReportWriter::open(const QString &path, const ReportTable &table,
                                                        const ReportHeading &heading)
{
    m_path = path;
    m_table = &table;
    m_heading = heading;
    // libxlsxwriter ignores failed writes to its temporary files: they go to a folder of their own on
    // the destination's disk, where every sheet's file is checked before the workbook is assembled.
    const QString folder = path + QStringLiteral(".tmp");
    if (!QDir().mkpath(folder))
        return writeFailed(
            path, tr("its temporary folder %1 could not be made").arg(QDir::toNativeSeparators(folder)));
    m_temporaryFolder = QFile::encodeName(folder);
    lxw_workbook_options options{};
    options.constant_memory = LXW_TRUE;
    options.tmpdir = m_temporaryFolder.data();
    options.use_zip64 = LXW_TRUE; // a million rows make sheet XML of more than a gigabyte
    const QByteArray file = QFile::encodeName(path);
    m_workbook = workbook_new_opt(file.constData(), &options);
    if (!m_workbook)
        return writeFailed(path, tr("the workbook could not be created"));
    m_summarySheet = workbook_add_worksheet(m_workbook, sheetName(tr("Summary")).toUtf8().constData());
    m_headerFormat = workbook_add_format(m_workbook);
    format_set_bold(m_headerFormat);
    format_set_bg_color(m_headerFormat, 0xDDE4EE);
    m_dateFormat = workbook_add_format(m_workbook);
    format_set_num_format(m_dateFormat, "yyyy-mm-dd hh:mm:ss");
    m_integerFormat = workbook_add_format(m_workbook);
    format_set_num_format(m_integerFormat, "#,##0");
    m_notNumberFormat = workbook_add_format(m_workbook);
    format_set_bg_color(m_notNumberFormat, 0xFFC7CE);
    format_set_font_color(m_notNumberFormat, 0x9C0006);
    return startSheet();
}

lxw_format *XlsxReportWriter::moneyFormat(const QString &currency)
{
    lxw_format *&format = m_moneyFormats[currency];
    if (!format) {
        format = workbook_add_format(m_workbook);
        QString code = currency;
        code.remove(QLatin1Char('"'));
        format_set_num_format(format, QStringLiteral("#,##0.00 \"%1\"").arg(code).toUtf8().constData());
    }
    return format;
}

contract::Result<contract::Done> XlsxReportWriter::startSheet()
{
    endSheet();
    ++m_sheets;
    const QString name =
        m_sheets == 1 ? m_table->title()
                      : tr("%1 (%2)", "report title and sheet number").arg(m_table->title()).arg(m_sheets);
    m_sheet = workbook_add_worksheet(m_workbook, sheetName(name).toUtf8().constData());
    if (!m_sheet)
        return writeFailed(m_path, tr("the sheet \"%1\" could not be added").arg(name));
    m_dataSheets.append(m_sheet);
    const auto &columns = m_table->columns();
    for (qsizetype c = 0; c < columns.size(); ++c) {
        const Type type = columns.at(c).type;
        const double width = type == Type::DateTime ? 20
                             : type == Type::Text   ? std::max<double>(14, columns.at(c).title.size() + 4)
                                                    : 14;
        worksheet_set_column(m_sheet, lxw_col_t(c), lxw_col_t(c), width, nullptr);
        if (auto written =
                check(worksheet_write_string(m_sheet, 0, lxw_col_t(c),
                                             columns.at(c).title.toUtf8().constData(), m_headerFormat),
                      "writing the header row");
            !written)
            return written;
    }
    worksheet_freeze_panes(m_sheet, 1, 0);
    m_row = 1;
    return contract::Done{};
}

void XlsxReportWriter::endSheet()
{
    if (m_sheet && m_row > 1)
        worksheet_autofilter(m_sheet, 0, 0, m_row - 1, lxw_col_t(m_table->columns().size() - 1));
}

contract::Result<contract::Done> XlsxReportWriter::checkRowFiles()
{
    m_rowBytes.clear();
    for (lxw_worksheet *sheet : m_dataSheets) {
        FILE *rows = rowFile(sheet);
        if (!rows || std::fflush(rows) != 0 || std::ferror(rows))
            return writeFailed(m_path,
                               tr("rows could not be written to its temporary files (is the disk full?)"));
        m_rowBytes.append(quint64(std::ftell(rows)));
    }
    return contract::Done{};
}

contract::Result<contract::Done> XlsxReportWriter::write(const contract::ReportCells &row)
{
    if (m_row >= m_rowsPerSheet) {
        if (auto started = startSheet(); !started)
            return started;
    }
    const auto &columns = m_table->columns();
    // libxlsxwriter takes text as NUL-terminated UTF-8: each cell is copied into one buffer.
    const auto text = [this](QByteArrayView cell) {
        if (cell.size() > MaxCellText) { // may be more characters than a cell holds: cut by characters
            m_text = QString::fromUtf8(cell).left(MaxCellText).toUtf8();
        } else {
            m_text.resize(0);
            m_text.append(cell.data(), cell.size());
        }
        return m_text.constData();
    };
    for (qsizetype c = 0; c < row.size() && c < columns.size(); ++c) {
        const QByteArrayView cell = row.at(c);
        if (cell.isEmpty())
            continue;
        lxw_error error = LXW_NO_ERROR;
        const lxw_col_t col = lxw_col_t(c);
        const Type type = columns.at(c).type;
        bool number = true;
        const double value = type == Type::Integer || type == Type::Money ? cell.toDouble(&number) : 0;
        if (!number || !std::isfinite(value)) {
            // Never a number nobody sent: the text as it came, marked, and counted on the Summary.
            if (m_notNumbers++ == 0)
                m_firstNotNumber = tr("sheet \"%1\", row %2, column \"%3\"")
                                       .arg(QString::fromUtf8(m_sheet->name))
                                       .arg(m_row + 1)
                                       .arg(columns.at(c).title);
            error = worksheet_write_string(m_sheet, m_row, col, text(cell), m_notNumberFormat);
            if (error != LXW_NO_ERROR)
                return check(error, "writing a row");
            continue;
        }
        switch (type) {
        case Type::Integer:
            error = worksheet_write_number(m_sheet, m_row, col, value, m_integerFormat);
            break;
        case Type::Money:
            error = worksheet_write_number(
                m_sheet, m_row, col, value,
                moneyFormat(QString::fromUtf8(row.value(m_table->currencyOf(int(c))))));
            break;
        case Type::DateTime:
            if (const double date = excelDate(QString::fromUtf8(cell)); date >= 0) {
                error = worksheet_write_number(m_sheet, m_row, col, date, m_dateFormat);
                break;
            }
            [[fallthrough]];
        case Type::Text:
            error = worksheet_write_string(m_sheet, m_row, col, text(cell), nullptr);
            break;
        }
        if (error != LXW_NO_ERROR)
            return check(error, "writing a row");
    }
    ++m_row;
    return contract::Done{};
}

contract::Result<contract::Done> XlsxReportWriter::finish(const ReportSummary &summary)
{
    endSheet();
    lxw_worksheet *sheet = m_summarySheet;
    lxw_row_t row = 0;
    const auto line = [&](const QString &label, const QString &value) {
        worksheet_write_string(sheet, row, 0, label.toUtf8().constData(), m_headerFormat);
        worksheet_write_string(sheet, row, 1, value.toUtf8().constData(), nullptr);
        ++row;
    };
    worksheet_set_column(sheet, 0, 0, 34, nullptr);
    worksheet_set_column(sheet, 1, 1, 60, nullptr);
    line(tr("Report"), m_heading.title);
    line(tr("Filters"), m_heading.filters);
    worksheet_write_string(sheet, row, 0, tr("Generated at").toUtf8().constData(), m_headerFormat);
    worksheet_write_number(sheet, row, 1, excelDate(m_heading.generatedAt), m_dateFormat);
    ++row;
    line(tr("Generated by"), m_heading.generatedBy);
    line(tr("Platform"), m_heading.source);
    worksheet_write_string(sheet, row, 0, tr("Rows").toUtf8().constData(), m_headerFormat);
    worksheet_write_number(sheet, row, 1, double(summary.rows), m_integerFormat);
    ++row;
    if (m_table->measureColumn() >= 0) {
        worksheet_write_string(
            sheet, row, 0,
            tr("%1 in all", "a quantity's title").arg(m_table->measureTitle()).toUtf8().constData(),
            m_headerFormat);
        worksheet_write_number(sheet, row, 1, double(summary.measured), m_integerFormat);
        ++row;
    }
    if (m_notNumbers > 0) {
        worksheet_write_string(sheet, row, 0, tr("Not numbers").toUtf8().constData(), m_notNumberFormat);
        worksheet_write_string(
            sheet, row++, 1,
            tr("Cells of a number column that held text: %n, written as text and marked. The first: %1.",
               nullptr, int(std::min<qint64>(m_notNumbers, INT_MAX)))
                .arg(m_firstNotNumber)
                .toUtf8()
                .constData(),
            m_notNumberFormat);
    }
    ++row;
    const auto &columns = m_table->columns();
    for (qsizetype i = 0; i < summary.counts.size(); ++i) {
        const int column = m_table->summaryColumns().at(i);
        worksheet_write_string(sheet, row, 0, columns.at(column).title.toUtf8().constData(), m_headerFormat);
        worksheet_write_string(sheet, row, 1, m_table->measureTitle().toUtf8().constData(), m_headerFormat);
        ++row;
        for (auto count = summary.counts.at(i).cbegin(); count != summary.counts.at(i).cend(); ++count) {
            const QString words = m_table->summaryWords(column, count.key());
            worksheet_write_string(sheet, row, 0, words.toUtf8().constData(), nullptr);
            worksheet_write_number(sheet, row, 1, double(count.value()), m_integerFormat);
            ++row;
        }
        ++row;
    }
    if (auto checked = checkRowFiles(); !checked)
        return checked;
    const lxw_error closed = workbook_close(m_workbook);
    m_workbook = nullptr;
    if (auto saved = check(closed, "saving the workbook"); !saved)
        return saved;
    // Assembling copies each sheet's rows through another temporary file into the zip, again without
    // checking its writes: each sheet in the finished file must hold at least the rows streamed to it
    // (sheet 1 is the summary). A file cut short has no central directory, and so no sizes at all.
    const QHash<QByteArray, quint64> sizes = zipMemberSizes(m_path);
    for (qsizetype i = 0; i < m_rowBytes.size(); ++i) {
        const QByteArray member = "xl/worksheets/sheet" + QByteArray::number(i + 2) + ".xml";
        if (sizes.value(member) < m_rowBytes.at(i))
            return writeFailed(m_path, tr("the workbook was not written completely (is the disk full?)"));
    }
    return contract::Done{};
}

} // namespace billing::reports
