// SPDX-License-Identifier: Apache-2.0
#include "console/ui/mainwindow.h"

#include "console/models/billingtext.h"
#include "console/models/workspacedetails.h"
#include "console/models/workspacetablemodel.h"
#include "console/services/billingservice.h"
#include "console/services/platformclient.h"
#include "console/services/platformevents.h"
#include "console/services/storedtokens.h"
#include "console/services/workspaceservice.h"
#include "console/ui/bindworkspacesdialog.h"
#include "console/ui/changebillingmethoddialog.h"
#include "console/ui/cloudaccountpicker.h"
#include "console/ui/cloudaccountsview.h"
#include "console/ui/consolelanguage.h"
#include "console/ui/consolesettings.h"
#include "console/ui/exportreportdialog.h"
#include "console/ui/lockworkspacesdialog.h"
#include "console/ui/marketplaceactivityview.h"
#include "console/ui/meteringview.h"
#include "console/ui/noticebar.h"
#include "console/ui/snapshotreviewwindow.h"
#include "console/ui/workspacedetailpanel.h"
#include "console/ui/workspacemanagementview.h"
#include "foundation/contract/vocabulary.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QCoroTask>
#include <QDateTime>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QPushButton>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QToolBar>
#include <QVBoxLayout>

namespace billing::ui {

namespace v = contract::vocabulary;

MainWindow::MainWindow(services::WorkspaceService *service, services::BillingService *billing,
                       const PlatformInfo &platform, QWidget *parent)
    : QMainWindow(parent)
    , m_service(service)
    , m_billing(billing)
    , m_platform(platform)
    , m_workspaces(new WorkspaceManagementView(service, this))
    , m_cloudAccounts(new CloudAccountsView(service, billing, this))
    , m_activity(new MarketplaceActivityView(billing, this))
    , m_metering(new MeteringView(billing, this))
    , m_views(new QTabWidget(this))
    , m_notice(new NoticeBar(this))
    , m_events(new services::PlatformEvents(service->client(), this))
{
    setObjectName("mainWindow");
    setWindowTitle(platform.embedded ? tr("Billing Center Console — Embedded demo platform")
                                     : tr("Billing Center Console — %1").arg(platform.address));
    m_views->setObjectName("views");
    m_views->setDocumentMode(true);
    m_views->addTab(m_workspaces, tr("Workspace Management"));
    m_views->addTab(m_cloudAccounts, tr("Cloud Accounts"));
    m_views->addTab(m_activity, tr("Marketplace Activity"));
    m_views->addTab(m_metering, tr("Metering"));
    for (int tab = 0; tab < m_views->count(); ++tab) {
        if (m_views->widget(tab)->objectName() == settings::currentView().get())
            m_views->setCurrentIndex(tab);
    }
    auto *centre = new QWidget;
    auto *column = new QVBoxLayout(centre);
    column->setContentsMargins(0, 0, 0, 0);
    column->setSpacing(0);
    column->addWidget(m_notice);
    column->addWidget(m_views, 1);
    setCentralWidget(centre);
    createActions();
    createStatusBar();
    setAcceptDrops(true);
    m_refreshChanged.setSingleShot(true);
    m_refreshChanged.setInterval(150); // one read for a burst (a cancellation is thousands of events)
    connect(&m_refreshChanged, &QTimer::timeout, this, &MainWindow::refreshChanged);
    connect(m_events, &services::PlatformEvents::changed, this, &MainWindow::platformChanged);
    connect(service->client(), &services::PlatformClient::signInRequired, this, &MainWindow::sessionEnded);
    m_events->start();
    resize(1400, 820);
    if (const QByteArray geometry = settings::mainWindowGeometry().get(); !geometry.isEmpty())
        restoreGeometry(geometry);
    if (const QByteArray state = settings::mainWindowState().get(); !state.isEmpty())
        restoreState(state);
    checkPlatform();
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    if (!SnapshotReviewWindow::droppedFiles(event->mimeData()).isEmpty())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent *event)
{
    for (const QString &path : SnapshotReviewWindow::droppedFiles(event->mimeData()))
        SnapshotReviewWindow::open(path, this);
    event->acceptProposedAction();
}

void MainWindow::openExportReport()
{
    const services::PlatformClient *client = m_service->client();
    ExportReportDialog dialog({client->access(), m_staffName}, m_workspaces->filteredQuery(), this);
    if (m_views->currentWidget() == m_metering)
        dialog.propose(m_metering->reportQuery());
    dialog.exec();
}

void MainWindow::signOut(const QString &why)
{
    if (!m_platform.tokens || !m_signOut->isEnabled())
        return;
    m_signOut->setEnabled(false);
    QCoro::connect(m_platform.tokens->remove(QUrl(m_platform.address)), this,
                   [this, why](const contract::Result<contract::Done> &removed) {
                       Q_EMIT signedOut(removed ? why
                                                : tr("%1 The stored token could not be removed: %2")
                                                      .arg(why, removed.problem().message()));
                   });
}

void MainWindow::sessionEnded(const QString &why)
{
    if (m_sessionEnded)
        return; // every request in flight answers 401 now; say it once
    m_sessionEnded = true;
    const QString text = tr("The platform no longer accepts your sign-in: %1").arg(why);
    if (!m_platform.tokens) {
        showMessage(text);
        return;
    }
    QMessageBox box(QMessageBox::Warning, tr("Signed Out"), text, QMessageBox::NoButton, this);
    QPushButton *again = box.addButton(tr("Sign In &Again"), QMessageBox::AcceptRole);
    box.addButton(QMessageBox::Close);
    box.setDefaultButton(again);
    box.exec();
    if (box.clickedButton() == again)
        signOut(text);
}

void MainWindow::createActions()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    m_exportReport = file->addAction(QIcon::fromTheme(QStringLiteral("document-export")),
                                     tr("&Export Report…"), this, &MainWindow::openExportReport);
    m_exportReport->setObjectName("exportReportAction");
    m_exportReport->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    m_exportReport->setStatusTip(tr("Export a subscription report as CSV, XLSX or PDF"));
    QAction *openSnapshot =
        file->addAction(QIcon::fromTheme(QStringLiteral("document-open")), tr("&Open Snapshot…"), this,
                        [this] { SnapshotReviewWindow::choose(this); });
    openSnapshot->setObjectName("openSnapshotAction");
    openSnapshot->setShortcut(QKeySequence::Open);
    openSnapshot->setStatusTip(
        tr("Review an audit snapshot file offline (files can also be dropped on this window)"));
    file->addSeparator();
    // A remote platform's session: Sign Out forgets the stored token and asks for a sign-in again.
    m_signOut = file->addAction(QIcon::fromTheme(QStringLiteral("system-log-out")), tr("Sign &Out"), this,
                                [this] { signOut(tr("You signed out.")); });
    m_signOut->setObjectName("signOutAction");
    m_signOut->setToolTip(tr("Forget the stored staff token and sign in again"));
    m_signOut->setVisible(m_platform.tokens != nullptr);
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    const auto onCloudAccounts = [this] { return m_views->currentWidget() == m_cloudAccounts; };
    QAction *showWorkspaces = view->addAction(tr("&Workspace Management"), this,
                                              [this] { m_views->setCurrentWidget(m_workspaces); });
    showWorkspaces->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_1));
    QAction *showCloudAccounts =
        view->addAction(tr("Cloud &Accounts"), this, [this] { m_views->setCurrentWidget(m_cloudAccounts); });
    showCloudAccounts->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_2));
    QAction *showActivity =
        view->addAction(tr("Marketplace Acti&vity"), this, [this] { m_views->setCurrentWidget(m_activity); });
    showActivity->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_3));
    QAction *showMetering =
        view->addAction(tr("&Metering"), this, [this] { m_views->setCurrentWidget(m_metering); });
    showMetering->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_4));
    view->addSeparator();
    const auto onActivity = [this] { return m_views->currentWidget() == m_activity; };
    const auto onMetering = [this] { return m_views->currentWidget() == m_metering; };
    QAction *find = view->addAction(tr("&Find…"), this, [this, onCloudAccounts, onActivity, onMetering] {
        if (onMetering())
            return m_metering->focusSearch();
        if (onActivity())
            return m_activity->focusSearch();
        onCloudAccounts() ? m_cloudAccounts->focusSearch() : m_workspaces->focusSearch();
    });
    find->setShortcut(QKeySequence::Find);
    QAction *refresh = view->addAction(tr("&Refresh"), this, [this, onCloudAccounts, onActivity, onMetering] {
        if (onMetering())
            m_metering->refresh();
        else if (onActivity())
            m_activity->refresh();
        else
            onCloudAccounts() ? m_cloudAccounts->refresh() : m_workspaces->refresh();
        checkPlatform();
    });
    refresh->setShortcut(QKeySequence::Refresh);
    refresh->setIcon(QIcon::fromTheme(QStringLiteral("view-refresh")));
    QAction *clear =
        view->addAction(tr("&Clear Filters"), this, [this, onCloudAccounts, onActivity, onMetering] {
            if (onMetering())
                return m_metering->clearFilters();
            if (onActivity())
                return m_activity->clearFilters();
            onCloudAccounts() ? m_cloudAccounts->clearFilters() : m_workspaces->clearFilters();
        });
    clear->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L));
    view->addSeparator();
    // The language: the system's, or one chosen here; it takes effect at the next start.
    QMenu *languages = view->addMenu(tr("&Language"));
    languages->setObjectName("languageMenu");
    auto *languageGroup = new QActionGroup(languages);
    const auto addLanguage = [&](const QString &name, const QString &text) {
        QAction *action = languages->addAction(text, this, [this, name] {
            language::choose(name);
            showMessage(tr("The console speaks the chosen language from its next start."));
        });
        action->setCheckable(true);
        action->setChecked(language::chosen() == name);
        action->setData(name);
        languageGroup->addAction(action);
    };
    addLanguage(QString(), tr("&System Language"));
    languages->addSeparator();
    for (const QString &name : language::available()) // each in its own words, as language menus do
        addLanguage(name, QLocale(name).nativeLanguageName() +
                              (name.contains(QLatin1Char('_'))
                                   ? QStringLiteral(" (%1)").arg(QLocale(name).nativeTerritoryName())
                                   : QString()));
    connect(m_views, &QTabWidget::currentChanged, this, &MainWindow::updateWorkspaceActions);
    connect(m_cloudAccounts, &CloudAccountsView::statusMessage, this, &MainWindow::showMessage);
    connect(m_activity, &MarketplaceActivityView::statusMessage, this, &MainWindow::showMessage);
    connect(m_metering, &MeteringView::statusMessage, this, &MainWindow::showMessage);
    connect(m_cloudAccounts, &CloudAccountsView::workspacesChanged, m_workspaces,
            &WorkspaceManagementView::refresh);

    QMenu *workspace = menuBar()->addMenu(tr("&Workspace"));
    m_changeBillingMethod = workspace->addAction(tr("Change &Billing Method…"), this, [this] {
        if (auto *dialog = openChangeBillingMethod())
            dialog->open();
    });
    m_changeBillingMethod->setObjectName("changeBillingMethodAction");
    m_changeBillingMethod->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_B));
    m_changeBillingMethod->setStatusTip(tr("Choose who pays for the selected workspace"));
    m_bindWorkspaces =
        workspace->addAction(tr("Bind to &Cloud Account…"), this, &MainWindow::openBindWorkspaces);
    m_bindWorkspaces->setObjectName("bindWorkspacesAction");
    m_bindWorkspaces->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_K));
    m_bindWorkspaces->setStatusTip(
        tr("Bill the selected workspaces to one marketplace cloud account, all or none"));
    workspace->addSeparator();
    m_lock = workspace->addAction(tr("&Lock…"), this, [this] {
        if (auto *dialog = openLockDialog(true))
            dialog->open();
    });
    m_lock->setObjectName("lockAction");
    m_lock->setShortcut(QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_L));
    m_lock->setStatusTip(
        tr("Lock the selected workspaces (admins): they stop running and are purged after 14 days"));
    m_unlock = workspace->addAction(tr("&Unlock…"), this, [this] {
        if (auto *dialog = openLockDialog(false))
            dialog->open();
    });
    m_unlock->setObjectName("unlockAction");
    m_unlock->setShortcut(QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_U));
    m_unlock->setStatusTip(tr("Unlock the selected workspaces (admins)"));
    m_workspaces->addSelectionActions({m_changeBillingMethod, m_bindWorkspaces, nullptr, m_lock, m_unlock});
    connect(m_workspaces, &WorkspaceManagementView::changeBillingMethodAsked, m_changeBillingMethod,
            &QAction::trigger);
    connect(m_workspaces, &WorkspaceManagementView::selectionChanged, this,
            &MainWindow::updateWorkspaceActions);
    updateWorkspaceActions();

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Billing Center Console"), this, &MainWindow::showAbout);
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);

    QToolBar *toolbar = addToolBar(tr("Main"));
    toolbar->setObjectName("mainToolBar");
    toolbar->addAction(refresh);
    toolbar->addAction(find);
    toolbar->addAction(clear);
    toolbar->addSeparator();
    toolbar->addAction(m_changeBillingMethod);
    toolbar->addAction(m_bindWorkspaces);
    toolbar->addAction(m_lock);
    toolbar->addAction(m_unlock);
}

