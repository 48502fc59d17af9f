// SPDX-License-Identifier: Apache-2.0
#include "console/ui/snapshotcomparisontab.h"

#include "console/models/snapshotcomparisonmodel.h"
#include "console/ui/tablecolumns.h"

#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QTableView>
#include <QVBoxLayout>

namespace billing::ui {

SnapshotComparisonTab::SnapshotComparisonTab(const services::SnapshotReview::Comparison &comparison,
                                             const QString &newerFile, QWidget *parent)
    : QWidget(parent)
{
    setObjectName("comparisonTab");
    const snapshot::SnapshotDiffSummary &s = comparison.summary;
    const QLocale locale;
    auto *layout = new QVBoxLayout(this);
    auto *counts =
        new QLabel(tr("Against <b>%1</b>: <b>%2</b> added, <b>%3</b> removed, <b>%4</b> changed "
                      "(billing method %5, cloud account %6, lock %7).")
                       .arg(newerFile.toHtmlEscaped(), locale.toString(s.added), locale.toString(s.removed),
                            locale.toString(s.changed), locale.toString(s.billingMethodChanged),
                            locale.toString(s.cloudAccountChanged), locale.toString(s.lockChanged)));
    counts->setObjectName("comparisonCounts");
    counts->setWordWrap(true);
    layout->addWidget(counts);
    if (s.added + s.removed + s.changed > comparison.changes.size())
        layout->addWidget(
            new QLabel(tr("The first %1 are listed; `billing-console snapshot diff` writes them all.")
                           .arg(locale.toString(comparison.changes.size()))));
    auto *table = new QTableView;
    table->setObjectName("comparisonTable");
    table->setAccessibleName(tr("Workspaces that differ"));
    table->setModel(new models::SnapshotComparisonModel(comparison.changes, table));
    setUpListTable(table, QAbstractItemView::ExtendedSelection);
    sizeColumns(table, {"Changed", "ws-0000000", "Fourth Coffee Health", "Credit card → Cloud account",
                        "ca-0000000 → ca-0000000", "Active → Locked (Cloud subscription cancelled)"});
    table->horizontalHeader()->setStretchLastSection(true);
    layout->addWidget(table, 1);
}

} // namespace billing::ui
