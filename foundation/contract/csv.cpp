// SPDX-License-Identifier: Apache-2.0
#include "foundation/contract/csv.h"

#include <cstring>

namespace billing::contract::csv {

QString neutralised(const QString &cell, bool numericColumn)
{
    if (numericColumn) {
        bool number = false;
        (void)cell.toDouble(
            &number); // only whether it reads as a number: then "-5" is a value, not a formula
        if (number)
            return cell;
    }
    qsizetype first = 0;
    while (first < cell.size() && cell.at(first) == QLatin1Char(' '))
        ++first;
    if (first == cell.size())
        return cell;
    static const QString runs = QStringLiteral("=+-@\t\r") + QChar(0) + QStringLiteral("＝＋－＠");
    const QChar lead = cell.at(first);
    const bool apostrophe = first == 0 && lead == QLatin1Char('\'');
    return runs.contains(lead) || apostrophe ? QLatin1Char('\'') + cell : cell;
}

QString restored(const QString &cell)
{
    return cell.startsWith(QLatin1Char('\'')) ? cell.mid(1) : cell;
}

void appendRecord(QByteArray &out, const QStringList &cells)
{
    for (qsizetype i = 0; i < cells.size(); ++i) {
        if (i > 0)
            out += ',';
        const QByteArray cell = cells.at(i).toUtf8();
        if (cell.contains(',') || cell.contains('"') || cell.contains('\n') || cell.contains('\r')) {
            out += '"';
            for (char c : cell) {
                if (c == '"')
                    out += '"';
                out += c;
            }
            out += '"';
        } else {
            out += cell;
        }
    }
    out += "\r\n";
}

Reader::Reader(RecordHandler onRecord)
    : m_onRecord(std::move(onRecord))
{
}

bool Reader::endRecord()
{
    m_record.append(QString::fromUtf8(m_cell));
    m_cell.clear();
    if (!m_onRecord(m_record))
        m_stopped = true;
    m_record.clear();
    return !m_stopped;
}

bool Reader::feed(const QByteArray &bytes)
{
    const char *p = bytes.constData();
    const char *const end = p + bytes.size();
    while (p < end) {
        if (m_stopped)
            return false;
        if (m_afterCr) {
            m_afterCr = false;
            if (*p == '\n') {
                ++p;
                continue;
            }
        }
        if (m_quoted) {
            if (!m_quoteSeen) {
                const char *quote = static_cast<const char *>(memchr(p, '"', size_t(end - p)));
                if (!quote) {
                    m_cell.append(p, end - p);
                    break;
                }
                m_cell.append(p, quote - p);
                m_quoteSeen = true;
                p = quote + 1;
                continue;
            }
            m_quoteSeen = false;
            if (*p == '"') { // two quotes: one quote in the cell
                m_cell += '"';
                ++p;
                continue;
            }
            m_quoted = false; // that was the closing quote; *p is read as outside it
        }
        // Plain text runs up to the next special character and is copied at once.
        const char *run = p;
        while (run < end && *run != ',' && *run != '\r' && *run != '\n' && *run != '"')
            ++run;
        if (run > p) {
            m_cell.append(p, run - p);
            p = run;
            continue;
        }
        switch (*p++) {
        case '"':
            if (m_cell.isEmpty())
                m_quoted = true;
            else
                m_cell += '"'; // a stray quote inside an unquoted cell is kept as text
            break;
        case ',':
            m_record.append(QString::fromUtf8(m_cell));
            m_cell.clear();
            break;
        case '\r':
            m_afterCr = true;
            endRecord();
            break;
        default: // '\n'
            endRecord();
        }
    }
    return !m_stopped;
}

bool Reader::finish()
{
    if (m_quoted && !m_quoteSeen)
        return false;
    m_quoted = false;
    m_quoteSeen = false;
    if (!m_cell.isEmpty() || !m_record.isEmpty())
        endRecord();
    return true;
}

} // namespace billing::contract::csv
