// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "foundation/contract/report.h"

#include <QByteArray>
#include <QStringList>

#include <functional>

namespace billing::contract::csv {

// One CSV record with its CRLF; a cell holding a comma, quote, CR or LF is quoted (RFC 4180). Reports
// travel from platform to console this way.
void appendRecord(QByteArray &out, const QStringList &cells);
// A report row as one record, each cell neutralised() first (numeric: whether its column is Integer or
// Money). The platform's CSV goes this way: bytes in, bytes out, a QString only for the rare cell
// that neutralised() may change.
void appendRecord(QByteArray &out, const ReportCells &cells, const QList<bool> &numeric);
void appendRecord(QByteArray &out, const QStringList &cells, const QList<bool> &numeric);

// A report cell as a file carries it: text a spreadsheet would run as a formula is made inert with a
// leading apostrophe, which spreadsheets hide. It begins, after any spaces, with = + - @ or their
// full-width forms ＝ ＋ － ＠, or with a tab, CR or NUL; a cell that begins with an apostrophe gets one
// more, so that restored() gives back exactly what was written. A number in a numeric column (Integer,
// Money) stays as it is. The platform's CSV and the console's files neutralise through this one rule.
QString neutralised(const QString &cell, bool numericColumn);
// The text a neutralised() cell was made from (as UTF-8: a view of the cell).
QString restored(const QString &cell);
QByteArrayView restored(QByteArrayView cell);

// An RFC 4180 reader fed bytes as they arrive: a record may be split anywhere, even inside a quoted
// cell or between CR and LF. Records end with CRLF, LF or CR; cells are UTF-8, handed on as the bytes
// read where a whole unquoted cell is in them (ReportCells: valid during the handler's call).
class Reader
{
public:
    using RecordHandler = ReportRowSink; // false stops reading

    explicit Reader(RecordHandler onRecord);

    // Answers false once the handler said stop.
    bool feed(const QByteArray &bytes);
    // The input ended: a last record without a line end is handed on. Answers false when the input
    // ended inside a quoted cell (it was cut off).
    bool finish();

private:
    bool endRecord();  // the cell being read ends the record, which is handed on
    bool handRecord(); // the record, whose last cell was read in place, is handed on

    RecordHandler m_onRecord;
    ReportCells m_record;
    QByteArray m_cell;
    bool m_quoted = false;    // inside a quoted cell
    bool m_quoteSeen = false; // a quote inside a quoted cell: the end, or the first of two
    bool m_afterCr = false;   // a CR ended the last record; an LF right after belongs to it
    bool m_stopped = false;
};

} // namespace billing::contract::csv
