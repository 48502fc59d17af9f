// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "foundation/contract/auditevent.h"
#include "foundation/contract/workspace.h"

#include <QHash>
#include <QMainWindow>
#include <QSet>
#include <QTimer>

class QLabel;
class QTabWidget;

namespace billing::services {
class BillingService;
class PlatformEvents;
class StoredTokens;
class WorkspaceService;
} // namespace billing::services

namespace billing::ui {

class CloudAccountsView;
class MarketplaceActivityView;
class MeteringView;
class NoticeBar;
class WorkspaceManagementView;

// The console's main window: Workspace Management and Cloud Accounts as tabs in the centre, the
// platform and its state in the status bar, standard menus and shortcuts; geometry, layout and the
// view last shown are remembered.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
public:
    struct PlatformInfo {
        QString address; // the platform's base URL
        bool embedded = false;
        services::StoredTokens *tokens =
            nullptr; // a remote platform's sign-in: File → Sign Out; none embedded
    };

    MainWindow(services::WorkspaceService *service, services::BillingService *billing,
               const PlatformInfo &platform, QWidget *parent = nullptr);

    WorkspaceManagementView *workspaces() const { return m_workspaces; }
    CloudAccountsView *cloudAccounts() const { return m_cloudAccounts; }
    MarketplaceActivityView *marketplaceActivity() const { return m_activity; }
    MeteringView *metering() const { return m_metering; }
    QTabWidget *views() const { return m_views; }
    NoticeBar *notice() const { return m_notice; }
    services::PlatformEvents *events() const { return m_events; }
    QAction *changeBillingMethodAction() const { return m_changeBillingMethod; }
    QAction *bindWorkspacesAction() const { return m_bindWorkspaces; }
    QAction *lockAction() const { return m_lock; }
    QAction *unlockAction() const { return m_unlock; }
    // Opens Lock or Unlock for the selected workspaces that can take it; answers the dialog (tests drive it).
    class LockWorkspacesDialog *openLockDialog(bool locking);
    // Opens Change Billing Method for the selected workspace; answers the dialog (tests drive it).
    class ChangeBillingMethodDialog *openChangeBillingMethod();
    QAction *signOutAction() const { return m_signOut; }

Q_SIGNALS:
    // The session is over (Sign Out, or a token the platform no longer takes, and the user chose to sign
    // in again); the stored token is already forgotten. `why` is for the sign-in dialog.
    void signedOut(const QString &why);

protected:
    void closeEvent(QCloseEvent *event) override;
    // Snapshot files dropped on the window open for review.
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void createActions();
    void createStatusBar();
    void checkPlatform();
    void showAbout();
    void signOut(const QString &why);
    // A 401: the token was revoked, expired or replaced since the session began.
    void sessionEnded(const QString &why);
    void updateWorkspaceActions();
    void openBindWorkspaces();
    void openExportReport();
    void showMessage(const QString &message);
    // The token's end, once it is a week or less away: in the status bar and a notice.
    void warnOfTokenExpiry(qint64 expiresAt, qint64 serverTime);
    // Live updates: what the platform's event stream says changed is read again, a moment later and
    // once for a burst; a cancellation is announced.
    void platformChanged(const contract::AuditEvent &event);
    void refreshChanged();
    void announceCancellation(const contract::AuditEvent &event, qint64 lockedWorkspaces);
    // A cloud account's subscription or sync state moved (the seeds' sync-status pop-up, for staff).
    void announceSubscriptionChange(const contract::AuditEvent &event);

    services::WorkspaceService *m_service;
    services::BillingService *m_billing;
    QAction *m_changeBillingMethod = nullptr;
    QAction *m_bindWorkspaces = nullptr;
    QAction *m_lock = nullptr;
    QAction *m_exportReport = nullptr;
    QAction *m_unlock = nullptr;
    QAction *m_signOut = nullptr;
    bool m_sessionEnded = false;
    PlatformInfo m_platform;
    WorkspaceManagementView *m_workspaces;
    CloudAccountsView *m_cloudAccounts;
    MarketplaceActivityView *m_activity;
    MeteringView *m_metering;
    QTabWidget *m_views;
    NoticeBar *m_notice;
    services::PlatformEvents *m_events;
    QTimer m_refreshChanged;
    QSet<QString> m_changedWorkspaces;
    bool m_cloudAccountsChanged = false;
    QHash<QString, qint64> m_lockedByRequest; // a cancellation's workspace locks, counted by request id
    QLabel *m_liveLabel;
    QLabel *m_staffLabel;
    QString m_staffName;
    QString m_role; // empty until the platform says; the platform decides every request regardless
    QLabel *m_platformLabel;
    QLabel *m_connectionLabel;
    QLabel *m_countLabel;
    // While what is shown is stale: /v1/health asked after 1, 2, 4 … 30 s until the platform answers.
    QTimer m_probe;
    int m_probeDelayMs = 1000;
    bool m_probing = false; // a probe waits for its answer
    bool m_live = false;
    bool m_reachable = true;
    void startProbing();
    void probePlatform();
    void platformAnswered();
    void showConnectionState(const QString &problem = {});
};

} // namespace billing::ui
