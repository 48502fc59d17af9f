// SPDX-License-Identifier: Apache-2.0
#include "console/ui/workspacemanagementview.h"

#include "console/models/billingtext.h"
#include "console/models/workspacedetails.h"
#include "console/models/workspacetablemodel.h"
#include "console/services/workspaceservice.h"
#include "console/ui/consolesettings.h"
#include "console/ui/filterbar.h"
#include "console/ui/noticebar.h"
#include "console/ui/tablecolumns.h"
#include "console/ui/workspacedetailpanel.h"
#include "foundation/contract/vocabulary.h"

#include <QAction>
#include <QComboBox>
#include <QCoroTask>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSplitter>
#include <QStyle>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

namespace billing::ui {

using models::BillingText;
using models::WorkspaceTableModel;
namespace v = contract::vocabulary;

namespace {
QString siteText(const QString &site)
{
    return site;
}
} // namespace

WorkspaceManagementView::WorkspaceManagementView(services::WorkspaceService *service, QWidget *parent)
    : QWidget(parent)
    , m_service(service)
    , m_model(new WorkspaceTableModel(service, this))
    , m_details(new models::WorkspaceDetails(service, this))
{
    setObjectName("workspaceManagementView");
    setAccessibleName(tr("Workspace Management"));
    auto *filters = new QHBoxLayout;
    m_search = new QLineEdit;
    m_search->setObjectName("workspaceSearch");
    m_search->setPlaceholderText(tr("Search id, name, owner email or cloud account (Ctrl+F)"));
    m_search->setAccessibleName(tr("Search workspaces"));
    m_search->setClearButtonEnabled(true);
    // Wide enough for the placeholder, which says what is searched, beside the clear button.
    m_search->setMinimumWidth(m_search->fontMetrics().horizontalAdvance(m_search->placeholderText()) + 48);
    filters->addWidget(m_search, 2);

    // The filter bar's widgets are added in reading order, which is also the tab order.
    m_status = filterBox(tr("Status filter"), v::WorkspaceStatus::all(), &BillingText::workspaceStatus);
    addFilter(filters, tr("&Status:"), m_status);
    m_method = filterBox(tr("Billing method filter"), v::BillingMethod::all(), &BillingText::billingMethod);
    addFilter(filters, tr("&Billing method:"), m_method);
    m_site = filterBox(tr("Site filter"), {}, &siteText);
    addFilter(filters, tr("S&ite:"), m_site);
    m_provider = filterBox(tr("Marketplace filter"), v::Provider::all(), &BillingText::provider);
    addFilter(filters, tr("&Marketplace:"), m_provider);
    m_lockedPreset = new QToolButton;
    m_lockedPreset->setObjectName("lockedPreset");
    m_lockedPreset->setText(tr("&Locked"));
    m_lockedPreset->setAccessibleName(tr("Show locked workspaces"));
    m_lockedPreset->setToolTip(tr("Locked workspaces, the one closest to dissolution first"));
    filters->addWidget(m_lockedPreset);
    m_lockedTogether = new QToolButton;
    m_lockedTogether->setObjectName("lockedTogetherFilter");
    m_lockedTogether->setIcon(style()->standardIcon(QStyle::SP_LineEditClearButton));
    m_lockedTogether->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_lockedTogether->hide();
    filters->addWidget(m_lockedTogether);
    m_clear = new QToolButton;
    m_clear->setText(tr("Clear filters"));
    m_clear->setAccessibleName(tr("Clear filters"));
    m_clear->setToolTip(tr("Show all workspaces again"));
    filters->addWidget(m_clear);

    m_table = new QTableView;
    m_table->setObjectName("workspaceTable");
    m_table->setAccessibleName(tr("Workspaces"));
    m_table->setModel(m_model);
    setUpListTable(m_table, QAbstractItemView::ExtendedSelection);
    QHeaderView *header = m_table->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::Interactive);
    // Typical values as they read in the console's language, so that no title or cell is cut in any.
    sizeColumns(m_table, {"ws-0000000", "Fourth Coffee Health", "acct-0000000", "ap-singapore",
                          BillingText::plan(v::Plan::Commercial),
                          BillingText::billingMethod(v::BillingMethod::PrepaidCredits), "ca-0000000",
                          BillingText::workspaceStatus(v::WorkspaceStatus::Dissolved),
                          BillingText::daysLeft(14), BillingText::dateTime(1'795'000'000'000)});
    header->setStretchLastSection(true);
    header->setSectionsMovable(true);
    if (const QByteArray state = settings::workspaceHeaderState().get(); !state.isEmpty())
        header->restoreState(state);

