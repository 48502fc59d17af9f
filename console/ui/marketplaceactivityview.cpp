// SPDX-License-Identifier: Apache-2.0
#include "console/ui/marketplaceactivityview.h"

#include "console/models/billingtext.h"
#include "console/services/billingservice.h"
#include "console/services/changekey.h"
#include "console/services/marketplaceactivity.h"
#include "console/ui/consolesettings.h"
#include "console/ui/filterbar.h"
#include "console/ui/tablecolumns.h"

#include <QCoroTask>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace billing::ui {

using models::BillingText;

namespace {

enum Role { DetailRole = Qt::UserRole + 1, IdRole, VerdictRole, CustomerRole };

// A body as people read it: indented when it is JSON.
QString readable(const QByteArray &body)
{
    const QJsonDocument json = QJsonDocument::fromJson(body);
    return json.isNull() ? QString::fromUtf8(body) : QString::fromUtf8(json.toJson(QJsonDocument::Indented));
}

} // namespace

MarketplaceActivityView::MarketplaceActivityView(services::BillingService *billing, QWidget *parent)
    : QWidget(parent)
    , m_billing(billing)
    , m_activity(new services::MarketplaceActivity(billing->client(), this))
{
    setObjectName("marketplaceActivityView");
    setAccessibleName(tr("Marketplace Activity"));
    auto *filters = new QHBoxLayout;
    m_provider = filterBox(tr("Marketplace filter"), {QStringLiteral("aws"), QStringLiteral("azure")},
                           &BillingText::provider);
    addFilter(filters, tr("&Marketplace:"), m_provider);
    m_customer = new QLineEdit;
    m_customer->setObjectName("activityCustomer");
    m_customer->setPlaceholderText(tr("Cloud account id (Ctrl+F)"));
    m_customer->setAccessibleName(tr("Customer filter"));
    m_customer->setClearButtonEnabled(true);
    auto *customerLabel = new QLabel(tr("C&ustomer:"));
    customerLabel->setBuddy(m_customer);
    filters->addWidget(customerLabel);
    filters->addWidget(m_customer, 1);
    m_verdict = filterBox(tr("Outcome filter"),
                          {QStringLiteral("applied"), QStringLiteral("stale"), QStringLiteral("ignored"),
                           QStringLiteral("refused"), QStringLiteral("noted")},
                          &BillingText::marketplaceVerdict);
    addFilter(filters, tr("&Outcome:"), m_verdict);
    m_clear = new QToolButton;
    m_clear->setText(tr("Clear filters"));
    m_clear->setAccessibleName(tr("Clear filters"));
    filters->addWidget(m_clear);

    m_messages = makeRecordList(
        {tr("Received"), tr("Marketplace"), tr("Message"), tr("Customer"), tr("Outcome"), tr("Sent")},
        tr("Messages from the marketplaces"), QStringLiteral("activityMessages"));
    m_calls = makeRecordList({tr("Time"), tr("Marketplace"), tr("Operation"), tr("Attempt"), tr("Status"),
                              tr("Latency"), tr("Request id"), tr("Outcome")},
                             tr("Calls to the marketplaces"), QStringLiteral("activityCalls"));
    m_tabs = new QTabWidget;
    m_tabs->setObjectName("activityTabs");
    m_tabs->addTab(m_messages, tr("&Messages"));
    m_tabs->addTab(m_calls, tr("C&alls"));
    m_detail = new QPlainTextEdit;
    m_detail->setObjectName("activityDetail");
    m_detail->setAccessibleName(tr("The selected message or call, whole"));
    m_detail->setReadOnly(true);
    m_detail->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_detail->setPlaceholderText(tr("Select a message or a call to see it whole."));
    m_retrySync = new QPushButton(tr("Retry &Sync"));
    m_retrySync->setObjectName("activityRetrySync");
    m_retrySync->setToolTip(
        tr("Ask the marketplace again what it holds for this message's customer (operators and admins)"));
    m_replay = new QPushButton(tr("Re&play"));
    m_replay->setObjectName("activityReplay");
    m_replay->setToolTip(tr("Take this refused or stale message again, out of its order (admins; audited)"));
    auto *detailPane = new QWidget;
    auto *detailLayout = new QVBoxLayout(detailPane);
    detailLayout->setContentsMargins(0, 0, 0, 0);
    detailLayout->addWidget(m_detail, 1);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_retrySync);
    buttons->addWidget(m_replay);
    buttons->addStretch(1);
    detailLayout->addLayout(buttons);
    m_splitter = new QSplitter(Qt::Vertical);
    m_splitter->addWidget(m_tabs);
    m_splitter->addWidget(detailPane);
    m_splitter->setChildrenCollapsible(false);
    if (const QByteArray state = settings::activitySplitterState().get(); !state.isEmpty())
        m_splitter->restoreState(state);
    else
        m_splitter->setSizes({480, 300});

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(filters);
    layout->addWidget(m_splitter, 1);
    setTabOrder(m_provider, m_customer);
    setTabOrder(m_customer, m_verdict);
    setTabOrder(m_verdict, m_clear);
    setTabOrder(m_clear, m_tabs);

    for (QComboBox *box : {m_provider, m_verdict})
        connect(box, &QComboBox::currentIndexChanged, this, &MarketplaceActivityView::refresh);
    connect(m_customer, &QLineEdit::returnPressed, this, &MarketplaceActivityView::refresh);
    connect(m_customer, &QLineEdit::editingFinished, this, &MarketplaceActivityView::refresh);
    connect(m_clear, &QToolButton::clicked, this, &MarketplaceActivityView::clearFilters);
    for (QTreeWidget *tree : {m_messages, m_calls})
        connect(tree, &QTreeWidget::currentItemChanged, this, &MarketplaceActivityView::showSelected);
    connect(m_tabs, &QTabWidget::currentChanged, this, &MarketplaceActivityView::showSelected);
    connect(m_retrySync, &QPushButton::clicked, this, &MarketplaceActivityView::retrySync);
    connect(m_replay, &QPushButton::clicked, this, &MarketplaceActivityView::replay);
}

