// SPDX-License-Identifier: Apache-2.0
#include "console/reports/csvreportwriter.h"
#include "console/reports/pdfreportwriter.h"
#include "console/reports/reporttable.h"
#include "console/reports/xlsxreportwriter.h"
#include "foundation/contract/csv.h"
#include "foundation/sql/reportqueries.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>

#include <gtest/gtest.h>

#include <limits>

using namespace billing;
using namespace billing::reports;

namespace {

// Subscriptions rows as the platform sends them, with the cells that matter to the writers.
QStringList platformRow(int i, const QString &name, const QString &method = "credit_card")
{
    QStringList row;
    for (const auto &column : contract::ReportQuery::columns(contract::ReportKind::Subscriptions))
        row << QString();
    const auto set = [&](const char *key, const QString &value) {
        int at = 0;
        for (const auto &column : contract::ReportQuery::columns(contract::ReportKind::Subscriptions)) {
            if (column.key == QLatin1String(key))
                row[at] = value;
            ++at;
        }
    };
    set("workspace_id", QStringLiteral("ws-%1").arg(i, 7, 10, QLatin1Char('0')));
    set("workspace_name", name);
    set("account_id", "acct-1");
    set("site", "us-east-1");
    set("plan", "commercial");
    set("billing_method", method);
    set("card", "visa 4242");
    set("credits", "-12.50");
    set("credits_currency", "EUR");
    set("status", "active");
    set("created_at", "2026-11-23T14:03:12Z");
    set("updated_at", "2026-11-23T14:03:12Z");
    return row;
}

struct Written {
    QString path;
    QTemporaryDir dir;
};

// A metered hour as the platform sends it.
QStringList meteredRow(int hour, const QString &cloudAccount, const QString &provider, qint64 quantity,
                       const QString &state)
{
    return {QStringLiteral("2026-11-23T%1:00:00Z").arg(hour, 2, 10, QLatin1Char('0')),
            cloudAccount,
            provider,
            QStringLiteral("Contoso"),
            QStringLiteral("X01CUSTOMER"),
            QStringLiteral("deployment_hours"),
            QString::number(quantity),
            QStringLiteral("2"),
            state,
            state == QLatin1String("accepted") ? QStringLiteral("rec-%1").arg(hour) : QString(),
            QStringLiteral("1"),
            state == QLatin1String("failed") ? QStringLiteral("HTTP 500") : QString(),
            QStringLiteral("2026-11-23T%1:05:00Z").arg(hour, 2, 10, QLatin1Char('0'))};
}

// A row as a source hands it on.
contract::ReportCells cellsOf(const QStringList &row)
{
    contract::ReportCells cells;
    for (const QString &cell : row)
        cells.add(cell);
    return cells;
}

void writeReport(ReportWriter &writer, const QString &path, const QList<QStringList> &rows,
                 contract::ReportKind kind = contract::ReportKind::Subscriptions)
{
    ReportTable table(kind);
    ReportSummary summary(table);
    ReportHeading heading{table.title(), QStringLiteral("Site: us-east-1"), 1'795'000'000'000,
                          QStringLiteral("fiona.finance"), QStringLiteral("http://127.0.0.1:1")};
    ASSERT_TRUE(writer.open(path, table, heading));
    for (const QStringList &row : rows) {
        const contract::ReportCells cells = cellsOf(row);
        const contract::ReportCells &presented = table.present(cells);
        ASSERT_TRUE(writer.write(presented));
        summary.tally(presented);
    }
    ASSERT_TRUE(writer.finish(summary));
}

QList<QStringList> readCsv(const QString &path)
{
    QFile file(path);
    EXPECT_TRUE(file.open(QIODevice::ReadOnly));
    QList<QStringList> records;
    contract::csv::Reader reader([&](const contract::ReportCells &record) {
        records << record.texts();
        return true;
    });
    // Fed in small pieces: a record split anywhere reads the same.
    const QByteArray bytes = file.readAll();
    for (qsizetype at = 0; at < bytes.size(); at += 7)
        EXPECT_TRUE(reader.feed(bytes.mid(at, 7)));
    EXPECT_TRUE(reader.finish());
    return records;
}

QString run(const QString &program, const QStringList &arguments)
{
    QProcess process;
    process.start(program, arguments);
    EXPECT_TRUE(process.waitForFinished(60000)) << program.toStdString();
    EXPECT_EQ(process.exitCode(), 0) << program.toStdString() << ": "
                                     << process.readAllStandardError().toStdString();
    return QString::fromUtf8(process.readAllStandardOutput());
}

} // namespace