void MainWindow::updateWorkspaceActions()
{
    // The Workspace menu acts on Workspace Management's selection, so only while it is shown. The
    // platform decides who may do what; the window only spares staff a refusal by saying which role
    // may (docs/access.md).
    namespace role = v::StaffRole;
    const bool mayBill = m_role.isEmpty() || m_role == role::Operator || m_role == role::Admin;
    const bool admin = m_role.isEmpty() || m_role == role::Admin;
    const QString needsOperator =
        tr("Changing billing needs the operator or admin role; you are signed in as %1.")
            .arg(models::BillingText::staffRole(m_role));
    const QString needsAdmin = tr("Locking and unlocking need the admin role; you are signed in as %1.")
                                   .arg(models::BillingText::staffRole(m_role));
    const bool shown = m_views->currentWidget() == m_workspaces;
    const bool one = mayBill && shown && m_workspaces->selectedWorkspace().has_value();
    const QString changeTip = !mayBill ? needsOperator
                              : one    ? tr("Change who pays for the selected workspace (Ctrl+Shift+B)")
                                       : tr("Select one workspace to change its billing method");
    m_changeBillingMethod->setEnabled(one);
    m_changeBillingMethod->setToolTip(changeTip);
    m_workspaces->offerChangeBillingMethod(one, mayBill ? QString() : needsOperator);
    const bool some = mayBill && shown && m_workspaces->hasSelection();
    m_bindWorkspaces->setEnabled(some);
    m_bindWorkspaces->setToolTip(!mayBill ? needsOperator
                                 : some
                                     ? tr("Bind the selected workspaces to one cloud account (Ctrl+Shift+K)")
                                     : tr("Select the workspaces to bind"));
    // Lock takes active workspaces, Unlock locked ones.
    const auto selected =
        shown ? m_workspaces->selectedWorkspaces(contract::BindingReport::MaxWorkspaces) : std::nullopt;
    const auto any = [&](const QString &status) {
        return selected && std::any_of(selected->cbegin(), selected->cend(),
                                       [&](const contract::Workspace &w) { return w.status == status; });
    };
    const bool lockable = admin && any(v::WorkspaceStatus::Active);
    const bool unlockable = admin && any(v::WorkspaceStatus::Locked);
    m_lock->setEnabled(lockable);
    m_lock->setToolTip(!admin     ? needsAdmin
                       : lockable ? tr("Lock the selected active workspaces (Ctrl+Alt+L)")
                                  : tr("Select active workspaces to lock"));
    m_unlock->setEnabled(unlockable);
    m_unlock->setToolTip(!admin       ? needsAdmin
                         : unlockable ? tr("Unlock the selected locked workspaces (Ctrl+Alt+U)")
                                      : tr("Select locked workspaces to unlock"));
    // While the platform does not answer, nothing that changes billing is offered, and each says why.
    if (m_workspaces->isStale()) {
        const QString away = tr("The platform is not answering; this comes back by itself when it does.");
        for (QAction *action : {m_changeBillingMethod, m_bindWorkspaces, m_lock, m_unlock}) {
            action->setEnabled(false);
            action->setToolTip(away);
        }
        m_workspaces->offerChangeBillingMethod(false, away);
    }
}

