// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QHeaderView>
#include <QTableView>
#include <QTreeWidget>

namespace billing::ui {

// A list of records: whole rows selected, fixed row height (a million rows: nothing sized to
// contents: measuring a million rows freezes the view), Tab leaves the table instead of walking its cells.
inline void setUpListTable(QTableView *table, QAbstractItemView::SelectionMode selection)
{
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setSelectionMode(selection);
    table->setAlternatingRowColors(true);
    table->setWordWrap(false);
    table->setTabKeyNavigation(false);
    table->verticalHeader()->hide();
    table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 8);
}

// Starting widths of a list's columns: wide enough for a typical value and for the column's title.
// People widen what they need, and the header state is remembered.
inline void sizeColumns(QTableView *table, const QStringList &typicalValues)
{
    QHeaderView *header = table->horizontalHeader();
    for (int column = 0; column < typicalValues.size(); ++column) {
        const QString title = table->model()->headerData(column, Qt::Horizontal).toString();
        header->resizeSection(column,
                              std::max(table->fontMetrics().horizontalAdvance(typicalValues.at(column)),
                                       header->fontMetrics().horizontalAdvance(title)) +
                                  24);
    }
}

// A short list of records (a panel's or a view's, not a million rows): flat, rows of one height in
// alternating colours, columns people widen, the last taking what is left.
inline QTreeWidget *makeRecordList(const QStringList &headers, const QString &accessibleName,
                                   const QString &objectName = {})
{
    auto *list = new QTreeWidget;
    list->setObjectName(objectName);
    list->setAccessibleName(accessibleName);
    list->setHeaderLabels(headers);
    list->setRootIsDecorated(false);
    list->setUniformRowHeights(true);
    list->setAlternatingRowColors(true);
    list->header()->setSectionResizeMode(QHeaderView::Interactive);
    list->header()->setStretchLastSection(true);
    return list;
}

} // namespace billing::ui
