#include "ui/mainwindow.h"

#include "models/workspacetablemodel.h"
#include "services/platformclient.h"
#include "services/workspaceservice.h"
#include "ui/consolesettings.h"
#include "ui/workspacemanagementview.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QCoroTask>
#include <QLabel>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QStatusBar>
#include <QToolBar>

namespace billing::ui {

MainWindow::MainWindow(services::WorkspaceService *service, const PlatformInfo &platform, QWidget *parent)
    : QMainWindow(parent)
    , m_service(service)
    , m_platform(platform)
    , m_workspaces(new WorkspaceManagementView(service, this))
{
    setObjectName("mainWindow");
    setWindowTitle(platform.embedded ? tr("Billing Center Console — Embedded demo platform")
                                     : tr("Billing Center Console — %1").arg(platform.address));
    setCentralWidget(m_workspaces);
    createActions();
    createStatusBar();
    resize(1400, 820);
    if (const QByteArray geometry = settings::mainWindowGeometry().get(); !geometry.isEmpty())
        restoreGeometry(geometry);
    if (const QByteArray state = settings::mainWindowState().get(); !state.isEmpty())
        restoreState(state);
    checkPlatform();
}

void MainWindow::createActions()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    QAction *find = view->addAction(tr("&Find Workspaces…"), m_workspaces, &WorkspaceManagementView::focusSearch);
    find->setShortcut(QKeySequence::Find);
    QAction *refresh = view->addAction(tr("&Refresh"), this, [this] {
        m_workspaces->refresh();
        checkPlatform();
    });
    refresh->setShortcut(QKeySequence::Refresh);
    refresh->setIcon(QIcon::fromTheme(QStringLiteral("view-refresh")));
    QAction *clear = view->addAction(tr("&Clear Filters"), m_workspaces, &WorkspaceManagementView::clearFilters);
    clear->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L));

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Billing Center Console"), this, &MainWindow::showAbout);
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);

    QToolBar *toolbar = addToolBar(tr("Main"));
    toolbar->setObjectName("mainToolBar");
    toolbar->addAction(refresh);
    toolbar->addAction(find);
    toolbar->addAction(clear);
}

void MainWindow::createStatusBar()
{
    m_platformLabel = new QLabel(m_platform.embedded ? tr("Embedded demo platform (demo data) at %1").arg(m_platform.address)
                                                     : tr("Platform %1").arg(m_platform.address));
    m_platformLabel->setAccessibleName(tr("Platform"));
    m_connectionLabel = new QLabel(tr("Connecting…"));
    m_connectionLabel->setAccessibleName(tr("Connection state"));
    m_countLabel = new QLabel;
    m_countLabel->setAccessibleName(tr("Workspace count"));
    statusBar()->addWidget(m_platformLabel);
    statusBar()->addPermanentWidget(m_connectionLabel);
    statusBar()->addPermanentWidget(m_countLabel);

    auto *model = m_workspaces->model();
    connect(model, &models::WorkspaceTableModel::totalChanged, this, [this](qint64 total) {
        m_countLabel->setText(tr("%1 workspaces").arg(QLocale().toString(total)));
    });
    connect(model, &models::WorkspaceTableModel::loadingChanged, this, [this](bool loading) {
        if (loading)
            m_countLabel->setText(tr("Loading…"));
        else
            m_countLabel->setText(tr("%1 workspaces").arg(QLocale().toString(m_workspaces->model()->total())));
    });
    connect(m_workspaces, &WorkspaceManagementView::statusMessage, this,
            [this](const QString &message) { statusBar()->showMessage(message, 10000); });
    connect(m_service->client(), &services::PlatformClient::reachabilityChanged, this,
            [this](bool reachable, const QString &message) {
                m_connectionLabel->setText(reachable ? tr("Connected") : tr("Offline"));
                m_connectionLabel->setToolTip(message);
            });
}

void MainWindow::checkPlatform()
{
    QCoro::connect(m_service->health(), this, [this](const auto &health) {
        if (!health) {
            m_connectionLabel->setText(tr("Offline"));
            m_connectionLabel->setToolTip(health.problem().message());
            statusBar()->showMessage(tr("The platform did not answer: %1 Press F5 to try again.").arg(health.problem().message()), 10000);
            return;
        }
        m_connectionLabel->setText(tr("Connected"));
        m_connectionLabel->setToolTip(tr("Platform version %1, %2 storage").arg(health->version, health->storage));
    });
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About Billing Center Console"),
                       tr("<h3>Billing Center Console %1</h3>"
                          "<p>Workspace billing administration for billing staff: billing methods, cloud "
                          "marketplace accounts, locks, reports and audit snapshots.</p>")
                           .arg(QApplication::applicationVersion()));
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    settings::mainWindowGeometry().set(saveGeometry());
    settings::mainWindowState().set(saveState());
    m_workspaces->saveLayout();
    event->accept();
}

} // namespace billing::ui