LockWorkspacesDialog *MainWindow::openLockDialog(bool locking)
{
    auto selected = m_workspaces->selectedWorkspaces(contract::BindingReport::MaxWorkspaces);
    if (!selected)
        return nullptr;
    const QString wanted = locking ? v::WorkspaceStatus::Active : v::WorkspaceStatus::Locked;
    selected->removeIf([&](const contract::Workspace &w) { return w.status != wanted; });
    if (selected->isEmpty())
        return nullptr;
    auto *dialog = new LockWorkspacesDialog(
        m_billing, locking ? LockWorkspacesDialog::Mode::Lock : LockWorkspacesDialog::Mode::Unlock, *selected,
        m_workspaces->model()->now(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog, locking] {
        const QStringList changed = dialog->changed();
        m_workspaces->workspacesChanged(QSet<QString>(changed.cbegin(), changed.cend()));
        statusBar()->showMessage((locking ? tr("%1 locked.") : tr("%1 unlocked."))
                                     .arg(models::BillingText::workspaces(changed.size())),
                                 10000);
    });
    return dialog;
}

void MainWindow::openBindWorkspaces()
{
    // The selection may span rows the table never loaded: ask the platform for their ids.
    qint64 count = 0;
    const QList<QPair<qint64, qint64>> ranges = m_workspaces->selectedRanges(&count);
    if (count == 0)
        return;
    if (count > contract::BindingReport::MaxWorkspaces) {
        statusBar()->showMessage(
            tr("At most %1 workspaces can be bound at once; %2 are selected.")
                .arg(QLocale().toString(contract::BindingReport::MaxWorkspaces), QLocale().toString(count)),
            10000);
        return;
    }
    m_bindWorkspaces->setEnabled(false);
    statusBar()->showMessage(tr("Collecting the %1 selected…").arg(models::BillingText::workspaces(count)));
    QCoro::connect(
        m_service->workspaceIds(m_workspaces->model()->query(), ranges), this,
        [this](const contract::Result<QStringList> &ids) {
            updateWorkspaceActions();
            if (!ids) {
                statusBar()->showMessage(
                    tr("Could not collect the selection: %1").arg(ids.problem().message()), 10000);
                return;
            }
            statusBar()->clearMessage();
            auto *dialog = new BindWorkspacesDialog(m_billing, *ids, this);
            dialog->setAttribute(Qt::WA_DeleteOnClose);
            connect(dialog, &QDialog::accepted, this, [this, dialog] {
                m_workspaces->refresh();
                statusBar()->showMessage(
                    tr("%1 bound to %2.")
                        .arg(models::BillingText::workspaces(dialog->boundCount()), dialog->cloudAccountId()),
                    10000);
            });
            dialog->open();
        });
}

