// SPDX-License-Identifier: Apache-2.0
#include "console/ui/meteringview.h"

#include "console/models/billingtext.h"
#include "console/services/billingservice.h"
#include "console/services/changekey.h"
#include "console/services/meteringledger.h"
#include "console/ui/consolesettings.h"
#include "console/ui/filterbar.h"
#include "console/ui/tablecolumns.h"

#include <QCoroTask>
#include <QDateTime>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSplitter>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace billing::ui {

using models::BillingText;
namespace State = contract::MeteringState;

namespace {

enum Role { CloudRole = Qt::UserRole + 1, IdRole, StateRole };

QString number(qint64 n)
{
    return QLocale().toString(n);
}

// An hour as staff read it: its start in UTC, as the marketplaces bill it.
QString hourText(qint64 ms)
{
    return QLocale().toString(QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC),
                              QStringLiteral("yyyy-MM-dd HH:mm")) +
           QStringLiteral(" UTC");
}

} // namespace

MeteringView::MeteringView(services::BillingService *billing, QWidget *parent)
    : QWidget(parent)
    , m_billing(billing)
    , m_ledgerService(new services::MeteringLedger(billing->client(), this))
{
    setObjectName("meteringView");
    setAccessibleName(tr("Metering"));
    auto *filters = new QHBoxLayout;
    m_month = new QComboBox;
    m_month->setObjectName("meteringMonth");
    m_month->setAccessibleName(tr("Month"));
    m_month->setSizeAdjustPolicy(QComboBox::AdjustToContents); // filled by the first answer
    addFilter(filters, tr("Mont&h:"), m_month);
    m_cloudAccount = new QLineEdit;
    m_cloudAccount->setObjectName("meteringCloudAccount");
    m_cloudAccount->setPlaceholderText(tr("Cloud account id (Ctrl+F)"));
    m_cloudAccount->setAccessibleName(tr("Cloud account filter"));
    m_cloudAccount->setClearButtonEnabled(true);
    auto *cloudLabel = new QLabel(tr("Cloud &account:"));
    cloudLabel->setBuddy(m_cloudAccount);
    filters->addWidget(cloudLabel);
    filters->addWidget(m_cloudAccount, 1);
    m_state = filterBox(tr("State filter"), State::all(), &BillingText::meteringState);
    m_state->setObjectName("meteringState");
    addFilter(filters, tr("&State:"), m_state);
    m_clear = new QToolButton;
    m_clear->setText(tr("Clear filters"));
    m_clear->setAccessibleName(tr("Clear filters"));
    filters->addWidget(m_clear);

    m_totals =
        makeRecordList({tr("Cloud account"), tr("Dimension"), tr("Billed"), tr("Billed hours"),
                        tr("Waiting hours"), tr("Refused hours"), tr("Lost"), tr("Lost hours")},
                       tr("Month totals per cloud account and dimension"), QStringLiteral("meteringTotals"));
    m_totals->header()->setStretchLastSection(false); // numbers stay by their headers
    m_totals->setToolTip(tr("Billed: accepted by the marketplace (or already held by it). Waiting: pending, "
                            "sent or failed, still within the marketplace's window. Lost: expired before "
                            "the marketplace took it."));
    m_ledger =
        makeRecordList({tr("Hour"), tr("Cloud account"), tr("Marketplace"), tr("Dimension"), tr("Quantity"),
                        tr("State"), tr("Attempts"), tr("Marketplace record"), tr("Last error")},
                       tr("Hourly metering ledger"), QStringLiteral("meteringLedger"));
    m_retry = new QPushButton(tr("&Retry"));
    m_retry->setObjectName("meteringRetry");
    m_retry->setToolTip(
        tr("Send this failed hour to its marketplace again now (operators and admins; audited)"));
    m_retry->setEnabled(false);

    auto *totalsBox = new QGroupBox(tr("Month totals"));
    auto *totalsLayout = new QVBoxLayout(totalsBox);
    totalsLayout->addWidget(m_totals);
    m_ledgerBox = new QGroupBox(tr("Hourly ledger"));
    m_ledgerBox->setObjectName("meteringLedgerBox");
    auto *ledgerLayout = new QVBoxLayout(m_ledgerBox);
    ledgerLayout->addWidget(m_ledger, 1);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_retry);
    buttons->addStretch(1);
    ledgerLayout->addLayout(buttons);
    m_splitter = new QSplitter(Qt::Vertical);
    m_splitter->addWidget(totalsBox);
    m_splitter->addWidget(m_ledgerBox);
    m_splitter->setChildrenCollapsible(false);
    if (const QByteArray state = settings::meteringSplitterState().get(); !state.isEmpty())
        m_splitter->restoreState(state);
    else
        m_splitter->setSizes({320, 460});

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(filters);
    layout->addWidget(m_splitter, 1);
    setTabOrder(m_month, m_cloudAccount);
    setTabOrder(m_cloudAccount, m_state);
    setTabOrder(m_state, m_clear);
    setTabOrder(m_clear, m_totals);
    setTabOrder(m_totals, m_ledger);
    setTabOrder(m_ledger, m_retry);

    connect(m_month, &QComboBox::currentIndexChanged, this, &MeteringView::refresh);
    connect(m_state, &QComboBox::currentIndexChanged, this, &MeteringView::loadLedger);
    connect(m_cloudAccount, &QLineEdit::returnPressed, this, &MeteringView::refresh);
    connect(m_cloudAccount, &QLineEdit::editingFinished, this, &MeteringView::refresh);
    connect(m_clear, &QToolButton::clicked, this, &MeteringView::clearFilters);
    connect(m_totals, &QTreeWidget::currentItemChanged, this, &MeteringView::loadLedger);
    connect(m_ledger, &QTreeWidget::currentItemChanged, this, &MeteringView::updateRetry);
    connect(m_retry, &QPushButton::clicked, this, &MeteringView::retry);
}

