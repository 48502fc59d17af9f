// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "console/services/snapshotreview.h"

#include <QMainWindow>

#include <memory>

class QLabel;
class QMimeData;
class QPushButton;
class QTabWidget;

namespace billing::ui {

class SnapshotTimelineTab;
class SnapshotWorkspacesTab;

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
    void createActions();
    void verify();
    void showVerification(const snapshot::SnapshotVerification &verification);
    void chooseComparison();
    void openExportReport();
    void setBanner(const QString &kind, const QString &html);

    std::unique_ptr<services::SnapshotReview> m_review;
    QLabel *m_banner = nullptr;
    QPushButton *m_trustKey = nullptr;
    QLabel *m_summary = nullptr;
    QTabWidget *m_tabs = nullptr;
    SnapshotWorkspacesTab *m_workspacesTab = nullptr;
    SnapshotTimelineTab *m_timelineTab = nullptr;
    QString m_signer;
    bool m_verified = false;
};

} // namespace billing::ui
