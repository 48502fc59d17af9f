// SPDX-License-Identifier: Apache-2.0
#include "console/ui/workspacedetailpanel.h"

#include "console/models/billingtext.h"
#include "console/models/workspacedetails.h"
#include "console/ui/detailfield.h"
#include "console/ui/tablecolumns.h"
#include "foundation/contract/vocabulary.h"

#include <QDateTime>
#include <QFormLayout>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace billing::ui {

using models::BillingText;
namespace v = contract::vocabulary;

namespace {
QTreeWidget *makeList(const QStringList &headers, const QString &accessibleName)
{
    QTreeWidget *list = makeRecordList(headers, accessibleName);
    list->setMinimumHeight(110);
    // Each column as wide as what it holds, the last taking what is left: a date or a name reads whole,
    // and a narrow panel scrolls sideways instead of cutting it.
    list->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    return list;
}
} // namespace

WorkspaceDetailPanel::WorkspaceDetailPanel(models::WorkspaceDetails *details, QWidget *parent)
    : QWidget(parent)
    , m_details(details)
{
    setAccessibleName(tr("Workspace details"));
    auto *content = new QWidget;
    auto *layout = new QVBoxLayout(content);

    std::tie(m_title, m_message) = addDetailHeading(layout, "detailTitle", "detailMessage");

    m_workspaceBox = new QGroupBox(tr("Workspace"));
    auto *workspaceForm = new QFormLayout(m_workspaceBox);
    m_status = addDetailField(workspaceForm, tr("Status:"), "status");
    m_lock = addDetailField(workspaceForm, tr("Lock:"), "lock");
    m_site = addDetailField(workspaceForm, tr("Site:"), "site");
    m_plan = addDetailField(workspaceForm, tr("Plan:"), "plan");
    m_method = addDetailField(workspaceForm, tr("Billing method:"), "billingMethod");
    m_version = addDetailField(workspaceForm, tr("Version:"), "version");
    m_changeBilling = new QPushButton(tr("Change Billing Method…"));
    m_changeBilling->setObjectName("changeBillingMethodButton");
    workspaceForm->addRow(QString(), m_changeBilling);
    layout->addWidget(m_workspaceBox);

    m_accountBox = new QGroupBox(tr("Owner account"));
    auto *accountForm = new QFormLayout(m_accountBox);
    m_email = addDetailField(accountForm, tr("Account:"), "account");
    m_card = addDetailField(accountForm, tr("Credit card:"), "creditCard");
    m_credits = addDetailField(accountForm, tr("Available credits:"), "credits");
    m_linked = addDetailField(accountForm, tr("Linked cloud account:"), "linkedCloudAccount");
    layout->addWidget(m_accountBox);

    m_cloudBox = new QGroupBox(tr("Cloud account"));
    auto *cloudForm = new QFormLayout(m_cloudBox);
    m_cloudName = addDetailField(cloudForm, tr("Name:"), "cloudAccountName");
    m_paymentLabel = addDetailField(cloudForm, tr("Payment method:"), "paymentMethod");
    m_subscription = addDetailField(cloudForm, tr("Subscription:"), "subscriptionState");
    m_sync = addDetailField(cloudForm, tr("Sync:"), "syncState");
    m_external = addDetailField(cloudForm, tr("Marketplace identity:"), "marketplaceIdentity");
    layout->addWidget(m_cloudBox);

    // Deployments and recent audit events belong to a workspace: with none selected they are not shown.
    m_deploymentsTitle = new QLabel(tr("Deployments"));
    layout->addWidget(m_deploymentsTitle);
    m_deployments =
        makeList({tr("Deployment"), tr("Trial"), tr("State"), tr("Deletion due")}, tr("Deployments"));
    m_deployments->setObjectName("deployments");
    layout->addWidget(m_deployments);

    m_auditTitle = new QLabel(tr("Recent audit events"));
    layout->addWidget(m_auditTitle);
    m_audit = makeList({tr("#"), tr("Time"), tr("Actor"), tr("Action")}, tr("Recent audit events"));
    m_audit->setObjectName("auditEvents");
    layout->addWidget(m_audit, 1);
    layout->addStretch(0);

    auto *scroll = new QScrollArea;
    scroll->setWidget(content);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(scroll);

    connect(m_details, &models::WorkspaceDetails::changed, this, &WorkspaceDetailPanel::render);
    render();
}

QString WorkspaceDetailPanel::fieldText(const QString &objectName) const
{
    if (const auto *label = findChild<QLabel *>(objectName))
        return label->text();
    return {};
}

namespace {
// "Nothing here" across the whole row, not cut off in its first (narrow) column.
void addPlaceholder(QTreeWidget *tree, const QString &text)
{
    auto *item = new QTreeWidgetItem({text});
    tree->addTopLevelItem(item);
    item->setFirstColumnSpanned(true);
    item->setForeground(0, tree->palette().brush(QPalette::Disabled, QPalette::Text));
}
} // namespace

