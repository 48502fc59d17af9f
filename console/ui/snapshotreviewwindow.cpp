// SPDX-License-Identifier: Apache-2.0
#include "console/ui/snapshotreviewwindow.h"

#include "console/models/audittimelinemodel.h"
#include "console/models/billingtext.h"
#include "console/models/workspacetablemodel.h"
#include "console/reports/snapshotreportsource.h"
#include "console/services/signingkeypins.h"
#include "console/ui/consolesettings.h"
#include "console/ui/exportreportdialog.h"
#include "console/ui/filterbar.h"
#include "console/ui/tablecolumns.h"
#include "foundation/contract/vocabulary.h"

#include <QCloseEvent>
#include <QDateEdit>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QPushButton>
#include <QSplitter>
#include <QStandardItemModel>
#include <QStatusBar>
#include <QTabBar>
#include <QTabWidget>
#include <QTableView>
#include <QTextBrowser>
#include <QTimer>
#include <QVBoxLayout>

namespace billing::ui {

using models::BillingText;
namespace v = contract::vocabulary;

namespace {
QString esc(const QString &text)
{
    return text.toHtmlEscaped();
}

// A definition list as an HTML table: the detail panels' one layout.
QString fieldTable(const QList<QPair<QString, QString>> &rows)
{
    QString html = QStringLiteral("<table cellspacing=\"2\" cellpadding=\"2\">");
    for (const auto &[name, value] : rows)
        html += QStringLiteral("<tr><td><b>%1</b></td><td>%2</td></tr>").arg(esc(name), esc(value));
    return html + QStringLiteral("</table>");
}

// A snapshot's account as staff read it (the detail panel of the live console says the same).
QList<QPair<QString, QString>> accountFields(const contract::Account &a)
{
    const QString card = a.hasCreditCard ? QStringLiteral("%1 %2").arg(a.creditCard.brand, a.creditCard.last4)
                                         : SnapshotReviewWindow::tr("None on file");
    return {{SnapshotReviewWindow::tr("Account"), a.id},
            {SnapshotReviewWindow::tr("Email"), a.email},
            {SnapshotReviewWindow::tr("Credit card"), card},
            {SnapshotReviewWindow::tr("Available credits"), BillingText::money(a.availableCredits)},
            {SnapshotReviewWindow::tr("Linked cloud account"), a.linkedCloudAccountId},
            {SnapshotReviewWindow::tr("Any method allowed"),
             a.anyMethodAllowed ? SnapshotReviewWindow::tr("Yes") : SnapshotReviewWindow::tr("No")},
            {SnapshotReviewWindow::tr("Created"), BillingText::dateTime(a.createdAt)}};
}

QList<QPair<QString, QString>> cloudAccountFields(const contract::CloudAccount &c)
{
    const bool azure = c.provider == v::Provider::Azure;
    return {{SnapshotReviewWindow::tr("Cloud account"), c.id},
            {SnapshotReviewWindow::tr("Name"), c.displayName},
            {SnapshotReviewWindow::tr("Marketplace"), BillingText::provider(c.provider)},
            {SnapshotReviewWindow::tr("Subscription"), BillingText::subscriptionState(c.subscriptionState)},
            {SnapshotReviewWindow::tr("Sync"), BillingText::syncState(c.syncState)},
            {azure ? SnapshotReviewWindow::tr("SaaS subscription")
                   : SnapshotReviewWindow::tr("Customer identifier"),
             azure ? c.azureSubscriptionId : c.customerIdentifier}};
}

// A tab of the review: its filter bar over a list with its detail panel beside it.
QWidget *listWithDetail(QBoxLayout *filters, QTableView *list, QTextBrowser *detail, int detailShare)
{
    auto *splitter = new QSplitter(Qt::Horizontal);
    splitter->addWidget(list);
    splitter->addWidget(detail);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, detailShare);
    splitter->setChildrenCollapsible(false);
    auto *tab = new QWidget;
    auto *layout = new QVBoxLayout(tab);
    layout->addLayout(filters);
    layout->addWidget(splitter, 1);
    return tab;
}

// Typing in a search field applies once the typist pauses, not at every key.
template<typename Slot>
void applyAfterTyping(QLineEdit *field, SnapshotReviewWindow *window, Slot slot)
{
    auto *typing = new QTimer(field);
    typing->setSingleShot(true);
    typing->setInterval(250);
    QObject::connect(typing, &QTimer::timeout, window, slot);
    QObject::connect(field, &QLineEdit::textEdited, typing, qOverload<>(&QTimer::start));
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
        services::SigningKeyPins::pin(m_review->manifest().platformId, m_signer);
        verify();
    });
    bannerRow->addWidget(m_trustKey);

    const QString events = manifest.audit.lastSeq ? tr("audit events %1–%2")
                                                        .arg(QLocale().toString(manifest.audit.firstSeq),
                                                             QLocale().toString(manifest.audit.lastSeq))
                                                  : tr("no audit events");
    m_summary = new QLabel(
        tr("Snapshot <b>%1</b> of platform <b>%2</b> (version %3), made %4 by <b>%5</b> · %6 · %7")
            .arg(esc(manifest.snapshotId), esc(manifest.platformId), esc(manifest.platformVersion),
                 esc(BillingText::dateTime(manifest.createdAt)), esc(manifest.createdBy),
                 esc(BillingText::workspaces(manifest.tables.value("workspaces").rows)), esc(events)));
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_summary->setContentsMargins(8, 4, 8, 4);

    m_tabs = new QTabWidget;
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(createWorkspacesTab(), tr("&Workspaces"));
    m_tabs->addTab(createTimelineTab(), tr("Audit &Timeline"));
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
    applyWorkspaceFilters();
    applyTimelineFilters();
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

