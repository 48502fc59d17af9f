// SPDX-License-Identifier: Apache-2.0
#include "platform/store/commitwatch.h"

#include <QSemaphore>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>

namespace billing::store {

namespace {
const QString Channel = QStringLiteral("billing_commits");
constexpr int CheckMs = 1000;
} // namespace

CommitWatch::CommitWatch(std::shared_ptr<Database> database, Heard heard)
    : m_database(std::move(database))
    , m_heard(std::move(heard))
{
    m_thread.setObjectName(QStringLiteral("billing-commit-watch"));
    m_timer = new QTimer(this); // moves to the thread with its parent
    m_timer->setInterval(CheckMs);
    connect(m_timer, &QTimer::timeout, this, &CommitWatch::check);
    moveToThread(&m_thread);
    QSemaphore tried;
    connect(&m_thread, &QThread::started, this, [this, &tried] {
        connectToServer();
        m_timer->start();
        tried.release();
    });
    m_thread.start();
    // Listening before anything is cached: what commits from now on is heard.
    tried.acquire();
}

CommitWatch::~CommitWatch()
{
    QMetaObject::invokeMethod(
        this,
        [this] {
            delete m_timer;
            m_connection.close();
            m_connection = {};
            m_thread.quit();
        },
        Qt::QueuedConnection);
    m_thread.wait();
}

contract::Result<contract::Done> CommitWatch::announce(QSqlDatabase transaction, const QString &instanceTag,
                                                       qint64 seq, const QStringList &workspaceColumns)
{
    QSqlQuery q(transaction);
    q.prepare(QStringLiteral("SELECT pg_notify(?, ?)"));
    q.addBindValue(Channel);
    // "tag seq columns": the columns comma-separated, "-" for none (a few dozen bytes of NOTIFY's 8,000).
    q.addBindValue(
        QStringLiteral("%1 %2 %3")
            .arg(instanceTag)
            .arg(seq)
            .arg(workspaceColumns.isEmpty() ? QStringLiteral("-") : workspaceColumns.join(QLatin1Char(','))));
    return Database::exec(q, "Announcing a commit");
}

void CommitWatch::connectToServer()
{
    auto db = m_database->dedicatedConnection(QStringLiteral("commit-watch"));
    if (!db) {
        m_listening = false;
        return;
    }
    m_connection = *db;
    QSqlDriver *driver = m_connection.driver();
    connect(driver, &QSqlDriver::notification, this, &CommitWatch::received, Qt::UniqueConnection);
    m_listening = driver->subscribeToNotification(Channel);
    // After a loss, what committed while nobody listened is unknown: everything may have changed.
    // (The first time, nothing is cached yet.)
    if (m_connectedBefore)
        m_heard(0, std::nullopt);
    m_connectedBefore = true;
}

void CommitWatch::check()
{
    // A dropped connection says nothing by itself: a statement finds out.
    if (m_listening) {
        QSqlQuery ping(m_connection);
        if (ping.exec(QStringLiteral("SELECT 1")))
            return;
        qWarning("billing-platform: lost the notifications of other instances (%s); polling until back",
                 qPrintable(ping.lastError().text()));
        m_listening = false;
    }
    m_heard(0, std::nullopt);
    connectToServer();
    if (m_listening)
        qInfo("billing-platform: hearing other instances' commits again");
}

void CommitWatch::received(const QString &channel, QSqlDriver::NotificationSource, const QVariant &payload)
{
    if (channel != Channel)
        return;
    const QStringList parts = payload.toString().split(QLatin1Char(' '));
    if (parts.size() != 3) {
        m_heard(0, std::nullopt);
        return;
    }
    if (parts.at(0) == m_database->instanceTag())
        return; // our own commit: its listeners were told as it committed
    m_heard(parts.at(1).toLongLong(),
            parts.at(2) == u"-" ? QStringList() : parts.at(2).split(QLatin1Char(','), Qt::SkipEmptyParts));
}

} // namespace billing::store
