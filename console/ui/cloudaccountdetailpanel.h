// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "foundation/contract/cloudaccount.h"

#include <QWidget>

class QFormLayout;
class QGroupBox;
class QLabel;
class QPushButton;
class QTableView;

namespace billing::services {
class BillingService;
class MeteringLedger;
class WorkspaceService;
} // namespace billing::services
namespace billing::models {
class WorkspaceTableModel;
}

namespace billing::ui {

// One cloud account: marketplace identity, subscription and sync, bound workspaces counted by site,
// this month's metered usage (billed, and anything failed or lost), and the bound workspaces themselves
// (paged like Workspace Management), with Unbind and Bind.
class CloudAccountDetailPanel final : public QWidget
{
    Q_OBJECT
public:
    CloudAccountDetailPanel(services::WorkspaceService *workspaces, services::BillingService *billing,
                            QWidget *parent = nullptr);

    void load(const QString &cloudAccountId);
    void clear();
    // Reads the shown cloud account and its bound workspaces again.
    void reload();

    QString cloudAccountId() const { return m_cloudAccount.id; }
    QTableView *boundTable() const { return m_bound; }
    models::WorkspaceTableModel *boundModel() const { return m_boundModel; }
    QPushButton *unbindButton() const { return m_unbind; }
    QPushButton *bindButton() const { return m_bind; }
    QPushButton *retrySyncButton() const { return m_retrySync; }
    QString fieldText(const QString &objectName) const;

Q_SIGNALS:
    // The platform answered the cloud account anew (counts after a bind or unbind).
    void cloudAccountLoaded(const contract::CloudAccount &cloudAccount);
    // Workspaces changed billing from here; other views may show them.
    void workspacesChanged();
    void statusMessage(const QString &message);

private:
    void present(const contract::CloudAccount &cloudAccount);
    void updateActions();
    void openUnbind();
    void openBind();
    void bindIds(const QString &text);
    void retrySync();
    void loadMetering();

    services::WorkspaceService *m_workspaces;
    services::BillingService *m_billing;
    contract::CloudAccount m_cloudAccount;
    quint64 m_generation = 0;
    QLabel *m_title;
    QLabel *m_message;
    QGroupBox *m_accountBox;
    QFormLayout *m_identity;
    QLabel *m_provider, *m_subscription, *m_sync, *m_entitlements, *m_metered, *m_boundCount, *m_bySite;
    services::MeteringLedger *m_metering;
    quint64 m_meteringGeneration = 0;
    QPushButton *m_retrySync;
    QList<QLabel *> m_identityFields;
    QGroupBox *m_boundBox;
    models::WorkspaceTableModel *m_boundModel;
    QTableView *m_bound;
    QPushButton *m_unbind;
    QPushButton *m_bind;
};

} // namespace billing::ui