TEST(CsvReader, ReadsQuotedCellsLineEndsAndRecordsSplitAnywhere)
{
    const QByteArray csv = "a,\"b,1\",\"say \"\"hi\"\"\"\r\n\"two\nlines\",,x\rab\"c,\"\"d,e\r\n"
                           "last,\xe6\x88\x90\xe9\x83\xbd";
    for (qsizetype piece = 1; piece <= csv.size(); ++piece) {
        QList<QStringList> records;
        contract::csv::Reader reader([&](const contract::ReportCells &r) {
            records << r.texts();
            return true;
        });
        for (qsizetype at = 0; at < csv.size(); at += piece)
            reader.feed(csv.mid(at, piece));
        ASSERT_TRUE(reader.finish());
        ASSERT_EQ(records.size(), 4) << "piece " << piece;
        EXPECT_EQ(records[0], (QStringList{"a", "b,1", "say \"hi\""}));
        EXPECT_EQ(records[1], (QStringList{"two\nlines", "", "x"}));
        // A stray quote inside an unquoted cell is text; text after an empty quoted cell is the cell.
        EXPECT_EQ(records[2], (QStringList{"ab\"c", "d", "e"}));
        EXPECT_EQ(records[3], (QStringList{"last", QStringLiteral("成都")}));
    }
    contract::csv::Reader cut([](const contract::ReportCells &) { return true; });
    cut.feed("a,\"unfinished");
    EXPECT_FALSE(cut.finish()) << "input that ends inside a quoted cell was cut off";
}

TEST(CsvReportWriter, NeutralisesFormulaCellsKeepsNumbersAndReadsBackExactly)
{
    QTemporaryDir dir;
    const QString path = dir.filePath("r.csv");
    CsvReportWriter writer({true});
    const QStringList hostile{
        "=HYPERLINK(\"http://x\",\"y\")", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx", "plain, \"quoted\""};
    QList<QStringList> rows;
    for (int i = 0; i < hostile.size(); ++i)
        rows << platformRow(i, hostile.at(i));
    rows << platformRow(99, QStringLiteral("成都蓝海信息 Staging"));
    writeReport(writer, path, rows);

    QFile raw(path);
    ASSERT_TRUE(raw.open(QIODevice::ReadOnly));
    EXPECT_TRUE(raw.read(3) == "\xEF\xBB\xBF") << "the byte order mark Excel needs";
    const QList<QStringList> records = readCsv(path);
    ASSERT_EQ(records.size(), rows.size() + 1);
    const ReportTable table(contract::ReportKind::Subscriptions);
    QStringList keys;
    for (const auto &c : table.columns())
        keys << c.key;
    EXPECT_EQ(records[0].mid(0).join(',').remove(QChar(0xFEFF)), keys.join(','));
    const int name = int(keys.indexOf("workspace_name"));
    const int credits = int(keys.indexOf("credits"));
    for (int i = 0; i < hostile.size() - 1; ++i)
        EXPECT_EQ(records[i + 1][name], "'" + hostile.at(i))
            << "a cell a spreadsheet would run is neutralised";
    EXPECT_EQ(records[hostile.size()][name], "plain, \"quoted\"");
    EXPECT_EQ(records.last()[name], QStringLiteral("成都蓝海信息 Staging"));
    EXPECT_EQ(records[1][credits], "-12.50") << "a negative amount in a money column stays a number";
    EXPECT_EQ(records[1][keys.indexOf("payment_method")], "Credit card (visa 4242)");
}

