#pragma once

#include <QMainWindow>

class QLabel;

namespace billing::services {
class WorkspaceService;
}

namespace billing::ui {

class WorkspaceManagementView;

// The console's main window: Workspace Management in the centre, the platform and its state in the
// status bar, standard menus and shortcuts; geometry and layout are remembered.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
public:
    struct PlatformInfo {
        QString address;   // the platform's base URL
        bool embedded = false;
    };

    MainWindow(services::WorkspaceService *service, const PlatformInfo &platform, QWidget *parent = nullptr);

    WorkspaceManagementView *workspaces() const { return m_workspaces; }

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createActions();
    void createStatusBar();
    void checkPlatform();
    void showAbout();

    services::WorkspaceService *m_service;
    PlatformInfo m_platform;
    WorkspaceManagementView *m_workspaces;
    QLabel *m_platformLabel;
    QLabel *m_connectionLabel;
    QLabel *m_countLabel;
};

} // namespace billing::ui
