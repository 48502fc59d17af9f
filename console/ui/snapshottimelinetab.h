// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "console/ui/snapshotlisttab.h"

class QComboBox;
class QDateEdit;
class QModelIndex;

namespace billing::models {
class AuditTimelineModel;
}

namespace billing::ui {

// Snapshot Review's Audit Timeline tab: the snapshot's audit events filtered by actor, action,
// target and days, and the selected event with each field it changed, before and after.
class SnapshotTimelineTab final : public SnapshotListTab
{
    Q_OBJECT
public:
    explicit SnapshotTimelineTab(services::SnapshotReview *review, QWidget *parent = nullptr);

    // The events of one target (a workspace's "Show its audit events"), whoever made them.
    void showEventsOf(const QString &targetId);

private:
    void applyFilters();
    void showAuditEvent(const QModelIndex &index);

    QComboBox *m_actor = nullptr;
    QComboBox *m_action = nullptr;
    QLineEdit *m_target = nullptr;
    QDateEdit *m_from = nullptr;
    QDateEdit *m_to = nullptr;
    models::AuditTimelineModel *m_timeline = nullptr;
};

} // namespace billing::ui
