// SPDX-License-Identifier: Apache-2.0
#include "console/ui/cloudaccountsview.h"

#include "console/models/billingtext.h"
#include "console/models/cloudaccounttablemodel.h"
#include "console/ui/cloudaccountdetailpanel.h"
#include "console/ui/consolesettings.h"
#include "console/ui/filterbar.h"
#include "console/ui/noticebar.h"
#include "console/ui/tablecolumns.h"
#include "foundation/contract/vocabulary.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QSplitter>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

namespace billing::ui {

using models::BillingText;
using models::CloudAccountTableModel;
namespace v = contract::vocabulary;

CloudAccountsView::CloudAccountsView(services::WorkspaceService *workspaces,
                                     services::BillingService *billing, QWidget *parent)
    : QWidget(parent)
    , m_model(new CloudAccountTableModel(billing, this))
{
    setObjectName("cloudAccountsView");
    setAccessibleName(tr("Cloud Accounts"));
    auto *filters = new QHBoxLayout;
    m_search = new QLineEdit;
    m_search->setObjectName("cloudAccountSearch");
    m_search->setPlaceholderText(tr("Search cloud account id or name (Ctrl+F)"));
    m_search->setAccessibleName(tr("Search cloud accounts"));
    m_search->setClearButtonEnabled(true);
    m_search->setMinimumWidth(260);
    filters->addWidget(m_search, 2);
    m_provider = filterBox(tr("Marketplace filter"), v::Provider::all(), &BillingText::provider);
    addFilter(filters, tr("&Marketplace:"), m_provider);
    m_subscription =
        filterBox(tr("Subscription filter"), v::SubscriptionState::all(), &BillingText::subscriptionState);
    addFilter(filters, tr("S&ubscription:"), m_subscription);
    m_sync = filterBox(tr("Sync filter"), v::SyncState::all(), &BillingText::syncState);
    addFilter(filters, tr("S&ync:"), m_sync);
    m_clear = new QToolButton;
    m_clear->setText(tr("Clear filters"));
    m_clear->setAccessibleName(tr("Clear filters"));
    filters->addWidget(m_clear);
    m_count = new QLabel;
    m_count->setObjectName("cloudAccountCount");
    m_count->setAccessibleName(tr("Cloud account count"));
    filters->addWidget(m_count);

    m_table = new QTableView;
    m_table->setObjectName("cloudAccountTable");
    m_table->setAccessibleName(tr("Cloud accounts"));
    m_table->setModel(m_model);
    setUpListTable(m_table, QAbstractItemView::SingleSelection);
    QHeaderView *header = m_table->horizontalHeader();
    // Typical values as they read in the console's language.
    sizeColumns(m_table, {"ca-0000000", "Coho Health (AWS)", BillingText::provider(v::Provider::AwsChina),
                          BillingText::subscriptionState(v::SubscriptionState::UnsubscribePending),
                          BillingText::syncState(v::SyncState::Failed), QLocale().toString(30000)});
    header->setStretchLastSection(true);
    header->setSectionsMovable(true);
    if (const QByteArray state = settings::cloudAccountsHeaderState().get(); !state.isEmpty())
        header->restoreState(state);

    m_detailPanel = new CloudAccountDetailPanel(workspaces, billing);
    m_splitter = new QSplitter(Qt::Horizontal);
    m_splitter->addWidget(m_table);
    m_splitter->addWidget(m_detailPanel);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);
    m_splitter->setChildrenCollapsible(false);
    if (const QByteArray state = settings::cloudAccountsSplitterState().get(); !state.isEmpty())
        m_splitter->restoreState(state);
    else
        m_splitter->setSizes({880, 520});

    m_staleNotice = new NoticeBar;
    m_staleNotice->setObjectName("staleNotice");
    m_staleNotice->hide();
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(filters);
    layout->addWidget(m_staleNotice);
    layout->addWidget(m_splitter, 1);
    setTabOrder(m_search, m_provider);
    setTabOrder(m_provider, m_subscription);
    setTabOrder(m_subscription, m_sync);
    setTabOrder(m_sync, m_clear);
    setTabOrder(m_clear, m_table);

