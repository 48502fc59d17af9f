// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QLineEdit>
#include <QList>
#include <QPair>
#include <QTimer>
#include <QWidget>

class QAbstractItemModel;
class QBoxLayout;
class QLabel;
class QTableView;
class QTextBrowser;

namespace billing::services {
class SnapshotReview;
}

namespace billing::ui {

// What Snapshot Review's list tabs share: a filter bar over a list of the snapshot's records with a
// count, and the selected record's details beside the list.
class SnapshotListTab : public QWidget
{
    Q_OBJECT
Q_SIGNALS:
    void readFailed(const QString &message);

protected:
    SnapshotListTab(services::SnapshotReview *review, QWidget *parent);

    struct List {
        QAbstractItemModel *model;
        const char *name; // the table's object name, for tests
        QString accessibleName;
        QStringList widths; // a typical value of each column, to size it
        const char *detailName;
        QString detailAccessibleName;
        QString placeholder; // the detail panel's words while nothing is selected
        int detailShare;     // of 3 + it, the detail panel's
    };
    // Lays the tab out once its filters and model are made: the filters (then the count) over the
    // table, the detail panel beside it.
    void layOut(QBoxLayout *filters, const List &list);

    // A definition list as an HTML table: the detail panels' one layout.
    static QString fieldTable(const QList<QPair<QString, QString>> &rows);

    // Typing in a search field applies once the typist pauses, not at every key.
    template<typename Receiver, typename Slot>
    static void applyAfterTyping(QLineEdit *field, Receiver *receiver, Slot slot)
    {
        auto *typing = new QTimer(field);
        typing->setSingleShot(true);
        typing->setInterval(250);
        QObject::connect(typing, &QTimer::timeout, receiver, slot);
        QObject::connect(field, &QLineEdit::textEdited, typing, qOverload<>(&QTimer::start));
    }

    services::SnapshotReview *m_review;
    QLabel *m_count = nullptr;
    QLabel *m_readFailure = nullptr;
    QTableView *m_table = nullptr;
    QTextBrowser *m_detail = nullptr;
};

} // namespace billing::ui
