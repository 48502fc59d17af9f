// SPDX-License-Identifier: Apache-2.0
#include "console/ui/changebillingmethoddialog.h"

#include "console/models/billingtext.h"
#include "console/services/billingservice.h"
#include "console/services/workspaceservice.h"
#include "console/ui/cloudaccountpicker.h"
#include "console/ui/consolesettings.h"
#include "foundation/contract/vocabulary.h"
#include "ui_changebillingmethoddialog.h"

#include <QCoroTask>
#include <QMessageBox>
#include <QPushButton>

namespace billing::ui {

using models::BillingText;
namespace v = contract::vocabulary;

ChangeBillingMethodDialog::ChangeBillingMethodDialog(services::WorkspaceService *workspaces,
                                                     services::BillingService *billing,
                                                     const contract::Workspace &workspace, QWidget *parent)
    : ChangeDialog(parent)
    , m_ui(std::make_unique<Ui::ChangeBillingMethodDialog>())
    , m_workspaces(workspaces)
    , m_billing(billing)
    , m_workspace(workspace)
{
    m_ui->setupUi(this);
    setUpCycle(m_ui->eligibilityLabel, m_ui->buttons->button(QDialogButtonBox::Ok), m_ui->progress,
               {m_ui->methodBox, m_ui->cloudPanel}, billing->client());
    setObjectName("changeBillingMethodDialog");
    m_ui->buttons->button(QDialogButtonBox::Ok)->setText(tr("&Confirm"));
    m_ui->creditCardRadio->setAccessibleName(tr("Credit card"));
    m_ui->prepaidCreditsRadio->setAccessibleName(tr("Prepaid credits"));
    m_ui->cloudAccountRadio->setAccessibleName(tr("Cloud account billing"));
    m_ui->cloudAccounts->setService(m_billing);
    m_ui->cloudAccounts->setProviderFilter(
        [this](const QString &provider) { return providerAllowed(provider); });
    m_ui->eligibilityLabel->setAccessibleName(tr("Eligibility"));
    if (const QByteArray geometry = settings::changeBillingMethodGeometry().get(); !geometry.isEmpty())
        restoreGeometry(geometry);

    connect(m_ui->buttons, &QDialogButtonBox::accepted, this, &ChangeBillingMethodDialog::accept);
    connect(m_ui->buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    for (QRadioButton *radio : {m_ui->creditCardRadio, m_ui->prepaidCreditsRadio, m_ui->cloudAccountRadio})
        connect(radio, &QRadioButton::toggled, this, &ChangeBillingMethodDialog::choiceChanged);
    connect(m_ui->cloudAccounts, &CloudAccountPicker::currentChanged, this,
            &ChangeBillingMethodDialog::choiceChanged);
    connect(m_ui->cloudAccounts, &CloudAccountPicker::failed, this,
            [this](const QString &message) { setVerdict(message, false); });

    showWorkspace();
    loadOwner();
    m_ui->cloudAccounts->search();
    choiceChanged();
}

ChangeBillingMethodDialog::~ChangeBillingMethodDialog()
{
    settings::changeBillingMethodGeometry().set(saveGeometry());
}

void ChangeBillingMethodDialog::showWorkspace()
{
    m_ui->workspaceLabel->setText(
        tr("<b>%1</b> — %2, site %3")
            .arg(m_workspace.name.toHtmlEscaped(), m_workspace.id, m_workspace.site));
    QString current =
        tr("Current billing method: %1").arg(BillingText::billingMethod(m_workspace.billingMethod));
    if (!m_workspace.cloudAccountId.isEmpty())
        current += tr(" (%1)").arg(m_workspace.cloudAccountId);
    if (m_workspace.status == v::WorkspaceStatus::Locked)
        current += QLatin1Char('\n') + tr("The workspace is locked (%1); a valid new method unlocks it.")
                                           .arg(BillingText::lockReason(m_workspace.lock.reason));
    m_ui->currentMethodLabel->setText(current);
}

void ChangeBillingMethodDialog::loadOwner()
{
    m_ui->creditCardRadio->setEnabled(false);
    m_ui->prepaidCreditsRadio->setEnabled(false);
    QCoro::connect(
        m_workspaces->account(m_workspace.accountId), this,
        [this](const contract::Result<contract::Account> &account) {
            if (!account) {
                setVerdict(tr("Could not read the owner account: %1").arg(account.problem().message()),
                           false);
                return;
            }
            m_owner = *account;
            const bool card = m_owner->hasCreditCard;
            m_ui->creditCardRadio->setEnabled(card);
            m_ui->creditCardRadio->setText(
                card ? tr("&Credit card — %1 ending in %2")
                           .arg(m_owner->creditCard.brand.toUpper(), m_owner->creditCard.last4)
                     : tr("&Credit card — no card on file"));
            const bool credits = m_owner->availableCredits.amountMinor > 0;
            m_ui->prepaidCreditsRadio->setEnabled(credits);
            m_ui->prepaidCreditsRadio->setText(
                credits
                    ? tr("&Prepaid credits — %1 available").arg(BillingText::money(m_owner->availableCredits))
                    : tr("&Prepaid credits — no credits"));
            m_ui->cloudAccounts->search(); // the owner's exemption widens the marketplaces offered
            choiceChanged();
        });
}

bool ChangeBillingMethodDialog::providerAllowed(const QString &provider) const
{
    if (m_owner && m_owner->anyMethodAllowed)
        return true;
    if (provider == v::Provider::Azure)
        return true;
    return (provider == v::Provider::AwsChina) == v::isChinaSite(m_workspace.site);
}

QString ChangeBillingMethodDialog::chosenMethod() const
{
    if (m_ui->creditCardRadio->isChecked())
        return v::BillingMethod::CreditCard;
    if (m_ui->prepaidCreditsRadio->isChecked())
        return v::BillingMethod::PrepaidCredits;
    if (m_ui->cloudAccountRadio->isChecked())
        return v::BillingMethod::CloudAccount;
    return {};
}

QString ChangeBillingMethodDialog::chosenCloudAccount() const
{
    return m_ui->cloudAccounts->currentCloudAccountId();
}

void ChangeBillingMethodDialog::choiceChanged()
{
    const QString method = chosenMethod();
    m_ui->cloudPanel->setEnabled(method == v::BillingMethod::CloudAccount);
    ++m_eligibilityGeneration;
    if (method.isEmpty())
        return setVerdict(tr("Choose the new billing method."), false);
    const QString cloud = chosenCloudAccount();
    const bool unchanged = method == m_workspace.billingMethod && cloud == m_workspace.cloudAccountId &&
                           m_workspace.status == v::WorkspaceStatus::Active;
    if (unchanged)
        return setVerdict(tr("The workspace is already billed this way."), false);
    if (method != v::BillingMethod::CloudAccount)
        return setVerdict(
            tr("Ready: %1 will pay for this workspace.").arg(BillingText::billingMethod(method)), true);
    if (cloud.isEmpty())
        return setVerdict(tr("Choose the cloud account that will pay."), false);
    checkEligibility(cloud);
}

void ChangeBillingMethodDialog::checkEligibility(const QString &cloudAccountId)
{
    setVerdict(tr("Checking whether %1 may pay for this workspace…").arg(cloudAccountId), false);
    const quint64 generation = m_eligibilityGeneration;
    QCoro::connect(
        m_billing->checkBinding(cloudAccountId, {m_workspace.id}), this,
        [this, generation, cloudAccountId](const contract::Result<contract::BindingReport> &report) {
            if (generation != m_eligibilityGeneration)
                return; // the choice changed meanwhile
            if (!report)
                return setVerdict(tr("Could not check eligibility: %1").arg(report.problem().message()),
                                  false);
            const auto item = report->items.value(0);
            if (item.eligible)
                setVerdict(tr("Ready: cloud account %1 may pay for this workspace.").arg(cloudAccountId),
                           true);
            else
                setVerdict(BillingText::refusal(item.code, item.facts, item.reason), false);
        });
}

void ChangeBillingMethodDialog::showSubscriptionProgress(const QString &text)
{
    m_ui->subscriptionProgressLabel->setText(tr("Latest: %1").arg(text));
    m_ui->subscriptionProgressLabel->show();
}

void ChangeBillingMethodDialog::enableInputs(bool enabled)
{
    m_ui->methodBox->setEnabled(enabled);
    m_ui->cloudPanel->setEnabled(enabled && chosenMethod() == v::BillingMethod::CloudAccount);
}

void ChangeBillingMethodDialog::accept()
{
    const QString method = chosenMethod();
    const QString cloud = method == v::BillingMethod::CloudAccount ? chosenCloudAccount() : QString();
    const QByteArray key = m_changeKey.forChange(
        QStringList{m_workspace.id, QString::number(m_workspace.version), method, cloud}.join('/'));
    send(m_billing->changeBillingMethod(m_workspace.id, m_workspace.version, method, cloud, key),
         tr("Changing the billing method…"),
         [this](const contract::Workspace &changed) { m_changed = changed; });
}

void ChangeBillingMethodDialog::conflicted(const contract::Problem &problem)
{
    setVerdict(BillingText::problem(problem), false);
    const auto answer = QMessageBox::question(this, tr("Workspace changed"),
                                              tr("Someone changed this workspace since you opened it. "
                                                 "Reload it and review your choice?"),
                                              QMessageBox::Yes | QMessageBox::No, QMessageBox::Yes);
    if (answer != QMessageBox::Yes)
        return;
    reloadWorkspace(m_workspaces, m_workspace.id, [this](const contract::Workspace &fresh) {
        m_workspace = fresh;
        showWorkspace();
        choiceChanged();
    });
}

} // namespace billing::ui
