// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QSplitter;
class QTabWidget;
class QToolButton;
class QTreeWidget;

class QPushButton;

namespace billing::services {
class BillingService;
class MarketplaceActivity;
} // namespace billing::services

namespace billing::ui {

// Marketplace Activity: every message the marketplaces sent (filtered by marketplace, customer and
// what it came to: applied, stale, ignored, refused, noted) and every call the platform made to them,
// each attempt with its status, latency and the marketplace's request id. The pane below shows the
// selected one whole: its verified fields, what it did, and its body, with Retry Sync of its customer
// (operators) and Replay of a refused or stale message (admins), both audited.
class MarketplaceActivityView final : public QWidget
{
    Q_OBJECT
public:
    explicit MarketplaceActivityView(services::BillingService *billing, QWidget *parent = nullptr);

    QTreeWidget *messages() const { return m_messages; }
    QTreeWidget *calls() const { return m_calls; }
    QTabWidget *tabs() const { return m_tabs; }
    QComboBox *providerFilter() const { return m_provider; }
    QComboBox *verdictFilter() const { return m_verdict; }
    QLineEdit *customerFilter() const { return m_customer; }
    QPlainTextEdit *detail() const { return m_detail; }
    bool isLoading() const { return m_loading > 0; }
    QPushButton *retrySyncButton() const { return m_retrySync; }
    QPushButton *replayButton() const { return m_replay; }

    void refresh();
    void focusSearch();
    void clearFilters();
    void saveLayout() const;

Q_SIGNALS:
    void statusMessage(const QString &message);

protected:
    void showEvent(QShowEvent *event) override;

private:
    void showSelected();
    void finished();
    void retrySync();
    void replay();

    services::BillingService *m_billing;
    services::MarketplaceActivity *m_activity;
    QComboBox *m_provider;
    QLineEdit *m_customer;
    QComboBox *m_verdict;
    QToolButton *m_clear;
    QTabWidget *m_tabs;
    QTreeWidget *m_messages;
    QTreeWidget *m_calls;
    QPlainTextEdit *m_detail;
    QPushButton *m_retrySync;
    QPushButton *m_replay;
    QSplitter *m_splitter;
    int m_loading = 0;
    quint64 m_generation = 0; // answers to an older refresh are dropped
    bool m_shownOnce = false;
};

} // namespace billing::ui
