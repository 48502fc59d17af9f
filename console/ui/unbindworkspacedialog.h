// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "console/services/changekey.h"
#include "console/ui/changedialog.h"
#include "foundation/contract/account.h"
#include "foundation/contract/workspace.h"

#include <memory>
#include <optional>

namespace Ui {
class UnbindWorkspaceDialog;
}
namespace billing::services {
class BillingService;
class WorkspaceService;
} // namespace billing::services

namespace billing::ui {

// Stops a workspace being billed to its cloud account. The owner's card or credits may pay from now
// on; with neither (or by choice) the workspace is locked for want of a billing method, and its
// 14-day countdown to purge starts (rule 6).
class UnbindWorkspaceDialog final : public ChangeDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(UnbindWorkspaceDialog)
public:
    UnbindWorkspaceDialog(services::WorkspaceService *workspaces, services::BillingService *billing,
                          const contract::Workspace &workspace, QWidget *parent = nullptr);
    ~UnbindWorkspaceDialog() override;

    Ui::UnbindWorkspaceDialog *form() const { return m_ui.get(); }
    // After acceptance: the workspace as the platform answered it, and whether it was locked.
    const std::optional<contract::Workspace> &unboundWorkspace() const { return m_unbound; }
    bool locked() const { return m_locked; }

    void accept() override;

protected:
    void conflicted(const contract::Problem &problem) override;

private:
    void loadOwner();
    void showOwner(const contract::Account &owner);
    QString replacementMethod() const;
    void choiceChanged();

    std::unique_ptr<Ui::UnbindWorkspaceDialog> m_ui;
    services::WorkspaceService *m_workspaces;
    services::BillingService *m_billing;
    contract::Workspace m_workspace;
    QString m_cloudAccountId;
    services::ChangeKey m_changeKey;
    std::optional<contract::Workspace> m_unbound;
    bool m_locked = false;
};

} // namespace billing::ui
