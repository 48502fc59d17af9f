// SPDX-License-Identifier: Apache-2.0
#include "console/models/audittimelinemodel.h"

#include "console/models/billingtext.h"
#include "console/services/snapshotreview.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace billing::models {

AuditTimelineModel::AuditTimelineModel(services::SnapshotReview *review, QObject *parent)
    : QAbstractTableModel(parent)
    , m_review(review)
{
}

void AuditTimelineModel::setFilter(const snapshot::SnapshotFile::AuditFilter &filter)
{
    beginResetModel();
    m_filter = filter;
    m_events.clear();
    m_total = -1;
    ++m_generation;
    m_fetching = false;
    endResetModel();
    fetchMore({});
}

const contract::AuditEvent *AuditTimelineModel::eventAt(int row) const
{
    return row >= 0 && row < m_events.size() ? &m_events.at(row) : nullptr;
}

int AuditTimelineModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_events.size());
}

int AuditTimelineModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

bool AuditTimelineModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && !m_fetching && (m_total < 0 || m_events.size() < m_total);
}

void AuditTimelineModel::fetchMore(const QModelIndex &parent)
{
    if (!canFetchMore(parent))
        return;
    m_fetching = true;
    snapshot::SnapshotFile::AuditFilter filter = m_filter;
    filter.offset = m_events.size();
    filter.limit = PageSize;
    const quint64 generation = m_generation;
    QCoro::connect(m_review->auditEvents(filter), this,
                   [this, generation](const contract::Result<contract::Page<contract::AuditEvent>> &page) {
                       if (generation != m_generation)
                           return; // the filter changed while this page was read
                       m_fetching = false;
                       if (!page) {
                           Q_EMIT loadFailed(page.problem().message());
                           return;
                       }
                       const bool totalChanged = page->total != m_total;
                       m_total = page->total;
                       if (!page->items.isEmpty()) {
                           beginInsertRows({}, int(m_events.size()),
                                           int(m_events.size() + page->items.size() - 1));
                           m_events += page->items;
                           endInsertRows();
                       }
                       if (totalChanged)
                           Q_EMIT this->totalChanged(m_total);
                   });
}

QVariant AuditTimelineModel::data(const QModelIndex &index, int role) const
{
    Q_ASSERT(checkIndex(index, CheckIndexOption::IndexIsValid));
    const contract::AuditEvent &e = m_events.at(index.row());
    if (role == Qt::DisplayRole || role == Qt::ToolTipRole) {
        switch (index.column()) {
        case SeqColumn:
            return e.seq;
        case TimeColumn:
            return BillingText::dateTime(e.at);
        case ActorColumn:
            return e.actor;
        case ActionColumn:
            return e.action;
        case TargetColumn:
            return e.targetId;
        }
    }
    if (role == Qt::TextAlignmentRole && index.column() == SeqColumn)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant AuditTimelineModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case SeqColumn:
        return tr("Seq");
    case TimeColumn:
        return tr("Time");
    case ActorColumn:
        return tr("Actor");
    case ActionColumn:
        return tr("Action");
    case TargetColumn:
        return tr("Target");
    }
    return {};
}

namespace {
void flatten(const QJsonValue &value, const QString &prefix, QMap<QString, QString> &out)
{
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it)
            flatten(it.value(), prefix.isEmpty() ? it.key() : prefix + QLatin1Char('.') + it.key(), out);
        return;
    }
    if (value.isNull() || value.isUndefined())
        out.insert(prefix, QString());
    else if (value.isString())
        out.insert(prefix, value.toString());
    else if (value.isBool())
        out.insert(prefix, value.toBool() ? QStringLiteral("true") : QStringLiteral("false"));
    else if (value.isDouble())
        out.insert(prefix, QString::number(value.toDouble(), 'g', 17));
    else
        out.insert(prefix, QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact)));
}

QMap<QString, QString> fieldsOf(const QByteArray &state)
{
    QMap<QString, QString> fields;
    const QJsonDocument document = QJsonDocument::fromJson(state);
    if (document.isObject())
        flatten(document.object(), {}, fields);
    else if (document.isArray())
        flatten(QJsonValue(document.array()), QStringLiteral("items"), fields);
    return fields;
}
} // namespace

QList<AuditFieldChange> auditChanges(const contract::AuditEvent &event)
{
    const QMap<QString, QString> before = fieldsOf(event.before);
    const QMap<QString, QString> after = fieldsOf(event.after);
    QStringList names = before.keys() + after.keys();
    names.sort();
    names.removeDuplicates();
    QList<AuditFieldChange> changes;
    for (const QString &name : names) {
        const QString was = before.value(name);
        const QString is = after.value(name);
        if (was != is || !before.contains(name) || !after.contains(name))
            changes.append({name, was, is});
    }
    return changes;
}

} // namespace billing::models
