// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "console/ui/snapshotlisttab.h"
#include "foundation/contract/workspacequery.h"

class QComboBox;
class QModelIndex;

namespace billing::models {
class WorkspaceTableModel;
}

namespace billing::ui {

// Snapshot Review's Workspaces tab: the workspaces as of the snapshot, searched, filtered and sorted,
// and the selected one with its owner and cloud account as the snapshot holds them.
class SnapshotWorkspacesTab final : public SnapshotListTab
{
    Q_OBJECT
public:
    explicit SnapshotWorkspacesTab(services::SnapshotReview *review, QWidget *parent = nullptr);

    // The list's search and filters, for a report "as the list shows".
    contract::WorkspaceQuery query() const;

Q_SIGNALS:
    // Staff asked for the audit events of this workspace.
    void auditEventsAsked(const QString &workspaceId);

private:
    void applyFilters();
    void showWorkspace(const QModelIndex &index);

    QLineEdit *m_search = nullptr;
    QComboBox *m_status = nullptr;
    QComboBox *m_method = nullptr;
    models::WorkspaceTableModel *m_workspaces = nullptr;
};

} // namespace billing::ui
