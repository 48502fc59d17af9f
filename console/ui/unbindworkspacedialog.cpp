// SPDX-License-Identifier: Apache-2.0
#include "console/ui/unbindworkspacedialog.h"

#include "console/models/billingtext.h"
#include "console/services/billingservice.h"
#include "console/services/workspaceservice.h"
#include "console/ui/consolesettings.h"
#include "foundation/contract/vocabulary.h"
#include "ui_unbindworkspacedialog.h"

#include <QCoroTask>
#include <QPushButton>

namespace billing::ui {

using models::BillingText;
namespace v = contract::vocabulary;

UnbindWorkspaceDialog::UnbindWorkspaceDialog(services::WorkspaceService *workspaces,
                                             services::BillingService *billing,
                                             const contract::Workspace &workspace, QWidget *parent)
    : ChangeDialog(parent)
    , m_ui(std::make_unique<Ui::UnbindWorkspaceDialog>())
    , m_workspaces(workspaces)
    , m_billing(billing)
    , m_workspace(workspace)
    , m_cloudAccountId(workspace.cloudAccountId)
{
    m_ui->setupUi(this);
    setUpCycle(m_ui->verdictLabel, m_ui->buttons->button(QDialogButtonBox::Ok), m_ui->progress,
               {m_ui->replacementGroup}, billing->client());
    setObjectName("unbindWorkspaceDialog");
    m_ui->buttons->button(QDialogButtonBox::Ok)->setText(tr("&Unbind"));
    m_ui->creditCardRadio->setAccessibleName(tr("Credit card"));
    m_ui->prepaidCreditsRadio->setAccessibleName(tr("Prepaid credits"));
    m_ui->lockRadio->setAccessibleName(tr("No billing method: lock the workspace"));
    m_ui->lockRadio->setText(
        tr("No billing method: &lock the workspace (purged after %1 days unless a method is set)")
            .arg(v::LockCountdownDays));
    m_ui->verdictLabel->setAccessibleName(tr("Verdict"));
    if (const QByteArray geometry = settings::unbindWorkspaceGeometry().get(); !geometry.isEmpty())
        restoreGeometry(geometry);
    m_ui->summaryLabel->setText(
        tr("<b>%1</b> (%2, site %3) is billed to cloud account <b>%4</b>. Once unbound, the "
           "marketplace no longer pays for it.")
            .arg(m_workspace.name.toHtmlEscaped(), m_workspace.id, m_workspace.site, m_cloudAccountId));

    connect(m_ui->buttons, &QDialogButtonBox::accepted, this, &UnbindWorkspaceDialog::accept);
    connect(m_ui->buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    for (QRadioButton *radio : {m_ui->creditCardRadio, m_ui->prepaidCreditsRadio, m_ui->lockRadio})
        connect(radio, &QRadioButton::toggled, this, &UnbindWorkspaceDialog::choiceChanged);
    m_ui->creditCardRadio->setText(tr("&Credit card"));
    m_ui->prepaidCreditsRadio->setText(tr("&Prepaid credits"));
    m_ui->creditCardRadio->setEnabled(false);
    m_ui->prepaidCreditsRadio->setEnabled(false);
    m_ui->lockRadio->setChecked(true);
    loadOwner();
}

UnbindWorkspaceDialog::~UnbindWorkspaceDialog()
{
    settings::unbindWorkspaceGeometry().set(saveGeometry());
}

void UnbindWorkspaceDialog::loadOwner()
{
    setBusy(true);
    setVerdict(tr("Reading the owner's payment profile…"), false);
    QCoro::connect(
        m_workspaces->account(m_workspace.accountId), this,
        [this](const contract::Result<contract::Account> &owner) {
            setBusy(false);
            if (!owner) {
                // Locking needs nothing from the owner; the other choices wait for a profile.
                setVerdict(
                    tr("Could not read the owner's payment profile: %1").arg(owner.problem().message()),
                    false);
                choiceChanged();
                return;
            }
            showOwner(*owner);
        });
}

void UnbindWorkspaceDialog::showOwner(const contract::Account &owner)
{
    m_ui->creditCardRadio->setEnabled(owner.hasCreditCard);
    m_ui->creditCardRadio->setText(
        owner.hasCreditCard
            ? tr("&Credit card (%1 ending %2)").arg(owner.creditCard.brand, owner.creditCard.last4)
            : tr("&Credit card (no card on file)"));
    const bool credits = owner.availableCredits.amountMinor > 0;
    m_ui->prepaidCreditsRadio->setEnabled(credits);
    m_ui->prepaidCreditsRadio->setText(
        credits ? tr("&Prepaid credits (%1 available)").arg(BillingText::money(owner.availableCredits))
                : tr("&Prepaid credits (no credits)"));
    if (owner.hasCreditCard)
        m_ui->creditCardRadio->setChecked(true);
    else if (credits)
        m_ui->prepaidCreditsRadio->setChecked(true);
    choiceChanged();
}

QString UnbindWorkspaceDialog::replacementMethod() const
{
    if (m_ui->creditCardRadio->isChecked())
        return v::BillingMethod::CreditCard;
    if (m_ui->prepaidCreditsRadio->isChecked())
        return v::BillingMethod::PrepaidCredits;
    return {};
}

void UnbindWorkspaceDialog::choiceChanged()
{
    const QString method = replacementMethod();
    if (method.isEmpty())
        setVerdict(
            tr("The workspace will be locked with no billing method; it is purged in %1 days unless staff or "
               "the customer set a method.")
                .arg(v::LockCountdownDays),
            true);
    else
        setVerdict(tr("The workspace will be billed by %1 from now on.")
                       .arg(BillingText::billingMethod(method).toLower()),
                   true);
}

void UnbindWorkspaceDialog::accept()
{
    const QString method = replacementMethod();
    const QByteArray key = m_changeKey.forChange(
        QStringList{QStringLiteral("unbind"), m_workspace.id, QString::number(m_workspace.version), method}
            .join('/'));
    send(m_billing->unbindWorkspace(m_cloudAccountId, m_workspace.id, m_workspace.version, method, key),
         tr("Unbinding…"), [this](const services::Unbinding &unbound) {
             m_unbound = unbound.workspace;
             m_locked = unbound.locked;
         });
}

void UnbindWorkspaceDialog::conflicted(const contract::Problem &)
{
    reloadWorkspace(m_workspaces, m_workspace.id, [this](const contract::Workspace &fresh) {
        m_workspace = fresh;
        if (m_workspace.cloudAccountId != m_cloudAccountId)
            return setVerdict(
                tr("Someone changed this workspace since you opened it: it is no longer billed to %1.")
                    .arg(m_cloudAccountId),
                false);
        choiceChanged();
        m_ui->verdictLabel->setText(tr(
            "Someone changed this workspace since you opened it; it was reloaded. Review and unbind again."));
    });
}

} // namespace billing::ui
