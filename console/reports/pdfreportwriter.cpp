// SPDX-License-Identifier: Apache-2.0
#include "console/reports/pdfreportwriter.h"

#include "console/models/billingtext.h"

#include <QDir>
#include <QLocale>
#include <QPageLayout>
#include <QPainter>
#include <QPdfWriter>

#include <algorithm>
#include <numeric>

namespace billing::reports {

using models::BillingText;

namespace {
constexpr int Resolution = 96;   // device pixels per inch: all layout below is in these
constexpr int ChartEntries = 8;  // bars per chart; the rest are counted as "Other"
constexpr int TableEntries = 10; // lines per summary table

const QColor Ink(0x1f, 0x29, 0x37);
const QColor Muted(0x5b, 0x67, 0x78);
const QColor Rule(0xc9, 0xd2, 0xde);
const QColor Band(0xf2, 0xf5, 0xf9);
const QColor HeaderFill(0xdd, 0xe4, 0xee);
const QList<QColor> Bars{QColor(0x2f, 0x6f, 0xb3), QColor(0xd9, 0x7b, 0x29), QColor(0x3c, 0x9a, 0x5f),
                         QColor(0x8e, 0x5a, 0xb5), QColor(0xb8, 0x4a, 0x4a), QColor(0x4a, 0x9b, 0xa8),
                         QColor(0x9a, 0x8a, 0x3c), QColor(0x6b, 0x72, 0x80), QColor(0xa0, 0xa8, 0xb4)};

// The largest counts first; past `keep`, one "Other" entry.
QList<QPair<QString, qint64>> topCounts(const QMap<QString, qint64> &counts, int keep, const QString &other)
{
    QList<QPair<QString, qint64>> sorted;
    for (auto c = counts.cbegin(); c != counts.cend(); ++c)
        sorted.append({c.key(), c.value()});
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const auto &a, const auto &b) { return a.second > b.second; });
    if (sorted.size() > keep) {
        qint64 rest = 0;
        for (qsizetype i = keep - 1; i < sorted.size(); ++i)
            rest += sorted.at(i).second;
        sorted.resize(keep - 1);
        sorted.append({other, rest});
    }
    return sorted;
}
} // namespace

struct PdfReportWriter::Layout {
    QRect page; // the printable area
    int rowHeight = 0;
    int headerHeight = 0;
    int footerHeight = 0;
    int rowsPerPage = 0;
    QList<int> widths; // per printed column
    QFont body;
    QFont bold;
    QFont title;
};

contract::Result<contract::Done> PdfReportWriter::open(const QString &path, const ReportTable &table,
                                                       const ReportHeading &heading)
{
    m_path = path;
    m_table = &table;
    m_heading = heading;
    for (qsizetype c = 0; c < table.columns().size(); ++c) {
        if (table.columns().at(c).printed)
            m_printed.append(int(c));
    }
    m_spool.setFileTemplate(QDir::temp().filePath(QStringLiteral("billing-report-XXXXXX.spool")));
    if (!m_spool.open())
        return writeFailed(path,
                           tr("no room for the rows in the temporary folder: %1").arg(m_spool.errorString()));
    m_spoolStream.setDevice(&m_spool);
    // The file is written at the end; make sure now that it can be.
    QFile probe(path);
    if (!probe.open(QIODevice::WriteOnly))
        return writeFailed(path, probe.errorString());
    return contract::Done{};
}

contract::Result<contract::Done> PdfReportWriter::write(const contract::ReportCells &row)
{
    QStringList printed;
    printed.reserve(m_printed.size());
    for (int c : std::as_const(m_printed))
        printed.append(m_table->words(c, QString::fromUtf8(row.value(c))));
    m_spoolStream << printed;
    if (m_spoolStream.status() != QDataStream::Ok)
        return writeFailed(m_path,
                           tr("no room for the rows in the temporary folder: %1").arg(m_spool.errorString()));
    return contract::Done{};
}

void PdfReportWriter::drawFooter(QPainter &painter, const Layout &layout, int page, int pages)
{
    painter.setFont(layout.body);
    painter.setPen(Muted);
    const QRect foot(layout.page.left(), layout.page.bottom() - layout.footerHeight, layout.page.width(),
                     layout.footerHeight);
    painter.drawText(foot, Qt::AlignLeft | Qt::AlignVCenter,
                     tr("%1 · %2").arg(m_heading.title, BillingText::dateTime(m_heading.generatedAt)));
    painter.drawText(foot, Qt::AlignRight | Qt::AlignVCenter, tr("Page %1 of %2").arg(page).arg(pages));
}

