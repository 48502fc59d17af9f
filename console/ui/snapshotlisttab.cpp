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
    // A read the file refuses (a damaged or altered file) is said over the list, not only in the
    // status bar: an empty list alone would read as "the snapshot holds none".
    m_readFailure = new QLabel;
    m_readFailure->setObjectName("readFailure");
    m_readFailure->setWordWrap(true);
    m_readFailure->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_readFailure->setAutoFillBackground(true);
    m_readFailure->setContentsMargins(8, 4, 8, 4);
    QPalette warning = m_readFailure->palette();
    warning.setColor(QPalette::Window, QColor(0xfb, 0xdd, 0xdc));
    warning.setColor(QPalette::WindowText, Qt::black);
    m_readFailure->setPalette(warning);
    m_readFailure->hide();
    connect(this, &SnapshotListTab::readFailed, this, [this](const QString &message) {
        m_readFailure->setText(tr("Cannot read this list: %1").arg(message));
        m_readFailure->show();
        m_count->setText(tr("Not read"));
    });
    connect(list.model, &QAbstractItemModel::rowsInserted, m_readFailure, &QWidget::hide);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(filters);
    layout->addWidget(m_readFailure);
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
