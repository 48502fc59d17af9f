// SPDX-License-Identifier: Apache-2.0
#include "console/ui/snapshotreviewwindow.h"

#include "console/models/billingtext.h"
#include "console/reports/snapshotreportsource.h"
#include "console/services/signingkeypins.h"
#include "console/ui/consolesettings.h"
#include "console/ui/exportreportdialog.h"
#include "console/ui/snapshotcomparisontab.h"
#include "console/ui/snapshottimelinetab.h"
#include "console/ui/snapshotworkspacestab.h"

#include <QCloseEvent>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QPushButton>
#include <QStatusBar>
#include <QTabBar>
#include <QTabWidget>
#include <QVBoxLayout>

namespace billing::ui {

using models::BillingText;

namespace {
QString htmlEscaped(const QString &text)
{
    return text.toHtmlEscaped();
}
} // namespace

QStringList SnapshotReviewWindow::droppedFiles(const QMimeData *mime)
{
    QStringList files;
    for (const QUrl &url : mime->urls()) {
        if (url.isLocalFile())
            files.append(url.toLocalFile());
    }
    return files;
}

SnapshotReviewWindow *SnapshotReviewWindow::choose(QWidget *parent)
{
    const QString path =
        QFileDialog::getOpenFileName(parent, tr("Open Snapshot"), settings::snapshotFolder().get(),
                                     tr("Snapshots (*.snapshot);;All files (*)"));
    if (path.isEmpty())
        return nullptr;
    settings::snapshotFolder().set(QFileInfo(path).absolutePath());
    return open(path, parent);
}

SnapshotReviewWindow *SnapshotReviewWindow::open(const QString &path, QWidget *parent)
{
    auto review = services::SnapshotReview::open(path);
    if (!review) {
        QMessageBox::warning(parent, tr("Cannot Open Snapshot"),
                             tr("%1\n\n%2").arg(QDir::toNativeSeparators(path), review.problem().message()));
        return nullptr;
    }
    auto *window = new SnapshotReviewWindow(std::move(review).value());
    window->show();
    return window;
}

SnapshotReviewWindow::SnapshotReviewWindow(std::unique_ptr<services::SnapshotReview> review)
    : m_review(std::move(review))
{
    setAttribute(Qt::WA_DeleteOnClose);
    setAcceptDrops(true);
    setObjectName("snapshotReviewWindow");
    const snapshot::SnapshotManifest &manifest = m_review->manifest();
    setWindowTitle(tr("Snapshot Review — %1").arg(QFileInfo(m_review->path()).fileName()));

    auto *bannerFrame = new QFrame;
    bannerFrame->setObjectName("integrityBanner");
    bannerFrame->setAutoFillBackground(true);
    auto *bannerRow = new QHBoxLayout(bannerFrame);
    m_banner = new QLabel;
    m_banner->setWordWrap(true);
    m_banner->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_banner->setObjectName("integrityText");
    m_banner->setAccessibleName(tr("Integrity"));
    bannerRow->addWidget(m_banner, 1);
    m_trustKey = new QPushButton(tr("&Trust This Key"));
    m_trustKey->setToolTip(
        tr("Pin this signing key for platform %1 after comparing its fingerprint with the platform's")
            .arg(manifest.platformId));
    m_trustKey->setObjectName("trustKeyButton");
    m_trustKey->hide();
    connect(m_trustKey, &QPushButton::clicked, this, [this] {
        services::SigningKeyPins::trust(m_review->manifest().platformId, {m_signer});
        verify();
    });
    bannerRow->addWidget(m_trustKey);

    const QString events = manifest.audit.lastSeq ? tr("audit events %1–%2")
                                                        .arg(QLocale().toString(manifest.audit.firstSeq),
                                                             QLocale().toString(manifest.audit.lastSeq))
                                                  : tr("no audit events");
    m_summary = new QLabel(
        tr("Snapshot <b>%1</b> of platform <b>%2</b> (version %3), made %4 by <b>%5</b> · %6 · %7")
            .arg(htmlEscaped(manifest.snapshotId), htmlEscaped(manifest.platformId),
                 htmlEscaped(manifest.platformVersion),
                 htmlEscaped(BillingText::dateTime(manifest.createdAt)), htmlEscaped(manifest.createdBy),
                 htmlEscaped(BillingText::workspaces(manifest.tables.value("workspaces").rows)),
                 htmlEscaped(events)));
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_summary->setContentsMargins(8, 4, 8, 4);

    m_tabs = new QTabWidget;
    m_tabs->setDocumentMode(true);
    m_workspacesTab = new SnapshotWorkspacesTab(m_review.get());
    m_timelineTab = new SnapshotTimelineTab(m_review.get());
    m_tabs->addTab(m_workspacesTab, tr("&Workspaces"));
    m_tabs->addTab(m_timelineTab, tr("Audit &Timeline"));
    connect(m_workspacesTab, &SnapshotWorkspacesTab::auditEventsAsked, this,
            [this](const QString &workspaceId) {
                m_timelineTab->showEventsOf(workspaceId);
                m_tabs->setCurrentWidget(m_timelineTab);
            });
    connect(m_workspacesTab, &SnapshotWorkspacesTab::readFailed, this, [this](const QString &message) {
        statusBar()->showMessage(tr("Cannot read the snapshot: %1").arg(message));
    });
    connect(m_timelineTab, &SnapshotTimelineTab::readFailed, this, [this](const QString &message) {
        statusBar()->showMessage(tr("Cannot read the audit trail: %1").arg(message));
    });
    m_tabs->setTabsClosable(true);
    for (int fixed = 0; fixed < m_tabs->count(); ++fixed) // only comparisons close
        m_tabs->tabBar()->setTabButton(fixed, QTabBar::RightSide, nullptr);
    connect(m_tabs, &QTabWidget::tabCloseRequested, this, [this](int index) {
        if (index >= 2) // the comparisons; the two views of the snapshot stay
            delete m_tabs->widget(index);
    });

    auto *centre = new QWidget;
    auto *column = new QVBoxLayout(centre);
    column->setContentsMargins(0, 0, 0, 0);
    column->setSpacing(0);
    column->addWidget(bannerFrame);
    column->addWidget(m_summary);
    column->addWidget(m_tabs, 1);
    setCentralWidget(centre);
    createActions();
    statusBar()->showMessage(tr("Read-only: %1").arg(QDir::toNativeSeparators(m_review->path())));

    resize(1300, 800);
    if (const QByteArray geometry = settings::snapshotReviewGeometry().get(); !geometry.isEmpty())
        restoreGeometry(geometry);
    verify();
}

SnapshotReviewWindow::~SnapshotReviewWindow() = default;

void SnapshotReviewWindow::createActions()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *open = file->addAction(QIcon::fromTheme(QStringLiteral("document-open")), tr("&Open Snapshot…"),
                                    this, [this] { SnapshotReviewWindow::choose(this); });
    open->setShortcut(QKeySequence::Open);
    QAction *compare = file->addAction(tr("&Compare With…"), this, &SnapshotReviewWindow::chooseComparison);
    compare->setObjectName("compareSnapshotsAction");
    compare->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_D));
    compare->setStatusTip(tr("Compare this snapshot with a newer one, workspace by workspace"));
    QAction *exportReport =
        file->addAction(QIcon::fromTheme(QStringLiteral("document-export")), tr("&Export Report…"), this,
                        &SnapshotReviewWindow::openExportReport);
    exportReport->setObjectName("exportReportAction");
    exportReport->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    exportReport->setStatusTip(
        tr("Export a report as of this snapshot, with the workspace filters filled in"));
    QAction *reverify = file->addAction(tr("&Verify Again"), this, &SnapshotReviewWindow::verify);
    reverify->setShortcut(QKeySequence::Refresh);
    file->addSeparator();
    QAction *close = file->addAction(tr("&Close"), this, &QWidget::close);
    close->setShortcut(QKeySequence::Close);
}