    m_detailPanel = new WorkspaceDetailPanel(m_details);
    m_splitter = new QSplitter(Qt::Horizontal);
    m_splitter->addWidget(m_table);
    m_splitter->addWidget(m_detailPanel);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setChildrenCollapsible(false);
    if (const QByteArray state = settings::workspaceSplitterState().get(); !state.isEmpty())
        m_splitter->restoreState(state);
    else
        m_splitter->setSizes({980, 420});

    // Said above the table while the rows shown are older than the platform's (it stopped answering).
    m_staleNotice = new NoticeBar;
    m_staleNotice->setObjectName("staleNotice");
    m_staleNotice->hide();
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(filters);
    layout->addWidget(m_staleNotice);
    layout->addWidget(m_splitter, 1);
    setTabOrder(m_search, m_status);
    setTabOrder(m_status, m_method);
    setTabOrder(m_method, m_site);
    setTabOrder(m_site, m_provider);
    setTabOrder(m_provider, m_lockedPreset);
    setTabOrder(m_lockedPreset, m_lockedTogether);
    setTabOrder(m_lockedTogether, m_clear);
    setTabOrder(m_clear, m_table);

    m_searchDelay.setSingleShot(true);
    m_searchDelay.setInterval(250); // one request per pause in typing, not per keystroke
    connect(&m_searchDelay, &QTimer::timeout, this, &WorkspaceManagementView::applyFilters);
    connect(m_search, &QLineEdit::textChanged, this, [this] { m_searchDelay.start(); });
    connect(m_search, &QLineEdit::returnPressed, this, [this] {
        m_searchDelay.stop();
        applyFilters();
    });
    for (QComboBox *box : {m_status, m_method, m_site, m_provider})
        connect(box, &QComboBox::currentIndexChanged, this, &WorkspaceManagementView::applyFilters);
    connect(m_clear, &QToolButton::clicked, this, &WorkspaceManagementView::clearFilters);
    connect(m_lockedPreset, &QToolButton::clicked, this, &WorkspaceManagementView::showLocked);
    connect(m_lockedTogether, &QToolButton::clicked, this, [this] {
        setLockedTogether({}, 0, {});
        applyFilters();
    });

    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &WorkspaceManagementView::showDetailsForCurrentRow);
    connect(m_model, &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex &from, const QModelIndex &to) {
                const QModelIndex current = m_table->currentIndex();
                if (current.isValid() && m_details->contents().workspaceId.isEmpty() &&
                    current.row() >= from.row() && current.row() <= to.row())
                    showDetailsForCurrentRow();
            });
    connect(m_model, &QAbstractItemModel::modelReset, m_details, &models::WorkspaceDetails::clear);
    // What the window's actions on the selection may do changes with the selection and with what is read.
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &WorkspaceManagementView::selectionChanged);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &WorkspaceManagementView::selectionChanged);
    connect(m_model, &QAbstractItemModel::modelReset, this, &WorkspaceManagementView::selectionChanged);
    connect(m_detailPanel->changeBillingMethodButton(), &QPushButton::clicked, this,
            &WorkspaceManagementView::changeBillingMethodAsked);
    connect(m_model, &WorkspaceTableModel::loadFailed, this, [this](const QString &message) {
        Q_EMIT statusMessage(models::BillingText::problemAndRemedy(
            tr("Could not load workspaces: %1").arg(message), tr("Press F5 to try again.")));
    });
    connect(m_model, &WorkspaceTableModel::staleChanged, this, [this](bool stale, const QString &message) {
        if (stale) {
            m_staleNotice->showPlatformAway(
                m_model->staleSince(), message,
                tr("The workspaces shown are as read before, greyed; they reload by "
                   "themselves when it answers again."),
                [this] { refresh(); });
        } else {
            m_staleNotice->hide();
        }
        Q_EMIT staleChanged(stale);
    });

    // Start on the remembered sort; enabling sorting asks the model for its first page.
    contract::WorkspaceQuery query;
    query.sort = settings::workspaceSortKey().get(QStringLiteral("id"));
    if (!contract::WorkspaceQuery::sortKeys().contains(query.sort))
        query.sort = QStringLiteral("id");
    query.descending = settings::workspaceSortDescending().get(false);
    header->setSortIndicator(WorkspaceTableModel::columnFor(query.sort),
                             query.descending ? Qt::DescendingOrder : Qt::AscendingOrder);
    m_table->setSortingEnabled(true);
    loadSites();
}

