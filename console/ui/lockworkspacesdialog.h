// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "console/services/billingservice.h"
#include "console/services/changekey.h"
#include "console/ui/changedialog.h"
#include "foundation/contract/workspace.h"

#include <memory>

namespace Ui {
class LockWorkspacesDialog;
}

namespace billing::ui {

// An admin locks or unlocks the selected workspaces (rule 6), all or none. Locking takes a reason
// and a note and starts the 14-day countdown to purge; unlocking a workspace with no valid billing
// method needs an override: a note and an end date at most 30 days away.
class LockWorkspacesDialog final : public ChangeDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LockWorkspacesDialog)
public:
    enum class Mode { Lock, Unlock };

    LockWorkspacesDialog(services::BillingService *billing, Mode mode, QList<contract::Workspace> workspaces,
                         std::function<qint64()> now, QWidget *parent = nullptr);
    ~LockWorkspacesDialog() override;

    Ui::LockWorkspacesDialog *form() const { return m_ui.get(); }
    // After acceptance: the workspaces changed.
    const QStringList &changed() const { return m_changed; }

    void accept() override;

protected:
    void enableInputs(bool enabled) override;
    void declined(const contract::Problem &problem) override;

private:
    void inputChanged();
    qint64 overrideUntil() const;

    std::unique_ptr<Ui::LockWorkspacesDialog> m_ui;
    services::BillingService *m_billing;
    Mode m_mode;
    QList<contract::Workspace> m_workspaces;
    std::function<qint64()> m_now;
    services::ChangeKey m_changeKey;
    QStringList m_changed;
};

} // namespace billing::ui
