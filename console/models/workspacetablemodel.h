// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "foundation/contract/page.h"
#include "foundation/contract/workspace.h"
#include "foundation/contract/workspacequery.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QSet>
#include <QTimer>

#include <functional>
#include <optional>

namespace billing::services {
class WorkspacePages;
}

namespace billing::models {

// Workspaces of the platform as a table that never holds the whole list: rowCount() is the server's
// total, rows arrive in blocks as the view asks for them, sorting and filtering happen on the server.
// A row whose block is still on its way shows a placeholder.
class WorkspaceTableModel final : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        IdColumn,
        NameColumn,
        AccountColumn,
        SiteColumn,
        PlanColumn,
        BillingMethodColumn,
        CloudAccountColumn,
        StatusColumn,
        DaysLeftColumn,
        UpdatedColumn,
        ColumnCount
    };
    enum Role { WorkspaceIdRole = Qt::UserRole + 1, LoadedRole, SortValueRole };

    static constexpr int BlockSize = 100;
    static constexpr int MaxCachedBlocks = 200; // 20,000 rows at most in memory
    static constexpr int MaxRequestsInFlight = 4;

    explicit WorkspaceTableModel(services::WorkspacePages *service, QObject *parent = nullptr);

    // Filters and sort; the window (offset, limit) is the model's business.
    contract::WorkspaceQuery query() const { return m_query; }
    void setQuery(const contract::WorkspaceQuery &query);
    // Drops every cached row and starts again from the first page (a new query).
    void refresh();
    // The loaded rows are read again where they stand, without a reset, so selection and scroll
    // position stay (a changed total resets, as any answer would). Until an answer comes, and when
    // none does, the rows read before stay, marked stale.
    void reloadLoaded();
    // The last read failed: the rows shown are as of staleSince(), greyed, and no further block is
    // asked for until reloadLoaded() (the platform is back, or staff press F5).
    bool isStale() const { return m_staleSince != 0; }
    qint64 staleSince() const { return m_staleSince; }

    qint64 total() const { return m_total; }
    bool isLoading() const { return !m_inFlight.isEmpty(); }
    std::optional<contract::Workspace> workspaceAt(int row) const;
    // A workspace the platform answered after a change: its row, if loaded, shows it at once.
    // (Its position under the current sort and filters is the server's to say; F5 asks again.)
    void updateWorkspace(const contract::Workspace &workspace);
    // Which server sort key a column sorts by, and back.
    static QString sortKeyFor(int column);
    static int columnFor(const QString &sortKey);
    // The clock days-left are counted against; the platform's by default (tests may set it).
    void setNow(std::function<qint64()> now) { m_now = std::move(now); }
    const std::function<qint64()> &now() const { return m_now; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

Q_SIGNALS:
    void totalChanged(qint64 total);
    void loadingChanged(bool loading);
    void firstPageLoaded();
    void loadFailed(const QString &message);
    // Stale from the first failed read on, fresh again with the first answer after it.
    void staleChanged(bool stale, const QString &message);

private:
    struct Block {
        QList<contract::Workspace> rows;
        quint64 lastUse = 0;
    };
    void want(int block) const;
    void requestWantedBlocks();
    void requestBlock(int block);
    void blockArrived(quint64 generation, int block,
                      const contract::Result<contract::Page<contract::Workspace>> &page);
    void evictBlocks();
    QVariant display(const contract::Workspace &workspace, int column) const;
    QVariant sortValue(const contract::Workspace &workspace, int column) const;

    services::WorkspacePages *m_service;
    contract::WorkspaceQuery m_query;
    qint64 m_total = 0;
    bool m_firstPageSeen = false;
    quint64 m_generation = 0; // bumps on every reset; answers for older generations are dropped
    mutable quint64 m_useCounter = 0;
    mutable QHash<int, Block> m_blocks;
    mutable QSet<int> m_wanted; // blocks the view asked for since the last request round
    QSet<int> m_inFlight;
    QSet<int> m_readAgain;         // in flight when reloadLoaded() was called: asked once more on arrival
    mutable QTimer m_requestTimer; // gathers a scroll's worth of wants into one round
    std::function<qint64()> m_now;
    qint64 m_staleSince = 0; // ms since the epoch, by this computer's clock; 0: fresh
};

} // namespace billing::models