ChangeBillingMethodDialog *MainWindow::openChangeBillingMethod()
{
    const auto workspace = m_workspaces->selectedWorkspace();
    if (!workspace)
        return nullptr;
    auto *dialog = new ChangeBillingMethodDialog(m_service, m_billing, *workspace, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        if (const auto &changed = dialog->changedWorkspace()) {
            m_workspaces->showChanged(*changed);
            statusBar()->showMessage(tr("Billing method of %1 changed.").arg(changed->id), 8000);
        }
    });
    return dialog;
}

void MainWindow::createStatusBar()
{
    m_platformLabel = new QLabel(m_platform.embedded
                                     ? tr("Embedded demo platform (demo data) at %1").arg(m_platform.address)
                                     : tr("Platform %1").arg(m_platform.address));
    m_platformLabel->setAccessibleName(tr("Platform"));
    m_connectionLabel = new QLabel(tr("Connecting…"));
    m_connectionLabel->setObjectName("connectionLabel");
    m_connectionLabel->setAccessibleName(tr("Connection state"));
    m_countLabel = new QLabel;
    m_countLabel->setAccessibleName(tr("Workspace count"));
    m_liveLabel = new QLabel(tr("Live updates: connecting…"));
    m_liveLabel->setObjectName("liveLabel");
    m_liveLabel->setAccessibleName(tr("Live updates"));
    connect(m_events, &services::PlatformEvents::liveChanged, this, [this](bool live) {
        m_live = live;
        if (live) {
            platformAnswered(); // the stream reconnected: the platform is back
            return;
        }
        showConnectionState();
        startProbing(); // is it the platform that went, or only the stream? Asking tells views and dialogs
    });
    m_staffLabel = new QLabel;
    m_staffLabel->setObjectName("staffLabel");
    m_staffLabel->setAccessibleName(tr("Signed in as"));
    QCoro::connect(m_service->session(), this,
                   [this](const contract::Result<services::WorkspaceService::Session> &session) {
                       if (!session)
                           return; // the connection label reports the platform's problem
                       m_role = session->role;
                       m_staffName = session->name;
                       m_staffLabel->setText(
                           tr("%1 (%2)").arg(session->name, models::BillingText::staffRole(session->role)));
                       warnOfTokenExpiry(session->expiresAt, session->serverTime);
                       updateWorkspaceActions();
                   });
    statusBar()->addWidget(m_platformLabel);
    statusBar()->addPermanentWidget(m_staffLabel);
    statusBar()->addPermanentWidget(m_liveLabel);
    statusBar()->addPermanentWidget(m_connectionLabel);
    statusBar()->addPermanentWidget(m_countLabel);

    auto *model = m_workspaces->model();
    connect(model, &models::WorkspaceTableModel::totalChanged, this,
            [this](qint64 total) { m_countLabel->setText(models::BillingText::workspaces(total)); });
    connect(model, &models::WorkspaceTableModel::loadingChanged, this, [this](bool loading) {
        if (loading)
            m_countLabel->setText(tr("Loading…"));
        else
            m_countLabel->setText(models::BillingText::workspaces(m_workspaces->model()->total()));
    });
    connect(m_workspaces, &WorkspaceManagementView::statusMessage, this, &MainWindow::showMessage);
    connect(m_service->client(), &services::PlatformClient::reachabilityChanged, this,
            [this](bool reachable, const QString &message) {
                if (reachable) {
                    platformAnswered();
                } else {
                    m_reachable = false;
                    showConnectionState(message);
                    startProbing(); // views and dialogs learn by the probe when it is back
                }
            });
    const auto staleChanged = [this](bool stale) {
        updateWorkspaceActions();
        if (stale)
            startProbing();
    };
    connect(m_workspaces, &WorkspaceManagementView::staleChanged, this, staleChanged);
    connect(m_cloudAccounts, &CloudAccountsView::staleChanged, this, staleChanged);
    m_probe.setSingleShot(true);
    connect(&m_probe, &QTimer::timeout, this, &MainWindow::probePlatform);
}