WorkspaceManagementView::~WorkspaceManagementView()
{
    saveLayout();
}

void WorkspaceManagementView::loadSites()
{
    QCoro::connect(m_service->sites(), this, [this](const contract::Result<QStringList> &sites) {
        if (!sites)
            return; // the filter stays at "Any"; the table reports the platform problem itself
        const QSignalBlocker quiet(m_site);
        for (const QString &site : *sites)
            m_site->addItem(site, site);
    });
}

void WorkspaceManagementView::applyFilters()
{
    m_model->setQuery(filteredQuery());
}

std::optional<contract::Workspace> WorkspaceManagementView::selectedWorkspace() const
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    if (rows.size() != 1)
        return std::nullopt;
    return m_model->workspaceAt(rows.first().row());
}

std::optional<QList<contract::Workspace>> WorkspaceManagementView::selectedWorkspaces(qsizetype limit) const
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    if (rows.isEmpty() || rows.size() > limit)
        return std::nullopt;
    QList<contract::Workspace> workspaces;
    for (const QModelIndex &row : rows) {
        auto w = m_model->workspaceAt(row.row());
        if (!w)
            return std::nullopt; // not read yet: a change needs the version staff saw
        workspaces.append(*w);
    }
    return workspaces;
}

bool WorkspaceManagementView::hasSelection() const
{
    return m_table->selectionModel()->hasSelection();
}

QList<QPair<qint64, qint64>> WorkspaceManagementView::selectedRanges(qint64 *count) const
{
    QList<QPair<qint64, qint64>> ranges;
    *count = 0;
    for (const QItemSelectionRange &range : m_table->selectionModel()->selection()) {
        ranges.append({range.top(), range.bottom()});
        *count += range.height();
    }
    return ranges;
}

void WorkspaceManagementView::addSelectionActions(const QList<QAction *> &actions)
{
    m_table->setContextMenuPolicy(Qt::ActionsContextMenu);
    for (QAction *action : actions) {
        if (!action) {
            action = new QAction(m_table);
            action->setSeparator(true);
        }
        m_table->addAction(action);
    }
}

void WorkspaceManagementView::showChanged(const contract::Workspace &workspace)
{
    m_model->updateWorkspace(workspace);
    m_details->reload();
}

void WorkspaceManagementView::offerChangeBillingMethod(bool offered, const QString &whyNot)
{
    m_detailPanel->changeBillingMethodButton()->setEnabled(offered);
    m_detailPanel->changeBillingMethodButton()->setToolTip(whyNot);
}

contract::WorkspaceQuery WorkspaceManagementView::filteredQuery() const
{
    contract::WorkspaceQuery query = m_model->query();
    query.q = m_search->text().trimmed();
    query.status = m_status->currentData().toString();
    query.billingMethod = m_method->currentData().toString();
    query.site = m_site->currentData().toString();
    query.provider = m_provider->currentData().toString();
    query.lockReason = m_lockReason;
    query.lockedAt = m_lockedAt;
    return query;
}

