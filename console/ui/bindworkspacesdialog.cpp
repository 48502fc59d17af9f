// SPDX-License-Identifier: Apache-2.0
#include "console/ui/bindworkspacesdialog.h"

#include "console/models/billingtext.h"
#include "console/services/billingservice.h"
#include "console/ui/cloudaccountpicker.h"
#include "console/ui/consolesettings.h"
#include "ui_bindworkspacesdialog.h"

#include <QCoroTask>
#include <QHeaderView>
#include <QLocale>
#include <QPushButton>

namespace billing::ui {

BindWorkspacesDialog::BindWorkspacesDialog(services::BillingService *billing, QStringList workspaceIds,
                                           QWidget *parent)
    : ChangeDialog(parent)
    , m_ui(std::make_unique<Ui::BindWorkspacesDialog>())
    , m_billing(billing)
    , m_workspaceIds(std::move(workspaceIds))
{
    m_ui->setupUi(this);
    setUpCycle(m_ui->verdictLabel, m_ui->buttons->button(QDialogButtonBox::Ok), m_ui->progress,
               {m_ui->cloudAccounts, m_ui->removeRefusedButton}, billing->client());
    setObjectName("bindWorkspacesDialog");
    m_ui->buttons->button(QDialogButtonBox::Ok)->setText(tr("&Bind All"));
    m_ui->resultTable->setAccessibleName(tr("Eligibility of each workspace"));
    m_ui->resultTable->verticalHeader()->setDefaultSectionSize(m_ui->resultTable->fontMetrics().height() + 6);
    m_ui->resultTable->horizontalHeader()->resizeSection(0, 150);
    m_ui->resultTable->horizontalHeader()->resizeSection(1, 110);
    m_ui->verdictLabel->setAccessibleName(tr("Verdict"));
    m_ui->removeRefusedButton->hide();
    m_ui->cloudAccounts->setService(m_billing);
    if (const QByteArray geometry = settings::bindWorkspacesGeometry().get(); !geometry.isEmpty())
        restoreGeometry(geometry);

    connect(m_ui->buttons, &QDialogButtonBox::accepted, this, &BindWorkspacesDialog::accept);
    connect(m_ui->buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_ui->cloudAccounts, &CloudAccountPicker::currentChanged, this, &BindWorkspacesDialog::check);
    connect(m_ui->cloudAccounts, &CloudAccountPicker::failed, this,
            [this](const QString &message) { setVerdict(message, false); });
    connect(m_ui->removeRefusedButton, &QPushButton::clicked, this, &BindWorkspacesDialog::leaveOutRefused);

    m_ui->summaryLabel->setText(
        tr("%1 selected. Choose the cloud account that will pay for all of them; each is checked "
           "before anything is bound, and they are bound all together or not at all.")
            .arg(models::BillingText::workspaces(m_workspaceIds.size())));
    setVerdict(tr("Choose the cloud account that will pay."), false);
    m_ui->cloudAccounts->search();
}

BindWorkspacesDialog::~BindWorkspacesDialog()
{
    settings::bindWorkspacesGeometry().set(saveGeometry());
}

void BindWorkspacesDialog::chooseCloudAccount(const QString &cloudAccountId)
{
    m_ui->cloudAccounts->choose(cloudAccountId);
}

void BindWorkspacesDialog::check()
{
    const QString cloud = m_ui->cloudAccounts->currentCloudAccountId();
    const quint64 generation = ++m_checkGeneration;
    m_checkedCloudAccount.clear();
    m_ui->resultTable->setRowCount(0);
    m_ui->removeRefusedButton->hide();
    if (cloud.isEmpty())
        return setVerdict(tr("Choose the cloud account that will pay."), false);
    setBusy(true,
            tr("Checking %1 against %2…").arg(models::BillingText::workspaces(m_workspaceIds.size()), cloud));
    QCoro::connect(m_billing->checkBinding(cloud, m_workspaceIds), this,
                   [this, generation, cloud](const contract::Result<contract::BindingReport> &report) {
                       if (generation != m_checkGeneration)
                           return; // another cloud account was chosen meanwhile
                       setBusy(false);
                       if (!report)
                           return setVerdict(
                               tr("Could not check the workspaces: %1").arg(report.problem().message()),
                               false);
                       m_checkedCloudAccount = cloud;
                       show(*report);
                   });
}

void BindWorkspacesDialog::show(const contract::BindingReport &report)
{
    // Refused first: they are what staff must act on.
    QList<contract::BindingReport::Item> items = report.items;
    std::stable_sort(items.begin(), items.end(),
                     [](const auto &a, const auto &b) { return !a.eligible && b.eligible; });
    m_refused.clear();
    QTableWidget *table = m_ui->resultTable;
    table->setUpdatesEnabled(false);
    table->setRowCount(int(items.size()));
    for (int row = 0; row < items.size(); ++row) {
        const auto &item = items.at(row);
        if (!item.eligible)
            m_refused << item.workspaceId;
        table->setItem(row, 0, new QTableWidgetItem(item.workspaceId));
        table->setItem(row, 1, new QTableWidgetItem(item.site));
        const QString reason = models::BillingText::refusal(item.code, item.facts, item.reason);
        auto *verdict = new QTableWidgetItem(
            item.eligible ? (item.alreadyBound ? tr("Already bound") : tr("Eligible")) : reason);
        verdict->setToolTip(item.eligible ? QString() : reason);
        if (!item.eligible)
            verdict->setForeground(QColor(0xb0, 0x3a, 0x00));
        table->setItem(row, 2, verdict);
    }
    table->setUpdatesEnabled(true);
    const int eligible = int(items.size() - m_refused.size());
    m_ui->removeRefusedButton->setVisible(!m_refused.isEmpty() && eligible > 0);
    if (m_refused.isEmpty())
        setVerdict(tr("All %1 may be billed to %2.").arg(QLocale().toString(eligible), m_checkedCloudAccount),
                   eligible > 0);
    else
        setVerdict(tr("%1 eligible, %2 refused: binding is all or none, so nothing can be bound until the "
                      "refused are "
                      "left out or fixed.")
                       .arg(QLocale().toString(eligible), QLocale().toString(qsizetype(m_refused.size()))),
                   false);
}

void BindWorkspacesDialog::leaveOutRefused()
{
    for (const QString &id : std::as_const(m_refused))
        m_workspaceIds.removeAll(id);
    m_ui->summaryLabel->setText(tr("%1 to bind (the refused were left out).")
                                    .arg(models::BillingText::workspaces(m_workspaceIds.size())));
    check();
}

void BindWorkspacesDialog::accept()
{
    const QString cloud = m_checkedCloudAccount;
    if (cloud.isEmpty() || !m_refused.isEmpty())
        return;
    const QByteArray key = m_changeKey.forChange(cloud + QLatin1Char('/') + m_workspaceIds.join(','));
    send(m_billing->bindWorkspaces(cloud, m_workspaceIds, key),
         tr("Binding %1 to %2…").arg(models::BillingText::workspaces(m_workspaceIds.size()), cloud),
         [this](const contract::BindingReport &report) { m_bound = report.bound; });
}

void BindWorkspacesDialog::declined(const contract::Problem &problem)
{
    // Something changed since the check: the fresh verdicts say what.
    if (problem.code == QLatin1String("bindings_refused"))
        return show(contract::BindingReport::fromJson(problem.extra));
    setVerdict(models::BillingText::problem(problem), false);
}

} // namespace billing::ui