QWidget *SnapshotReviewWindow::createWorkspacesTab()
{
    auto *filters = new QHBoxLayout;
    m_search = new QLineEdit;
    m_search->setPlaceholderText(tr("Search workspace id or name"));
    m_search->setAccessibleName(tr("Search workspaces"));
    m_search->setObjectName("workspaceSearch");
    m_search->setClearButtonEnabled(true);
    filters->addWidget(m_search, 2);
    m_status = filterBox(tr("Status filter"), v::WorkspaceStatus::all(), &BillingText::workspaceStatus);
    m_status->setObjectName("statusFilter");
    addFilter(filters, tr("&Status:"), m_status);
    m_method = filterBox(tr("Billing method filter"), v::BillingMethod::all(), &BillingText::billingMethod);
    m_method->setObjectName("billingMethodFilter");
    addFilter(filters, tr("&Billing method:"), m_method);
    m_workspaceCount = new QLabel;
    filters->addWidget(m_workspaceCount);

    m_workspaces = new models::WorkspaceTableModel(m_review.get(), this);
    // Days left as of the moment the snapshot was taken, not today.
    m_workspaces->setNow([created = m_review->manifest().createdAt] { return created; });
    m_workspaceTable = new QTableView;
    m_workspaceTable->setObjectName("snapshotWorkspaceTable");
    m_workspaceTable->setAccessibleName(tr("Workspaces in the snapshot"));
    m_workspaceTable->setModel(m_workspaces);
    setUpListTable(m_workspaceTable, QAbstractItemView::SingleSelection);
    m_workspaceTable->setSortingEnabled(true);
    m_workspaceTable->horizontalHeader()->setSortIndicator(models::WorkspaceTableModel::IdColumn,
                                                           Qt::AscendingOrder);
    sizeColumns(m_workspaceTable,
                {"ws-0000000", "Fourth Coffee Health", "acct-0000000", "ap-singapore", "Commercial",
                 "Prepaid credits", "ca-0000000", "Dissolved", "14 days left", "2026-11-23 00:00"});
    m_workspaceTable->horizontalHeader()->setStretchLastSection(true);
    m_workspaceDetail = new QTextBrowser;
    m_workspaceDetail->setObjectName("workspaceDetail");
    m_workspaceDetail->setAccessibleName(tr("Workspace details"));
    m_workspaceDetail->setOpenLinks(false);
    m_workspaceDetail->setPlaceholderText(
        tr("Select a workspace to see it, its owner and its cloud account as the snapshot holds them."));
    connect(m_workspaceDetail, &QTextBrowser::anchorClicked, this, [this](const QUrl &url) {
        // "Show its events": the timeline filtered to this workspace.
        m_target->setText(url.fragment());
        m_actor->setCurrentIndex(0);
        m_action->setCurrentIndex(0);
        applyTimelineFilters();
        m_tabs->setCurrentIndex(1);
    });
    QWidget *tab = listWithDetail(filters, m_workspaceTable, m_workspaceDetail, 1);
    applyAfterTyping(m_search, this, &SnapshotReviewWindow::applyWorkspaceFilters);
    connect(m_status, &QComboBox::currentIndexChanged, this, &SnapshotReviewWindow::applyWorkspaceFilters);
    connect(m_method, &QComboBox::currentIndexChanged, this, &SnapshotReviewWindow::applyWorkspaceFilters);
    connect(m_workspaces, &models::WorkspaceTableModel::totalChanged, this,
            [this](qint64 total) { m_workspaceCount->setText(BillingText::workspaces(total)); });
    connect(m_workspaces, &models::WorkspaceTableModel::loadFailed, this, [this](const QString &message) {
        statusBar()->showMessage(tr("Cannot read the snapshot: %1").arg(message));
    });
    connect(m_workspaceTable->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) { showWorkspace(current); });
    return tab;
}

