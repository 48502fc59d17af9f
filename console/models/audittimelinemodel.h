// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "foundation/contract/auditevent.h"
#include "foundation/snapshot/snapshotfile.h"

#include <QAbstractTableModel>
#include <QCoreApplication>

namespace billing::services {
class SnapshotReview;
}

namespace billing::models {

// A snapshot's audit trail, oldest first, read 500 events at a time as the view scrolls to the end
// (fetchMore): a million events are never all in memory at once unless someone scrolls through them.
class AuditTimelineModel final : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { SeqColumn, TimeColumn, ActorColumn, ActionColumn, TargetColumn, ColumnCount };
    static constexpr int PageSize = 500;

    explicit AuditTimelineModel(services::SnapshotReview *review, QObject *parent = nullptr);

    void setFilter(const snapshot::SnapshotFile::AuditFilter &filter);
    qint64 total() const { return m_total; }
    const contract::AuditEvent *eventAt(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

Q_SIGNALS:
    void totalChanged(qint64 total);
    void loadFailed(const QString &message);

private:
    services::SnapshotReview *m_review;
    snapshot::SnapshotFile::AuditFilter m_filter;
    QList<contract::AuditEvent> m_events;
    qint64 m_total = -1; // unknown until the first page answers
    quint64 m_generation = 0;
    bool m_fetching = false;
};

// What an audit event changed, field by field, for people: nested fields by dotted name, only the
// fields that differ, each before and after as text.
struct AuditFieldChange {
    QString field;
    QString before;
    QString after;
};
QList<AuditFieldChange> auditChanges(const contract::AuditEvent &event);

} // namespace billing::models
