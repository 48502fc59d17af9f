#pragma once

#include <QHeaderView>
#include <QTableView>

namespace billing::ui {

// Starting widths of a list's columns: wide enough for a typical value and for the column's title.
// People widen what they need, and the header state is remembered.
inline void sizeColumns(QTableView *table, const QStringList &typicalValues)
{
    QHeaderView *header = table->horizontalHeader();
    for (int column = 0; column < typicalValues.size(); ++column) {
        const QString title = table->model()->headerData(column, Qt::Horizontal).toString();
        header->resizeSection(column, std::max(table->fontMetrics().horizontalAdvance(typicalValues.at(column)),
                                               header->fontMetrics().horizontalAdvance(title)) + 24);
    }
}

} // namespace billing::ui
