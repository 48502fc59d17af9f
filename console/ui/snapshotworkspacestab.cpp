// SPDX-License-Identifier: Apache-2.0
#include "console/ui/snapshotworkspacestab.h"

#include "console/models/billingtext.h"
#include "console/models/workspacetablemodel.h"
#include "console/services/snapshotreview.h"
#include "console/ui/filterbar.h"
#include "foundation/contract/vocabulary.h"

#include <QCoroTask>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QTableView>
#include <QTextBrowser>

namespace billing::ui {

using models::BillingText;
namespace v = contract::vocabulary;

namespace {
// A snapshot's account as staff read it (the detail panel of the live console says the same).
QList<QPair<QString, QString>> accountFields(const contract::Account &a)
{
    const QString card = a.hasCreditCard ? QStringLiteral("%1 %2").arg(a.creditCard.brand, a.creditCard.last4)
                                         : SnapshotWorkspacesTab::tr("None on file");
    return {{SnapshotWorkspacesTab::tr("Account"), a.id},
            {SnapshotWorkspacesTab::tr("Email"), a.email},
            {SnapshotWorkspacesTab::tr("Credit card"), card},
            {SnapshotWorkspacesTab::tr("Available credits"), BillingText::money(a.availableCredits)},
            {SnapshotWorkspacesTab::tr("Linked cloud account"), a.linkedCloudAccountId},
            {SnapshotWorkspacesTab::tr("Any method allowed"),
             a.anyMethodAllowed ? SnapshotWorkspacesTab::tr("Yes") : SnapshotWorkspacesTab::tr("No")},
            {SnapshotWorkspacesTab::tr("Created"), BillingText::dateTime(a.createdAt)}};
}

QList<QPair<QString, QString>> cloudAccountFields(const contract::CloudAccount &c)
{
    const bool azure = c.provider == v::Provider::Azure;
    return {{SnapshotWorkspacesTab::tr("Cloud account"), c.id},
            {SnapshotWorkspacesTab::tr("Name"), c.displayName},
            {SnapshotWorkspacesTab::tr("Marketplace"), BillingText::provider(c.provider)},
            {SnapshotWorkspacesTab::tr("Subscription"), BillingText::subscriptionState(c.subscriptionState)},
            {SnapshotWorkspacesTab::tr("Sync"), BillingText::syncState(c.syncState)},
            {azure ? SnapshotWorkspacesTab::tr("SaaS subscription")
                   : SnapshotWorkspacesTab::tr("Customer identifier"),
             azure ? c.azureSubscriptionId : c.customerIdentifier}};
}
} // namespace

SnapshotWorkspacesTab::SnapshotWorkspacesTab(services::SnapshotReview *review, QWidget *parent)
    : SnapshotListTab(review, parent)
{
    auto *filters = new QHBoxLayout;
    m_search = new QLineEdit;
    m_search->setPlaceholderText(tr("Search id, name, owner email or cloud account"));
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
    m_workspaces = new models::WorkspaceTableModel(m_review, this);
    // Days left as of the moment the snapshot was taken, not today.
    m_workspaces->setNow([created = m_review->manifest().createdAt] { return created; });
    layOut(filters,
           {m_workspaces,
            "snapshotWorkspaceTable",
            tr("Workspaces in the snapshot"),
            {"ws-0000000", "Fourth Coffee Health", "acct-0000000", "ap-singapore", "Commercial",
             "Prepaid credits", "ca-0000000", "Dissolved", "14 days left", "2026-11-23 00:00"},
            "workspaceDetail",
            tr("Workspace details"),
            tr("Select a workspace to see it, its owner and its cloud account as the snapshot holds them."),
            1});
    m_table->setSortingEnabled(true);
    m_table->horizontalHeader()->setSortIndicator(models::WorkspaceTableModel::IdColumn, Qt::AscendingOrder);
    m_detail->setOpenLinks(false);
    // "Show its audit events": the link names the workspace.
    connect(m_detail, &QTextBrowser::anchorClicked, this,
            [this](const QUrl &url) { Q_EMIT auditEventsAsked(url.fragment()); });

    applyAfterTyping(m_search, this, &SnapshotWorkspacesTab::applyFilters);
    connect(m_status, &QComboBox::currentIndexChanged, this, &SnapshotWorkspacesTab::applyFilters);
    connect(m_method, &QComboBox::currentIndexChanged, this, &SnapshotWorkspacesTab::applyFilters);
    connect(m_workspaces, &models::WorkspaceTableModel::totalChanged, this,
            [this](qint64 total) { m_count->setText(BillingText::workspaces(total)); });
    connect(m_workspaces, &models::WorkspaceTableModel::loadFailed, this, &SnapshotWorkspacesTab::readFailed);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) { showWorkspace(current); });
    applyFilters();
}

contract::WorkspaceQuery SnapshotWorkspacesTab::query() const
{
    return m_workspaces->query();
}

void SnapshotWorkspacesTab::applyFilters()
{
    contract::WorkspaceQuery query = m_workspaces->query();
    query.q = m_search->text().trimmed();
    query.status = m_status->currentData().toString();
    query.billingMethod = m_method->currentData().toString();
    m_workspaces->setQuery(query);
}

void SnapshotWorkspacesTab::showWorkspace(const QModelIndex &index)
{
    const auto workspace = m_workspaces->workspaceAt(index.row());
    if (!workspace) {
        m_detail->clear();
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
    const QString workspaceHtml = QStringLiteral("<h3>%1</h3>").arg(w.name.toHtmlEscaped()) +
                                  fieldTable(fields) +
                                  QStringLiteral("<p><a href=\"#%1\">%2</a></p>")
                                      .arg(w.id.toHtmlEscaped(), tr("Show its audit events"));
    m_detail->setHtml(workspaceHtml);
    // The owner and the cloud account as the snapshot holds them, appended when read, unless another
    // workspace was selected meanwhile.
    const auto stillShown = [this, id = w.id] {
        const auto current = m_workspaces->workspaceAt(m_table->currentIndex().row());
        return current && current->id == id;
    };
    QCoro::connect(
        m_review->account(w.accountId), this, [this, w, workspaceHtml, stillShown](const auto &account) {
            if (!stillShown() || !account || !*account)
                return;
            QString html = workspaceHtml + QStringLiteral("<h4>%1</h4>").arg(tr("Owner account")) +
                           fieldTable(accountFields(**account));
            m_detail->setHtml(html);
            if (w.cloudAccountId.isEmpty())
                return;
            QCoro::connect(
                m_review->cloudAccount(w.cloudAccountId), this, [this, html, stillShown](const auto &cloud) {
                    if (!stillShown() || !cloud || !*cloud)
                        return;
                    m_detail->setHtml(html + QStringLiteral("<h4>%1</h4>").arg(tr("Cloud account")) +
                                      fieldTable(cloudAccountFields(**cloud)));
                });
        });
}

} // namespace billing::ui