// The label's words are kept for the next rows (an export presents a million): each row still gets the
// label of its own method, marketplace, sync state and card, whatever rows came before it.
TEST(ReportTable, EveryPresentedRowCarriesItsOwnPaymentMethodLabel)
{
    ReportTable table(contract::ReportKind::Subscriptions);
    const auto keys = contract::ReportQuery::columns(contract::ReportKind::Subscriptions);
    const auto at = [&](const char *key) {
        for (qsizetype i = 0; i < keys.size(); ++i) {
            if (keys.at(i).key == QLatin1String(key))
                return i;
        }
        return qsizetype(-1);
    };
    int label = -1;
    for (qsizetype i = 0; i < table.columns().size(); ++i) {
        if (table.columns().at(i).key == QLatin1String("payment_method"))
            label = int(i);
    }
    ASSERT_GE(label, 0);
    struct Case {
        QString method, provider, sync, card, expected;
    };
    const QList<Case> cases{
        {"credit_card", "", "", "visa 4242", "Credit card (visa 4242)"},
        {"cloud_account", "aws", "synced", "", "AWS Marketplace Subscription"},
        {"cloud_account", "azure", "synced", "", "Azure Marketplace Subscription"},
        {"cloud_account", "aws", "failed", "", "AWS Marketplace Subscription (sync failed)"},
        {"credit_card", "", "", "amex 0005", "Credit card (amex 0005)"},
        {"prepaid_credits", "", "", "", "Prepaid credits"},
        {"cloud_account", "aws", "synced", "", "AWS Marketplace Subscription"},
        {"credit_card", "", "", "", "Credit card"},
    };
    for (int round = 0; round < 2; ++round) { // the second time from what was kept
        for (const Case &c : cases) {
            QStringList row = platformRow(1, "Ops", c.method);
            row[at("provider")] = c.provider;
            row[at("sync_state")] = c.sync;
            row[at("card")] = c.card;
            const contract::ReportCells cells = cellsOf(row);
            const QStringList presented = table.present(cells).texts();
            ASSERT_EQ(presented.size(), row.size() + 1);
            EXPECT_EQ(presented.at(label).toStdString(), c.expected.toStdString()) << round;
            EXPECT_EQ(presented.mid(0, label) + presented.mid(label + 1), row) << "the row itself unchanged";
        }
    }
}

TEST(XlsxReportWriter, WritesTypedCellsFrozenHeaderAutofilterSummaryAndContinuesOnNewSheets)
{
    QTemporaryDir dir;
    const QString path = dir.filePath("r.xlsx");
    XlsxReportWriter writer(4); // a header and three rows a sheet
    QList<QStringList> rows;
    for (int i = 0; i < 7; ++i)
        rows << platformRow(i, i == 0 ? QStringLiteral("=1+1") : QStringLiteral("北京 %1").arg(i),
                            i % 2 ? "prepaid_credits" : "credit_card");
    writeReport(writer, path, rows);

    const QString workbook = run("unzip", {"-p", path, "xl/workbook.xml"});
    EXPECT_TRUE(workbook.contains("name=\"Summary\"")) << workbook.toStdString();
    EXPECT_TRUE(workbook.contains("name=\"Subscriptions\""));
    EXPECT_TRUE(workbook.contains("name=\"Subscriptions (3)\"")) << "7 rows at 3 a sheet make three sheets";
    const QString first = run("unzip", {"-p", path, "xl/worksheets/sheet2.xml"});
    EXPECT_TRUE(first.contains("ySplit=\"1\"")) << "the header row is frozen";
    EXPECT_TRUE(first.contains("<autoFilter ref=\"A1:")) << first.left(2000).toStdString();
    EXPECT_FALSE(first.contains("<f>")) << "no cell is ever a formula";
    EXPECT_TRUE(first.contains("<t>=1+1</t>")) << "formula-like text is written as a string";
    EXPECT_TRUE(first.contains(QStringLiteral("北京 1")));
    // Dates and money are numbers with a format; text is an inline string.
    EXPECT_TRUE(first.contains(QRegularExpression("<c r=\"[A-Z]+2\" s=\"\\d+\"><v>46349\\.58")))
        << "2026-11-23T14:03:12Z as an Excel date";
    EXPECT_TRUE(first.contains(QRegularExpression("<c r=\"[A-Z]+2\" s=\"\\d+\"><v>-12\\.5</v>")))
        << "money as a number";
    EXPECT_TRUE(first.contains("t=\"inlineStr\""));
    const QString styles = run("unzip", {"-p", path, "xl/styles.xml"});
    EXPECT_TRUE(styles.contains("&quot;EUR&quot;")) << "money in its currency's format";
    EXPECT_TRUE(styles.contains("yyyy-mm-dd hh:mm:ss"));
    const QString third = run("unzip", {"-p", path, "xl/worksheets/sheet4.xml"});
    EXPECT_TRUE(third.contains("ws-0000006")) << "the last row on the third sheet";
    EXPECT_TRUE(third.contains("<t>Workspace</t>")) << "each sheet repeats the header";
    const QString summary = run("unzip", {"-p", path, "xl/worksheets/sheet1.xml"});
    EXPECT_TRUE(summary.contains("fiona.finance"));
    EXPECT_TRUE(summary.contains("Prepaid credits"));
    EXPECT_TRUE(summary.contains("<v>7</v>")) << "the row count";
}