void MeteringView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (!m_shownOnce) { // read when first looked at; F5 reads again
        m_shownOnce = true;
        refresh();
    }
}

void MeteringView::focusSearch()
{
    m_cloudAccount->setFocus(Qt::ShortcutFocusReason);
    m_cloudAccount->selectAll();
}

void MeteringView::clearFilters()
{
    const QSignalBlocker month(m_month), state(m_state);
    m_month->setCurrentIndex(0);
    m_state->setCurrentIndex(0);
    m_cloudAccount->clear();
    refresh();
}

void MeteringView::showCloudAccount(const QString &id)
{
    const QSignalBlocker month(m_month);
    m_month->setCurrentIndex(0);
    m_cloudAccount->setText(id);
    m_shownOnce = true;
    refresh();
}

void MeteringView::saveLayout() const
{
    settings::meteringSplitterState().set(m_splitter->saveState());
}

std::optional<QPair<qint64, qint64>> MeteringView::period() const
{
    if (m_month->currentIndex() < 0)
        return std::nullopt; // the platform's current month, until it has said which that is
    const qint64 from = m_month->currentData().toLongLong();
    return QPair<qint64, qint64>{
        from, QDateTime::fromMSecsSinceEpoch(from, Qt::UTC).addMonths(1).toMSecsSinceEpoch()};
}

void MeteringView::fillMonths(qint64 current)
{
    const QSignalBlocker quiet(m_month);
    const QDate month = QDateTime::fromMSecsSinceEpoch(current, Qt::UTC).date();
    for (int back = 0; back < 12; ++back) {
        const QDate shown = QDate(month.year(), month.month(), 1).addMonths(-back);
        m_month->addItem(QLocale().toString(shown, QStringLiteral("MMMM yyyy")),
                         QDateTime(shown, QTime(0, 0), Qt::UTC).toMSecsSinceEpoch());
    }
    m_month->setCurrentIndex(0);
}

void MeteringView::refresh()
{
    const quint64 generation = ++m_generation;
    ++m_loading;
    const QString cloud = m_cloudAccount->text().trimmed();
    QCoro::connect(m_ledgerService->totals(period(), cloud), this, [this, generation](const auto &totals) {
        --m_loading;
        if (generation != m_generation)
            return;
        if (totals && m_month->count() == 0)
            fillMonths(totals->from);
        const QString selected =
            m_totals->currentItem() ? m_totals->currentItem()->data(0, CloudRole).toString() : QString();
        const QSignalBlocker quiet(m_totals);
        m_totals->clear();
        if (!totals) {
            Q_EMIT statusMessage(
                tr("Could not load metered usage: %1").arg(BillingText::problem(totals.problem())));
            loadLedger();
            return;
        }
        struct Row {
            qint64 billed = 0, billedHours = 0, waitingHours = 0, refusedHours = 0, lost = 0, lostHours = 0;
        };
        QList<QPair<QString, QString>> order;
        QHash<QPair<QString, QString>, Row> rows;
        for (const contract::MeteringTotal &t : totals->items) {
            const QPair<QString, QString> key{t.cloudAccountId, t.dimension};
            if (!rows.contains(key))
                order.append(key);
            Row &row = rows[key];
            if (State::isBilled(t.state)) {
                row.billed += t.quantity;
                row.billedHours += t.hours;
            } else if (t.state == State::Expired) {
                row.lost += t.quantity;
                row.lostHours += t.hours;
            } else if (t.state == State::CustomerNotSubscribed) {
                row.refusedHours += t.hours;
            } else {
                row.waitingHours += t.hours;
            }
        }
        QTreeWidgetItem *current = nullptr;
        for (const auto &key : std::as_const(order)) {
            const Row &r = rows.value(key);
            auto *item =
                new QTreeWidgetItem(m_totals, {key.first, key.second, number(r.billed), number(r.billedHours),
                                               number(r.waitingHours), number(r.refusedHours), number(r.lost),
                                               number(r.lostHours)});
            item->setData(0, CloudRole, key.first);
            for (int column = 2; column < m_totals->columnCount(); ++column)
                item->setTextAlignment(column, Qt::AlignRight | Qt::AlignVCenter);
            if (r.lostHours > 0) {
                item->setForeground(6, QColor(0xb0, 0x20, 0x20));
                item->setForeground(7, QColor(0xb0, 0x20, 0x20));
            }
            if (key.first == selected && !current)
                current = item;
        }
        for (int column = 0; column + 1 < m_totals->columnCount(); ++column)
            m_totals->resizeColumnToContents(column);
        if (current)
            m_totals->setCurrentItem(current);
        loadLedger();
    });
}

