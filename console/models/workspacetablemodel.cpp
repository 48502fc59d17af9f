// SPDX-License-Identifier: Apache-2.0
#include "console/models/workspacetablemodel.h"

#include "console/models/billingtext.h"
#include "console/services/workspacepages.h"
#include "foundation/contract/vocabulary.h"

#include <QBrush>
#include <QCoroTask>
#include <QDateTime>
#include <QFont>
#include <QPalette>

#include <algorithm>

namespace billing::models {

using contract::Workspace;

namespace {
const QStringList &columnSortKeys()
{
    static const QStringList keys{"id",       "name",           "account_id",       "site",
                                  "plan",     "billing_method", "cloud_account_id", "status",
                                  "purge_at", "updated_at"};
    return keys;
}
} // namespace

WorkspaceTableModel::WorkspaceTableModel(services::WorkspacePages *service, QObject *parent)
    : QAbstractTableModel(parent)
    , m_service(service)
    , m_now([] { return QDateTime::currentMSecsSinceEpoch(); })
{
    // Zero: one paint asks for all its cells synchronously, so the round starts right after the paint
    // with every block that paint needs, and fast scrolling is held back by MaxRequestsInFlight.
    m_requestTimer.setSingleShot(true);
    m_requestTimer.setInterval(0);
    connect(&m_requestTimer, &QTimer::timeout, this, &WorkspaceTableModel::requestWantedBlocks);
}

QString WorkspaceTableModel::sortKeyFor(int column)
{
    return columnSortKeys().value(column, QStringLiteral("id"));
}

int WorkspaceTableModel::columnFor(const QString &sortKey)
{
    return std::max(0, int(columnSortKeys().indexOf(sortKey)));
}

void WorkspaceTableModel::setQuery(const contract::WorkspaceQuery &query)
{
    contract::WorkspaceQuery next = query;
    next.offset = 0;
    next.limit = BlockSize;
    if (next == m_query && m_total > 0)
        return;
    m_query = next;
    refresh();
}

void WorkspaceTableModel::refresh()
{
    beginResetModel();
    ++m_generation;
    m_total = 0;
    m_blocks.clear();
    m_wanted.clear();
    m_inFlight.clear();
    m_readAgain.clear();
    m_firstPageSeen = false;
    endResetModel();
    Q_EMIT totalChanged(0);
    requestBlock(0);
}

void WorkspaceTableModel::reloadLoaded()
{
    // A block already on its way was asked for before this reload: it is read once more after it
    // arrives, so what shows afterwards is the platform as it stands now.
    const auto readAgain = [this](int block) {
        if (m_inFlight.contains(block))
            m_readAgain.insert(block);
        else
            requestBlock(block);
    };
    if (m_blocks.isEmpty()) {
        readAgain(0);
        return;
    }
    for (const int block : m_blocks.keys())
        readAgain(block);
    // Rows asked for while stale (placeholders) are asked for again.
    if (!m_wanted.isEmpty() && !m_requestTimer.isActive())
        m_requestTimer.start();
}

void WorkspaceTableModel::sort(int column, Qt::SortOrder order)
{
    contract::WorkspaceQuery next = m_query;
    next.sort = sortKeyFor(column);
    next.descending = order == Qt::DescendingOrder;
    setQuery(next);
}

int WorkspaceTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(std::min<qint64>(m_total, std::numeric_limits<int>::max()));
}

int WorkspaceTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

std::optional<Workspace> WorkspaceTableModel::workspaceAt(int row) const
{
    const auto block = m_blocks.constFind(row / BlockSize);
    if (block == m_blocks.cend() || row % BlockSize >= block->rows.size())
        return std::nullopt;
    return block->rows.at(row % BlockSize);
}

void WorkspaceTableModel::updateWorkspace(const Workspace &workspace)
{
    for (auto block = m_blocks.begin(); block != m_blocks.end(); ++block) {
        for (int i = 0; i < block->rows.size(); ++i) {
            if (block->rows.at(i).id != workspace.id)
                continue;
            block->rows[i] = workspace;
            const int row = block.key() * BlockSize + i;
            Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
            return;
        }
    }
}

