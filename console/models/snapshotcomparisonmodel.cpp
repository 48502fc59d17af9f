// SPDX-License-Identifier: Apache-2.0
#include "console/models/snapshotcomparisonmodel.h"

#include "console/models/billingtext.h"

#include <array>

namespace billing::models {

namespace {
// "Before → after" where the value moved, else the value; each in staff's words when `words` is given.
QString transition(const QString &before, const QString &after, QString (*words)(const QString &))
{
    const auto word = [words](const QString &value) { return words ? words(value) : value; };
    return before == after ? word(after) : QStringLiteral("%1 → %2").arg(word(before), word(after));
}
} // namespace

SnapshotComparisonModel::SnapshotComparisonModel(QList<snapshot::WorkspaceChange> changes, QObject *parent)
    : QAbstractTableModel(parent)
    , m_changes(std::move(changes))
{
}

int SnapshotComparisonModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_changes.size());
}

int SnapshotComparisonModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString SnapshotComparisonModel::text(const snapshot::WorkspaceChange &c, int column) const
{
    using Kind = snapshot::WorkspaceChange::Kind;
    switch (column) {
    case ChangeColumn:
        return c.kind == Kind::Added ? tr("Added") : c.kind == Kind::Removed ? tr("Removed") : tr("Changed");
    case IdColumn:
        return c.id;
    case NameColumn:
        return c.name;
    case BillingMethodColumn:
        return transition(c.billingMethodBefore, c.billingMethodAfter, &BillingText::billingMethod);
    case CloudAccountColumn:
        return transition(c.cloudAccountBefore, c.cloudAccountAfter, nullptr);
    case StatusColumn:
        return transition(c.statusBefore, c.statusAfter, &BillingText::workspaceStatus) +
               (c.lockReasonAfter.isEmpty()
                    ? QString()
                    : QStringLiteral(" (%1)").arg(BillingText::lockReason(c.lockReasonAfter)));
    }
    return {};
}

QVariant SnapshotComparisonModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_changes.size() || role != Qt::DisplayRole)
        return {};
    return text(m_changes.at(index.row()), index.column());
}

QVariant SnapshotComparisonModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    static const std::array<const char *, ColumnCount> titles{
        QT_TR_NOOP("Change"),         QT_TR_NOOP("Workspace"),     QT_TR_NOOP("Name"),
        QT_TR_NOOP("Billing method"), QT_TR_NOOP("Cloud account"), QT_TR_NOOP("Status")};
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0 || section >= ColumnCount)
        return QAbstractTableModel::headerData(section, orientation, role);
    return tr(titles[size_t(section)]);
}

} // namespace billing::models
