// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "console/services/changekey.h"
#include "console/ui/changedialog.h"
#include "foundation/contract/bindingreport.h"

#include <memory>

namespace Ui {
class BindWorkspacesDialog;
}
namespace billing::services {
class BillingService;
}

namespace billing::ui {

// Bind many workspaces to one cloud account (billing rule 3): pick the cloud account, read every
// workspace's eligibility from a dry run, then bind all of them or none. Refused workspaces can be
// left out and the rest checked again. Workspaces on different sites may share the cloud account.
class BindWorkspacesDialog final : public ChangeDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BindWorkspacesDialog)
public:
    BindWorkspacesDialog(services::BillingService *billing, QStringList workspaceIds,
                         QWidget *parent = nullptr);
    ~BindWorkspacesDialog() override;

    Ui::BindWorkspacesDialog *form() const { return m_ui.get(); }
    QStringList workspaceIds() const { return m_workspaceIds; }
    // Opened from a cloud account's page: that one pays, unless staff pick another.
    void chooseCloudAccount(const QString &cloudAccountId);
    // After acceptance: how many were bound, and to which cloud account.
    int boundCount() const { return m_bound; }
    QString cloudAccountId() const { return m_checkedCloudAccount; }

    void accept() override;

protected:
    void declined(const contract::Problem &problem) override;

private:
    void check();
    void show(const contract::BindingReport &report);
    void leaveOutRefused();

    std::unique_ptr<Ui::BindWorkspacesDialog> m_ui;
    services::BillingService *m_billing;
    QStringList m_workspaceIds;
    QStringList m_refused;
    QString m_checkedCloudAccount;
    services::ChangeKey m_changeKey;
    quint64 m_checkGeneration = 0;
    int m_bound = 0;
};

} // namespace billing::ui
