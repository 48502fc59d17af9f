// SPDX-License-Identifier: Apache-2.0
#include "console/ui/lockworkspacesdialog.h"

#include "console/models/billingtext.h"
#include "console/services/billingservice.h"
#include "console/ui/consolesettings.h"
#include "foundation/contract/vocabulary.h"
#include "ui_lockworkspacesdialog.h"

#include <QCoroTask>
#include <QJsonArray>
#include <QLocale>
#include <QPushButton>

namespace billing::ui {

using models::BillingText;
namespace v = contract::vocabulary;

LockWorkspacesDialog::LockWorkspacesDialog(services::BillingService *billing, Mode mode,
                                           QList<contract::Workspace> workspaces, std::function<qint64()> now,
                                           QWidget *parent)
    : ChangeDialog(parent)
    , m_ui(std::make_unique<Ui::LockWorkspacesDialog>())
    , m_billing(billing)
    , m_mode(mode)
    , m_workspaces(std::move(workspaces))
    , m_now(std::move(now))
{
    m_ui->setupUi(this);
    setUpCycle(m_ui->verdictLabel, m_ui->buttons->button(QDialogButtonBox::Ok), m_ui->progress,
               {m_ui->reasonCombo, m_ui->noteEdit, m_ui->overrideCheck, m_ui->overrideDate},
               billing->client());
    const bool locking = mode == Mode::Lock;
    setObjectName(locking ? "lockWorkspacesDialog" : "unlockWorkspacesDialog");
    setWindowTitle(locking ? tr("Lock Workspaces") : tr("Unlock Workspaces"));
    m_ui->buttons->button(QDialogButtonBox::Ok)->setText(locking ? tr("&Lock") : tr("&Unlock"));
    m_ui->verdictLabel->setAccessibleName(tr("Verdict"));
    if (const QByteArray geometry = settings::lockWorkspacesGeometry().get(); !geometry.isEmpty())
        restoreGeometry(geometry);

    const QString what =
        m_workspaces.size() == 1
            ? tr("<b>%1</b> (%2)").arg(m_workspaces.first().name.toHtmlEscaped(), m_workspaces.first().id)
            : tr("<b>%1</b>").arg(BillingText::workspaces(m_workspaces.size()));
    m_ui->summaryLabel->setText(locking ? tr("Lock %1.").arg(what) : tr("Unlock %1.").arg(what));

    m_ui->reasonCaption->setText(tr("&Reason:"));
    m_ui->reasonCombo->setAccessibleName(tr("Lock reason"));
    for (const QString &reason : {v::LockReason::AdminHold, v::LockReason::PaymentOverdue})
        m_ui->reasonCombo->addItem(BillingText::lockReason(reason), reason);
    m_ui->noteCaption->setText(tr("&Note:"));
    m_ui->noteEdit->setAccessibleName(tr("Note"));
    m_ui->noteEdit->setPlaceholderText(
        locking ? tr("Why, for the audit trail (for example: chargeback under review)")
                : tr("Why, for the audit trail"));
    m_ui->overrideCheck->setText(tr("&Override: let workspaces with no valid billing method run until"));
    m_ui->overrideCheck->setAccessibleName(tr("Override"));
    m_ui->overrideCaption->setText(tr("Override &ends:"));
    m_ui->overrideDate->setAccessibleName(tr("Override end date"));
    const QDate today = QDateTime::fromMSecsSinceEpoch(m_now(), Qt::UTC).date();
    m_ui->overrideDate->setMinimumDate(today.addDays(1));
    m_ui->overrideDate->setMaximumDate(today.addDays(v::MaxOverrideDays));
    m_ui->overrideDate->setDate(today.addDays(7));
    m_ui->overrideDate->setDisplayFormat(QLocale().dateFormat(QLocale::ShortFormat));

    m_ui->reasonCaption->setVisible(locking);
    m_ui->reasonCombo->setVisible(locking);
    m_ui->overrideCheck->setVisible(!locking);
    m_ui->overrideCaption->setVisible(!locking);
    m_ui->overrideDate->setVisible(!locking);
    m_ui->consequencesLabel->setText(
        locking ? tr("Each workspace is dissolved after %1 days (on %2) unless it is unlocked or given a "
                     "valid billing "
                     "method first; a dissolved workspace cannot be unlocked. Its deployments are not "
                     "stopped by a lock "
                     "(only a marketplace cancellation stops paid ones).")
                      .arg(v::LockCountdownDays)
                      .arg(QLocale().toString(today.addDays(v::LockCountdownDays), QLocale::LongFormat))
                : tr("Workspaces with a valid billing method are unlocked for good. One without needs an "
                     "override: it "
                     "runs until the override ends (at most %1 days, with a note) and is then locked again. "
                     "Unlocking "
                     "never brings back a deleted deployment.")
                      .arg(v::MaxOverrideDays));

    connect(m_ui->buttons, &QDialogButtonBox::accepted, this, &LockWorkspacesDialog::accept);
    connect(m_ui->buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_ui->noteEdit, &QLineEdit::textChanged, this, &LockWorkspacesDialog::inputChanged);
    connect(m_ui->overrideCheck, &QCheckBox::toggled, this, &LockWorkspacesDialog::inputChanged);
    connect(m_ui->reasonCombo, &QComboBox::currentIndexChanged, this, &LockWorkspacesDialog::inputChanged);
    connect(m_ui->overrideDate, &QDateEdit::dateChanged, this, &LockWorkspacesDialog::inputChanged);
    inputChanged();
}

LockWorkspacesDialog::~LockWorkspacesDialog()
{
    settings::lockWorkspacesGeometry().set(saveGeometry());
}

qint64 LockWorkspacesDialog::overrideUntil() const
{
    if (m_mode == Mode::Lock || !m_ui->overrideCheck->isChecked())
        return 0;
    // Whole days from now, so the longest choice is exactly the 30 days the platform allows.
    const qint64 now = m_now();
    const QDate today = QDateTime::fromMSecsSinceEpoch(now, Qt::UTC).date();
    return now + today.daysTo(m_ui->overrideDate->date()) * v::DayMs;
}

void LockWorkspacesDialog::inputChanged()
{
    const bool overriding = overrideUntil() > 0;
    m_ui->overrideDate->setEnabled(m_ui->overrideCheck->isChecked());
    m_ui->overrideCaption->setEnabled(m_ui->overrideCheck->isChecked());
    if (overriding && m_ui->noteEdit->text().trimmed().isEmpty())
        return setVerdict(tr("An override needs a note saying why."), false);
    if (m_mode == Mode::Lock)
        return setVerdict(
            tr("%1 will be locked for “%2”.")
                .arg(BillingText::workspaces(m_workspaces.size()), m_ui->reasonCombo->currentText()),
            true);
    setVerdict(overriding ? tr("%1 will be unlocked; those with no valid billing method run until %2.")
                                .arg(BillingText::workspaces(m_workspaces.size()),
                                     QLocale().toString(m_ui->overrideDate->date(), QLocale::LongFormat))
                          : tr("%1 will be unlocked.").arg(BillingText::workspaces(m_workspaces.size())),
               true);
}

void LockWorkspacesDialog::accept()
{
    QList<services::LockTarget> targets;
    QStringList intended{m_mode == Mode::Lock ? QStringLiteral("lock") : QStringLiteral("unlock"),
                         m_ui->reasonCombo->currentData().toString(), m_ui->noteEdit->text().trimmed(),
                         QString::number(overrideUntil())};
    for (const contract::Workspace &w : std::as_const(m_workspaces)) {
        targets.append({w.id, w.version});
        intended << w.id + QLatin1Char('@') + QString::number(w.version);
    }
    const QByteArray key = m_changeKey.forChange(intended.join('/'));
    const QString note = m_ui->noteEdit->text().trimmed();
    auto change =
        m_mode == Mode::Lock
            ? m_billing->lockWorkspaces(targets, m_ui->reasonCombo->currentData().toString(), note, key)
            : m_billing->unlockWorkspaces(targets, note, overrideUntil(), key);
    send(std::move(change), m_mode == Mode::Lock ? tr("Locking…") : tr("Unlocking…"),
         [this](const QStringList &changed) { m_changed = changed; });
}

void LockWorkspacesDialog::enableInputs(bool enabled)
{
    ChangeDialog::enableInputs(enabled);
    if (enabled)
        m_ui->overrideDate->setEnabled(m_ui->overrideCheck->isChecked());
}

void LockWorkspacesDialog::declined(const contract::Problem &problem)
{
    const QJsonArray items = problem.extra.value("items").toArray();
    if (items.isEmpty())
        return setVerdict(models::BillingText::problem(problem), false);
    // Each workspace that cannot change, in words; an override, when that is all they lack, is offered.
    QStringList lines;
    bool onlyOverrides = true;
    for (const QJsonValue &item : items) {
        const QJsonObject o = item.toObject();
        onlyOverrides = onlyOverrides && o.value("code").toString() == QLatin1String("override_required");
        if (lines.size() < 5)
            lines << tr("%1: %2").arg(o.value("workspace_id").toString(),
                                      models::BillingText::refusal(o.value("code").toString(),
                                                                   o.value("facts").toObject(),
                                                                   o.value("reason").toString()));
    }
    if (items.size() > lines.size())
        lines << tr("… and %1 more.").arg(items.size() - lines.size());
    const QString list = lines.join(QLatin1Char('\n'));
    if (onlyOverrides && m_mode == Mode::Unlock && !m_ui->overrideCheck->isChecked()) {
        m_ui->overrideCheck->setChecked(true);
        m_ui->noteEdit->setFocus();
        return setVerdict(
            tr("Nothing was changed: %n of them lack a valid billing method and need an override. Give "
               "it a note and an end date, then unlock again.",
               nullptr, int(items.size())) +
                QLatin1Char('\n') + list,
            !m_ui->noteEdit->text().trimmed().isEmpty());
    }
    setVerdict(tr("Nothing was changed: %1\n%2").arg(problem.message(), list), false);
}

} // namespace billing::ui