    m_searchDelay.setSingleShot(true);
    m_searchDelay.setInterval(250);
    connect(&m_searchDelay, &QTimer::timeout, this, &CloudAccountsView::applyFilters);
    connect(m_search, &QLineEdit::textChanged, this, [this] { m_searchDelay.start(); });
    connect(m_search, &QLineEdit::returnPressed, this, [this] {
        m_searchDelay.stop();
        applyFilters();
    });
    for (QComboBox *box : {m_provider, m_subscription, m_sync})
        connect(box, &QComboBox::currentIndexChanged, this, &CloudAccountsView::applyFilters);
    connect(m_clear, &QToolButton::clicked, this, &CloudAccountsView::clearFilters);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &CloudAccountsView::showDetailsForCurrentRow);
    // After a refresh (F5) the cloud account shown stays selected if the list still holds it.
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        const QString shown = m_detailPanel->cloudAccountId();
        for (int row = 0; !shown.isEmpty() && row < m_model->rowCount(); ++row) {
            if (m_model->cloudAccountAt(row)->id == shown) {
                m_table->selectionModel()->setCurrentIndex(
                    m_model->index(row, 0), QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
                return;
            }
        }
        m_detailPanel->clear();
    });
    connect(m_model, &CloudAccountTableModel::totalChanged, this,
            [this](qint64 total) { m_count->setText(BillingText::cloudAccounts(total)); });
    connect(m_model, &CloudAccountTableModel::loadFailed, this, [this](const QString &message) {
        Q_EMIT statusMessage(models::BillingText::problemAndRemedy(
            tr("Could not load cloud accounts: %1").arg(message), tr("Press F5 to try again.")));
    });
    connect(m_model, &CloudAccountTableModel::staleChanged, this, [this](bool stale, const QString &message) {
        if (stale)
            m_staleNotice->showPlatformAway(
                m_model->staleSince(), message,
                tr("The cloud accounts shown are as read before, greyed; they reload "
                   "by themselves when it answers again."),
                [this] { refresh(); });
        else
            m_staleNotice->hide();
        Q_EMIT staleChanged(stale);
    });
    connect(m_detailPanel, &CloudAccountDetailPanel::cloudAccountLoaded, m_model,
            &CloudAccountTableModel::updateCloudAccount);
    connect(m_detailPanel, &CloudAccountDetailPanel::statusMessage, this, &CloudAccountsView::statusMessage);
    connect(m_detailPanel, &CloudAccountDetailPanel::workspacesChanged, this,
            &CloudAccountsView::workspacesChanged);
    applyFilters();
}

CloudAccountsView::~CloudAccountsView()
{
    saveLayout();
}

void CloudAccountsView::applyFilters()
{
    contract::CloudAccountQuery query;
    query.search = m_search->text().trimmed();
    query.provider = m_provider->currentData().toString();
    query.subscriptionState = m_subscription->currentData().toString();
    query.syncState = m_sync->currentData().toString();
    m_detailPanel->clear();
    m_model->setQuery(query);
}

void CloudAccountsView::clearFilters()
{
    for (QComboBox *box : {m_provider, m_subscription, m_sync}) {
        const QSignalBlocker quiet(box);
        box->setCurrentIndex(0);
    }
    {
        const QSignalBlocker quiet(m_search);
        m_search->clear();
    }
    applyFilters();
}

void CloudAccountsView::focusSearch()
{
    m_search->setFocus(Qt::ShortcutFocusReason);
    m_search->selectAll();
}

void CloudAccountsView::refresh()
{
    m_model->refresh();
    m_detailPanel->reload();
}

void CloudAccountsView::recover()
{
    if (m_model->isStale() && !m_model->isLoading())
        refresh();
}

bool CloudAccountsView::isStale() const
{
    return m_model->isStale();
}

void CloudAccountsView::showDetailsForCurrentRow()
{
    const QModelIndex current = m_table->currentIndex();
    const QString id =
        current.isValid() ? current.data(CloudAccountTableModel::CloudAccountIdRole).toString() : QString();
    if (id.isEmpty())
        m_detailPanel->clear();
    else if (id != m_detailPanel->cloudAccountId())
        m_detailPanel->load(id);
}

void CloudAccountsView::saveLayout() const
{
    settings::cloudAccountsHeaderState().set(m_table->horizontalHeader()->saveState());
    settings::cloudAccountsSplitterState().set(m_splitter->saveState());
}

} // namespace billing::ui