void MainWindow::platformChanged(const contract::AuditEvent &event)
{
    if (event.targetType == v::AuditTarget::Workspace) {
        m_changedWorkspaces.insert(event.targetId);
        if (event.action == v::AuditAction::WorkspaceLockedByCancellation)
            ++m_lockedByRequest[event.requestId];
    } else if (event.targetType == v::AuditTarget::CloudAccount) {
        m_cloudAccountsChanged = true;
        if (event.action == v::AuditAction::CloudAccountCancelled)
            announceCancellation(event, m_lockedByRequest.take(event.requestId));
        else
            announceSubscriptionChange(event);
    }
    if (!m_refreshChanged.isActive())
        m_refreshChanged.start();
}

void MainWindow::refreshChanged()
{
    if (!m_changedWorkspaces.isEmpty())
        m_workspaces->workspacesChanged(std::exchange(m_changedWorkspaces, {}));
    if (std::exchange(m_cloudAccountsChanged, false)) {
        m_cloudAccounts->refresh();
        // Open dialogs offer a cloud account the moment it can pay (their choice is kept).
        for (CloudAccountPicker *picker : findChildren<CloudAccountPicker *>())
            picker->search();
    }
}

void MainWindow::announceCancellation(const contract::AuditEvent &event, qint64 lockedWorkspaces)
{
    // The cloud account's name and marketplace make the sentence; its id stands in if it cannot be read.
    QCoro::connect(
        m_service->cloudAccount(event.targetId), this,
        [this, event, lockedWorkspaces](const contract::Result<contract::CloudAccount> &cloud) {
            const QString marketplace =
                cloud ? models::BillingText::provider(cloud->provider) : tr("Marketplace");
            const QString name = cloud ? models::BillingText::cloudAccountName(*cloud) : event.targetId;
            const QString text =
                tr("%1: subscription of %2 cancelled — %3 locked.")
                    .arg(marketplace, name, models::BillingText::workspaces(lockedWorkspaces));
            const QString caption =
                tr("Cancellation of %1, %2").arg(name, models::BillingText::dateTime(event.at));
            m_notice->showNotice(NoticeBar::Kind::Warning, text, tr("Show These Workspaces"),
                                 [this, event, caption] {
                                     m_views->setCurrentWidget(m_workspaces);
                                     m_workspaces->showLockedTogether(
                                         v::LockReason::CloudSubscriptionCancelled, event.at, caption);
                                 });
        });
}

