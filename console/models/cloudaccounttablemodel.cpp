// SPDX-License-Identifier: Apache-2.0
#include "console/models/cloudaccounttablemodel.h"

#include "console/models/billingtext.h"
#include "foundation/contract/vocabulary.h"

#include <QBrush>
#include <QCoroTask>
#include <QDateTime>
#include <QPalette>

namespace billing::models {

using contract::CloudAccount;

CloudAccountTableModel::CloudAccountTableModel(services::BillingService *billing, QObject *parent)
    : QAbstractTableModel(parent)
    , m_billing(billing)
{
    m_query.limit = PageSize;
}

void CloudAccountTableModel::setQuery(const contract::CloudAccountQuery &query)
{
    m_query = query;
    m_query.offset = 0;
    m_query.limit = PageSize;
    refresh();
}

void CloudAccountTableModel::refresh()
{
    ++m_generation;
    m_loading = false;
    fetch(0);
}

void CloudAccountTableModel::fetch(qint64 offset)
{
    if (m_loading)
        return;
    m_loading = true;
    contract::CloudAccountQuery query = m_query;
    query.offset = offset;
    const quint64 generation = m_generation;
    QCoro::connect(m_billing->cloudAccounts(query), this, [this, generation, offset](const auto &page) {
        if (generation != m_generation)
            return;
        m_loading = false;
        if (!page) {
            // The platform is away: the rows read before stay, marked. (Other refusals are said, not marked.)
            if (!isStale() && page.problem().isPlatformAway()) {
                m_staleSince = QDateTime::currentMSecsSinceEpoch();
                if (!m_rows.isEmpty())
                    Q_EMIT dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1));
                Q_EMIT staleChanged(true, page.problem().message());
            }
            Q_EMIT loadFailed(page.problem().message());
            return;
        }
        if (isStale()) {
            m_staleSince = 0;
            if (!m_rows.isEmpty())
                Q_EMIT dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1));
            Q_EMIT staleChanged(false, {});
        }
        if (offset == 0) {
            beginResetModel();
            m_rows = page->items;
            m_total = page->total;
            endResetModel();
            Q_EMIT totalChanged(m_total);
            return;
        }
        if (page->items.isEmpty())
            return;
        beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + page->items.size() - 1));
        m_rows.append(page->items);
        endInsertRows();
        if (page->total != m_total) {
            m_total = page->total;
            Q_EMIT totalChanged(m_total);
        }
    });
}

bool CloudAccountTableModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && !m_loading && m_rows.size() < m_total;
}

void CloudAccountTableModel::fetchMore(const QModelIndex &parent)
{
    if (canFetchMore(parent))
        fetch(m_rows.size());
}

std::optional<CloudAccount> CloudAccountTableModel::cloudAccountAt(int row) const
{
    if (row < 0 || row >= m_rows.size())
        return std::nullopt;
    return m_rows.at(row);
}

void CloudAccountTableModel::updateCloudAccount(const CloudAccount &cloudAccount)
{
    for (int row = 0; row < m_rows.size(); ++row) {
        if (m_rows.at(row).id != cloudAccount.id)
            continue;
        m_rows[row] = cloudAccount;
        Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
        return;
    }
}

int CloudAccountTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int CloudAccountTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant CloudAccountTableModel::data(const QModelIndex &index, int role) const
{
    Q_ASSERT(checkIndex(index, CheckIndexOption::IndexIsValid));
    const CloudAccount &c = m_rows.at(index.row());
    if (role == Qt::ForegroundRole && isStale()) // as read before the platform stopped answering
        return QPalette().brush(QPalette::Disabled, QPalette::Text);
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case IdColumn:
            return c.id;
        case NameColumn:
            return c.displayName;
        case ProviderColumn:
            return BillingText::provider(c.provider);
        case SubscriptionColumn:
            return BillingText::subscriptionState(c.subscriptionState);
        case SyncColumn:
            return BillingText::syncState(c.syncState);
        case BoundColumn:
            return QLocale().toString(c.boundWorkspaceCount);
        case SitesColumn:
            return BillingText::boundBySite(c.boundBySite);
        default:
            return {};
        }
    case Qt::ToolTipRole:
        if (index.column() == SyncColumn && !c.syncMessage.isEmpty())
            return c.syncMessage;
        if (index.column() == SubscriptionColumn && !c.takesBindings())
            return tr("Takes no bindings until it is subscribed and synced.");
        if (index.column() == SitesColumn)
            return BillingText::boundBySite(c.boundBySite);
        return {};
    case Qt::ForegroundRole:
        if ((index.column() == SubscriptionColumn || index.column() == SyncColumn) && !c.takesBindings())
            return QBrush(QColor(0xb0, 0x3a, 0x00));
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == BoundColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case CloudAccountIdRole:
        return c.id;
    default:
        return {};
    }
}

QVariant CloudAccountTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case IdColumn:
        return tr("Cloud account");
    case NameColumn:
        return tr("Name");
    case ProviderColumn:
        return tr("Marketplace");
    case SubscriptionColumn:
        return tr("Subscription");
    case SyncColumn:
        return tr("Sync");
    case BoundColumn:
        return tr("Bound workspaces");
    case SitesColumn:
        return tr("By site");
    default:
        return {};
    }
}

} // namespace billing::models
