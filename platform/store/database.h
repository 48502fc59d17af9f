// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "foundation/contract/result.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QString>
#include <QThreadPool>

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

struct sqlite3;
struct pg_conn;
class QSqlDriver;

namespace billing::store {

// A lock handed to its waiters in the order they asked for it. A plain mutex let a thread that writes
// transaction after transaction (the scheduler catching up on twenty hours of metering after the
// platform was down) take it again before a waiting staff change woke: at a million workspaces on
// SQLite a lock waited up to 20 s for its turn. Here it waits for the one transaction under way.
class TurnLock
{
public:
    void lock();
    void unlock();
    // Whether the calling thread holds it (inside its own write transaction).
    bool heldHere();
    // How many threads wait for their turn.
    quint64 waiting();

private:
    std::mutex m_state;
    std::condition_variable m_next;
    quint64 m_issued = 0;  // turns asked for
    quint64 m_serving = 0; // the turn that may go on
    std::thread::id m_holder;
};

// Where the platform keeps its truth: "sqlite:PATH" (or a bare path) or
// "postgresql://user:pass@host:port/db". A QSqlDatabase belongs to the thread that opened it (Qt < 6.8), so
// each thread gets its own named connection on first use; the Database object itself is shared between
// threads.
class Database
{
public:
    enum class Backend { Sqlite, Postgres };

    ~Database();
    Q_DISABLE_COPY_MOVE(Database)

    // Opens (and checks) a first connection; a bad spec or unreachable server is a clear problem.
    static contract::Result<std::shared_ptr<Database>> open(const QString &spec);

    Backend backend() const { return m_backend; }
    bool isSqlite() const { return m_backend == Backend::Sqlite; }
    QString backendName() const
    {
        return isSqlite() ? QStringLiteral("sqlite") : QStringLiteral("postgresql");
    }
    QString spec() const { return m_spec; }
    QString sqlitePath() const { return m_sqlitePath; } // empty on PostgreSQL

    // This thread's connection, opened on first use.
    contract::Result<QSqlDatabase> connection();
    // Closes and forgets this thread's connection: a thread that ends before the Database does (another
    // thread may later get its id) calls it once none of its queries is left.
    void closeConnection();
    // A new connection of this thread's for one long-lived `purpose` (listening, holding a session
    // lock), apart from the one statements use; opening it again replaces it (after the server dropped it).
    contract::Result<QSqlDatabase> dedicatedConnection(const QString &purpose);
    // Names this process's connections; other instances' notifications carry theirs.
    QString instanceTag() const { return m_connectionPrefix; }
    // `given` when it is valid (a transaction's connection), else this thread's.
    contract::Result<QSqlDatabase> connection(QSqlDatabase given);

    // SQLite has one writer: writers in this process take turns here, in the order they came, before
    // BEGIN IMMEDIATE (on PostgreSQL before the audit chain's lock, which orders the instances).
    TurnLock &writeLock() { return m_writeLock; }

    // Case-insensitive LIKE in this dialect.
    QString likeOperator() const { return isSqlite() ? QStringLiteral("LIKE") : QStringLiteral("ILIKE"); }
    // "column IN (the ids)" over one parameter, to be bound to idList(ids): one value however many ids
    // (a bulk change lists 10,000), where a placeholder each costs Qt Sql ~2 µs and meets parameter limits.
    QString isAnyOf(const QString &column) const;
    static QString idList(const QStringList &ids);
    // PostgreSQL: rows as one JSON array of objects keyed by `keys`, for a bulk change that reads them
    // with json_to_recordset(?::json): one statement for thousands of rows, where a statement per row
    // costs a round trip each (SQLite has none to save and keeps its statement per row).
    static QString jsonRecords(const QStringList &keys, const QList<QVariantList> &rows);

    // The engine's own connection under a Qt connection's driver, for what Qt Sql has no call for
    // (SQLite's C API statements, PostgreSQL's COPY).
    static sqlite3 *sqliteHandle(const QSqlDriver *driver);
    static pg_conn *postgresHandle(const QSqlDriver *driver);

    // A 503 storage_unavailable problem saying what failed.
    static contract::Problem storageProblem(const QString &detail);
    // Whether a statement failed on a UNIQUE constraint (SQLite's SQLITE_CONSTRAINT_UNIQUE or
    // PRIMARY KEY, PostgreSQL's 23505): two writers raced for one key, and the database decided.
    static bool isUniqueViolation(const QSqlError &error);
    // The problem a failed statement is: storage_busy when PostgreSQL gave way to a concurrent
    // transaction (40001 serialization failure, 40P01 deadlock, 55P03 lock timeout), which a new
    // attempt of the whole transaction may pass; storage_unavailable otherwise.
    static contract::Problem failure(const QSqlError &error, const char *what);
    static bool isContention(const contract::Problem &problem)
    {
        return problem.code == QLatin1String(contract::ErrorCode::StorageBusy);
    }
    // Runs a prepared query; a failure becomes a storage_unavailable problem naming what failed.
    static contract::Result<contract::Done> exec(QSqlQuery &query, const char *what);
    static contract::Result<contract::Done> exec(QSqlDatabase db, const QString &sql, const char *what);
    // Runs each statement in order on `db`, stopping at the first that fails (its problem).
    static contract::Result<contract::Done> execEach(QSqlDatabase db, const QStringList &statements,
                                                     const char *what);
    // Prepares, binds in order and runs `sql` on `db` (inside a transaction), else on this thread's
    // connection; the query comes back positioned before its first row, forward only. Values convert as
    // RepeatedStatement's do (a null QString is '').
    contract::Result<QSqlQuery> query(const QString &sql, const QVariantList &binds, const char *what,
                                      QSqlDatabase db = {});

    // Copies the SQLite write-ahead log back into the database file (a background checkpoint).
    void checkpoint();

private:
    Database() = default;
    QString threadConnectionName() const;
    contract::Result<QSqlDatabase> openConnection(const QString &name);
    void scheduleCheckpoint();
    static int walCommitted(void *database, sqlite3 *, const char *, int pages);

    QString m_spec;
    Backend m_backend = Backend::Sqlite;
    QString m_sqlitePath;
    QString m_pgHost, m_pgUser, m_pgPassword, m_pgDatabase;
    int m_pgPort = 5432;
    QString m_connectionPrefix;
    std::mutex m_namesLock;
    QStringList m_connectionNames;
    TurnLock m_writeLock;
    // SQLite would checkpoint inside the commit that fills the log (0.3 s after a 10,000-workspace
    // bind); here a thread of its own does it after the commit has answered.
    QThreadPool m_checkpoints;
    std::atomic_bool m_checkpointPending = false;
};

} // namespace billing::store
