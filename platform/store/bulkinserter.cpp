// SPDX-License-Identifier: Apache-2.0
#include "platform/store/bulkinserter.h"

#include <QSqlDriver>

#include <libpq-fe.h>

#include <future>

namespace billing::store {

using contract::Result;

namespace {

constexpr qsizetype CopyBytes = 4 << 20; // one COPY per 4 MiB of rows

// A value in COPY's text format: \N is NULL; a backslash, tab, newline or carriage return is escaped.
void appendCopyValue(QByteArray &out, const QVariant &value)
{
    switch (value.typeId()) {
    case QMetaType::UnknownType:
        out += "\\N";
        return;
    case QMetaType::Bool:
        out += value.toBool() ? '1' : '0';
        return;
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::Long:
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
        out += QByteArray::number(value.toLongLong());
        return;
    case QMetaType::Double:
        out += QByteArray::number(value.toDouble(), 'g', 17);
        return;
    default:
        break;
    }
    const QByteArray text =
        value.typeId() == QMetaType::QByteArray ? value.toByteArray() : value.toString().toUtf8();
    for (const char c : text) {
        switch (c) {
        case '\\':
            out += "\\\\";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        default:
            out += c;
        }
    }
}

contract::Problem copyFailed(const QString &table, const char *message)
{
    return contract::Problem::internal(
        QStringLiteral("Bulk insert into %1 failed: %2").arg(table, QString::fromUtf8(message).trimmed()));
}

} // namespace

// The connection's COPY in flight, sent by a thread of its own while the caller makes the next rows;
// one at a time, as a connection runs one statement at a time. A child of the connection's driver,
// so that every inserter on a connection takes its turn in the same lane; each inserter waits for the
// lane as it ends, so nothing is in flight when the connection closes.
class CopyLane : public QObject
{
public:
    static CopyLane &of(QSqlDatabase &db)
    {
        QSqlDriver *driver = db.driver();
        for (QObject *child : driver->children()) {
            if (auto *lane = dynamic_cast<CopyLane *>(child))
                return *lane;
        }
        return *new CopyLane(driver);
    }

    enum class Sending { InBackground, Here };
    // Waits for the COPY in flight, then sends `rows` (COPY's text format): in the background while
    // the caller goes on, or here when the caller would only wait for it (an inserter's last rows, most
    // often its only ones: no thread for a change's few audit events).
    Result<contract::Done> send(const QString &table, const QByteArray &statement, QByteArray rows,
                                Sending sending)
    {
        if (auto settled = settle(); !settled)
            return settled;
        m_table = table;
        // The driver's connection as it is now (a reopened connection is a new one).
        PGconn *conn = Database::postgresHandle(static_cast<const QSqlDriver *>(parent()));
        if (sending == Sending::Here) {
            if (const QByteArray failure = copy(conn, statement, rows); !failure.isEmpty())
                return copyFailed(m_table, failure.constData());
            return contract::Done{};
        }
        m_inFlight = std::async(std::launch::async, [conn, statement, rows = std::move(rows)] {
            return copy(conn, statement, rows);
        });
        return contract::Done{};
    }
    // Waits for the COPY in flight: its outcome, and the connection is free for its next statement.
    Result<contract::Done> settle()
    {
        if (!m_inFlight.valid())
            return contract::Done{};
        const QByteArray failure = m_inFlight.get();
        if (!failure.isEmpty())
            return copyFailed(m_table, failure.constData());
        return contract::Done{};
    }

private:
    explicit CopyLane(QSqlDriver *driver)
        : QObject(driver)
    {
    }

    // One COPY, start to end; answers PostgreSQL's message if it failed.
    static QByteArray copy(PGconn *conn, const QByteArray &statement, const QByteArray &rows)
    {
        PGresult *started = PQexec(conn, statement.constData());
        const bool copying = PQresultStatus(started) == PGRES_COPY_IN;
        PQclear(started);
        if (!copying)
            return PQerrorMessage(conn);
        if (PQputCopyData(conn, rows.constData(), int(rows.size())) != 1 || PQputCopyEnd(conn, nullptr) != 1)
            return PQerrorMessage(conn);
        // The COPY's outcome, then nothing more: the connection is Qt's again.
        QByteArray failure;
        while (PGresult *result = PQgetResult(conn)) {
            if (PQresultStatus(result) != PGRES_COMMAND_OK && failure.isEmpty())
                failure = PQresultErrorMessage(result);
            PQclear(result);
        }
        return failure;
    }

    QString m_table; // of the COPY in flight
    std::future<QByteArray> m_inFlight;
};

BulkInserter::BulkInserter(QSqlDatabase db, const QString &table, const QStringList &columns, Load load)
    : m_db(std::move(db))
    , m_table(table)
    , m_columns(columns)
{
    if (m_db.driverName() == QLatin1String("QSQLITE")) {
        const QString marks = QStringList(m_columns.size(), QStringLiteral("?")).join(',');
        m_row = std::make_unique<RepeatedStatement>(
            m_db, QStringLiteral("INSERT INTO %1 (%2) VALUES (%3)").arg(m_table, m_columns.join(','), marks),
            "Bulk insert");
        return;
    }
    m_lane = &CopyLane::of(m_db);
    m_copyStatement = QStringLiteral("COPY %1 (%2) FROM STDIN%3")
                          .arg(m_table, m_columns.join(','),
                               load == Load::Frozen ? QStringLiteral(" WITH (FREEZE)") : QString())
                          .toUtf8();
    m_copy.reserve(CopyBytes + (64 << 10));
}

BulkInserter::~BulkInserter()
{
    // A COPY may still be in flight (the caller gave up on an error): the connection is not free
    // before it ends.
    if (m_lane)
        (void)m_lane->settle();
}

Result<contract::Done> BulkInserter::add(const QVariantList &row)
{
    Q_ASSERT(row.size() == m_columns.size());
    if (m_row) {
        if (auto ran = m_row->run(row); !ran) {
            contract::Problem named = ran.problem(); // as it was (a busy database stays one), with its table
            named.detail = QStringLiteral("%1 (into %2)").arg(named.detail, m_table);
            return named;
        }
        ++m_written;
        return contract::Done{};
    }
    for (qsizetype i = 0; i < row.size(); ++i) {
        if (i > 0)
            m_copy += '\t';
        appendCopyValue(m_copy, RepeatedStatement::storable(row.at(i)));
    }
    m_copy += '\n';
    ++m_pendingRows;
    return m_copy.size() >= CopyBytes ? flush(Rows::More) : Result<contract::Done>(contract::Done{});
}

Result<contract::Done> BulkInserter::finish()
{
    if (m_row)
        return contract::Done{};
    if (m_pendingRows > 0)
        return flush(Rows::Last);
    return m_lane->settle();
}

Result<contract::Done> BulkInserter::flush(Rows rows)
{
    const auto sending = rows == Rows::Last ? CopyLane::Sending::Here : CopyLane::Sending::InBackground;
    if (auto sent = m_lane->send(m_table, m_copyStatement, std::exchange(m_copy, {}), sending); !sent)
        return sent;
    m_copy.reserve(CopyBytes + (64 << 10));
    m_written += m_pendingRows;
    m_pendingRows = 0;
    return contract::Done{};
}

} // namespace billing::store
