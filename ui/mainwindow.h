#pragma once

#include <QMainWindow>

class QLabel;
class QTabWidget;

namespace billing::services {
class BillingService;
class WorkspaceService;
}

namespace billing::ui {

class CloudAccountsView;
class WorkspaceManagementView;

// The console's main window: Workspace Management and Cloud Accounts as tabs in the centre, the
// platform and its state in the status bar, standard menus and shortcuts; geometry, layout and the
// view last shown are remembered.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
public:
    struct PlatformInfo {
        QString address;   // the platform's base URL
        bool embedded = false;
    };

    MainWindow(services::WorkspaceService *service, services::BillingService *billing, const PlatformInfo &platform,
               QWidget *parent = nullptr);

    WorkspaceManagementView *workspaces() const { return m_workspaces; }
    CloudAccountsView *cloudAccounts() const { return m_cloudAccounts; }
    QTabWidget *views() const { return m_views; }
    QAction *changeBillingMethodAction() const { return m_changeBillingMethod; }
    QAction *bindWorkspacesAction() const { return m_bindWorkspaces; }
    // Opens Change Billing Method for the selected workspace; answers the dialog (tests drive it).
    class ChangeBillingMethodDialog *openChangeBillingMethod();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createActions();
    void createStatusBar();
    void checkPlatform();
    void showAbout();
    void updateWorkspaceActions();
    void openBindWorkspaces();
    void showMessage(const QString &message);

    services::WorkspaceService *m_service;
    services::BillingService *m_billing;
    QAction *m_changeBillingMethod = nullptr;
    QAction *m_bindWorkspaces = nullptr;
    PlatformInfo m_platform;
    WorkspaceManagementView *m_workspaces;
    CloudAccountsView *m_cloudAccounts;
    QTabWidget *m_views;
    QLabel *m_platformLabel;
    QLabel *m_connectionLabel;
    QLabel *m_countLabel;
};

} // namespace billing::ui
