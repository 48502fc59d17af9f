// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QHeaderView>
#include <QTableView>

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

} // namespace billing::ui
