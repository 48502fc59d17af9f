// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "foundation/contract/workspace.h"
#include "foundation/contract/workspacequery.h"

#include <QTimer>
#include <QWidget>

#include <optional>

class QAction;
class QComboBox;
class QLabel;
class QLineEdit;
class QSplitter;
class QTableView;
class QToolButton;

namespace billing::services {
class WorkspaceService;
}
namespace billing::models {
class WorkspaceTableModel;
class WorkspaceDetails;
} // namespace billing::models

namespace billing::ui {

class NoticeBar;

class WorkspaceDetailPanel;

// Workspace Management: search and filters over the platform's workspaces, the paged table, and the
// detail panel of the selected workspace.
class WorkspaceManagementView final : public QWidget
{
    Q_OBJECT
public:
    explicit WorkspaceManagementView(services::WorkspaceService *service, QWidget *parent = nullptr);
    ~WorkspaceManagementView() override;

    models::WorkspaceTableModel *model() const { return m_model; }
    models::WorkspaceDetails *details() const { return m_details; }
    QTableView *table() const { return m_table; }
    QLineEdit *searchField() const { return m_search; }
    QComboBox *statusFilter() const { return m_status; }
    QComboBox *billingMethodFilter() const { return m_method; }
    QComboBox *siteFilter() const { return m_site; }
    QComboBox *providerFilter() const { return m_provider; }
    WorkspaceDetailPanel *detailPanel() const { return m_detailPanel; }

    void focusSearch();
    void clearFilters();
    // F5: the rows shown are read again in place (selection and scroll stay); a list never read
    // starts from its first page.
    void refresh();
    // The platform answers again: a stale list reloads in place, by itself.
    void recover();
    bool isStale() const;
    NoticeBar *staleNotice() const { return m_staleNotice; }
    // The Locked preset: locked workspaces, the one closest to dissolution first.
    void showLocked();
    // The workspaces one change locked together (a cancellation): the lock reason and the instant.
    void showLockedTogether(const QString &lockReason, qint64 lockedAt, const QString &caption);
    // Workspaces changed on the platform: the rows shown and the detail panel are read again.
    void workspacesChanged(const QSet<QString> &ids);
    QToolButton *lockedTogetherFilter() const { return m_lockedTogether; }
    void saveLayout() const;
    // The filters the table shows now (search, status, method, site, provider, …).
    contract::WorkspaceQuery filteredQuery() const;

    // What the Workspace menu acts on: the selection.
    // The selected workspace, when exactly one is selected and it has been read.
    std::optional<contract::Workspace> selectedWorkspace() const;
    // Every selected workspace, when each has been read and there are at most `limit`.
    std::optional<QList<contract::Workspace>> selectedWorkspaces(qsizetype limit) const;
    bool hasSelection() const;
    // The selection as ranges of rows of the list as it is now (it may span rows never read), and how
    // many rows they hold; the model's query names the list.
    QList<QPair<qint64, qint64>> selectedRanges(qint64 *count) const;
    // The window's actions on the selection, offered in the table's context menu (nullptr: a separator).
    void addSelectionActions(const QList<QAction *> &actions);
    // A workspace changed from this console: its row and the detail panel show it at once.
    void showChanged(const contract::Workspace &workspace);
    // Whether the detail panel's Change Billing Method may be pressed, and why not.
    void offerChangeBillingMethod(bool offered, const QString &whyNot);

Q_SIGNALS:
    void statusMessage(const QString &message);
    // The selection changed, or what is known of the selected rows did.
    void selectionChanged();
    // Change Billing Method was pressed in the detail panel.
    void changeBillingMethodAsked();
    // The list became stale (the platform stopped answering) or fresh again.
    void staleChanged(bool stale);

private:
    void applyFilters();
    void showDetailsForCurrentRow();
    void loadSites();
    void setLockedTogether(const QString &lockReason, qint64 lockedAt, const QString &caption);
    void clearFilterWidgets();
    void showByUrgency();

    services::WorkspaceService *m_service;
    QToolButton *m_lockedPreset = nullptr;
    QToolButton *m_lockedTogether = nullptr; // shown while the list is one change's locked workspaces
    QString m_lockReason;
    qint64 m_lockedAt = 0;
    models::WorkspaceTableModel *m_model;
    models::WorkspaceDetails *m_details;
    QLineEdit *m_search;
    QComboBox *m_status;
    QComboBox *m_method;
    QComboBox *m_site;
    QComboBox *m_provider;
    QToolButton *m_clear;
    QTableView *m_table;
    QSplitter *m_splitter;
    NoticeBar *m_staleNotice;
    WorkspaceDetailPanel *m_detailPanel;
    QTimer m_searchDelay;
};

} // namespace billing::ui