TEST(XlsxReportWriter, ANumberCellThatIsNotANumberIsWrittenAsMarkedTextNeverAsZero)
{
    QTemporaryDir dir;
    const QString path = dir.filePath("r.xlsx");
    const int credits = [] {
        int at = 0;
        for (const auto &column : contract::ReportQuery::columns(contract::ReportKind::Subscriptions)) {
            if (column.key == QLatin1String("credits"))
                return at;
            ++at;
        }
        return -1;
    }();
    ASSERT_GE(credits, 0);
    QList<QStringList> rows;
    for (int i = 0; i < 4; ++i)
        rows << platformRow(i, QStringLiteral("n%1").arg(i));
    rows[1][credits] = "12,50 EUR";
    rows[2][credits] = "inf";
    {
        XlsxReportWriter writer;
        writeReport(writer, path, rows);
        EXPECT_TRUE(QFileInfo(path + ".tmp").isDir()) << "its temporary files beside the workbook";
    }
    const QString sheet = run("unzip", {"-p", path, "xl/worksheets/sheet2.xml"});
    EXPECT_TRUE(sheet.contains("<t>12,50 EUR</t>")) << "the text as it came";
    EXPECT_TRUE(sheet.contains("<t>inf</t>"));
    EXPECT_EQ(sheet.count("<v>-12.5</v>"), 2) << "the rows that held numbers keep them";
    EXPECT_FALSE(sheet.contains(QRegularExpression("<v>(0|inf)</v>"))) << "never a number nobody sent";
    const QString summary = run("unzip", {"-p", path, "xl/worksheets/sheet1.xml"});
    EXPECT_TRUE(summary.contains("number column that held text: 2")) << summary.toStdString();
    EXPECT_TRUE(summary.contains("row 3, column \"Prepaid credits\"")) << summary.toStdString();
    // libxlsxwriter's temporary files are gone with the writer.
    EXPECT_EQ(QDir(dir.path()).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot),
              QStringList{"r.xlsx"});
}

TEST(PdfReportWriter, PrintsHeadingSummaryAndEveryRowWithPageNumbers)
{
    QTemporaryDir dir;
    const QString path = dir.filePath("r.pdf");
    PdfReportWriter writer;
    QList<QStringList> rows;
    for (int i = 0; i < 130; ++i)
        rows << platformRow(i, i == 5 ? QStringLiteral("成都蓝海信息 Staging")
                                      : QStringLiteral("Workspace %1").arg(i));
    writeReport(writer, path, rows);

    const QString info = run("pdfinfo", {path});
    const QRegularExpression pagesLine("Pages:\\s+(\\d+)");
    const int pages = pagesLine.match(info).captured(1).toInt();
    EXPECT_GE(pages, 3) << "a summary page, then 130 rows on more than one page";
    const QString text = run("pdftotext", {"-layout", path, "-"});
    EXPECT_TRUE(text.contains("Subscriptions"));
    EXPECT_TRUE(text.contains("Site: us-east-1")) << "the filters used";
    EXPECT_TRUE(text.contains("fiona.finance")) << "generated by";
    EXPECT_TRUE(text.contains("Rows: 130"));
    EXPECT_TRUE(text.contains("Credit card"));
    EXPECT_TRUE(text.contains(QStringLiteral("Page %1 of %1").arg(pages)));
    EXPECT_TRUE(text.contains("ws-0000129")) << "the last row";
    EXPECT_TRUE(text.contains(QStringLiteral("成都蓝海信息"))) << "Chinese names print and extract";
    EXPECT_EQ(text.count("Workspace name"), pages - 1) << "the header repeats on every detail page";
}

