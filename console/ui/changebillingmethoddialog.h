// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "console/services/changekey.h"
#include "console/ui/changedialog.h"
#include "foundation/contract/account.h"
#include "foundation/contract/cloudaccount.h"
#include "foundation/contract/workspace.h"

#include <memory>
#include <optional>

namespace Ui {
class ChangeBillingMethodDialog;
}
namespace billing::services {
class BillingService;
class WorkspaceService;
} // namespace billing::services

namespace billing::ui {

// Change Billing Method (billing rule 4): the workspace's current method; credit card, prepaid
// credits, or one of the registered cloud accounts it may use, with a search; eligibility in words
// before Confirm; Confirm with progress; a conflict offers to reload; a failed attempt keeps its
// Idempotency-Key, so confirming again never applies the change twice.
class ChangeBillingMethodDialog final : public ChangeDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChangeBillingMethodDialog)
public:
    ChangeBillingMethodDialog(services::WorkspaceService *workspaces, services::BillingService *billing,
                              const contract::Workspace &workspace, QWidget *parent = nullptr);
    ~ChangeBillingMethodDialog() override;

    // The workspace as the platform answered after the change (once accepted).
    const std::optional<contract::Workspace> &changedWorkspace() const { return m_changed; }
    // For tests: the dialog's form.
    Ui::ChangeBillingMethodDialog *form() const { return m_ui.get(); }

    void accept() override;
    // A new marketplace subscription moved on (registered, syncing, synced): said under the picker
    // while staff wait for it; the picker offers it once it can pay.
    void showSubscriptionProgress(const QString &text);

protected:
    void enableInputs(bool enabled) override;
    void conflicted(const contract::Problem &problem) override;

private:
    void showWorkspace();
    void loadOwner();
    void choiceChanged();
    void checkEligibility(const QString &cloudAccountId);
    bool providerAllowed(const QString &provider) const;
    QString chosenMethod() const;
    QString chosenCloudAccount() const;

    std::unique_ptr<Ui::ChangeBillingMethodDialog> m_ui;
    services::WorkspaceService *m_workspaces;
    services::BillingService *m_billing;
    contract::Workspace m_workspace;
    std::optional<contract::Account> m_owner;
    std::optional<contract::Workspace> m_changed;
    services::ChangeKey m_changeKey;
    quint64 m_eligibilityGeneration = 0;
};

} // namespace billing::ui