void MarketplaceActivityView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (!m_shownOnce) { // read when first looked at; F5 reads again
        m_shownOnce = true;
        refresh();
    }
}

void MarketplaceActivityView::focusSearch()
{
    m_customer->setFocus(Qt::ShortcutFocusReason);
    m_customer->selectAll();
}

void MarketplaceActivityView::clearFilters()
{
    const QSignalBlocker provider(m_provider), verdict(m_verdict);
    m_provider->setCurrentIndex(0);
    m_verdict->setCurrentIndex(0);
    m_customer->clear();
    refresh();
}

void MarketplaceActivityView::saveLayout() const
{
    settings::activitySplitterState().set(m_splitter->saveState());
}

void MarketplaceActivityView::refresh()
{
    const quint64 generation = ++m_generation;
    m_loading = 2;
    m_tabs->setTabText(0, tr("&Messages (loading…)"));
    m_tabs->setTabText(1, tr("C&alls (loading…)"));
    const services::MarketplaceActivity::Filter filter{m_provider->currentData().toString(),
                                                       m_customer->text().trimmed(),
                                                       m_verdict->currentData().toString()};
    QCoro::connect(m_activity->messages(filter), this, [this, generation](const auto &messages) {
        if (generation != m_generation)
            return;
        const QString selected = m_messages->currentItem() ? m_messages->currentItem()->text(2) : QString();
        m_messages->clear();
        if (!messages) {
            Q_EMIT statusMessage(
                tr("Could not load marketplace messages: %1").arg(messages.problem().message()));
        } else {
            QList<QTreeWidgetItem *> items;
            for (const services::MarketplaceMessage &m : *messages) {
                auto *item = new QTreeWidgetItem(
                    {BillingText::dateTime(m.receivedAt), BillingText::provider(m.provider), m.messageId,
                     m.cloudAccountId, BillingText::marketplaceVerdict(m.verdict),
                     m.sentAt > 0 ? BillingText::dateTime(m.sentAt) : QString()});
                item->setToolTip(4, m.outcome);
                const QString detail =
                    tr("Message %1 from %2\nReceived: %3\nSent: %4\nCustomer: %5\nOutcome: %6 — %7\n"
                       "Body: %8 bytes, SHA-256 %9\n\n%10")
                        .arg(m.messageId, BillingText::provider(m.provider),
                             BillingText::dateTime(m.receivedAt),
                             m.sentAt > 0 ? BillingText::dateTime(m.sentAt) : tr("not said"),
                             m.cloudAccountId.isEmpty() ? tr("none") : m.cloudAccountId,
                             BillingText::marketplaceVerdict(m.verdict), m.outcome)
                        .arg(m.rawBytes)
                        .arg(m.rawSha256, readable(m.raw));
                item->setData(0, DetailRole, detail);
                item->setData(0, IdRole, m.id);
                item->setData(0, VerdictRole, m.verdict);
                item->setData(0, CustomerRole, m.cloudAccountId);
                items.append(item);
            }
            m_messages->addTopLevelItems(items);
            for (QTreeWidgetItem *item : std::as_const(items)) {
                if (item->text(2) == selected)
                    m_messages->setCurrentItem(item);
            }
        }
        finished();
    });
    // Calls follow the marketplace filter (aws takes in aws_cn); the others are about messages.
    QCoro::connect(
        m_activity->calls(), this, [this, generation, provider = filter.provider](const auto &calls) {
            if (generation != m_generation)
                return;
            m_calls->clear();
            if (!calls) {
                Q_EMIT statusMessage(
                    tr("Could not load marketplace calls: %1").arg(calls.problem().message()));
            } else {
                QList<QTreeWidgetItem *> items;
                for (const services::MarketplaceCall &c : *calls) {
                    if (!provider.isEmpty() && !c.marketplace.startsWith(provider))
                        continue;
                    auto *item = new QTreeWidgetItem(
                        {BillingText::dateTime(c.at), BillingText::provider(c.marketplace), c.operation,
                         QLocale().toString(c.attempt),
                         c.status == 0 ? tr("no answer") : QString::number(c.status),
                         tr("%1 ms").arg(QLocale().toString(c.latencyMs)), c.requestId, c.outcome});
                    item->setData(
                        0, DetailRole,
                        tr("%1 to %2, attempt %3\nAt: %4\nStatus: %5\nLatency: %6 ms\nRequest id: %7\n"
                           "Outcome: %8")
                            .arg(c.operation, BillingText::provider(c.marketplace),
                                 QLocale().toString(c.attempt), BillingText::dateTime(c.at),
                                 c.status == 0 ? tr("no answer") : QString::number(c.status),
                                 QLocale().toString(c.latencyMs),
                                 c.requestId.isEmpty() ? tr("none") : c.requestId, c.outcome));
                    items.append(item);
                }
                m_calls->addTopLevelItems(items);
            }
            finished();
        });
}