void MainWindow::announceSubscriptionChange(const contract::AuditEvent &event)
{
    const QJsonObject before = QJsonDocument::fromJson(event.before).object();
    const QJsonObject after = QJsonDocument::fromJson(event.after).object();
    const QString sync = after.value("sync_state").toString();
    const QString subscription = after.value("subscription_state").toString();
    const bool syncMoved = sync != before.value("sync_state").toString();
    const bool subscriptionMoved = subscription != before.value("subscription_state").toString();
    if (!syncMoved && !subscriptionMoved)
        return; // a plan or quantity change: the views refresh, nothing to announce
    QCoro::connect(
        m_service->cloudAccount(event.targetId), this,
        [this, event, sync, subscription, syncMoved](const contract::Result<contract::CloudAccount> &cloud) {
            if (!cloud)
                return; // the Cloud Accounts view shows it once it can be read
            const QString marketplace = models::BillingText::provider(cloud->provider);
            const QString name = models::BillingText::cloudAccountName(*cloud);
            QString text;
            bool warning = false;
            if (event.action == v::AuditAction::CloudAccountRegistered) {
                text = tr("%1: %2 registered; waiting for the marketplace to confirm the subscription (%3).")
                           .arg(marketplace, name, models::BillingText::syncState(sync).toLower());
            } else if (syncMoved && sync == v::SyncState::Synced &&
                       subscription == v::SubscriptionState::Subscribed) {
                text = tr("%1: %2 is subscribed and synced; it can pay for workspaces now.")
                           .arg(marketplace, name);
            } else if (syncMoved && sync == v::SyncState::Failed) {
                text = tr("%1: syncing %2 failed. %3").arg(marketplace, name, cloud->syncMessage);
                warning = true;
            } else {
                text = tr("%1: %2 is now %3 (%4).")
                           .arg(marketplace, name,
                                models::BillingText::subscriptionState(subscription).toLower(),
                                models::BillingText::syncState(sync).toLower());
                warning = subscription !=
                          v::SubscriptionState::Subscribed; // suspended, unsubscribe pending, failed
            }
            for (ChangeBillingMethodDialog *dialog : findChildren<ChangeBillingMethodDialog *>())
                dialog->showSubscriptionProgress(text);
            const QString id = cloud->id;
            m_notice->showNotice(warning ? NoticeBar::Kind::Warning : NoticeBar::Kind::Information, text,
                                 tr("Show Cloud Account"), [this, id] {
                                     m_views->setCurrentWidget(m_cloudAccounts);
                                     m_cloudAccounts->clearFilters();
                                     m_cloudAccounts->searchField()->setText(id);
                                 });
        });
}

