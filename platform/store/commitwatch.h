// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "platform/store/database.h"

#include <QObject>
#include <QSqlDriver>
#include <QThread>
#include <QTimer>

#include <atomic>
#include <functional>
#include <optional>

namespace billing::store {

// Hears the commits of the other platform instances on the same PostgreSQL database, through LISTEN/NOTIFY,
// on a connection and thread of its own (Qt's driver delivers notifications to an event loop). Every
// commit announces itself with announce() inside its transaction; PostgreSQL delivers it when it commits.
// The constructor returns once it listens (or has tried). When the connection drops, heard() is told
// "anything may have changed" at once and once a second until it is back, so caches never outlive a
// missed notification by more than a second.
class CommitWatch final : public QObject
{
    Q_OBJECT
public:
    // `seq` is the audit head the commit reached (0: unknown); `workspaceColumns` the workspace columns it
    // changed (empty: none; nullopt: unknown, after a lost connection).
    using Heard = std::function<void(qint64 seq, const std::optional<QStringList> &workspaceColumns)>;

    CommitWatch(std::shared_ptr<Database> database, Heard heard);
    ~CommitWatch() override;

    // Inside a write transaction, before COMMIT: tells the other instances once it commits.
    static contract::Result<contract::Done> announce(QSqlDatabase transaction, const QString &instanceTag,
                                                     qint64 seq, const QStringList &workspaceColumns);
    // Whether notifications arrive now (else the listeners rely on their polls).
    bool listening() const { return m_listening.load(); }

private:
    void connectToServer();
    void check();
    void received(const QString &channel, QSqlDriver::NotificationSource, const QVariant &payload);

    std::shared_ptr<Database> m_database;
    Heard m_heard;
    QThread m_thread;
    QTimer *m_timer = nullptr; // lives on m_thread
    QSqlDatabase m_connection;
    std::atomic_bool m_listening = false;
    bool m_connectedBefore = false; // on m_thread
};

} // namespace billing::store
