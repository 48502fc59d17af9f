// SPDX-License-Identifier: Apache-2.0
#include "console/ui/snapshotlisttab.h"

#include "console/ui/tablecolumns.h"

#include <QBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QSplitter>
#include <QTableView>
#include <QTextBrowser>

namespace billing::ui {

SnapshotListTab::SnapshotListTab(services::SnapshotReview *review, QWidget *parent)
    : QWidget(parent)
    , m_review(review)
{
}

void SnapshotListTab::layOut(QBoxLayout *filters, const List &list)
{
    m_count = new QLabel;
    filters->addWidget(m_count);
    m_table = new QTableView;
    m_table->setObjectName(list.name);
    m_table->setAccessibleName(list.accessibleName);
    m_table->setModel(list.model);
    setUpListTable(m_table, QAbstractItemView::SingleSelection);
    sizeColumns(m_table, list.widths);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_detail = new QTextBrowser;
    m_detail->setObjectName(list.detailName);
    m_detail->setAccessibleName(list.detailAccessibleName);
    m_detail->setPlaceholderText(list.placeholder);

    auto *splitter = new QSplitter(Qt::Horizontal);
    splitter->addWidget(m_table);
    splitter->addWidget(m_detail);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, list.detailShare);
    splitter->setChildrenCollapsible(false);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(filters);
    layout->addWidget(splitter, 1);
}

QString SnapshotListTab::fieldTable(const QList<QPair<QString, QString>> &rows)
{
    QString html = QStringLiteral("<table cellspacing=\"2\" cellpadding=\"2\">");
    for (const auto &[name, value] : rows)
        html += QStringLiteral("<tr><td><b>%1</b></td><td>%2</td></tr>")
                    .arg(name.toHtmlEscaped(), value.toHtmlEscaped());
    return html + QStringLiteral("</table>");
}

} // namespace billing::ui
