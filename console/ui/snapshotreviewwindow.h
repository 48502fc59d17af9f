// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "console/services/snapshotreview.h"

#include <QMainWindow>

#include <memory>

class QComboBox;
class QMimeData;
class QDateEdit;
class QLabel;
class QLineEdit;
class QPushButton;
class QTabWidget;
class QTableView;
class QTextBrowser;

namespace billing::models {
class AuditTimelineModel;
class WorkspaceTableModel;
} // namespace billing::models

namespace billing::ui {

// Offline review of one audit snapshot file, read-only and with no platform: the integrity banner
// (signature, signer against the pinned key, audit chain, table digests), the workspaces as of the
// snapshot with filters, sort and details, the audit timeline with each event's changes, and a
// comparison with another snapshot.
class SnapshotReviewWindow final : public QMainWindow
{
    Q_OBJECT
public:
    // Opens `path` in a new window (deleted on close); a file that is no snapshot is said in a
    // message box over `parent` instead, and nullptr answered.
    static SnapshotReviewWindow *open(const QString &path, QWidget *parent = nullptr);
    // Asks which file (File → Open Snapshot…), remembering the folder, and opens it.
    static SnapshotReviewWindow *choose(QWidget *parent);
    // The local files a drag carries.
    static QStringList droppedFiles(const QMimeData *mime);
    ~SnapshotReviewWindow() override;

    // What a test or a screenshot waits for.
    bool isVerified() const { return m_verified; }
    QTabWidget *tabs() const { return m_tabs; }
    void compareWith(const QString &newerPath);

Q_SIGNALS:
    void verificationFinished(bool intact);
    void comparisonFinished(bool succeeded);

protected:
    void closeEvent(QCloseEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    explicit SnapshotReviewWindow(std::unique_ptr<services::SnapshotReview> review);
    QWidget *createWorkspacesTab();
    QWidget *createTimelineTab();
    void createActions();
    void verify();
    void showVerification(const snapshot::SnapshotVerification &verification);
    void applyWorkspaceFilters();
    void showWorkspace(const QModelIndex &index);
    void applyTimelineFilters();
    void showAuditEvent(const QModelIndex &index);
    void chooseComparison();
    void openExportReport();
    void setBanner(const QString &kind, const QString &html);

    std::unique_ptr<services::SnapshotReview> m_review;
    QLabel *m_banner = nullptr;
    QPushButton *m_trustKey = nullptr;
    QLabel *m_summary = nullptr;
    QTabWidget *m_tabs = nullptr;
    // Workspaces
    QLineEdit *m_search = nullptr;
    QComboBox *m_status = nullptr;
    QComboBox *m_method = nullptr;
    QTableView *m_workspaceTable = nullptr;
    models::WorkspaceTableModel *m_workspaces = nullptr;
    QTextBrowser *m_workspaceDetail = nullptr;
    QLabel *m_workspaceCount = nullptr;
    // Audit timeline
    QComboBox *m_actor = nullptr;
    QComboBox *m_action = nullptr;
    QLineEdit *m_target = nullptr;
    QDateEdit *m_from = nullptr;
    QDateEdit *m_to = nullptr;
    QTableView *m_timelineTable = nullptr;
    models::AuditTimelineModel *m_timeline = nullptr;
    QTextBrowser *m_eventDetail = nullptr;
    QLabel *m_eventCount = nullptr;
    QString m_signer;
    bool m_verified = false;
};

} // namespace billing::ui
