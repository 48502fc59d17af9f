// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "console/services/billingservice.h"
#include "foundation/contract/cloudaccount.h"

#include <QAbstractTableModel>

#include <optional>

namespace billing::models {

// Cloud accounts as a table that grows as it is scrolled (Qt's fetchMore), a page at a time, filtered
// on the server. 50,000 cloud accounts are searched rather than scrolled through, so unlike the
// workspace table this one keeps what it fetched and does not jump.
class CloudAccountTableModel final : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        IdColumn,
        NameColumn,
        ProviderColumn,
        SubscriptionColumn,
        SyncColumn,
        BoundColumn,
        SitesColumn,
        ColumnCount
    };
    enum Role { CloudAccountIdRole = Qt::UserRole + 1 };
    static constexpr int PageSize = 100;

    explicit CloudAccountTableModel(services::BillingService *billing, QObject *parent = nullptr);

    contract::CloudAccountQuery query() const { return m_query; }
    void setQuery(const contract::CloudAccountQuery &query);
    // Fetches the first page again; rows already shown are replaced when it arrives.
    void refresh();

    qint64 total() const { return m_total; }
    bool isLoading() const { return m_loading; }
    // The last read found the platform away: the rows shown are as of staleSince(), greyed.
    bool isStale() const { return m_staleSince != 0; }
    qint64 staleSince() const { return m_staleSince; }
    std::optional<contract::CloudAccount> cloudAccountAt(int row) const;
    // One cloud account as the platform now answers it: its row, if shown, follows.
    void updateCloudAccount(const contract::CloudAccount &cloudAccount);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

Q_SIGNALS:
    void totalChanged(qint64 total);
    void loadFailed(const QString &message);
    // Stale from the first read the platform did not answer, fresh again with the next answer.
    void staleChanged(bool stale, const QString &message);

private:
    void fetch(qint64 offset);

    services::BillingService *m_billing;
    contract::CloudAccountQuery m_query;
    QList<contract::CloudAccount> m_rows;
    qint64 m_total = 0;
    bool m_loading = false;
    quint64 m_generation = 0; // answers to an older query are dropped
    qint64 m_staleSince = 0;  // ms since the epoch, by this computer's clock; 0: fresh
};

} // namespace billing::models
