// SPDX-License-Identifier: Apache-2.0
#include "platform/store/copyreader.h"

#include "foundation/sql/reportqueries.h"
#include "platform/store/database.h"
#include "platform/store/repeatedstatement.h"

#include <QScopeGuard>
#include <QSqlDriver>

#include <libpq-fe.h>

#include <charconv>
#include <memory>

namespace billing::store {

using contract::Result;

namespace {

// A row of COPY's text format, unescaped: each cell is the server's UTF-8 text, which a report or a
// snapshot takes as it is.
class CopyRow final : public sql::ResultRow
{
public:
    // Reads one line (without its line end); false when it does not hold `columns` cells.
    bool read(QByteArrayView line, int columns)
    {
        m_ends.resize(0);
        m_nulls.resize(0);
        // Nearly every line has no escape and no NULL: its cells are read in place.
        if (!line.contains('\\')) {
            m_line = line;
            for (qsizetype at = 0;;) {
                const qsizetype tab = line.indexOf('\t', at);
                m_ends.append(tab < 0 ? line.size() : tab);
                if (tab < 0)
                    break;
                at = tab + 1;
            }
            return m_ends.size() == columns;
        }
        m_text.resize(0);
        m_line = {};
        const char *p = line.begin();
        const char *const end = line.end();
        for (;;) { // one cell a turn
            if (end - p >= 2 && p[0] == '\\' && p[1] == 'N' && (end - p == 2 || p[2] == '\t')) {
                m_nulls.append(int(m_ends.size()));
                p += 2;
            }
            while (p < end && *p != '\t') {
                // Plain text runs to the next tab or backslash and is copied at once.
                const char *const run = p;
                while (p < end && *p != '\t' && *p != '\\')
                    ++p;
                m_text.append(run, p - run);
                if (p < end && *p == '\\') {
                    if (++p == end)
                        return false;
                    const char escaped = *p++;
                    m_text.append(unescaped(escaped, p, end));
                }
            }
            m_ends.append(m_text.size());
            if (p == end)
                break;
            ++p; // the tab
        }
        return m_ends.size() == columns;
    }
    QString text(int column) const override { return QString::fromUtf8(bytes(column)); }
    std::optional<QByteArrayView> textInPlace(int column) const override { return bytes(column); }
    qint64 integer(int column) const override
    {
        const QByteArrayView text = bytes(column);
        qint64 value = 0;
        std::from_chars(text.begin(), text.end(), value); // NULL and text that is not a number: 0, as Qt's
        return value;
    }
    bool isNull(int column) const override { return m_nulls.contains(column); }

private:
    QByteArrayView bytes(int column) const
    {
        if (!m_line.isNull()) { // read in place: each cell ends at a tab
            const qsizetype begin = column == 0 ? 0 : m_ends.at(column - 1) + 1;
            return m_line.sliced(begin, m_ends.at(column) - begin);
        }
        const qsizetype begin = column == 0 ? 0 : m_ends.at(column - 1);
        return QByteArrayView(m_text).sliced(begin, m_ends.at(column) - begin);
    }
    // The character a backslash sequence stands for; `p` is past its first character.
    static char unescaped(char escaped, const char *&p, const char *end)
    {
        switch (escaped) {
        case 'b':
            return '\b';
        case 'f':
            return '\f';
        case 'n':
            return '\n';
        case 'r':
            return '\r';
        case 't':
            return '\t';
        case 'v':
            return '\v';
        default:
            break;
        }
        if (escaped >= '0' && escaped <= '7') { // octal, up to three digits
            int value = escaped - '0';
            for (int i = 0; i < 2 && p < end && *p >= '0' && *p <= '7'; ++i)
                value = value * 8 + (*p++ - '0');
            return char(value);
        }
        return escaped; // a backslash, or any other character standing for itself
    }

    QByteArrayView m_line; // the line whose cells are read in place, when it has no escape
    QByteArray m_text;     // otherwise the cells, unescaped, one after another
    QList<qsizetype> m_ends;
    QList<int> m_nulls;
};

using Results = std::unique_ptr<PGresult, decltype(&PQclear)>;

// The statement with each of Qt's placeholders (outside quoted text) replaced by its value.
// COPY takes no parameters: each value goes in as a literal that libpq escapes for this connection.
contract::Result<QByteArray> withValues(PGconn *connection, const QString &sql, const QVariantList &binds)
{
    QByteArray out;
    qsizetype next = 0;
    bool quoted = false;
    for (const char c : sql.toUtf8()) {
        if (c == '\'')
            quoted = !quoted;
        if (c != '?' || quoted) {
            out += c;
            continue;
        }
        const QVariant value = RepeatedStatement::storable(binds.value(next++));
        switch (value.typeId()) {
        case QMetaType::Int:
        case QMetaType::LongLong:
        case QMetaType::UInt:
        case QMetaType::ULongLong:
            out += value.toByteArray();
            break;
        default: {
            const QByteArray text = value.toString().toUtf8();
            char *literal = PQescapeLiteral(connection, text.constData(), size_t(text.size()));
            if (!literal)
                return Database::storageProblem(QString::fromUtf8(PQerrorMessage(connection)).trimmed());
            out += literal;
            PQfreemem(literal);
        }
        }
    }
    return out;
}

} // namespace

Result<contract::Done> readByCopy(QSqlDatabase db, const QString &sql, const QVariantList &binds,
                                  const char *what, const std::function<bool(const sql::ResultRow &)> &visit)
{
    PGconn *connection = Database::postgresHandle(db.driver());
    const auto failed = [&](const QByteArray &message) {
        return Database::storageProblem(
            QStringLiteral("%1 failed: %2").arg(QLatin1String(what), QString::fromUtf8(message).trimmed()));
    };
    auto query = withValues(connection, sql, binds);
    if (!query)
        return query.problem();
    int columns = 0;
    {
        Results started(PQexec(connection, "COPY (" + *query + ") TO STDOUT"), &PQclear);
        if (PQresultStatus(started.get()) != PGRES_COPY_OUT)
            return failed(PQresultErrorMessage(started.get()));
        columns = PQnfields(started.get());
    }
    CopyRow row;
    QByteArray problem;
    bool reading = true;
    for (;;) {
        char *line = nullptr;
        const int size = PQgetCopyData(connection, &line, 0);
        if (size < 0)
            break; // -1: all sent; -2: failed, said by the result below
        const auto freed = qScopeGuard([line] { PQfreemem(line); });
        if (!reading)
            continue; // after a cancel, what was already on its way
        if (!row.read(QByteArrayView(line, size).chopped(1), columns)) {
            problem = "a row did not read as " + QByteArray::number(columns) + " cells";
            reading = false;
        } else if (!visit(row)) {
            reading = false;
        }
        if (!reading) { // the reader stopped: the server is asked to stop sending
            if (PGcancel *cancel = PQgetCancel(connection)) {
                char error[256];
                PQcancel(cancel, error, sizeof error);
                PQfreeCancel(cancel);
            }
        }
    }
    // The COPY's outcome, then nothing more: the connection is Qt's again.
    while (PGresult *result = PQgetResult(connection)) {
        if (PQresultStatus(result) != PGRES_COMMAND_OK && reading && problem.isEmpty())
            problem = PQresultErrorMessage(result);
        PQclear(result);
    }
    if (!problem.isEmpty())
        return failed(problem);
    return contract::Done{};
}

} // namespace billing::store