QVariant WorkspaceTableModel::data(const QModelIndex &index, int role) const
{
    Q_ASSERT(checkIndex(index, CheckIndexOption::IndexIsValid));
    const int blockNumber = index.row() / BlockSize;
    auto block = m_blocks.find(blockNumber);
    if (block == m_blocks.end() || index.row() % BlockSize >= block->rows.size()) {
        want(blockNumber);
        if (role == LoadedRole)
            return false;
        if (role == Qt::DisplayRole && index.column() == NameColumn)
            return isStale() ? tr("Not loaded: the platform is not answering (F5 retries)") : tr("Loading…");
        if (role == Qt::ForegroundRole)
            return QPalette().brush(QPalette::Disabled, QPalette::Text);
        return {};
    }
    block->lastUse = ++m_useCounter;
    const Workspace &workspace = block->rows.at(index.row() % BlockSize);
    if (role == Qt::ForegroundRole && isStale()) // as read before the platform stopped answering
        return QPalette().brush(QPalette::Disabled, QPalette::Text);
    switch (role) {
    case Qt::DisplayRole:
        return display(workspace, index.column());
    case Qt::ToolTipRole:
        if (index.column() == StatusColumn && workspace.hasLock())
            return tr("%1 since %2 by %3")
                .arg(BillingText::lockReason(workspace.lock.reason), BillingText::dateTime(workspace.lock.at),
                     workspace.lock.by);
        return {};
    case Qt::ForegroundRole:
        if (index.column() == StatusColumn &&
            workspace.status != contract::vocabulary::WorkspaceStatus::Active)
            return QBrush(workspace.status == contract::vocabulary::WorkspaceStatus::Locked
                              ? QColor(0xb0, 0x3a, 0x00)
                              : QColor(0x80, 0x80, 0x80));
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == DaysLeftColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case WorkspaceIdRole:
        return workspace.id;
    case LoadedRole:
        return true;
    case SortValueRole:
        return sortValue(workspace, index.column());
    default:
        return {};
    }
}

QVariant WorkspaceTableModel::display(const Workspace &w, int column) const
{
    switch (column) {
    case IdColumn:
        return w.id;
    case NameColumn:
        return w.name;
    case AccountColumn:
        return w.accountId;
    case SiteColumn:
        return w.site;
    case PlanColumn:
        return BillingText::plan(w.plan);
    case BillingMethodColumn:
        return BillingText::billingMethod(w.billingMethod);
    case CloudAccountColumn:
        return w.cloudAccountId;
    case StatusColumn:
        return BillingText::workspaceStatus(w.status);
    case DaysLeftColumn:
        return w.status == contract::vocabulary::WorkspaceStatus::Locked
                   ? BillingText::daysLeft(w.lock.daysLeft(m_now()))
                   : QString();
    case UpdatedColumn:
        return BillingText::dateTime(w.updatedAt);
    default:
        return {};
    }
}

QVariant WorkspaceTableModel::sortValue(const Workspace &w, int column) const
{
    switch (column) {
    case DaysLeftColumn:
        return w.lock.purgeAt;
    case UpdatedColumn:
        return w.updatedAt;
    default:
        return display(w, column);
    }
}

QVariant WorkspaceTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case IdColumn:
        return tr("Workspace");
    case NameColumn:
        return tr("Name");
    case AccountColumn:
        return tr("Owner account");
    case SiteColumn:
        return tr("Site");
    case PlanColumn:
        return tr("Plan");
    case BillingMethodColumn:
        return tr("Billing method");
    case CloudAccountColumn:
        return tr("Cloud account");
    case StatusColumn:
        return tr("Status");
    case DaysLeftColumn:
        return tr("Days left");
    case UpdatedColumn:
        return tr("Updated");
    default:
        return {};
    }
}

void WorkspaceTableModel::want(int block) const
{
    if (m_inFlight.contains(block))
        return;
    m_wanted.insert(block);
    // While the platform does not answer, scrolling does not pile up failing reads: they wait for
    // reloadLoaded().
    if (!isStale() && !m_requestTimer.isActive())
        m_requestTimer.start();
}

