// SPDX-License-Identifier: Apache-2.0
#include "console/ui/changedialog.h"

#include "console/models/billingtext.h"
#include "console/services/platformclient.h"
#include "console/services/workspaceservice.h"

namespace billing::ui {

ChangeDialog::ChangeDialog(QWidget *parent)
    : QDialog(parent)
{
}

void ChangeDialog::setUpCycle(QLabel *verdict, QAbstractButton *confirm, QWidget *progress,
                              QList<QWidget *> inputs, services::PlatformClient *platform)
{
    m_verdict = verdict;
    m_confirm = confirm;
    m_progress = progress;
    m_inputs = std::move(inputs);
    m_progress->hide();
    connect(platform, &services::PlatformClient::reachabilityChanged, this, &ChangeDialog::platformReachable);
}

void ChangeDialog::platformReachable(bool reachable, const QString &why)
{
    // A change on its way says for itself how it ended; the notice is for a dialog staff are filling in.
    if (m_progress->isVisible())
        return;
    if (m_resendWhenBack) {
        // The same change under the same key: the platform applies it, or answers as it did the first
        // time if it had.
        if (reachable) {
            m_resendWhenBack = false;
            m_beforeAway.reset();
            accept();
        }
        return;
    }
    if (!reachable && !m_beforeAway) {
        m_beforeAway = Verdict{m_verdict->text(), m_confirm->isEnabled()};
        setVerdict(models::BillingText::problemAndRemedy(
                       tr("The platform is not answering: %1").arg(why),
                       tr("What you entered is kept; Confirm comes back when the platform does.")),
                   false);
    } else if (reachable && m_beforeAway) {
        const Verdict before = *std::exchange(m_beforeAway, std::nullopt);
        setVerdict(before.text, before.confirmable);
    }
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
        // What staff chose stays frozen: sent again, it must be the same change under the same key.
        m_resendWhenBack = true;
        enableInputs(false);
        const QString again = m_confirm->text().remove(QLatin1Char('&'));
        return setVerdict(models::BillingText::problemAndRemedy(
                              problem.message(), tr("The change is sent again when the platform answers, or "
                                                    "when you press %1; it will not be applied twice.")
                                                     .arg(again)),
                          true);
    }
    if (problem.code == QLatin1String(contract::ErrorCode::VersionConflict))
        return conflicted(problem);
    declined(problem);
}

void ChangeDialog::conflicted(const contract::Problem &problem)
{
    setVerdict(models::BillingText::problem(problem), false);
}

void ChangeDialog::declined(const contract::Problem &problem)
{
    setVerdict(models::BillingText::problem(problem), false);
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