void SnapshotReviewWindow::verify()
{
    m_verified = false;
    m_trustKey->setObjectName("trustKeyButton");
    m_trustKey->hide();
    setBanner(
        QStringLiteral("busy"),
        tr("Verifying the signature, the audit chain and every table… The snapshot can be read meanwhile."));
    QCoro::connect(m_review->verify(), this, [this](const snapshot::SnapshotVerification &verification) {
        showVerification(verification);
    });
}

void SnapshotReviewWindow::showVerification(const snapshot::SnapshotVerification &verification)
{
    m_verified = true;
    m_signer = verification.signerFingerprint;
    const snapshot::SnapshotManifest &manifest = m_review->manifest();
    const bool pinned = !services::SigningKeyPins::trusted(manifest.platformId).isEmpty();
    if (!verification.problems.isEmpty()) {
        QString html = tr("<b>This file is not what the platform wrote.</b>") +
                       QStringLiteral("<ul style=\"margin:0\">");
        for (const contract::Problem &problem : verification.problems)
            html += QStringLiteral("<li>%1</li>").arg(htmlEscaped(problem.message()));
        html += QStringLiteral("</ul>") + tr("Signed by %1.").arg(htmlEscaped(m_signer));
        setBanner(QStringLiteral("bad"), html);
        // What the manifest says is now a claim, not a fact.
        if (!m_summary->text().startsWith(tr("As the file claims: ")))
            m_summary->setText(tr("As the file claims: ") + m_summary->text());
    } else if (!pinned) {
        setBanner(QStringLiteral("warning"),
                  tr("<b>Signature, audit chain and all tables verified</b>, but "
                     "no signing key is pinned for platform %1 on this "
                     "computer. Compare the signer's fingerprint <b>%2</b> with "
                     "the platform's before relying on the file.")
                      .arg(htmlEscaped(manifest.platformId), htmlEscaped(m_signer)));
        m_trustKey->show();
    } else {
        setBanner(QStringLiteral("good"), tr("<b>Verified:</b> signed by the key pinned for platform %1 "
                                             "(%2); the audit chain and all %3 tables match "
                                             "the signed manifest.")
                                              .arg(htmlEscaped(manifest.platformId), htmlEscaped(m_signer))
                                              .arg(manifest.tables.size()));
    }
    Q_EMIT verificationFinished(verification.intact() && verification.signerPinned);
}