void WorkspaceTableModel::requestWantedBlocks()
{
    // Nearest first would need the viewport; the most recently wanted are what is on screen now,
    // and a round rarely holds more than the few blocks one screen spans.
    QList<int> blocks(m_wanted.cbegin(), m_wanted.cend());
    std::sort(blocks.begin(), blocks.end());
    m_wanted.clear();
    for (int block : std::as_const(blocks)) {
        if (m_inFlight.size() >= MaxRequestsInFlight) {
            m_wanted.insert(block); // asked again after an answer arrives
            continue;
        }
        if (!m_blocks.contains(block))
            requestBlock(block);
    }
}

void WorkspaceTableModel::requestBlock(int block)
{
    if (m_inFlight.contains(block))
        return;
    const bool wasLoading = isLoading();
    m_inFlight.insert(block);
    if (!wasLoading)
        Q_EMIT loadingChanged(true);
    contract::WorkspaceQuery query = m_query;
    query.offset = qint64(block) * BlockSize;
    query.limit = BlockSize;
    const quint64 generation = m_generation;
    QCoro::connect(m_service->page(query), this,
                   [this, generation, block](const auto &page) { blockArrived(generation, block, page); });
}

void WorkspaceTableModel::blockArrived(quint64 generation, int block,
                                       const contract::Result<contract::Page<Workspace>> &page)
{
    if (generation != m_generation)
        return; // an answer to a list that has since been reset
    m_inFlight.remove(block);
    const bool readAgain = m_readAgain.remove(block);
    if (!page) {
        if (!isLoading())
            Q_EMIT loadingChanged(false);
        if (!isStale() && page.problem().isPlatformAway()) {
            // The platform is away (no answer, or it cannot serve): what was read stays, marked.
            m_staleSince = QDateTime::currentMSecsSinceEpoch();
            if (m_total > 0)
                Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
            Q_EMIT staleChanged(true, page.problem().message());
        }
        Q_EMIT loadFailed(page.problem().message());
        return;
    }
    if (isStale()) {
        m_staleSince = 0;
        if (m_total > 0 && page->total == m_total)
            Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
        Q_EMIT staleChanged(false, {});
    }
    const bool firstAnswer = !m_firstPageSeen;
    m_firstPageSeen = true;
    if (firstAnswer && m_total == 0) {
        // The list's size becomes known: the rows appear at once, their contents block by block.
        if (page->total > 0) {
            beginInsertRows({}, 0, int(std::min<qint64>(page->total, std::numeric_limits<int>::max())) - 1);
            m_total = page->total;
            m_blocks.insert(block, Block{page->items, ++m_useCounter});
            endInsertRows();
        }
        Q_EMIT totalChanged(m_total);
    } else if (page->total != m_total) {
        // The list changed on the server since the first page: follow the server's total.
        beginResetModel();
        m_total = page->total;
        m_blocks.clear();
        m_blocks.insert(block, Block{page->items, ++m_useCounter});
        endResetModel();
        Q_EMIT totalChanged(m_total);
    } else {
        m_blocks.insert(block, Block{page->items, ++m_useCounter});
        const int firstRow = block * BlockSize;
        const int lastRow = firstRow + int(page->items.size()) - 1;
        if (lastRow >= firstRow)
            Q_EMIT dataChanged(index(firstRow, 0), index(lastRow, ColumnCount - 1));
    }
    if (firstAnswer)
        Q_EMIT firstPageLoaded();
    if (readAgain)
        requestBlock(block);
    evictBlocks();
    if (!m_wanted.isEmpty() && !m_requestTimer.isActive())
        m_requestTimer.start();
    if (!isLoading())
        Q_EMIT loadingChanged(false);
}

void WorkspaceTableModel::evictBlocks()
{
    if (m_blocks.size() <= MaxCachedBlocks)
        return;
    QList<QPair<quint64, int>> byUse;
    for (auto it = m_blocks.cbegin(); it != m_blocks.cend(); ++it)
        byUse.append({it->lastUse, it.key()});
    std::sort(byUse.begin(), byUse.end());
    for (int i = 0; i < byUse.size() - MaxCachedBlocks; ++i)
        m_blocks.remove(byUse.at(i).second); // the view asks again if it scrolls back
}

} // namespace billing::models
