// SPDX-License-Identifier: Apache-2.0
#include "foundation/contract/csv.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <type_traits>

namespace billing::contract::csv {

namespace {

// A character that makes RFC 4180 quote its cell.
constexpr bool quoted(char c)
{
    return c == ',' || c == '"' || c == '\n' || c == '\r';
}

// The same characters by byte: they end a run of plain text in a record being read.
constexpr auto Special = [] {
    std::array<bool, 256> special{};
    for (int byte = 0; byte < 256; ++byte)
        special[size_t(byte)] = quoted(char(byte));
    return special;
}();

// Whether a cell holds any such character; every cell of a report is asked, so the test is inlined.
bool needsQuotes(QByteArrayView cell)
{
    return std::any_of(cell.begin(), cell.end(), [](char c) { return quoted(c); });
}

void appendCell(QByteArray &out, QByteArrayView cell)
{
    if (!needsQuotes(cell)) {
        out.append(cell);
        return;
    }
    out += '"';
    for (char c : cell) {
        if (c == '"')
            out += '"';
        out += c;
    }
    out += '"';
}

// Whether neutralised() may change the cell: it begins, after any spaces, with a character that rule
// names (in UTF-8 bytes, 0xEF leads the full-width forms), or with an apostrophe.
template<typename View>
bool mayBeNeutralised(View cell)
{
    constexpr bool utf16 = std::is_same_v<View, QStringView>;
    const auto unit = [&](qsizetype i) -> uint {
        if constexpr (utf16)
            return cell[i].unicode();
        else
            return uchar(cell[i]);
    };
    qsizetype first = 0;
    while (first < cell.size() && unit(first) == ' ')
        ++first;
    if (first == cell.size())
        return false;
    const uint lead = unit(first);
    if (utf16 ? lead >= 0xFF0B && lead <= 0xFF20 : lead == 0xEF) // ＋ … ＠
        return true;
    switch (lead) {
    case '=':
    case '+':
    case '-':
    case '@':
    case '\t':
    case '\r':
    case '\0':
        return true;
    case '\'':
        return first == 0;
    default:
        return false;
    }
}

void appendNeutralisedCell(QByteArray &out, QByteArrayView cell, bool numericColumn)
{
    if (mayBeNeutralised(cell))
        appendCell(out, neutralised(QString::fromUtf8(cell), numericColumn).toUtf8());
    else
        appendCell(out, cell);
}

void appendNeutralisedCell(QByteArray &out, QStringView cell, bool numericColumn)
{
    if (mayBeNeutralised(cell)) {
        appendCell(out, neutralised(cell.toString(), numericColumn).toUtf8());
        return;
    }
    // Most cells are ASCII with nothing to quote: written as bytes, without a QByteArray of their own.
    const bool plain = std::all_of(cell.begin(), cell.end(),
                                   [](QChar c) { return c.unicode() < 0x80 && !quoted(char(c.unicode())); });
    if (!plain) {
        appendCell(out, cell.toUtf8());
        return;
    }
    const qsizetype at = out.size();
    out.resize(at + cell.size());
    std::transform(cell.begin(), cell.end(), out.data() + at, [](QChar c) { return char(c.unicode()); });
}

} // namespace

QString neutralised(const QString &cell, bool numericColumn)
{
    qsizetype first = 0;
    while (first < cell.size() && cell.at(first) == QLatin1Char(' '))
        ++first;
    if (first == cell.size())
        return cell;
    static const QString runs = QStringLiteral("=+-@\t\r") + QChar(0) + QStringLiteral("＝＋－＠");
    const QChar lead = cell.at(first);
    const bool apostrophe = first == 0 && lead == QLatin1Char('\'');
    if (!runs.contains(lead) && !apostrophe)
        return cell;
    if (numericColumn) {
        // Only whether it reads as a number: then "-5" is a value, not a formula.
        bool number = false;
        (void)cell.toDouble(&number);
        if (number)
            return cell;
    }
    return QLatin1Char('\'') + cell;
}

QString restored(const QString &cell)
{
    return cell.startsWith(QLatin1Char('\'')) ? cell.mid(1) : cell;
}

QByteArrayView restored(QByteArrayView cell)
{
    return cell.startsWith('\'') ? cell.sliced(1) : cell;
}

void appendRecord(QByteArray &out, const QStringList &cells)
{
    for (qsizetype i = 0; i < cells.size(); ++i) {
        if (i > 0)
            out += ',';
        appendCell(out, cells.at(i).toUtf8());
    }
    out += "\r\n";
}

void appendRecord(QByteArray &out, const ReportCells &cells, const QList<bool> &numeric)
{
    // Nearly every row has no cell to quote or neutralise: it is copied cell by cell into room made
    // once, since a QByteArray append per cell and per comma costs more than the copy.
    qsizetype length = 2 + (cells.size() > 0 ? cells.size() - 1 : 0);
    bool plain = true;
    for (qsizetype i = 0; i < cells.size() && plain; ++i) {
        const QByteArrayView cell = cells.at(i);
        length += cell.size();
        plain = !mayBeNeutralised(cell) && !needsQuotes(cell);
    }
    if (plain) {
        const qsizetype at = out.size();
        out.resize(at + length);
        char *to = out.data() + at;
        for (qsizetype i = 0; i < cells.size(); ++i) {
            if (i > 0)
                *to++ = ',';
            const QByteArrayView cell = cells.at(i);
            to = std::copy(cell.begin(), cell.end(), to);
        }
        *to++ = '\r';
        *to = '\n';
        return;
    }
    for (qsizetype i = 0; i < cells.size(); ++i) {
        if (i > 0)
            out += ',';
        appendNeutralisedCell(out, cells.at(i), numeric.value(i));
    }
    out += "\r\n";
}

void appendRecord(QByteArray &out, const QStringList &cells, const QList<bool> &numeric)
{
    for (qsizetype i = 0; i < cells.size(); ++i) {
        if (i > 0)
            out += ',';
        appendNeutralisedCell(out, QStringView(cells.at(i)), numeric.value(i));
    }
    out += "\r\n";
}

Reader::Reader(RecordHandler onRecord)
    : m_onRecord(std::move(onRecord))
{
}

bool Reader::endRecord()
{
    m_record.add(QByteArrayView(m_cell));
    m_cell.resize(0); // keeps the buffer for the next cell
    return handRecord();
}

bool Reader::handRecord()
{
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
        while (run < end && !Special[uchar(*run)])
            ++run;
        if (run > p) {
            if (m_cell.isEmpty() && run < end && *run != '"') {
                // A whole unquoted cell in these bytes (nearly every cell): read in place.
                m_record.addInPlace(QByteArrayView(p, run - p));
                const char separator = *run;
                p = run + 1;
                if (separator != ',') {
                    m_afterCr = separator == '\r';
                    handRecord();
                }
                continue;
            }
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
            m_record.add(QByteArrayView(m_cell));
            m_cell.resize(0);
            break;
        case '\r':
            m_afterCr = true;
            endRecord();
            break;
        default: // '\n'
            endRecord();
        }
    }
    // A record that goes on in the next bytes keeps copies of its cells read in place here.
    m_record.copyInPlaceCells();
    return !m_stopped;
}

bool Reader::finish()
{
    if (m_quoted && !m_quoteSeen)
        return false;
    m_quoted = false;
    m_quoteSeen = false;
    if (!m_cell.isEmpty() || m_record.size() > 0)
        endRecord();
    return true;
}

} // namespace billing::contract::csv