void SnapshotReviewWindow::setBanner(const QString &kind, const QString &html)
{
    // Colours that read in light and dark themes alike; the words say the same for those who cannot see them.
    static const QHash<QString, QPair<QColor, QString>> looks{
        {QStringLiteral("busy"), {QColor(0xe3, 0xee, 0xfa), QStringLiteral("⏳")}},
        {QStringLiteral("good"), {QColor(0xdf, 0xf3, 0xe4), QStringLiteral("✔")}},
        {QStringLiteral("warning"), {QColor(0xfd, 0xf1, 0xd6), QStringLiteral("⚠")}},
        {QStringLiteral("bad"), {QColor(0xfb, 0xdd, 0xdc), QStringLiteral("✘")}}};
    const auto look = looks.value(kind);
    QWidget *frame = m_banner->parentWidget();
    QPalette palette = frame->palette();
    palette.setColor(QPalette::Window, look.first);
    palette.setColor(QPalette::WindowText, Qt::black);
    frame->setPalette(palette);
    m_banner->setPalette(palette);
    m_banner->setText(QStringLiteral("<span style=\"font-size:large\">%1</span> %2").arg(look.second, html));
}

void SnapshotReviewWindow::chooseComparison()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Compare With a Newer Snapshot"),
                                                      QFileInfo(m_review->path()).absolutePath(),
                                                      tr("Snapshots (*.snapshot);;All files (*)"));
    if (!path.isEmpty())
        compareWith(path);
}

void SnapshotReviewWindow::compareWith(const QString &newerPath)
{
    constexpr int MaxRows = 10000;
    const QString newerFile = QFileInfo(newerPath).fileName();
    statusBar()->showMessage(tr("Comparing with %1…").arg(newerFile));
    QCoro::connect(m_review->compareWith(newerPath, MaxRows), this,
                   [this, newerFile](const auto &comparison) {
                       statusBar()->clearMessage();
                       if (!comparison) {
                           QMessageBox::warning(this, tr("Cannot Compare"), comparison.problem().message());
                           Q_EMIT comparisonFinished(false);
                           return;
                       }
                       auto *tab = new SnapshotComparisonTab(*comparison, newerFile);
                       m_tabs->setCurrentIndex(m_tabs->addTab(tab, tr("Compared with %1").arg(newerFile)));
                       Q_EMIT comparisonFinished(true);
                   });
}

void SnapshotReviewWindow::openExportReport()
{
    // Offline: who exports is this computer's user; the rows are the snapshot's, verified again first.
    ExportReportDialog dialog({{}, reports::SnapshotReportSource::localUser(), m_review->path()},
                              m_workspacesTab->query(), this);
    dialog.exec();
}

void SnapshotReviewWindow::closeEvent(QCloseEvent *event)
{
    settings::snapshotReviewGeometry().set(saveGeometry());
    QMainWindow::closeEvent(event);
}

void SnapshotReviewWindow::dragEnterEvent(QDragEnterEvent *event)
{
    if (!droppedFiles(event->mimeData()).isEmpty())
        event->acceptProposedAction();
}

void SnapshotReviewWindow::dropEvent(QDropEvent *event)
{
    for (const QString &path : droppedFiles(event->mimeData()))
        SnapshotReviewWindow::open(path, this);
    event->acceptProposedAction();
}

} // namespace billing::ui
