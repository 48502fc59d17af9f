// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QWidget>

class QFormLayout;
class QGroupBox;
class QLabel;
class QPushButton;
class QTreeWidget;

namespace billing::models {
class WorkspaceDetails;
}

namespace billing::ui {

// The right-hand panel of Workspace Management: the selected workspace, its owner's payment
// profile, its cloud account, its deployments and its recent audit events.
class WorkspaceDetailPanel final : public QWidget
{
    Q_OBJECT
public:
    explicit WorkspaceDetailPanel(models::WorkspaceDetails *details, QWidget *parent = nullptr);

    // Opens Change Billing Method for the workspace shown (the main window connects it to its action).
    QPushButton *changeBillingMethodButton() const { return m_changeBilling; }

    // For tests and screen readers: the text shown for a field, by its object name.
    QString fieldText(const QString &objectName) const;

private:
    void render();

    models::WorkspaceDetails *m_details;
    QLabel *m_title;
    QLabel *m_message;
    QGroupBox *m_workspaceBox;
    QGroupBox *m_accountBox;
    QGroupBox *m_cloudBox;
    QLabel *m_status, *m_lock, *m_site, *m_plan, *m_method, *m_version;
    QLabel *m_email, *m_card, *m_credits, *m_linked;
    QLabel *m_cloudName, *m_paymentLabel, *m_subscription, *m_sync, *m_external;
    QLabel *m_deploymentsTitle;
    QTreeWidget *m_deployments;
    QLabel *m_auditTitle;
    QTreeWidget *m_audit;
    QPushButton *m_changeBilling;
};

} // namespace billing::ui