void SnapshotReviewWindow::applyWorkspaceFilters()
{
    contract::WorkspaceQuery query = m_workspaces->query();
    query.q = m_search->text().trimmed();
    query.status = m_status->currentData().toString();
    query.billingMethod = m_method->currentData().toString();
    m_workspaces->setQuery(query);
}

void SnapshotReviewWindow::showWorkspace(const QModelIndex &index)
{
    const auto workspace = m_workspaces->workspaceAt(index.row());
    if (!workspace) {
        m_workspaceDetail->clear();
        return;
    }
    const contract::Workspace w = *workspace;
    QList<QPair<QString, QString>> fields{{tr("Workspace"), w.id},
                                          {tr("Name"), w.name},
                                          {tr("Owner account"), w.accountId},
                                          {tr("Site"), w.site},
                                          {tr("Plan"), BillingText::plan(w.plan)},
                                          {tr("Billing method"), BillingText::billingMethod(w.billingMethod)},
                                          {tr("Cloud account"), w.cloudAccountId},
                                          {tr("Status"), BillingText::workspaceStatus(w.status)}};
    if (w.hasLock())
        fields +=
            {{tr("Locked"),
              tr("%1 since %2 by %3")
                  .arg(BillingText::lockReason(w.lock.reason), BillingText::dateTime(w.lock.at), w.lock.by)},
             {tr("Days left then"), BillingText::daysLeft(w.lock.daysLeft(m_review->manifest().createdAt))},
             {tr("Note"), w.lock.note}};
    fields +=
        {{tr("Version"), QString::number(w.version)}, {tr("Updated"), BillingText::dateTime(w.updatedAt)}};
    const QString workspaceHtml =
        QStringLiteral("<h3>%1</h3>").arg(esc(w.name)) + fieldTable(fields) +
        QStringLiteral("<p><a href=\"#%1\">%2</a></p>").arg(esc(w.id), tr("Show its audit events"));
    m_workspaceDetail->setHtml(workspaceHtml);
    // The owner and the cloud account as the snapshot holds them, appended when read, unless another
    // workspace was selected meanwhile.
    const auto stillShown = [this, id = w.id] {
        const auto current = m_workspaces->workspaceAt(m_workspaceTable->currentIndex().row());
        return current && current->id == id;
    };
    QCoro::connect(
        m_review->account(w.accountId), this, [this, w, workspaceHtml, stillShown](const auto &account) {
            if (!stillShown() || !account || !*account)
                return;
            QString html = workspaceHtml + QStringLiteral("<h4>%1</h4>").arg(tr("Owner account")) +
                           fieldTable(accountFields(**account));
            m_workspaceDetail->setHtml(html);
            if (w.cloudAccountId.isEmpty())
                return;
            QCoro::connect(
                m_review->cloudAccount(w.cloudAccountId), this, [this, html, stillShown](const auto &cloud) {
                    if (!stillShown() || !cloud || !*cloud)
                        return;
                    m_workspaceDetail->setHtml(html + QStringLiteral("<h4>%1</h4>").arg(tr("Cloud account")) +
                                               fieldTable(cloudAccountFields(**cloud)));
                });
        });
}

