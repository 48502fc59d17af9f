// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "foundation/contract/report.h"

#include <QWidget>

#include <optional>

class QComboBox;
class QGroupBox;
class QLineEdit;
class QPushButton;
class QSplitter;
class QToolButton;
class QTreeWidget;

namespace billing::services {
class BillingService;
class MeteringLedger;
} // namespace billing::services

namespace billing::ui {

// Metering: what pay-as-you-go billed through the marketplaces. Above, a month's totals per cloud
// account and dimension: billed, waiting, refused and lost (expired) usage. Below, the hourly ledger
// behind them (of the selected cloud account, or all), filtered by state, with Retry of a failed hour
// (operators and admins; audited).
class MeteringView final : public QWidget
{
    Q_OBJECT
public:
    explicit MeteringView(services::BillingService *billing, QWidget *parent = nullptr);

    QTreeWidget *totals() const { return m_totals; }
    QTreeWidget *ledger() const { return m_ledger; }
    QComboBox *monthFilter() const { return m_month; }
    QComboBox *stateFilter() const { return m_state; }
    QLineEdit *cloudAccountFilter() const { return m_cloudAccount; }
    QPushButton *retryButton() const { return m_retry; }
    bool isLoading() const { return m_loading > 0; }

    void refresh();
    void focusSearch();
    void clearFilters();
    void saveLayout() const;
    // Shows one cloud account's month (the cloud account page's "Show metering").
    void showCloudAccount(const QString &id);
    // The Metered usage report of what the ledger shows: its month, cloud account and state.
    contract::ReportQuery reportQuery() const;

Q_SIGNALS:
    void statusMessage(const QString &message);

protected:
    void showEvent(QShowEvent *event) override;

private:
    std::optional<QPair<qint64, qint64>> period() const;
    // Whose hours the ledger shows: the cloud account typed in the filter, else the one selected above.
    QString ledgerCloudAccount() const;
    void fillMonths(qint64 current);
    void loadLedger();
    void updateRetry();
    void retry();

    services::BillingService *m_billing;
    services::MeteringLedger *m_ledgerService;
    QComboBox *m_month;
    QLineEdit *m_cloudAccount;
    QComboBox *m_state;
    QToolButton *m_clear;
    QTreeWidget *m_totals;
    QTreeWidget *m_ledger;
    QGroupBox *m_ledgerBox;
    QPushButton *m_retry;
    QSplitter *m_splitter;
    int m_loading = 0;
    quint64 m_generation = 0;       // answers to an older refresh are dropped
    quint64 m_ledgerGeneration = 0; // … and to an older ledger read
    bool m_shownOnce = false;
};

} // namespace billing::ui
