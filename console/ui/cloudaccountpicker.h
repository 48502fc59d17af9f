// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QTimer>
#include <QWidget>

#include <functional>

class QLineEdit;
class QTreeWidget;

namespace billing::services {
class BillingService;
}

namespace billing::ui {

// A search over the registered cloud accounts that take bindings, and a list to pick one from.
// Used wherever staff choose who pays: Change Billing Method, Bind Workspaces.
class CloudAccountPicker final : public QWidget
{
    Q_OBJECT
public:
    explicit CloudAccountPicker(QWidget *parent = nullptr);

    // Must be called before use; the picker lists nothing without a service.
    void setService(services::BillingService *billing);
    // Which marketplaces to offer (rule 2's partition, when one site is concerned); all by default.
    void setProviderFilter(std::function<bool(const QString &provider)> allowed);
    void search();
    // Finds this cloud account and makes it the current one (when it takes bindings).
    void choose(const QString &cloudAccountId);

    QString currentCloudAccountId() const;
    QTreeWidget *list() const { return m_list; }
    QLineEdit *searchField() const { return m_search; }

Q_SIGNALS:
    void currentChanged(const QString &cloudAccountId);
    void failed(const QString &message);

private:
    services::BillingService *m_billing = nullptr;
    std::function<bool(const QString &)> m_allowed;
    QLineEdit *m_search;
    QTreeWidget *m_list;
    QTimer m_searchDelay;
    QString m_chosen;
};

} // namespace billing::ui
