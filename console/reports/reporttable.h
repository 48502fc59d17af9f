// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "foundation/contract/report.h"
#include "foundation/contract/result.h"

#include <QCoreApplication>
#include <QHash>
#include <QMap>
#include <QStringList>

namespace billing::reports {

enum class ReportFormat { Csv, Xlsx, Pdf };
QString formatName(ReportFormat format); // "csv", "xlsx", "pdf": the file suffix too
std::optional<ReportFormat> formatNamed(const QString &name);

// A report as it is exported: the platform's columns with their titles, plus the payment-method label
// the console shows everywhere; which columns the printed report has room for; what the summary counts.
class ReportTable
{
    Q_DECLARE_TR_FUNCTIONS(ReportTable)
public:
    struct Column {
        QString key;
        contract::ReportColumn::Type type = contract::ReportColumn::Type::Text;
        QString title;
        bool printed = false; // shown in the PDF's detail table (a page is only so wide)
        bool coded = false;   // holds a code of the billing vocabulary: words in print, the code in files
    };

    explicit ReportTable(contract::ReportKind kind);

    contract::ReportKind kind() const { return m_kind; }
    QString title() const; // "Subscriptions"
    static QString title(contract::ReportKind kind);
    const QList<Column> &columns() const { return m_columns; }
    // The column holding a Money column's currency, or -1.
    int currencyOf(int moneyColumn) const;

    // The platform's header row must name exactly the columns this console knows.
    contract::Result<contract::Done> checkHeader(const QStringList &header) const;
    // A platform row as it is exported (the label column added); valid while the row it was made from
    // is and until the next call. The label's words are kept for the next rows: an export presents a
    // million.
    const contract::ReportCells &present(const contract::ReportCells &row);
    // A cell as a reader of the printed report reads it: "Credit card" for credit_card.
    QString words(int column, const QString &cell) const;
    // A summary entry in words; an empty cell says what its absence means ("No cloud account").
    QString summaryWords(int column, const QString &cell) const;
    // The columns the summary counts rows by (billing method, provider, …).
    const QList<int> &summaryColumns() const { return m_summaryColumns; }
    // The column the summary adds up instead of counting rows (a quantity), or -1; and what the
    // summary's figures are ("Rows", "Quantity").
    int measureColumn() const { return m_measureColumn; }
    QString measureTitle() const;
    // A status filter's value in words: a workspace's, a cloud account's or a metered hour's.
    static QString statusWords(contract::ReportKind kind, const QString &status);

    // "Site: us-east-1 · Period: 2026-11-01 to 2026-12-01"; "No filters" when there are none.
    static QString describeFilters(const contract::ReportQuery &query);

private:
    int indexOf(const QString &key) const;

    contract::ReportKind m_kind;
    QList<Column> m_columns;
    int m_labelAt = -1; // where the payment-method label goes in a presented row
    // Where the label's sources are in the platform's row (-1: not in this report).
    struct LabelSources {
        int billingMethod = -1, provider = -1, syncState = -1, card = -1;
    } m_labelFrom;
    QList<int> m_summaryColumns;
    int m_measureColumn = -1;
    contract::ReportCells m_presented;
    // The label as UTF-8, kept for the next rows; a handful each, so a short list is searched.
    struct MethodLabel {
        QByteArray method, words;
        QByteArray beforeCard, afterCard; // a card's label: these around the card
        bool showsCard = true;
    };
    QList<MethodLabel> m_methodLabels;
    struct CloudLabel {
        QByteArray provider, syncState, label;
    };
    QList<CloudLabel> m_cloudLabels;
};

// What the summary sheet, table and chart show: rows counted by the table's summary columns.
struct ReportSummary {
    qint64 rows = 0;
    qint64 measured = 0; // the measure column's total (rows when the report has no measure)
    // One per ReportTable::summaryColumns(), by cell value: rows, or the measure's sum.
    QList<QMap<QString, qint64>> counts;

    explicit ReportSummary(const ReportTable &table);
    void tally(const contract::ReportCells &presentedRow);

private:
    QList<int> m_columns;
    int m_measure = -1;
    // Per summary column, the values seen so far as bytes and as the keys of `counts`: a summary
    // column holds a handful of values, so a row's are found without a string made for each.
    QList<QList<std::pair<QByteArray, QString>>> m_keys;
};

// Who made a report, when, from what: the first lines of every format but CSV.
struct ReportHeading {
    QString title;
    QString filters;
    qint64 generatedAt = 0;
    QString generatedBy;
    QString source; // the platform's address
};

} // namespace billing::reports
