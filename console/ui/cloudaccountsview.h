// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QTimer>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QSplitter;
class QTableView;
class QToolButton;

namespace billing::services {
class BillingService;
class WorkspaceService;
} // namespace billing::services
namespace billing::models {
class CloudAccountTableModel;
}

namespace billing::ui {

class NoticeBar;

class CloudAccountDetailPanel;

// Cloud Accounts: the marketplace customers that pay for workspaces, searched and filtered by
// marketplace, subscription and sync state, each with its bound workspaces counted by site; the
// detail panel lists the bound workspaces and unbinds or binds them.
class CloudAccountsView final : public QWidget
{
    Q_OBJECT
public:
    CloudAccountsView(services::WorkspaceService *workspaces, services::BillingService *billing,
                      QWidget *parent = nullptr);
    ~CloudAccountsView() override;

    models::CloudAccountTableModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }
    QLineEdit *searchField() const { return m_search; }
    QComboBox *providerFilter() const { return m_provider; }
    QComboBox *subscriptionFilter() const { return m_subscription; }
    QComboBox *syncFilter() const { return m_sync; }
    CloudAccountDetailPanel *detailPanel() const { return m_detailPanel; }

    void focusSearch();
    void clearFilters();
    void refresh();
    // The platform answers again: a stale list reloads by itself.
    void recover();
    bool isStale() const;
    NoticeBar *staleNotice() const { return m_staleNotice; }
    void saveLayout() const;

Q_SIGNALS:
    void statusMessage(const QString &message);
    void workspacesChanged();
    void staleChanged(bool stale);

private:
    void applyFilters();
    void showDetailsForCurrentRow();

    models::CloudAccountTableModel *m_model;
    QLineEdit *m_search;
    QComboBox *m_provider;
    QComboBox *m_subscription;
    QComboBox *m_sync;
    QToolButton *m_clear;
    QLabel *m_count;
    QTableView *m_table;
    QSplitter *m_splitter;
    CloudAccountDetailPanel *m_detailPanel;
    NoticeBar *m_staleNotice;
    QTimer m_searchDelay;
};

} // namespace billing::ui