contract::ReportQuery MeteringView::reportQuery() const
{
    contract::ReportQuery query;
    query.kind = contract::ReportKind::MeteredUsage;
    if (const auto shown = period())
        std::tie(query.from, query.to) = *shown;
    query.cloudAccountId = ledgerCloudAccount();
    query.status = m_state->currentData().toString();
    return query;
}

QString MeteringView::ledgerCloudAccount() const
{
    const QString typed = m_cloudAccount->text().trimmed();
    if (!typed.isEmpty() || !m_totals->currentItem())
        return typed;
    return m_totals->currentItem()->data(0, CloudRole).toString();
}

void MeteringView::loadLedger()
{
    const quint64 generation = ++m_ledgerGeneration;
    ++m_loading;
    contract::MeteringQuery query;
    if (const auto shown = period()) {
        query.from = shown->first;
        query.to = shown->second;
    }
    query.cloudAccountId = ledgerCloudAccount();
    query.state = m_state->currentData().toString();
    query.limit = contract::MeteringQuery::MaxLimit;
    QCoro::connect(m_ledgerService->records(query), this, [this, generation, query](const auto &page) {
        --m_loading;
        if (generation != m_ledgerGeneration)
            return;
        const qint64 selected =
            m_ledger->currentItem() ? m_ledger->currentItem()->data(0, IdRole).toLongLong() : 0;
        const QSignalBlocker quiet(m_ledger);
        m_ledger->clear();
        if (!page) {
            Q_EMIT statusMessage(
                tr("Could not load the metering ledger: %1").arg(BillingText::problem(page.problem())));
            updateRetry();
            return;
        }
        QTreeWidgetItem *current = nullptr;
        for (const contract::MeteringRecord &r : page->items) {
            auto *item = new QTreeWidgetItem(
                m_ledger, {hourText(r.hour), r.cloudAccountId, BillingText::provider(r.marketplace),
                           r.dimension, number(r.quantity), BillingText::meteringState(r.state),
                           number(r.attempts), r.marketplaceRecordId, r.lastError});
            item->setData(0, IdRole, r.id);
            item->setData(0, StateRole, r.state);
            item->setTextAlignment(4, Qt::AlignRight | Qt::AlignVCenter);
            item->setTextAlignment(6, Qt::AlignRight | Qt::AlignVCenter);
            QStringList shares;
            for (auto it = r.allocations.begin(); it != r.allocations.end() && shares.size() < 12; ++it)
                shares << tr("%1: %2").arg(it.key(), number(it.value()));
            if (r.allocations.size() > shares.size())
                shares << tr("… and %n more workspaces", nullptr, int(r.allocations.size() - shares.size()));
            item->setToolTip(4, tr("From these workspaces:\n%1").arg(shares.join(QLatin1Char('\n'))));
            if (!r.lastError.isEmpty())
                item->setToolTip(8, r.lastError);
            if (r.state == State::Failed || r.state == State::Expired)
                item->setForeground(5, QColor(0xb0, 0x20, 0x20));
            if (r.id == selected)
                current = item;
        }
        for (int column = 0; column + 1 < m_ledger->columnCount(); ++column)
            m_ledger->resizeColumnToContents(column);
        if (current)
            m_ledger->setCurrentItem(current);
        m_ledgerBox->setTitle(
            query.cloudAccountId.isEmpty()
                ? tr("Hourly ledger — every cloud account (%1 of %2 hours)")
                      .arg(number(page->items.size()), number(page->total))
                : tr("Hourly ledger — %1 (%2 of %3 hours)")
                      .arg(query.cloudAccountId, number(page->items.size()), number(page->total)));
        updateRetry();
    });
}

void MeteringView::updateRetry()
{
    const QTreeWidgetItem *item = m_ledger->currentItem();
    m_retry->setEnabled(item && item->data(0, StateRole).toString() == State::Failed);
}

void MeteringView::retry()
{
    const QTreeWidgetItem *item = m_ledger->currentItem();
    if (!item)
        return;
    const qint64 id = item->data(0, IdRole).toLongLong();
    const QString what = tr("%1 of %2").arg(item->text(0), item->text(1));
    m_retry->setEnabled(false);
    const QByteArray key = services::ChangeKey().forChange(QStringLiteral("retry metering %1").arg(id));
    QCoro::connect(m_ledgerService->retry(id, key), this, [this, what](const auto &retried) {
        if (!retried) {
            updateRetry();
            return Q_EMIT statusMessage(
                tr("Could not retry %1: %2").arg(what, BillingText::problem(retried.problem())));
        }
        Q_EMIT statusMessage(
            State::isBilled(retried->state)
                ? tr("%1 was accepted by the marketplace.").arg(what)
                : tr("%1 was sent again and is %2: %3")
                      .arg(what, BillingText::meteringState(retried->state), retried->lastError));
        refresh();
    });
}

} // namespace billing::ui
