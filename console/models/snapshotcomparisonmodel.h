// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "foundation/snapshot/snapshotdiff.h"

#include <QAbstractTableModel>

namespace billing::models {

// The workspaces that differ between two snapshots, one row each: what happened to it (added, removed,
// changed), and its billing method, cloud account and status as "before → after" where they moved.
class SnapshotComparisonModel final : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        ChangeColumn,
        IdColumn,
        NameColumn,
        BillingMethodColumn,
        CloudAccountColumn,
        StatusColumn,
        ColumnCount
    };

    explicit SnapshotComparisonModel(QList<snapshot::WorkspaceChange> changes, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    // The text of one cell, as the table shows it.
    QString text(const snapshot::WorkspaceChange &change, int column) const;

private:
    QList<snapshot::WorkspaceChange> m_changes;
};

} // namespace billing::models