void WorkspaceManagementView::setLockedTogether(const QString &lockReason, qint64 lockedAt,
                                                const QString &caption)
{
    m_lockReason = lockReason;
    m_lockedAt = lockedAt;
    // The caption can be long (a cloud account's name); the button keeps the filter bar's width.
    m_lockedTogether->setText(m_lockedTogether->fontMetrics().elidedText(caption, Qt::ElideMiddle, 180));
    m_lockedTogether->setToolTip(
        caption.isEmpty() ? QString() : tr("%1\nClick to show the other workspaces again.").arg(caption));
    m_lockedTogether->setAccessibleName(caption.isEmpty() ? QString()
                                                          : tr("Filter: %1. Press to remove.").arg(caption));
    m_lockedTogether->setVisible(lockedAt > 0);
}

void WorkspaceManagementView::showLocked()
{
    showLockedTogether({}, 0, {}); // no one change's instant: every locked workspace
}

void WorkspaceManagementView::showLockedTogether(const QString &lockReason, qint64 lockedAt,
                                                 const QString &caption)
{
    clearFilterWidgets();
    {
        const QSignalBlocker quiet(m_status);
        m_status->setCurrentIndex(m_status->findData(v::WorkspaceStatus::Locked));
    }
    setLockedTogether(lockReason, lockedAt, caption);
    showByUrgency();
}

void WorkspaceManagementView::showByUrgency()
{
    // Fewest days left first: the header shows it; the model is asked once, for the whole query.
    contract::WorkspaceQuery query = filteredQuery();
    query.sort = QStringLiteral("purge_at");
    query.descending = false;
    {
        const QSignalBlocker quiet(m_table->horizontalHeader());
        m_table->horizontalHeader()->setSortIndicator(WorkspaceTableModel::DaysLeftColumn,
                                                      Qt::AscendingOrder);
    }
    m_model->setQuery(query);
}

void WorkspaceManagementView::workspacesChanged(const QSet<QString> &ids)
{
    m_model->reloadLoaded();
    if (ids.contains(m_details->contents().workspaceId))
        m_details->reload();
}

void WorkspaceManagementView::clearFilters()
{
    clearFilterWidgets();
    applyFilters();
}

void WorkspaceManagementView::clearFilterWidgets()
{
    for (QComboBox *box : {m_status, m_method, m_site, m_provider}) {
        const QSignalBlocker quiet(box);
        box->setCurrentIndex(0);
    }
    {
        const QSignalBlocker quiet(m_search);
        m_search->clear();
    }
    setLockedTogether({}, 0, {});
}

void WorkspaceManagementView::focusSearch()
{
    m_search->setFocus(Qt::ShortcutFocusReason);
    m_search->selectAll();
}

void WorkspaceManagementView::refresh()
{
    if (m_model->total() > 0)
        m_model->reloadLoaded();
    else
        m_model->refresh();
    m_details->reload(); // the workspace shown, if any
}

void WorkspaceManagementView::recover()
{
    if (m_model->isStale())
        refresh();
}

bool WorkspaceManagementView::isStale() const
{
    return m_model->isStale();
}

void WorkspaceManagementView::showDetailsForCurrentRow()
{
    const QModelIndex current = m_table->currentIndex();
    const QString id =
        current.isValid()
            ? m_model->index(current.row(), 0).data(WorkspaceTableModel::WorkspaceIdRole).toString()
            : QString();
    if (id.isEmpty()) {
        if (!current.isValid())
            m_details->clear();
        return; // the row is still loading; dataChanged brings us back
    }
    if (id != m_details->contents().workspaceId)
        m_details->show(id);
}

void WorkspaceManagementView::saveLayout() const
{
    settings::workspaceHeaderState().set(m_table->horizontalHeader()->saveState());
    settings::workspaceSplitterState().set(m_splitter->saveState());
    settings::workspaceSortKey().set(m_model->query().sort);
    settings::workspaceSortDescending().set(m_model->query().descending);
}

} // namespace billing::ui