void WorkspaceDetailPanel::render()
{
    const auto &c = m_details->contents();
    const bool any = !c.workspaceId.isEmpty();
    m_workspaceBox->setVisible(c.workspace.has_value());
    m_accountBox->setVisible(c.account.has_value());
    m_cloudBox->setVisible(c.cloudAccount.has_value());
    for (QWidget *part : {static_cast<QWidget *>(m_deploymentsTitle), static_cast<QWidget *>(m_deployments),
                          static_cast<QWidget *>(m_auditTitle), static_cast<QWidget *>(m_audit)})
        part->setVisible(any);
    if (!any) {
        m_title->setText(tr("No workspace selected"));
        m_message->setText(tr("Select a workspace in the table to see its billing state."));
    } else if (!c.error.isEmpty()) {
        m_title->setText(c.workspaceId);
        m_message->setText(models::BillingText::problemAndRemedy(
            tr("Could not load everything: %1").arg(c.error), tr("Press F5 to try again.")));
    } else {
        m_title->setText(c.workspace ? QStringLiteral("%1 — %2").arg(c.workspace->name, c.workspace->id)
                                     : c.workspaceId);
        m_message->setText(c.pending > 0 ? tr("Loading…") : QString());
    }

    if (c.workspace) {
        const contract::Workspace &w = *c.workspace;
        m_status->setText(BillingText::workspaceStatus(w.status));
        if (w.hasLock()) {
            const QString when = BillingText::dateTime(w.lock.at);
            QString lock =
                tr("%1, since %2 by %3").arg(BillingText::lockReason(w.lock.reason), when, w.lock.by);
            if (w.status == v::WorkspaceStatus::Locked)
                lock += QLatin1Char('\n') +
                        tr("Dissolved on %1 (%2) unless unlocked.")
                            .arg(BillingText::dateTime(w.lock.purgeAt),
                                 BillingText::daysLeft(w.lock.daysLeft(QDateTime::currentMSecsSinceEpoch())));
            else
                lock += QLatin1Char('\n') + tr("Dissolved on %1; it can no longer be unlocked.")
                                                .arg(BillingText::dateTime(w.lock.purgeAt));
            if (!w.lock.note.isEmpty())
                lock += QLatin1Char('\n') + tr("Note: %1").arg(w.lock.note);
            m_lock->setText(lock);
        } else {
            m_lock->setText(tr("Not locked"));
        }
        m_site->setText(w.site);
        m_plan->setText(BillingText::plan(w.plan));
        m_method->setText(c.cloudAccount && w.billingMethod == v::BillingMethod::CloudAccount
                              ? BillingText::paymentMethodLabel(*c.cloudAccount)
                              : BillingText::billingMethod(w.billingMethod));
        m_version->setText(QString::number(w.version));
    }
    if (c.account) {
        const contract::Account &a = *c.account;
        m_email->setText(QStringLiteral("%1 (%2)").arg(a.email, a.id));
        m_card->setText(a.hasCreditCard
                            ? tr("%1 ending in %2").arg(a.creditCard.brand.toUpper(), a.creditCard.last4)
                            : tr("No card on file"));
        m_credits->setText(a.availableCredits.amountMinor > 0 ? BillingText::money(a.availableCredits)
                                                              : tr("None"));
        QString linked = a.linkedCloudAccountId.isEmpty() ? tr("Not linked") : a.linkedCloudAccountId;
        if (a.anyMethodAllowed)
            linked += QLatin1Char('\n') + tr("Any billing method allowed (account manager exemption)");
        m_linked->setText(linked);
    }
    if (c.cloudAccount) {
        const contract::CloudAccount &cloud = *c.cloudAccount;
        m_cloudName->setText(BillingText::cloudAccountName(cloud));
        m_paymentLabel->setText(BillingText::paymentMethodLabel(cloud));
        m_subscription->setText(BillingText::subscriptionState(cloud.subscriptionState));
        m_sync->setText(cloud.syncMessage.isEmpty()
                            ? BillingText::syncState(cloud.syncState)
                            : tr("%1: %2").arg(BillingText::syncState(cloud.syncState), cloud.syncMessage));
        m_external->setText(
            cloud.provider == v::Provider::Azure
                ? tr("Subscription %1, offer %2, plan %3, quantity %4")
                      .arg(cloud.azureSubscriptionId, cloud.offerId, cloud.planId)
                      .arg(cloud.quantity)
                : tr("Customer %1, AWS account %2, product %3")
                      .arg(cloud.customerIdentifier, cloud.customerAwsAccountId, cloud.productCode));
    }

    m_deployments->clear();
    if (c.deployments) {
        for (const contract::Deployment &d : *c.deployments) {
            auto *item = new QTreeWidgetItem({d.name, d.trial ? tr("Trial") : tr("Paid"),
                                              BillingText::deploymentState(d.state),
                                              BillingText::dateTime(d.deleteAt)});
            item->setToolTip(0, d.id);
            m_deployments->addTopLevelItem(item);
        }
        if (c.deployments->isEmpty())
            addPlaceholder(m_deployments, tr("No deployments"));
    }
    m_audit->clear();
    if (c.auditEvents) {
        for (const contract::AuditEvent &e : *c.auditEvents) {
            auto *item =
                new QTreeWidgetItem({QString::number(e.seq), BillingText::dateTime(e.at), e.actor, e.action});
            item->setToolTip(
                3, tr("Before: %1\nAfter: %2").arg(QString::fromUtf8(e.before), QString::fromUtf8(e.after)));
            m_audit->addTopLevelItem(item);
        }
        if (c.auditEvents->isEmpty())
            addPlaceholder(m_audit, tr("No audit events"));
    }
}

} // namespace billing::ui
