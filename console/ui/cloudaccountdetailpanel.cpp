// SPDX-License-Identifier: Apache-2.0
#include "console/ui/cloudaccountdetailpanel.h"

#include "console/models/billingtext.h"
#include "console/models/workspacetablemodel.h"
#include "console/services/billingservice.h"
#include "console/services/changekey.h"
#include "console/services/meteringledger.h"
#include "console/services/workspaceservice.h"
#include "console/ui/bindworkspacesdialog.h"
#include "console/ui/detailfield.h"
#include "console/ui/tablecolumns.h"
#include "console/ui/unbindworkspacedialog.h"
#include "foundation/contract/vocabulary.h"

#include <QCoroTask>
#include <QDateTime>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QPushButton>
#include <QRegularExpression>
#include <QTableView>
#include <QVBoxLayout>

namespace billing::ui {

using models::BillingText;
using models::WorkspaceTableModel;
namespace v = contract::vocabulary;

CloudAccountDetailPanel::CloudAccountDetailPanel(services::WorkspaceService *workspaces,
                                                 services::BillingService *billing, QWidget *parent)
    : QWidget(parent)
    , m_workspaces(workspaces)
    , m_billing(billing)
    , m_metering(new services::MeteringLedger(billing->client(), this))
    , m_boundModel(new WorkspaceTableModel(workspaces, this))
{
    setAccessibleName(tr("Cloud account details"));
    auto *layout = new QVBoxLayout(this);
    std::tie(m_title, m_message) = addDetailHeading(layout, "cloudAccountTitle", "cloudAccountMessage");

    m_accountBox = new QGroupBox(tr("Marketplace subscription"));
    auto *accountLayout = new QVBoxLayout(m_accountBox);
    m_identity = new QFormLayout;
    accountLayout->addLayout(m_identity);
    m_provider = addDetailField(m_identity, tr("Marketplace:"), "provider");
    m_subscription = addDetailField(m_identity, tr("Subscription:"), "subscriptionState");
    m_sync = addDetailField(m_identity, tr("Sync:"), "syncState");
    m_entitlements = addDetailField(m_identity, tr("Entitlements:"), "entitlements");
    m_metered = addDetailField(m_identity, tr("Metered this month:"), "meteredThisMonth");
    m_boundCount = addDetailField(m_identity, tr("Bound workspaces:"), "boundCount");
    m_bySite = addDetailField(m_identity, tr("By site:"), "boundBySite");
    m_retrySync = new QPushButton(tr("Retry &Sync"));
    m_retrySync->setObjectName("retrySyncButton");
    m_retrySync->setToolTip(
        tr("Ask the marketplace again what it holds for this customer (operators and admins)"));
    auto *syncRow = new QHBoxLayout;
    syncRow->addWidget(m_retrySync);
    syncRow->addStretch(1);
    accountLayout->addLayout(syncRow);
    layout->addWidget(m_accountBox);

    m_boundBox = new QGroupBox(tr("Bound workspaces"));
    auto *boundLayout = new QVBoxLayout(m_boundBox);
    m_bound = new QTableView;
    m_bound->setObjectName("boundWorkspaceTable");
    m_bound->setAccessibleName(tr("Bound workspaces"));
    m_bound->setModel(m_boundModel);
    setUpListTable(m_bound, QAbstractItemView::SingleSelection);
    for (int column = 0; column < WorkspaceTableModel::ColumnCount; ++column) {
        const bool shown =
            column == WorkspaceTableModel::IdColumn || column == WorkspaceTableModel::NameColumn ||
            column == WorkspaceTableModel::SiteColumn || column == WorkspaceTableModel::StatusColumn;
        m_bound->setColumnHidden(column, !shown);
    }
    // The name takes what the panel's width leaves: no sideways scrolling in a side panel.
    m_bound->horizontalHeader()->setSectionResizeMode(WorkspaceTableModel::NameColumn, QHeaderView::Stretch);
    boundLayout->addWidget(m_bound);
    auto *buttons = new QHBoxLayout;
    m_unbind = new QPushButton(tr("&Unbind…"));
    m_unbind->setObjectName("unbindButton");
    m_unbind->setToolTip(tr("Stop billing the selected workspace to this cloud account"));
    m_bind = new QPushButton(tr("Bind &Workspaces…"));
    m_bind->setObjectName("bindButton");
    m_bind->setToolTip(tr("Bill more workspaces to this cloud account, all or none"));
    buttons->addWidget(m_unbind);
    buttons->addWidget(m_bind);
    buttons->addStretch(1);
    boundLayout->addLayout(buttons);
    layout->addWidget(m_boundBox, 1);

    connect(m_unbind, &QPushButton::clicked, this, &CloudAccountDetailPanel::openUnbind);
    connect(m_bind, &QPushButton::clicked, this, &CloudAccountDetailPanel::openBind);
    connect(m_retrySync, &QPushButton::clicked, this, &CloudAccountDetailPanel::retrySync);
    connect(m_bound->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &CloudAccountDetailPanel::updateActions);
    connect(m_boundModel, &QAbstractItemModel::dataChanged, this, &CloudAccountDetailPanel::updateActions);
    connect(m_boundModel, &QAbstractItemModel::modelReset, this, &CloudAccountDetailPanel::updateActions);
    connect(m_boundModel, &WorkspaceTableModel::totalChanged, this, [this](qint64 total) {
        m_boundBox->setTitle(tr("Bound workspaces (%1)").arg(QLocale().toString(total)));
    });
    connect(m_boundModel, &WorkspaceTableModel::loadFailed, this, [this](const QString &message) {
        Q_EMIT statusMessage(tr("Could not load the bound workspaces: %1").arg(message));
    });
    clear();
}

QString CloudAccountDetailPanel::fieldText(const QString &objectName) const
{
    const auto *label = findChild<QLabel *>(objectName);
    return label ? label->text() : QString();
}

void CloudAccountDetailPanel::clear()
{
    ++m_generation;
    m_cloudAccount = {};
    m_title->setText(tr("No cloud account selected"));
    m_message->setText(tr("Select a cloud account to see its subscription and the workspaces it pays for."));
    m_accountBox->hide();
    m_boundBox->hide();
}

void CloudAccountDetailPanel::load(const QString &cloudAccountId)
{
    const quint64 generation = ++m_generation;
    const bool shown = cloudAccountId == m_cloudAccount.id; // read again: what was read stays meanwhile
    if (!shown) {
        m_title->setText(cloudAccountId);
        m_message->setText(tr("Loading…"));
    }
    QCoro::connect(
        m_workspaces->cloudAccount(cloudAccountId), this,
        [this, generation, shown](const contract::Result<contract::CloudAccount> &cloud) {
            if (generation != m_generation)
                return; // another cloud account was selected meanwhile
            if (!cloud) {
                m_message->setText(
                    shown ? tr("As read before; reading it again failed: %1").arg(cloud.problem().message())
                          : tr("Could not load the cloud account: %1").arg(cloud.problem().message()));
                return;
            }
            present(*cloud);
            Q_EMIT cloudAccountLoaded(*cloud);
        });
}

void CloudAccountDetailPanel::reload()
{
    if (m_cloudAccount.id.isEmpty())
        return;
    m_boundModel->reloadLoaded(); // in place: a failed read keeps what was shown, marked stale
    load(m_cloudAccount.id);
}

void CloudAccountDetailPanel::present(const contract::CloudAccount &c)
{
    const bool another = c.id != m_cloudAccount.id;
    m_cloudAccount = c;
    m_title->setText(BillingText::cloudAccountName(c));
    m_message->setText(
        c.takesBindings()
            ? QString()
            : tr("Takes no bindings: a cloud account pays only while it is subscribed and synced."));
    m_provider->setText(BillingText::provider(c.provider));
    m_subscription->setText(BillingText::subscriptionState(c.subscriptionState));
    m_sync->setText(c.syncMessage.isEmpty()
                        ? BillingText::syncState(c.syncState)
                        : tr("%1: %2").arg(BillingText::syncState(c.syncState), c.syncMessage));
    // Entitlements as the marketplace last answered them (AWS); Azure keeps none.
    QStringList entitlements;
    for (const contract::Entitlement &e : c.entitlements.value_or(QList<contract::Entitlement>{}))
        entitlements
            << (e.expiresAt > 0
                    ? tr("%1 = %2, until %3").arg(e.dimension, e.value, BillingText::dateTime(e.expiresAt))
                    : tr("%1 = %2").arg(e.dimension, e.value));
    m_entitlements->setText(entitlements.isEmpty() ? tr("none") : entitlements.join(QLatin1Char('\n')));
    m_identity->setRowVisible(m_entitlements, c.provider != v::Provider::Azure);
    if (another)
        m_metered->setText(tr("loading…"));
    loadMetering();
    m_boundCount->setText(QLocale().toString(c.boundWorkspaceCount));
    m_bySite->setText(c.boundBySite.isEmpty() ? tr("none") : BillingText::boundBySite(c.boundBySite));

    // The marketplace's own identity fields, as the provider names them.
    for (QLabel *field : std::as_const(m_identityFields))
        m_identity->removeRow(field);
    m_identityFields.clear();
    const auto identity = [this](const QString &label, const QString &name, const QString &value) {
        QLabel *field = addDetailField(m_identity, label, name);
        field->setText(value);
        m_identityFields << field;
    };
    if (c.provider == v::Provider::Azure) {
        identity(tr("SaaS subscription:"), "azureSubscriptionId", c.azureSubscriptionId);
        identity(tr("Purchaser tenant:"), "purchaserTenantId", c.purchaserTenantId);
        identity(tr("Offer / plan:"), "offerPlan", tr("%1 / %2").arg(c.offerId, c.planId));
        identity(tr("Quantity:"), "quantity", QLocale().toString(c.quantity));
    } else {
        identity(tr("Customer identifier:"), "customerIdentifier", c.customerIdentifier);
        identity(tr("AWS account:"), "customerAwsAccountId", c.customerAwsAccountId);
        identity(tr("Product code:"), "productCode", c.productCode);
    }
    m_accountBox->show();
    m_boundBox->show();
    if (another) {
        contract::WorkspaceQuery query;
        query.cloudAccountId = c.id;
        m_boundModel->setQuery(query);
    }
    updateActions();
}

// This calendar month's usage as the marketplace billed it, and what failed or was lost (expired).
void CloudAccountDetailPanel::loadMetering()
{
    const quint64 generation = ++m_meteringGeneration;
    // The month by the platform's clock, not this computer's.
    QCoro::connect(
        m_metering->totals(std::nullopt, m_cloudAccount.id), this, [this, generation](const auto &totals) {
            if (generation != m_meteringGeneration)
                return;
            if (!totals) {
                m_metered->setText(tr("unknown: %1").arg(BillingText::problem(totals.problem())));
                return;
            }
            namespace State = contract::MeteringState;
            QMap<QString, qint64> billed;
            qint64 failedHours = 0, lostHours = 0, lost = 0, refusedHours = 0;
            for (const contract::MeteringTotal &t : totals->items) {
                if (State::isBilled(t.state))
                    billed[t.dimension] += t.quantity;
                else if (t.state == State::Failed)
                    failedHours += t.hours;
                else if (t.state == State::Expired) {
                    lostHours += t.hours;
                    lost += t.quantity;
                } else if (t.state == State::CustomerNotSubscribed)
                    refusedHours += t.hours;
            }
            QStringList lines;
            for (auto it = billed.begin(); it != billed.end(); ++it)
                lines << tr("%1: %2 billed").arg(it.key(), QLocale().toString(it.value()));
            if (failedHours > 0)
                lines << tr("%n hour(s) failed, being retried", nullptr, int(failedHours));
            if (refusedHours > 0)
                lines << tr("%n hour(s) refused: customer not subscribed", nullptr, int(refusedHours));
            if (lostHours > 0)
                lines << tr("%n hour(s) lost (expired): %1", nullptr, int(lostHours))
                             .arg(QLocale().toString(lost));
            m_metered->setText(lines.isEmpty() ? tr("nothing") : lines.join(QLatin1Char('\n')));
        });
}

void CloudAccountDetailPanel::updateActions()
{
    const QModelIndexList rows = m_bound->selectionModel()->selectedRows();
    const bool one = rows.size() == 1 && m_boundModel->workspaceAt(rows.first().row()).has_value();
    m_unbind->setEnabled(one);
    m_bind->setEnabled(m_cloudAccount.takesBindings());
    m_bind->setToolTip(m_cloudAccount.takesBindings()
                           ? tr("Bill more workspaces to this cloud account, all or none")
                           : tr("This cloud account takes no bindings until it is subscribed and synced"));
}

void CloudAccountDetailPanel::retrySync()
{
    if (m_cloudAccount.id.isEmpty())
        return;
    const QString id = m_cloudAccount.id;
    m_retrySync->setEnabled(false);
    m_retrySync->setText(tr("Syncing…"));
    // One press, one key: the client's own retries of it have one effect.
    const QByteArray key = services::ChangeKey().forChange(QStringLiteral("sync %1").arg(id));
    QCoro::connect(m_billing->retrySync(id, key), this, [this, id](const auto &synced) {
        m_retrySync->setEnabled(true);
        m_retrySync->setText(tr("Retry &Sync"));
        if (!synced) {
            Q_EMIT statusMessage(
                tr("Could not retry the sync of %1: %2").arg(id, BillingText::problem(synced.problem())));
            return;
        }
        if (m_cloudAccount.id == id)
            present(synced->first);
        Q_EMIT cloudAccountLoaded(synced->first);
        Q_EMIT statusMessage(synced->second
                                 ? tr("%1 synced with the marketplace.").arg(id)
                                 : tr("The sync of %1 failed: %2").arg(id, synced->first.syncMessage));
    });
}

void CloudAccountDetailPanel::openUnbind()
{
    const QModelIndexList rows = m_bound->selectionModel()->selectedRows();
    if (rows.size() != 1)
        return;
    const auto workspace = m_boundModel->workspaceAt(rows.first().row());
    if (!workspace)
        return;
    auto *dialog = new UnbindWorkspaceDialog(m_workspaces, m_billing, *workspace, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        const contract::Workspace &unbound = *dialog->unboundWorkspace();
        Q_EMIT statusMessage(
            dialog->locked()
                ? tr("%1 unbound and locked: it has no billing method.").arg(unbound.id)
                : tr("%1 unbound; billed by %2 from now on.")
                      .arg(unbound.id, BillingText::billingMethod(unbound.billingMethod).toLower()));
        reload();
        Q_EMIT workspacesChanged();
    });
    dialog->open();
}

