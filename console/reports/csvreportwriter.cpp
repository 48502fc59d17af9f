// SPDX-License-Identifier: Apache-2.0
#include "console/reports/csvreportwriter.h"

#include "foundation/contract/csv.h"

namespace billing::reports {

namespace {
constexpr qsizetype FlushBytes = 256 << 10;
} // namespace

CsvReportWriter::CsvReportWriter(const Options &options)
    : m_options(options)
{
}

contract::Result<contract::Done> CsvReportWriter::open(const QString &path, const ReportTable &table,
                                                       const ReportHeading &)
{
    m_file.setFileName(path);
    if (!m_file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return writeFailed(path, m_file.errorString());
    if (m_options.csvByteOrderMark)
        m_buffer += "\xEF\xBB\xBF";
    QStringList header;
    for (const ReportTable::Column &column : table.columns()) {
        header.append(column.key);
        m_numeric.append(column.type == contract::ReportColumn::Type::Integer ||
                         column.type == contract::ReportColumn::Type::Money);
    }
    contract::csv::appendRecord(m_buffer, header);
    return contract::Done{};
}

contract::Result<contract::Done> CsvReportWriter::write(const contract::ReportCells &row)
{
    contract::csv::appendRecord(m_buffer, row, m_numeric);
    return m_buffer.size() >= FlushBytes ? flush() : contract::Done{};
}

contract::Result<contract::Done> CsvReportWriter::flush()
{
    if (m_file.write(m_buffer) != m_buffer.size() || !m_file.flush())
        return writeFailed(m_file.fileName(), m_file.errorString());
    m_buffer.resize(0); // keeps its memory for the next rows
    return contract::Done{};
}

contract::Result<contract::Done> CsvReportWriter::finish(const ReportSummary &)
{
    if (auto flushed = flush(); !flushed)
        return flushed;
    m_file.close();
    if (m_file.error() != QFileDevice::NoError)
        return writeFailed(m_file.fileName(), m_file.errorString());
    return contract::Done{};
}

} // namespace billing::reports
