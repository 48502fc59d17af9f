// SPDX-License-Identifier: Apache-2.0
#include "console/ui/cloudaccountpicker.h"

#include "console/models/billingtext.h"
#include "console/services/billingservice.h"
#include "foundation/contract/vocabulary.h"

#include <QCoroTask>
#include <QHeaderView>
#include <QLineEdit>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace billing::ui {

using models::BillingText;
namespace v = contract::vocabulary;

namespace {
constexpr int CloudAccountIdRole = Qt::UserRole + 1;
constexpr int ShownCloudAccounts = 200;
} // namespace

CloudAccountPicker::CloudAccountPicker(QWidget *parent)
    : QWidget(parent)
    , m_allowed([](const QString &) { return true; })
    , m_search(new QLineEdit)
    , m_list(new QTreeWidget)
{
    m_search->setObjectName("cloudSearch");
    m_search->setPlaceholderText(tr("Search registered cloud accounts by id or name"));
    m_search->setClearButtonEnabled(true);
    m_search->setAccessibleName(tr("Search cloud accounts"));
    m_list->setObjectName("cloudAccountList");
    m_list->setAccessibleName(tr("Registered cloud accounts"));
    m_list->setRootIsDecorated(false);
    m_list->setUniformRowHeights(true);
    m_list->setAlternatingRowColors(true);
    m_list->setHeaderLabels({tr("Cloud account"), tr("Marketplace"), tr("Subscription"), tr("Sync")});
    QHeaderView *header = m_list->header();
    header->setStretchLastSection(true);
    header->resizeSection(0, 280);
    // The marketplace and subscription columns hold the console's own words: as wide as the widest
    // of them reads in the console's language.
    const auto widest = [this](const QString &title, const QStringList &values, auto text) {
        int width = m_list->header()->fontMetrics().horizontalAdvance(title);
        for (const QString &value : values)
            width = std::max(width, m_list->fontMetrics().horizontalAdvance(text(value)));
        return width + 24;
    };
    header->resizeSection(1, widest(tr("Marketplace"), v::Provider::all(), &BillingText::provider));
    header->resizeSection(
        2, widest(tr("Subscription"), v::SubscriptionState::all(), &BillingText::subscriptionState));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_search);
    layout->addWidget(m_list);

    m_searchDelay.setSingleShot(true);
    m_searchDelay.setInterval(250);
    connect(&m_searchDelay, &QTimer::timeout, this, &CloudAccountPicker::search);
    connect(m_search, &QLineEdit::textChanged, this, [this] { m_searchDelay.start(); });
    connect(m_list, &QTreeWidget::currentItemChanged, this,
            [this] { Q_EMIT currentChanged(currentCloudAccountId()); });
}

void CloudAccountPicker::setService(services::BillingService *billing)
{
    m_billing = billing;
}

void CloudAccountPicker::setProviderFilter(std::function<bool(const QString &)> allowed)
{
    m_allowed = std::move(allowed);
}

QString CloudAccountPicker::currentCloudAccountId() const
{
    const QTreeWidgetItem *item = m_list->currentItem();
    return item ? item->data(0, CloudAccountIdRole).toString() : QString();
}

void CloudAccountPicker::choose(const QString &cloudAccountId)
{
    m_chosen = cloudAccountId;
    m_search->setText(cloudAccountId);
    m_searchDelay.stop();
    search();
}

void CloudAccountPicker::search()
{
    if (!m_billing)
        return;
    const QString text = m_search->text().trimmed();
    contract::CloudAccountQuery query;
    query.search = text;
    query.takesBindings = true;
    query.limit = ShownCloudAccounts;
    QCoro::connect(
        m_billing->cloudAccounts(query), this,
        [this, text](const contract::Result<contract::Page<contract::CloudAccount>> &page) {
            if (text != m_search->text().trimmed())
                return; // a newer search is on its way
            const QString before = currentCloudAccountId();
            const QString selected = m_chosen.isEmpty() ? before : m_chosen;
            m_chosen.clear();
            const QSignalBlocker quiet(m_list);
            m_list->clear();
            if (!page) {
                Q_EMIT failed(tr("Could not list cloud accounts: %1").arg(page.problem().message()));
                return;
            }
            for (const contract::CloudAccount &cloud : page->items) {
                if (!m_allowed(cloud.provider))
                    continue; // a marketplace that cannot pay here (rule 2)
                auto *item = new QTreeWidgetItem({BillingText::cloudAccountName(cloud),
                                                  BillingText::provider(cloud.provider),
                                                  BillingText::subscriptionState(cloud.subscriptionState),
                                                  BillingText::syncState(cloud.syncState)});
                item->setData(0, CloudAccountIdRole, cloud.id);
                m_list->addTopLevelItem(item);
                if (cloud.id == selected)
                    m_list->setCurrentItem(item);
            }
            if (currentCloudAccountId() != before)
                Q_EMIT currentChanged(currentCloudAccountId());
        });
}

} // namespace billing::ui