void CloudAccountDetailPanel::openBind()
{
    // Staff bring a list of workspace ids (a customer's ticket, a spreadsheet column).
    auto *ask = new QInputDialog(this);
    ask->setObjectName("bindIdsDialog");
    ask->setAttribute(Qt::WA_DeleteOnClose);
    ask->setWindowTitle(tr("Bind Workspaces to %1").arg(m_cloudAccount.id));
    ask->setLabelText(tr("Workspace ids to bind, separated by spaces, commas or new lines (up to %1):")
                          .arg(QLocale().toString(contract::BindingReport::MaxWorkspaces)));
    ask->setOption(QInputDialog::UsePlainTextEditForTextInput);
    ask->setOkButtonText(tr("&Check Eligibility"));
    connect(ask, &QInputDialog::textValueSelected, this, &CloudAccountDetailPanel::bindIds);
    ask->open();
}

void CloudAccountDetailPanel::bindIds(const QString &text)
{
    QStringList ids = text.split(QRegularExpression(QStringLiteral("[\\s,;]+")), Qt::SkipEmptyParts);
    ids.removeDuplicates();
    if (ids.isEmpty())
        return;
    if (ids.size() > contract::BindingReport::MaxWorkspaces) {
        Q_EMIT statusMessage(tr("At most %1 workspaces can be bound at once; %2 were given.")
                                 .arg(QLocale().toString(contract::BindingReport::MaxWorkspaces),
                                      QLocale().toString(ids.size())));
        return;
    }
    auto *dialog = new BindWorkspacesDialog(m_billing, ids, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->chooseCloudAccount(m_cloudAccount.id);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        Q_EMIT statusMessage(
            tr("%1 bound to %2.")
                .arg(BillingText::workspaces(dialog->boundCount()), dialog->cloudAccountId()));
        reload();
        Q_EMIT workspacesChanged();
    });
    dialog->open();
}

} // namespace billing::ui