void PdfReportWriter::drawSummaryPage(QPainter &painter, const Layout &layout, const ReportSummary &summary,
                                      int pages)
{
    const QRect area = layout.page;
    int y = area.top();
    painter.setPen(Ink);
    painter.setFont(layout.title);
    const int titleHeight = QFontMetrics(layout.title, painter.device()).height();
    painter.drawText(QRect(area.left(), y, area.width(), titleHeight), Qt::AlignLeft | Qt::AlignVCenter,
                     m_heading.title);
    y += titleHeight + layout.rowHeight / 2;

    painter.setFont(layout.body);
    QStringList facts{
        tr("Filters: %1").arg(m_heading.filters),
        tr("Generated %1 by %2").arg(BillingText::dateTime(m_heading.generatedAt), m_heading.generatedBy),
        tr("Platform: %1").arg(m_heading.source),
        tr("Rows: %1").arg(QLocale().toString(summary.rows)),
    };
    if (m_table->measureColumn() >= 0)
        facts << tr("%1 in all: %2", "a quantity's title and its total")
                     .arg(m_table->measureTitle(), QLocale().toString(summary.measured));
    for (const QString &fact : facts) {
        painter.drawText(QRect(area.left(), y, area.width(), layout.rowHeight),
                         Qt::AlignLeft | Qt::AlignVCenter, fact);
        y += layout.rowHeight;
    }
    y += layout.rowHeight;

    // One column per summary group: a table of counts, then a bar chart of the same counts.
    const int groups = int(summary.counts.size());
    if (groups == 0)
        return;
    const int gap = layout.rowHeight * 2;
    const int groupWidth = (area.width() - gap * (groups - 1)) / groups;
    const int top = y;
    const QFontMetrics metrics(layout.body, painter.device());
    for (int g = 0; g < groups; ++g) {
        const int column = m_table->summaryColumns().at(g);
        const int x = area.left() + g * (groupWidth + gap);
        y = top;
        const auto words = [&](const QString &code) { return m_table->summaryWords(column, code); };

        painter.fillRect(QRect(x, y, groupWidth, layout.rowHeight), HeaderFill);
        painter.setFont(layout.bold);
        painter.drawText(QRect(x + 4, y, groupWidth - 8, layout.rowHeight), Qt::AlignLeft | Qt::AlignVCenter,
                         m_table->columns().at(column).title);
        painter.drawText(QRect(x + 4, y, groupWidth - 8, layout.rowHeight), Qt::AlignRight | Qt::AlignVCenter,
                         m_table->measureTitle());
        y += layout.rowHeight;
        painter.setFont(layout.body);
        const auto lines = topCounts(summary.counts.at(g), TableEntries, QStringLiteral("\x1f"));
        for (const auto &[code, count] : lines) {
            const QString label = code == QLatin1String("\x1f") ? tr("Other") : words(code);
            painter.drawText(QRect(x + 4, y, groupWidth - 8, layout.rowHeight),
                             Qt::AlignLeft | Qt::AlignVCenter,
                             metrics.elidedText(label, Qt::ElideRight, groupWidth * 2 / 3));
            painter.drawText(QRect(x + 4, y, groupWidth - 8, layout.rowHeight),
                             Qt::AlignRight | Qt::AlignVCenter, QLocale().toString(count));
            painter.setPen(Rule);
            painter.drawLine(x, y + layout.rowHeight, x + groupWidth, y + layout.rowHeight);
            painter.setPen(Ink);
            y += layout.rowHeight;
        }
        y += layout.rowHeight;

        // The chart: horizontal bars, longest first, each labelled with its count.
        const auto bars = topCounts(summary.counts.at(g), ChartEntries, QStringLiteral("\x1f"));
        qint64 largest = 1;
        for (const auto &bar : bars)
            largest = std::max(largest, bar.second);
        const int labelWidth = groupWidth / 3;
        const int barSpace =
            groupWidth - labelWidth - metrics.horizontalAdvance(QLocale().toString(largest)) - 12;
        for (qsizetype b = 0; b < bars.size(); ++b) {
            const auto &[code, count] = bars.at(b);
            const QString label = code == QLatin1String("\x1f") ? tr("Other") : words(code);
            painter.drawText(QRect(x, y, labelWidth - 6, layout.rowHeight), Qt::AlignRight | Qt::AlignVCenter,
                             metrics.elidedText(label, Qt::ElideRight, labelWidth - 6));
            const int length = std::max(1, int(double(barSpace) * double(count) / double(largest)));
            painter.fillRect(QRect(x + labelWidth, y + 3, length, layout.rowHeight - 6),
                             Bars.at(b % Bars.size()));
            painter.drawText(QRect(x + labelWidth + length + 6, y, groupWidth, layout.rowHeight),
                             Qt::AlignLeft | Qt::AlignVCenter, QLocale().toString(count));
            y += layout.rowHeight;
        }
    }
    drawFooter(painter, layout, 1, pages);
}

