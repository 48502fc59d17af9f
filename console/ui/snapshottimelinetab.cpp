// SPDX-License-Identifier: Apache-2.0
#include "console/ui/snapshottimelinetab.h"

#include "console/models/audittimelinemodel.h"
#include "console/models/billingtext.h"
#include "console/services/snapshotreview.h"
#include "console/ui/filterbar.h"

#include <QCoroTask>
#include <QDateEdit>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QTableView>
#include <QTextBrowser>

namespace billing::ui {

using models::BillingText;

SnapshotTimelineTab::SnapshotTimelineTab(services::SnapshotReview *review, QWidget *parent)
    : SnapshotListTab(review, parent)
{
    auto *filters = new QHBoxLayout;
    m_actor = filterBox(tr("Actor filter"), {}, nullptr);
    m_actor->setObjectName("actorFilter");
    addFilter(filters, tr("&Actor:"), m_actor);
    m_action = filterBox(tr("Action filter"), {}, nullptr);
    m_action->setObjectName("actionFilter");
    addFilter(filters, tr("A&ction:"), m_action);
    m_target = new QLineEdit;
    m_target->setPlaceholderText(tr("Workspace or other target id"));
    m_target->setAccessibleName(tr("Target filter"));
    m_target->setObjectName("targetFilter");
    m_target->setClearButtonEnabled(true);
    filters->addWidget(m_target, 1);
    const auto dateFilter = [&](const QString &caption, const QString &name) {
        auto *edit = new QDateEdit;
        edit->setCalendarPopup(true);
        edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
        edit->setMinimumDate(QDate(2000, 1, 1));
        edit->setSpecialValueText(tr("Any"));
        edit->setDate(edit->minimumDate());
        edit->setAccessibleName(name);
        auto *label = new QLabel(caption);
        label->setBuddy(edit);
        filters->addWidget(label);
        filters->addWidget(edit);
        return edit;
    };
    m_from = dateFilter(tr("&From:"), tr("From day (UTC)"));
    m_to = dateFilter(tr("T&o:"), tr("To day (UTC), inclusive"));
    for (const QByteArray column : {QByteArray("actor"), QByteArray("action")}) {
        QComboBox *box = column == "actor" ? m_actor : m_action;
        QCoro::connect(m_review->auditValues(column), this,
                       [box](const contract::Result<QStringList> &values) {
                           if (!values)
                               return;
                           for (const QString &value : *values)
                               box->addItem(value, value);
                       });
    }

    m_timeline = new models::AuditTimelineModel(m_review, this);
    layOut(filters,
           {m_timeline,
            "auditTimelineTable",
            tr("Audit timeline"),
            {"10000000", "2026-11-23 00:00", "marketplace:azure", "workspace.billing_method", "ws-0000000"},
            "eventDetail",
            tr("Audit event details"),
            tr("Select an event to see who did what, and each field before and after."),
            2});

    applyAfterTyping(m_target, this, &SnapshotTimelineTab::applyFilters);
    for (QComboBox *box : {m_actor, m_action})
        connect(box, &QComboBox::currentIndexChanged, this, &SnapshotTimelineTab::applyFilters);
    for (QDateEdit *edit : {m_from, m_to})
        connect(edit, &QDateEdit::dateChanged, this, &SnapshotTimelineTab::applyFilters);
    connect(m_timeline, &models::AuditTimelineModel::totalChanged, this,
            [this](qint64 total) { m_count->setText(tr("%1 events").arg(QLocale().toString(total))); });
    connect(m_timeline, &models::AuditTimelineModel::loadFailed, this, &SnapshotTimelineTab::readFailed);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) { showAuditEvent(current); });
    applyFilters();
}

void SnapshotTimelineTab::showEventsOf(const QString &targetId)
{
    m_target->setText(targetId);
    m_actor->setCurrentIndex(0);
    m_action->setCurrentIndex(0);
    applyFilters();
}

void SnapshotTimelineTab::applyFilters()
{
    snapshot::SnapshotFile::AuditFilter filter;
    filter.actor = m_actor->currentData().toString();
    filter.action = m_action->currentData().toString();
    filter.targetId = m_target->text().trimmed();
    if (m_from->date() != m_from->minimumDate())
        filter.from = QDateTime(m_from->date(), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
    if (m_to->date() != m_to->minimumDate())
        filter.to = QDateTime(m_to->date().addDays(1), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
    m_detail->clear();
    m_timeline->setFilter(filter);
}

void SnapshotTimelineTab::showAuditEvent(const QModelIndex &index)
{
    const contract::AuditEvent *e = m_timeline->eventAt(index.row());
    if (!e) {
        m_detail->clear();
        return;
    }
    QString html =
        QStringLiteral("<h3>%1</h3>").arg(tr("Event %1: %2").arg(e->seq).arg(e->action.toHtmlEscaped())) +
        fieldTable({{tr("Time"), BillingText::dateTime(e->at)},
                    {tr("Actor"), e->actor},
                    {tr("Target"), QStringLiteral("%1 %2").arg(e->targetType, e->targetId)},
                    {tr("Note"), e->note},
                    {tr("Request"), e->requestId},
                    {tr("Hash"), e->hash},
                    {tr("Chained to"), e->prevHash}});
    const QList<models::AuditFieldChange> changes = models::auditChanges(*e);
    html += QStringLiteral("<h4>%1</h4>").arg(tr("What changed"));
    if (changes.isEmpty()) {
        html += QStringLiteral("<p>%1</p>").arg(tr("No field changed."));
    } else {
        html += QStringLiteral("<table cellspacing=\"2\" cellpadding=\"4\"><tr><th align=\"left\">%1</th><th "
                               "align=\"left\">%2</th><th align=\"left\">%3</th></tr>")
                    .arg(tr("Field"), tr("Before"), tr("After"));
        for (const auto &change : changes)
            html +=
                QStringLiteral("<tr><td><b>%1</b></td><td><span style=\"color:#b3261e\"><s>%2</s></span></td>"
                               "<td><span style=\"color:#1b6e2a\">%3</span></td></tr>")
                    .arg(change.field.toHtmlEscaped(), change.before.toHtmlEscaped(),
                         change.after.toHtmlEscaped());
        html += QStringLiteral("</table>");
    }
    m_detail->setHtml(html);
}

} // namespace billing::ui