QWidget *SnapshotReviewWindow::createTimelineTab()
{
    auto *filters = new QHBoxLayout;
    m_actor = filterBox(tr("Actor filter"), {}, nullptr);
    m_actor->setObjectName("actorFilter");
    addFilter(filters, tr("&Actor:"), m_actor);
    m_action = filterBox(tr("Action filter"), {}, nullptr);
    m_action->setObjectName("actionFilter");
    addFilter(filters, tr("A&ction:"), m_action);
    m_target = new QLineEdit;
    m_target->setPlaceholderText(tr("Workspace or other target id"));
    m_target->setAccessibleName(tr("Target filter"));
    m_target->setObjectName("targetFilter");
    m_target->setClearButtonEnabled(true);
    filters->addWidget(m_target, 1);
    const auto dateFilter = [&](const QString &caption, const QString &name) {
        auto *edit = new QDateEdit;
        edit->setCalendarPopup(true);
        edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
        edit->setMinimumDate(QDate(2000, 1, 1));
        edit->setSpecialValueText(tr("Any"));
        edit->setDate(edit->minimumDate());
        edit->setAccessibleName(name);
        auto *label = new QLabel(caption);
        label->setBuddy(edit);
        filters->addWidget(label);
        filters->addWidget(edit);
        return edit;
    };
    m_from = dateFilter(tr("&From:"), tr("From day (UTC)"));
    m_to = dateFilter(tr("T&o:"), tr("To day (UTC), inclusive"));
    m_eventCount = new QLabel;
    filters->addWidget(m_eventCount);
    for (const QByteArray column : {QByteArray("actor"), QByteArray("action")}) {
        QComboBox *box = column == "actor" ? m_actor : m_action;
        QCoro::connect(m_review->auditValues(column), this,
                       [box](const contract::Result<QStringList> &values) {
                           if (!values)
                               return;
                           for (const QString &value : *values)
                               box->addItem(value, value);
                       });
    }

    m_timeline = new models::AuditTimelineModel(m_review.get(), this);
    m_timelineTable = new QTableView;
    m_timelineTable->setObjectName("auditTimelineTable");
    m_timelineTable->setAccessibleName(tr("Audit timeline"));
    m_timelineTable->setModel(m_timeline);
    setUpListTable(m_timelineTable, QAbstractItemView::SingleSelection);
    sizeColumns(m_timelineTable, {"10000000", "2026-11-23 00:00", "marketplace:azure",
                                  "workspace.billing_method", "ws-0000000"});
    m_timelineTable->horizontalHeader()->setStretchLastSection(true);
    m_eventDetail = new QTextBrowser;
    m_eventDetail->setObjectName("eventDetail");
    m_eventDetail->setAccessibleName(tr("Audit event details"));
    m_eventDetail->setPlaceholderText(
        tr("Select an event to see who did what, and each field before and after."));
    QWidget *tab = listWithDetail(filters, m_timelineTable, m_eventDetail, 2);
    applyAfterTyping(m_target, this, &SnapshotReviewWindow::applyTimelineFilters);
    for (QComboBox *box : {m_actor, m_action})
        connect(box, &QComboBox::currentIndexChanged, this, &SnapshotReviewWindow::applyTimelineFilters);
    for (QDateEdit *edit : {m_from, m_to})
        connect(edit, &QDateEdit::dateChanged, this, &SnapshotReviewWindow::applyTimelineFilters);
    connect(m_timeline, &models::AuditTimelineModel::totalChanged, this,
            [this](qint64 total) { m_eventCount->setText(tr("%1 events").arg(QLocale().toString(total))); });
    connect(m_timeline, &models::AuditTimelineModel::loadFailed, this, [this](const QString &message) {
        statusBar()->showMessage(tr("Cannot read the audit trail: %1").arg(message));
    });
    connect(m_timelineTable->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) { showAuditEvent(current); });
    return tab;
}