contract::Result<contract::Done> PdfReportWriter::finish(const ReportSummary &summary)
{
    if (!m_spool.flush() || !m_spool.seek(0))
        return writeFailed(m_path, m_spool.errorString());
    m_spoolStream.setDevice(&m_spool);

    QFile file(m_path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return writeFailed(m_path, file.errorString());
    QPdfWriter pdf(&file);
    pdf.setResolution(Resolution);
    pdf.setPageLayout(QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Landscape, QMarginsF(12, 12, 12, 12),
                                  QPageLayout::Millimeter));
    pdf.setTitle(m_heading.title);
    pdf.setCreator(QStringLiteral("Billing Center Console"));
    QPainter painter;
    if (!painter.begin(&pdf))
        return writeFailed(m_path, tr("the PDF could not be started"));

    Layout layout;
    layout.page = QRect(QPoint(0, 0), pdf.pageLayout().paintRectPixels(Resolution).size());
    layout.body = QFont(QStringLiteral("DejaVu Sans"));
    layout.body.setPointSizeF(7.5);
    // Any letter spacing turns ligatures off: "fi" stays two letters that search and copy find.
    layout.body.setLetterSpacing(QFont::AbsoluteSpacing, 0.1);
    layout.bold = layout.body;
    layout.bold.setBold(true);
    layout.title = layout.body;
    layout.title.setPointSizeF(16);
    layout.title.setBold(true);
    const QFontMetrics metrics(layout.body, &pdf);
    layout.rowHeight = metrics.height() + 6;
    layout.headerHeight = layout.rowHeight;
    layout.footerHeight = layout.rowHeight;
    layout.rowsPerPage = std::max(
        1, (layout.page.height() - layout.headerHeight - layout.footerHeight - layout.rowHeight / 2) /
               layout.rowHeight);
    // Widths by what the columns hold: names and labels get more room than dates and counts.
    QList<int> weights;
    for (int c : std::as_const(m_printed)) {
        const auto type = m_table->columns().at(c).type;
        weights.append(type == contract::ReportColumn::Type::Integer    ? 2
                       : type == contract::ReportColumn::Type::DateTime ? 3
                       : m_table->columns().at(c).key.endsWith(QLatin1String("name")) ||
                               m_table->columns().at(c).key == QLatin1String("payment_method")
                           ? 6
                           : 4);
    }
    const int totalWeight = std::max(1, int(std::accumulate(weights.cbegin(), weights.cend(), 0)));
    for (int w : std::as_const(weights))
        layout.widths.append(layout.page.width() * w / totalWeight);

    const int detailPages = int((summary.rows + layout.rowsPerPage - 1) / layout.rowsPerPage);
    const int pages = 1 + detailPages;
    drawSummaryPage(painter, layout, summary, pages);

    const auto drawHeader = [&] {
        painter.fillRect(
            QRect(layout.page.left(), layout.page.top(), layout.page.width(), layout.headerHeight),
            HeaderFill);
        painter.setFont(layout.bold);
        painter.setPen(Ink);
        int x = layout.page.left();
        for (qsizetype i = 0; i < m_printed.size(); ++i) {
            painter.drawText(QRect(x + 3, layout.page.top(), layout.widths.at(i) - 6, layout.headerHeight),
                             Qt::AlignLeft | Qt::AlignVCenter, m_table->columns().at(m_printed.at(i)).title);
            x += layout.widths.at(i);
        }
        painter.setFont(layout.body);
    };
    QStringList row;
    for (qint64 r = 0; r < summary.rows; ++r) {
        const int onPage = int(r % layout.rowsPerPage);
        if (onPage == 0) {
            if (!pdf.newPage())
                return writeFailed(m_path, tr("a new page could not be started"));
            drawHeader();
            drawFooter(painter, layout, 2 + int(r / layout.rowsPerPage), pages);
            painter.setFont(layout.body);
            painter.setPen(Ink);
        }
        m_spoolStream >> row;
        if (m_spoolStream.status() != QDataStream::Ok)
            return writeFailed(m_path, tr("the spooled rows could not be read back"));
        const int y = layout.page.top() + layout.headerHeight + onPage * layout.rowHeight;
        if (onPage % 2 == 1)
            painter.fillRect(QRect(layout.page.left(), y, layout.page.width(), layout.rowHeight), Band);
        int x = layout.page.left();
        for (qsizetype i = 0; i < row.size() && i < layout.widths.size(); ++i) {
            const int width = layout.widths.at(i) - 6;
            const bool number =
                m_table->columns().at(m_printed.at(i)).type == contract::ReportColumn::Type::Integer;
            painter.drawText(QRect(x + 3, y, width, layout.rowHeight),
                             (number ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignVCenter,
                             metrics.elidedText(row.at(i), Qt::ElideRight, width));
            x += layout.widths.at(i);
        }
    }
    if (!painter.end())
        return writeFailed(m_path, tr("the PDF could not be completed"));
    file.close();
    if (file.error() != QFileDevice::NoError)
        return writeFailed(m_path, file.errorString());
    return contract::Done{};
}

} // namespace billing::reports
