// SPDX-License-Identifier: Apache-2.0
#include "platform/store/database.h"

#include "platform/store/repeatedstatement.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDriver>
#include <QSqlError>
#include <QThread>
#include <QUrl>
#include <QUuid>

#include <sqlite3.h>

namespace billing::store {

using contract::Problem;
using contract::Result;

namespace {
constexpr int CheckpointPages = 1000; // SQLite's own wal_autocheckpoint default

} // namespace

sqlite3 *Database::sqliteHandle(const QSqlDriver *driver)
{
    return *static_cast<sqlite3 *const *>(driver->handle().constData());
}

pg_conn *Database::postgresHandle(const QSqlDriver *driver)
{
    return *static_cast<pg_conn *const *>(driver->handle().constData());
}

Problem Database::storageProblem(const QString &detail)
{
    return {503, contract::ErrorCode::StorageUnavailable, QStringLiteral("Storage unavailable"), detail, {}};
}

Database::~Database()
{
    m_checkpoints.waitForDone();
    std::lock_guard guard(m_namesLock);
    for (const QString &name : std::as_const(m_connectionNames))
        QSqlDatabase::removeDatabase(name);
}

Result<std::shared_ptr<Database>> Database::open(const QString &spec)
{
    std::shared_ptr<Database> db(new Database);
    db->m_checkpoints.setMaxThreadCount(1);
    db->m_checkpoints.setExpiryTimeout(-1); // one thread, so one connection, for the platform's life
    db->m_spec = spec;
    db->m_connectionPrefix =
        QStringLiteral("billing-%1-").arg(QUuid::createUuid().toString(QUuid::Id128).left(8));
    if (spec.startsWith(QLatin1String("postgresql://")) || spec.startsWith(QLatin1String("postgres://"))) {
        const QUrl url(spec);
        if (!url.isValid() || url.host().isEmpty() || url.path().size() < 2)
            return Problem::invalidRequest(
                "db", QStringLiteral("\"%1\" is not a postgresql://user:password@host:port/database URL.")
                          .arg(spec));
        db->m_backend = Backend::Postgres;
        db->m_pgHost = url.host();
        db->m_pgPort = url.port(5432);
        db->m_pgUser = url.userName();
        db->m_pgPassword = url.password();
        db->m_pgDatabase = url.path().mid(1);
    } else {
        db->m_backend = Backend::Sqlite;
        db->m_sqlitePath = spec.startsWith(QLatin1String("sqlite:")) ? spec.mid(7) : spec;
        if (db->m_sqlitePath.isEmpty())
            return Problem::invalidRequest("db", QStringLiteral("The SQLite path is empty."));
    }
    if (auto first = db->connection(); !first)
        return first.problem();
    return db;
}

QString Database::threadConnectionName() const
{
    return m_connectionPrefix + QString::number(quintptr(QThread::currentThreadId()), 16);
}

void TurnLock::lock()
{
    std::unique_lock state(m_state);
    const quint64 turn = m_issued++;
    m_next.wait(state, [&] { return m_serving == turn; });
    m_holder = std::this_thread::get_id();
}

void TurnLock::unlock()
{
    {
        std::lock_guard state(m_state);
        m_holder = {};
        ++m_serving;
    }
    m_next.notify_all();
}

quint64 TurnLock::waiting()
{
    std::lock_guard state(m_state);
    return m_issued - m_serving - (m_holder == std::thread::id() ? 0 : 1);
}

bool TurnLock::heldHere()
{
    std::lock_guard state(m_state);
    return m_holder == std::this_thread::get_id();
}

Result<QSqlDatabase> Database::connection()
{
    const QString name = threadConnectionName();
    if (QSqlDatabase::contains(name)) {
        QSqlDatabase db = QSqlDatabase::database(name, false);
        if (db.isOpen())
            return db;
    }
    return openConnection(name);
}

void Database::closeConnection()
{
    const QString name = threadConnectionName();
    {
        std::lock_guard guard(m_namesLock);
        if (!m_connectionNames.removeOne(name))
            return;
    }
    QSqlDatabase::removeDatabase(name); // closes it
}

Result<QSqlDatabase> Database::dedicatedConnection(const QString &purpose)
{
    const QString name = m_connectionPrefix + purpose;
    if (!QSqlDatabase::contains(name))
        return openConnection(name);
    QSqlDatabase db = QSqlDatabase::database(name, false);
    db.close();
    if (!db.open())
        return storageProblem(
            QStringLiteral("Cannot open the %1 database: %2").arg(backendName(), db.lastError().text()));
    return db;
}

Result<QSqlDatabase> Database::connection(QSqlDatabase given)
{
    if (given.isValid())
        return given;
    return connection();
}

Result<QSqlDatabase> Database::openConnection(const QString &name)
{
    QSqlDatabase db;
    if (isSqlite()) {
        db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(m_sqlitePath);
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=10000"));
    } else {
        db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
        db.setHostName(m_pgHost);
        db.setPort(m_pgPort);
        db.setUserName(m_pgUser);
        db.setPassword(m_pgPassword);
        db.setDatabaseName(m_pgDatabase);
        db.setConnectOptions(QStringLiteral("connect_timeout=5"));
    }
    {
        std::lock_guard guard(m_namesLock);
        if (!m_connectionNames.contains(name))
            m_connectionNames.append(name);
    }
    if (!db.isValid())
        return storageProblem(
            QStringLiteral("The Qt SQL driver for %1 is not installed.").arg(backendName()));
    if (!db.open())
        return storageProblem(
            QStringLiteral("Cannot open the %1 database: %2").arg(backendName(), db.lastError().text()));
    if (isSqlite()) {
        QSqlQuery q(db);
        // Takes effect only when the file is new: larger pages make the million-row tables shallower.
        (void)q.exec(QStringLiteral("PRAGMA page_size=16384"));
        if (!q.exec(QStringLiteral("PRAGMA journal_mode=WAL")) || !q.next() ||
            q.value(0).toString().compare(QLatin1String("wal"), Qt::CaseInsensitive) != 0)
            return storageProblem(
                QStringLiteral("SQLite at %1 refused write-ahead logging.").arg(m_sqlitePath));
        // Reads come through the 1 GiB memory map, so each connection's own page cache (one per thread,
        // about nine) holds little more than what a write changes: 16 MB each, not 64 (measured: the
        // same searches, pages and binds at a million, 66 MB less anonymous memory).
        for (const char *pragma : {"PRAGMA foreign_keys=ON", "PRAGMA synchronous=NORMAL",
                                   "PRAGMA cache_size=-16384", "PRAGMA temp_store=MEMORY",
                                   "PRAGMA mmap_size=1073741824", "PRAGMA journal_size_limit=67108864"}) {
            if (!q.exec(QLatin1String(pragma)))
                return storageProblem(
                    QStringLiteral("SQLite refused %1: %2").arg(QLatin1String(pragma), q.lastError().text()));
        }
        // Replaces SQLite's checkpoint-on-commit with ours (see m_checkpoints).
        sqlite3_wal_hook(sqliteHandle(db.driver()), &Database::walCommitted, this);
    }
    return db;
}

int Database::walCommitted(void *database, sqlite3 *, const char *, int pages)
{
    if (pages >= CheckpointPages)
        static_cast<Database *>(database)->scheduleCheckpoint();
    return SQLITE_OK;
}

void Database::scheduleCheckpoint()
{
    if (m_checkpointPending.exchange(true))
        return;
    m_checkpoints.start([this] {
        m_checkpointPending = false;
        checkpoint();
    });
}

QString Database::isAnyOf(const QString &column) const
{
    return isSqlite()
               ? QStringLiteral("%1 IN (SELECT value FROM json_each(?))").arg(column)
               : QStringLiteral("%1 IN (SELECT json_array_elements_text(CAST(? AS json)))").arg(column);
}

QString Database::idList(const QStringList &ids)
{
    return QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(ids)).toJson(QJsonDocument::Compact));
}