void SnapshotReviewWindow::applyTimelineFilters()
{
    snapshot::SnapshotFile::AuditFilter filter;
    filter.actor = m_actor->currentData().toString();
    filter.action = m_action->currentData().toString();
    filter.targetId = m_target->text().trimmed();
    if (m_from->date() != m_from->minimumDate())
        filter.from = QDateTime(m_from->date(), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
    if (m_to->date() != m_to->minimumDate())
        filter.to = QDateTime(m_to->date().addDays(1), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
    m_eventDetail->clear();
    m_timeline->setFilter(filter);
}

void SnapshotReviewWindow::showAuditEvent(const QModelIndex &index)
{
    const contract::AuditEvent *e = m_timeline->eventAt(index.row());
    if (!e) {
        m_eventDetail->clear();
        return;
    }
    QString html = QStringLiteral("<h3>%1</h3>").arg(tr("Event %1: %2").arg(e->seq).arg(esc(e->action))) +
                   fieldTable({{tr("Time"), BillingText::dateTime(e->at)},
                               {tr("Actor"), e->actor},
                               {tr("Target"), QStringLiteral("%1 %2").arg(e->targetType, e->targetId)},
                               {tr("Note"), e->note},
                               {tr("Request"), e->requestId},
                               {tr("Hash"), e->hash},
                               {tr("Chained to"), e->prevHash}});
    const QList<models::AuditFieldChange> changes = models::auditChanges(*e);
    html += QStringLiteral("<h4>%1</h4>").arg(tr("What changed"));
    if (changes.isEmpty()) {
        html += QStringLiteral("<p>%1</p>").arg(tr("No field changed."));
    } else {
        html += QStringLiteral("<table cellspacing=\"2\" cellpadding=\"4\"><tr><th align=\"left\">%1</th><th "
                               "align=\"left\">%2</th><th align=\"left\">%3</th></tr>")
                    .arg(tr("Field"), tr("Before"), tr("After"));
        for (const auto &change : changes)
            html +=
                QStringLiteral("<tr><td><b>%1</b></td><td><span style=\"color:#b3261e\"><s>%2</s></span></td>"
                               "<td><span style=\"color:#1b6e2a\">%3</span></td></tr>")
                    .arg(esc(change.field), esc(change.before), esc(change.after));
        html += QStringLiteral("</table>");
    }
    m_eventDetail->setHtml(html);
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
    const bool pinned = services::SigningKeyPins::pinned(manifest.platformId).has_value();
    if (!verification.problems.isEmpty()) {
        QString html = tr("<b>This file is not what the platform wrote.</b>") +
                       QStringLiteral("<ul style=\"margin:0\">");
        for (const contract::Problem &problem : verification.problems)
            html += QStringLiteral("<li>%1</li>").arg(esc(problem.message()));
        html += QStringLiteral("</ul>") + tr("Signed by %1.").arg(esc(m_signer));
        setBanner(QStringLiteral("bad"), html);
        // What the manifest says is now a claim, not a fact.
        if (!m_summary->text().startsWith(tr("As the file claims: ")))
            m_summary->setText(tr("As the file claims: ") + m_summary->text());
    } else if (!pinned) {
        setBanner(QStringLiteral("warning"), tr("<b>Signature, audit chain and all tables verified</b>, but "
                                                "no signing key is pinned for platform %1 on this "
                                                "computer. Compare the signer's fingerprint <b>%2</b> with "
                                                "the platform's before relying on the file.")
                                                 .arg(esc(manifest.platformId), esc(m_signer)));
        m_trustKey->show();
    } else {
        setBanner(QStringLiteral("good"), tr("<b>Verified:</b> signed by the key pinned for platform %1 "
                                             "(%2); the audit chain and all %3 tables match "
                                             "the signed manifest.")
                                              .arg(esc(manifest.platformId), esc(m_signer))
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
    statusBar()->showMessage(tr("Comparing with %1…").arg(QFileInfo(newerPath).fileName()));
    QCoro::connect(
        m_review->compareWith(newerPath, MaxRows), this, [this, newerPath](const auto &comparison) {
            statusBar()->clearMessage();
            if (!comparison) {
                QMessageBox::warning(this, tr("Cannot Compare"), comparison.problem().message());
                Q_EMIT comparisonFinished(false);
                return;
            }
            const snapshot::SnapshotDiffSummary &s = comparison->summary;
            auto *tab = new QWidget;
            tab->setObjectName("comparisonTab");
            auto *layout = new QVBoxLayout(tab);
            auto *counts = new QLabel(
                tr("Against <b>%1</b>: <b>%2</b> added, <b>%3</b> removed, <b>%4</b> changed "
                   "(billing method %5, cloud account %6, lock %7).")
                    .arg(esc(QFileInfo(newerPath).fileName()), QLocale().toString(s.added),
                         QLocale().toString(s.removed), QLocale().toString(s.changed),
                         QLocale().toString(s.billingMethodChanged),
                         QLocale().toString(s.cloudAccountChanged), QLocale().toString(s.lockChanged)));
            counts->setObjectName("comparisonCounts");
            counts->setWordWrap(true);
            layout->addWidget(counts);
            const qint64 all = s.added + s.removed + s.changed;
            if (all > comparison->changes.size())
                layout->addWidget(
                    new QLabel(tr("The first %1 are listed; `billing-console snapshot diff` writes them all.")
                                   .arg(QLocale().toString(comparison->changes.size()))));
            auto *model = new QStandardItemModel(0, 6, tab);
            model->setHorizontalHeaderLabels({tr("Change"), tr("Workspace"), tr("Name"), tr("Billing method"),
                                              tr("Cloud account"), tr("Status")});
            const auto transition = [](const QString &before, const QString &after,
                                       QString (*text)(const QString &)) {
                const auto word = [text](const QString &value) { return text ? text(value) : value; };
                return before == after ? word(after)
                                       : QStringLiteral("%1 → %2").arg(word(before), word(after));
            };
            for (const snapshot::WorkspaceChange &c : comparison->changes) {
                const QString kind = c.kind == snapshot::WorkspaceChange::Kind::Added     ? tr("Added")
                                     : c.kind == snapshot::WorkspaceChange::Kind::Removed ? tr("Removed")
                                                                                          : tr("Changed");
                const QString status =
                    transition(c.statusBefore, c.statusAfter, &BillingText::workspaceStatus) +
                    (c.lockReasonAfter.isEmpty()
                         ? QString()
                         : QStringLiteral(" (%1)").arg(BillingText::lockReason(c.lockReasonAfter)));
                QList<QStandardItem *> row{
                    new QStandardItem(kind),
                    new QStandardItem(c.id),
                    new QStandardItem(c.name),
                    new QStandardItem(
                        transition(c.billingMethodBefore, c.billingMethodAfter, &BillingText::billingMethod)),
                    new QStandardItem(transition(c.cloudAccountBefore, c.cloudAccountAfter, nullptr)),
                    new QStandardItem(status)};
                for (QStandardItem *item : row)
                    item->setEditable(false);
                model->appendRow(row);
            }
            auto *table = new QTableView;
            table->setObjectName("comparisonTable");
            table->setAccessibleName(tr("Workspaces that differ"));
            table->setModel(model);
            setUpListTable(table, QAbstractItemView::ExtendedSelection);
            sizeColumns(table,
                        {"Changed", "ws-0000000", "Fourth Coffee Health", "Credit card → Cloud account",
                         "ca-0000000 → ca-0000000", "Active → Locked (Cloud subscription cancelled)"});
            table->horizontalHeader()->setStretchLastSection(true);
            layout->addWidget(table, 1);
            m_tabs->setCurrentIndex(
                m_tabs->addTab(tab, tr("Compared with %1").arg(QFileInfo(newerPath).fileName())));
            Q_EMIT comparisonFinished(true);
        });
}

void SnapshotReviewWindow::openExportReport()
{
    // Offline: who exports is this computer's user; the rows are the snapshot's, verified again first.
    ExportReportDialog dialog({{}, reports::SnapshotReportSource::localUser(), m_review->path()},
                              m_workspaces->query(), this);
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