void MarketplaceActivityView::finished()
{
    if (--m_loading > 0)
        return;
    m_tabs->setTabText(0, tr("&Messages (%1)").arg(QLocale().toString(m_messages->topLevelItemCount())));
    m_tabs->setTabText(1, tr("C&alls (%1)").arg(QLocale().toString(m_calls->topLevelItemCount())));
    for (QTreeWidget *tree : {m_messages, m_calls}) {
        for (int column = 0; column + 1 < tree->columnCount(); ++column)
            tree->resizeColumnToContents(column);
    }
    showSelected();
}

void MarketplaceActivityView::showSelected()
{
    QTreeWidget *tree = m_tabs->currentWidget() == m_calls ? m_calls : m_messages;
    const QTreeWidgetItem *item = tree->currentItem();
    m_detail->setPlainText(item ? item->data(0, DetailRole).toString() : QString());
    const bool message = item && tree == m_messages;
    const QString verdict = message ? item->data(0, VerdictRole).toString() : QString();
    m_retrySync->setEnabled(message && !item->data(0, CustomerRole).toString().isEmpty());
    m_replay->setEnabled(verdict == QLatin1String("refused") || verdict == QLatin1String("stale"));
}

void MarketplaceActivityView::retrySync()
{
    const QTreeWidgetItem *item = m_messages->currentItem();
    if (!item)
        return;
    const QString id = item->data(0, CustomerRole).toString();
    m_retrySync->setEnabled(false);
    const QByteArray key = services::ChangeKey().forChange(QStringLiteral("sync %1").arg(id));
    QCoro::connect(m_billing->retrySync(id, key), this, [this, id](const auto &synced) {
        showSelected();
        if (!synced)
            return Q_EMIT statusMessage(
                tr("Could not retry the sync of %1: %2").arg(id, BillingText::problem(synced.problem())));
        Q_EMIT statusMessage(synced->second
                                 ? tr("%1 synced with the marketplace.").arg(id)
                                 : tr("The sync of %1 failed: %2").arg(id, synced->first.syncMessage));
        refresh();
    });
}

void MarketplaceActivityView::replay()
{
    const QTreeWidgetItem *item = m_messages->currentItem();
    if (!item)
        return;
    const qint64 id = item->data(0, IdRole).toLongLong();
    const QString messageId = item->text(2);
    m_replay->setEnabled(false);
    const QByteArray key = services::ChangeKey().forChange(QStringLiteral("replay %1").arg(id));
    QCoro::connect(m_activity->replay(id, key), this, [this, messageId](const auto &replayed) {
        showSelected();
        if (!replayed)
            return Q_EMIT statusMessage(
                tr("Could not replay %1: %2").arg(messageId, BillingText::problem(replayed.problem())));
        const QJsonObject &effect = *replayed;
        Q_EMIT statusMessage(
            effect.value("ignored").toBool()
                ? tr("%1 replayed; it changed nothing: %2").arg(messageId, effect.value("reason").toString())
                : tr("%1 replayed.").arg(messageId));
        refresh();
    });
}

} // namespace billing::ui