TEST(ReportSummary, MeteredUsageAddsUpQuantitiesByStateDimensionAndMarketplaceInEveryFormat)
{
    ReportTable table(contract::ReportKind::MeteredUsage);
    EXPECT_EQ(table.measureTitle(), "Quantity");
    const QList<QStringList> rows{
        meteredRow(1, "ca-1", "aws", 5, "accepted"), meteredRow(2, "ca-1", "aws", 7, "accepted"),
        meteredRow(3, "ca-2", "azure", 11, "failed"), meteredRow(4, "ca-2", "azure", 13, "expired")};
    ReportSummary summary(table);
    for (const QStringList &row : rows)
        summary.tally(table.present(cellsOf(row)));
    EXPECT_EQ(summary.rows, 4);
    EXPECT_EQ(summary.measured, 36);
    ASSERT_EQ(table.summaryColumns().size(), 3);
    EXPECT_EQ(summary.counts.at(0),
              (QMap<QString, qint64>{{"accepted", 12}, {"failed", 11}, {"expired", 13}}));
    EXPECT_EQ(summary.counts.at(1), (QMap<QString, qint64>{{"deployment_hours", 36}}));
    EXPECT_EQ(summary.counts.at(2), (QMap<QString, qint64>{{"aws", 12}, {"azure", 24}}));

    QTemporaryDir dir;
    PdfReportWriter pdf;
    writeReport(pdf, dir.filePath("m.pdf"), rows, contract::ReportKind::MeteredUsage);
    const QString text = run("pdftotext", {"-layout", dir.filePath("m.pdf"), "-"});
    EXPECT_TRUE(text.contains("Metered usage"));
    EXPECT_TRUE(text.contains("Rows: 4"));
    EXPECT_TRUE(text.contains("Quantity in all: 36")) << text.toStdString();
    EXPECT_TRUE(text.contains("Expired (lost)")) << "states in words";
    EXPECT_TRUE(text.contains("rec-2"));

    XlsxReportWriter xlsx;
    writeReport(xlsx, dir.filePath("m.xlsx"), rows, contract::ReportKind::MeteredUsage);
    const QString sheet = run("unzip", {"-p", dir.filePath("m.xlsx"), "xl/worksheets/sheet2.xml"});
    EXPECT_TRUE(sheet.contains(QRegularExpression("<c r=\"G2\"[^>]*><v>5</v>"))) << "the quantity a number";
    const QString front = run("unzip", {"-p", dir.filePath("m.xlsx"), "xl/worksheets/sheet1.xml"});
    EXPECT_TRUE(front.contains("<t>Quantity in all</t>")) << front.toStdString();
    EXPECT_TRUE(front.contains("<v>36</v>"));
    EXPECT_TRUE(front.contains("<v>24</v>")) << "Azure's quantity";

    CsvReportWriter csv({});
    writeReport(csv, dir.filePath("m.csv"), rows, contract::ReportKind::MeteredUsage);
    const auto read = readCsv(dir.filePath("m.csv"));
    ASSERT_EQ(read.size(), 5);
    EXPECT_EQ(read.at(3).value(8), "failed") << "files keep the codes";
}

TEST(ReportQueries, TimesAreQtsIsoFormToTheSecond)
{
    // Report cells were written by QDateTime; the faster formatter must write the same text.
    quint64 state = 99;
    QList<qint64> instants{
        1, 999, 1000, 951'782'400'000, 4'107'542'399'999, 253'402'300'799'999, 253'402'300'800'000};
    for (int i = 0; i < 20000; ++i) {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        instants << 1 + qint64(state >> 1) % 253'402'300'799'999LL;
    }
    for (const qint64 at : instants)
        ASSERT_EQ(sql::ReportQueries::dateTime(at),
                  QDateTime::fromMSecsSinceEpoch(at, Qt::UTC).toString(Qt::ISODate))
            << at;
    EXPECT_EQ(sql::ReportQueries::dateTime(0), QString());
    EXPECT_EQ(sql::ReportQueries::dateTime(-5), QString());
}

TEST(ReportCells, AmountsAreMajorUnitsWithTwoDecimals)
{
    const auto amount = [](qint64 minor) {
        QByteArray text;
        sql::ReportQueries::appendAmount(text, minor);
        return text;
    };
    EXPECT_EQ(amount(0), "0.00");
    EXPECT_EQ(amount(5), "0.05");
    EXPECT_EQ(amount(-5), "-0.05");
    EXPECT_EQ(amount(100), "1.00");
    EXPECT_EQ(amount(123456), "1234.56");
    EXPECT_EQ(amount(-123456), "-1234.56");
    EXPECT_EQ(amount(std::numeric_limits<qint64>::max()), "92233720368547758.07");
    EXPECT_EQ(amount(std::numeric_limits<qint64>::min()), "-92233720368547758.08");
}
