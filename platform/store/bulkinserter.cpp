// SPDX-License-Identifier: Apache-2.0
#include "platform/store/bulkinserter.h"

#include <QSqlDriver>

#include <libpq-fe.h>

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

BulkInserter::BulkInserter(QSqlDatabase db, const QString &table, const QStringList &columns)
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
    m_postgres = *static_cast<PGconn *const *>(m_db.driver()->handle().constData());
    m_copy.reserve(CopyBytes + (64 << 10));
}

BulkInserter::~BulkInserter() = default;

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
    return m_copy.size() >= CopyBytes ? flush() : Result<contract::Done>(contract::Done{});
}

Result<contract::Done> BulkInserter::finish()
{
    return m_row || m_pendingRows == 0 ? Result<contract::Done>(contract::Done{}) : flush();
}

Result<contract::Done> BulkInserter::flush()
{
    const QByteArray copy =
        QStringLiteral("COPY %1 (%2) FROM STDIN").arg(m_table, m_columns.join(',')).toUtf8();
    PGresult *started = PQexec(m_postgres, copy.constData());
    const bool copying = PQresultStatus(started) == PGRES_COPY_IN;
    PQclear(started);
    if (!copying)
        return copyFailed(m_table, PQerrorMessage(m_postgres));
    if (PQputCopyData(m_postgres, m_copy.constData(), int(m_copy.size())) != 1 ||
        PQputCopyEnd(m_postgres, nullptr) != 1)
        return copyFailed(m_table, PQerrorMessage(m_postgres));
    // The COPY's outcome, then nothing more: the connection is Qt's again.
    QByteArray failure;
    while (PGresult *result = PQgetResult(m_postgres)) {
        if (PQresultStatus(result) != PGRES_COMMAND_OK && failure.isEmpty())
            failure = PQresultErrorMessage(result);
        PQclear(result);
    }
    if (!failure.isEmpty())
        return copyFailed(m_table, failure.constData());
    m_written += m_pendingRows;
    m_pendingRows = 0;
    m_copy.clear();
    return contract::Done{};
}

} // namespace billing::store