void MainWindow::warnOfTokenExpiry(qint64 expiresAt, qint64 serverTime)
{
    // A week ahead, by the platform's clock: time to ask an administrator for a new token.
    constexpr qint64 Week = 7 * v::DayMs;
    if (expiresAt == 0 || serverTime == 0 || expiresAt - serverTime > Week)
        return;
    const qint64 daysLeft = std::max<qint64>(0, (expiresAt - serverTime) / v::DayMs);
    const QString when = QLocale().toString(QDateTime::fromMSecsSinceEpoch(expiresAt), QLocale::ShortFormat);
    const QString text =
        daysLeft == 0 ? tr("Your API token expires within a day, at %1. Ask an administrator for a new one "
                           "(billing-platform staff rotate) and sign in with it.")
                            .arg(when)
                      : tr("Your API token expires in %1 days, at %2. Ask an administrator for a new one "
                           "(billing-platform staff rotate) and sign in with it.")
                            .arg(daysLeft)
                            .arg(when);
    m_staffLabel->setText(tr("%1, token expires %2").arg(m_staffLabel->text(), when));
    m_staffLabel->setToolTip(text);
    m_notice->showNotice(NoticeBar::Kind::Warning, text, QString(), {});
}

void MainWindow::showMessage(const QString &message)
{
    statusBar()->showMessage(message, 10000);
}