QString Database::jsonRecords(const QStringList &keys, const QList<QVariantList> &rows)
{
    QJsonArray records;
    for (const QVariantList &row : rows) {
        QJsonObject record;
        for (qsizetype i = 0; i < keys.size(); ++i)
            record.insert(keys.at(i), QJsonValue::fromVariant(RepeatedStatement::storable(row.at(i))));
        records.append(record);
    }
    return QString::fromUtf8(QJsonDocument(records).toJson(QJsonDocument::Compact));
}

Result<QSqlQuery> Database::query(const QString &sql, const QVariantList &binds, const char *what,
                                  QSqlDatabase given)
{
    auto db = connection(given);
    if (!db)
        return db.problem();
    QSqlQuery query(*db);
    query.setForwardOnly(true);
    query.prepare(sql);
    for (const QVariant &value : binds)
        query.addBindValue(RepeatedStatement::storable(value)); // a null QString is '', as in bulk writes
    if (auto ran = Database::exec(query, what); !ran)
        return ran.problem();
    return query;
}

void Database::checkpoint()
{
    // PASSIVE: never waits for readers or writers; what it cannot copy now, the next one will.
    if (auto db = connection(); db && isSqlite())
        (void)exec(*db, QStringLiteral("PRAGMA wal_checkpoint(PASSIVE)"),
                   "Checkpointing the write-ahead log");
}

bool Database::isUniqueViolation(const QSqlError &error)
{
    const QString code = error.nativeErrorCode();
    return code == QLatin1String("23505") || code == QLatin1String("2067") || code == QLatin1String("1555");
}

Problem Database::failure(const QSqlError &error, const char *what)
{
    const QString detail = QStringLiteral("%1 failed: %2").arg(QLatin1String(what), error.text());
    const QString code = error.nativeErrorCode();
    if (code == QLatin1String("40001") || code == QLatin1String("40P01") || code == QLatin1String("55P03"))
        return {503, contract::ErrorCode::StorageBusy, QStringLiteral("Storage busy"), detail,
                QJsonObject{{"retry_after_seconds", 1}}};
    return storageProblem(detail);
}

Result<contract::Done> Database::exec(QSqlQuery &query, const char *what)
{
    if (query.exec())
        return contract::Done{};
    return failure(query.lastError(), what);
}

Result<contract::Done> Database::exec(QSqlDatabase db, const QString &sql, const char *what)
{
    QSqlQuery query(db);
    if (query.exec(sql))
        return contract::Done{};
    return failure(query.lastError(), what);
}

Result<contract::Done> Database::execEach(QSqlDatabase db, const QStringList &statements, const char *what)
{
    for (const QString &sql : statements) {
        if (auto ran = exec(db, sql, what); !ran)
            return ran;
    }
    return contract::Done{};
}

} // namespace billing::store
