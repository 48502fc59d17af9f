// SPDX-License-Identifier: Apache-2.0
#include "console/ui/changedialog.h"

#include "console/models/billingtext.h"
#include "console/services/workspaceservice.h"

namespace billing::ui {

ChangeDialog::ChangeDialog(QWidget *parent)
    : QDialog(parent)
{
}

void ChangeDialog::setUpCycle(QLabel *verdict, QAbstractButton *confirm, QWidget *progress,
                              QList<QWidget *> inputs)
{
    m_verdict = verdict;
    m_confirm = confirm;
    m_progress = progress;
    m_inputs = std::move(inputs);
    m_progress->hide();
}

void ChangeDialog::setVerdict(const QString &text, bool confirmable)
{
    m_verdict->setText(text);
    m_verdict->setStyleSheet(confirmable ? QString() : QStringLiteral("color: #b03a00;"));
    m_confirm->setEnabled(confirmable);
}

void ChangeDialog::setBusy(bool busy, const QString &doing)
{
    m_progress->setVisible(busy);
    enableInputs(!busy);
    if (busy) {
        m_confirm->setEnabled(false);
        if (!doing.isEmpty()) {
            m_verdict->setText(doing);
            m_verdict->setStyleSheet(QString());
        }
    }
}

void ChangeDialog::enableInputs(bool enabled)
{
    for (QWidget *input : std::as_const(m_inputs))
        input->setEnabled(enabled);
}

void ChangeDialog::refused(const contract::Problem &problem)
{
    if (problem.isNetworkFailure()) {
        const QString again = m_confirm->text().remove(QLatin1Char('&'));
        return setVerdict(
            models::BillingText::problemAndRemedy(
                problem.message(), tr("%1 again to retry; the change will not be applied twice.").arg(again)),
            true);
    }
    if (problem.code == QLatin1String(contract::ErrorCode::VersionConflict))
        return conflicted(problem);
    declined(problem);
}

void ChangeDialog::conflicted(const contract::Problem &problem)
{
    setVerdict(problem.message(), false);
}

void ChangeDialog::declined(const contract::Problem &problem)
{
    setVerdict(problem.message(), false);
}

void ChangeDialog::reloadWorkspace(services::WorkspaceService *workspaces, const QString &id,
                                   std::function<void(const contract::Workspace &)> reloaded)
{
    setBusy(true, tr("Reading the workspace again…"));
    QCoro::connect(
        workspaces->workspace(id), this,
        [this, reloaded = std::move(reloaded)](const contract::Result<contract::Workspace> &fresh) {
            setBusy(false);
            if (!fresh)
                return setVerdict(tr("Could not reload the workspace: %1").arg(fresh.problem().message()),
                                  false);
            reloaded(*fresh);
        });
}

} // namespace billing::ui