void MainWindow::startProbing()
{
    if (m_probe.isActive() || m_probing)
        return;
    m_probeDelayMs = 1000;
    m_probe.start(m_probeDelayMs);
}

void MainWindow::probePlatform()
{
    m_probing = true;
    QCoro::connect(m_service->health(), this, [this](const auto &health) {
        m_probing = false;
        if (health)
            return; // the client said it is reachable: platformAnswered() reloads
        m_probeDelayMs = std::min(m_probeDelayMs * 2, 30000);
        m_probe.start(m_probeDelayMs);
    });
}

void MainWindow::platformAnswered()
{
    // Every answer says the platform is reachable; only the first after an outage reloads.
    const bool wasAway = !m_reachable || m_probe.isActive();
    m_reachable = true;
    m_probe.stop();
    showConnectionState();
    if (!wasAway)
        return;
    // What was shown while the platform was away is read again where it stands; the events missed
    // meanwhile come from the stream's Last-Event-ID replay.
    m_workspaces->recover();
    m_cloudAccounts->recover();
}

void MainWindow::showConnectionState(const QString &problem)
{
    // One state, said once: connected and live, connected with live updates reconnecting, or offline.
    if (!m_reachable) {
        m_connectionLabel->setText(tr("Offline"));
        m_connectionLabel->setToolTip(problem);
        m_liveLabel->setText(tr("Live updates paused"));
        m_liveLabel->setToolTip(tr("Changes made elsewhere appear once the platform answers again"));
        return;
    }
    m_connectionLabel->setText(tr("Connected"));
    m_liveLabel->setText(m_live ? tr("Live") : tr("Live updates reconnecting…"));
    m_liveLabel->setToolTip(m_live
                                ? tr("Changes made by others and by the marketplaces appear as they happen")
                                : tr("Changes made elsewhere appear once live updates are back"));
}

void MainWindow::checkPlatform()
{
    QCoro::connect(m_service->health(), this, [this](const auto &health) {
        if (!health) {
            statusBar()->showMessage(
                models::BillingText::problemAndRemedy(
                    tr("The platform did not answer: %1").arg(health.problem().message()),
                    tr("Press F5 to try again.")),
                10000);
            return;
        }
        m_connectionLabel->setText(tr("Connected"));
        m_connectionLabel->setToolTip(
            tr("Platform version %1, %2 storage").arg(health->version, health->storage));
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
    m_cloudAccounts->saveLayout();
    m_activity->saveLayout();
    m_metering->saveLayout();
    settings::currentView().set(m_views->currentWidget()->objectName());
    event->accept();
}

} // namespace billing::ui
