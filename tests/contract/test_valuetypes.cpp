// SPDX-License-Identifier: Apache-2.0
#include "foundation/contract/account.h"
#include "foundation/contract/auditevent.h"
#include "foundation/contract/cloudaccount.h"
#include "foundation/contract/csv.h"
#include "foundation/contract/jsonfields.h"
#include "foundation/contract/page.h"
#include "foundation/contract/problem.h"
#include "foundation/contract/workspace.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <gtest/gtest.h>

#include <list>
#include <random>

using namespace billing::contract;

namespace {
constexpr qint64 Day = 24LL * 3600 * 1000;
}

TEST(Workspace, JsonUsesTheExactNamesAndRoundTrips)
{
    Workspace w;
    w.id = "ws-1";
    w.name = "Northwind";
    w.accountId = "acct-1";
    w.site = "cn-ningxia";
    w.language = "zh-CN";
    w.plan = "commercial";
    w.billingMethod = "none";
    w.status = "locked";
    w.lock = {"cloud_subscription_cancelled", 1000, "marketplace:aws", "", 1000 + 14 * Day};
    w.version = 7;
    w.createdAt = 500;
    w.updatedAt = 1000;
    const QJsonObject json = w.toJson();
    for (const char *key : {"id", "name", "account_id", "site", "plan", "billing_method", "cloud_account_id",
                            "status", "lock", "version"})
        EXPECT_TRUE(json.contains(QLatin1String(key))) << key;
    EXPECT_TRUE(json.value("cloud_account_id").isNull());
    for (const char *key : {"reason", "at", "by", "note", "purge_at"})
        EXPECT_TRUE(json.value("lock").toObject().contains(QLatin1String(key))) << key;
    const Workspace back = Workspace::fromJson(json);
    EXPECT_EQ(back.toJson(), json);
}

TEST(Workspace, AnUnlockedWorkspaceHasANullLock)
{
    Workspace w;
    w.status = "active";
    EXPECT_TRUE(w.toJson().value("lock").isNull());
}

TEST(WorkspaceLock, CountsWholeDaysLeftRoundingUp)
{
    const WorkspaceLock lock{"no_billing_method", 0, "system:scheduler", "", 14 * Day};
    EXPECT_EQ(lock.daysLeft(0), 14);
    EXPECT_EQ(lock.daysLeft(1), 14);
    EXPECT_EQ(lock.daysLeft(13 * Day), 1);
    EXPECT_EQ(lock.daysLeft(14 * Day - 1), 1);
    EXPECT_EQ(lock.daysLeft(14 * Day), 0);
    EXPECT_EQ(lock.daysLeft(20 * Day), 0);
}

TEST(Account, MoneyIsIntegerMinorUnits)
{
    Account a;
    a.availableCredits = {123456789, "USD"};
    const QJsonObject json = a.toJson();
    EXPECT_TRUE(json.value("available_credits").toObject().value("amount_minor").isDouble());
    EXPECT_EQ(json.value("available_credits").toObject().value("amount_minor").toInteger(), 123456789);
    EXPECT_EQ(a.availableCredits.display(), "1234567.89 USD");
    EXPECT_TRUE(json.value("credit_card").isNull());
    EXPECT_EQ(Account::fromJson(json).availableCredits.amountMinor, 123456789);
}

TEST(CloudAccount, TakesBindingsOnlyWhenSubscribedAndSynced)
{
    CloudAccount c;
    c.subscriptionState = "subscribed";
    c.syncState = "synced";
    EXPECT_TRUE(c.takesBindings());
    c.syncState = "syncing";
    EXPECT_FALSE(c.takesBindings());
    c.syncState = "synced";
    c.subscriptionState = "unsubscribe_pending";
    EXPECT_FALSE(c.takesBindings());
}

TEST(Workspace, APageIsWrittenByteForByteAsQtWouldWriteIt)
{
    // Random workspaces: names with quotes, backslashes, every control character, CJK and emoji;
    // with and without a lock, a note, a cloud account, an override.
    quint64 state = 7;
    const auto next = [&state](quint64 bound) {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        return (state >> 17) % bound;
    };
    const QList<QString> pieces{"Northwind", "\"", "\\", "/",      "南京知行软件",
                                "😀",         " ",  "é",  "\u007f", "\u2028"};
    const auto text = [&] {
        QString t;
        for (quint64 i = next(6); i > 0; --i)
            t += next(4) == 0 ? QString(QChar(char16_t(next(0x20))))
                              : pieces.at(qsizetype(next(quint64(pieces.size()))));
        return t;
    };
    Page<Workspace> page;
    page.total = 1'000'000;
    page.offset = 500'000;
    for (int i = 0; i < 500; ++i) {
        Workspace w;
        w.id = QStringLiteral("ws-%1").arg(i, 7, 10, QLatin1Char('0'));
        w.name = text();
        w.accountId = text();
        w.site = "eu-frankfurt";
        w.language = "zh-CN";
        w.plan = text();
        w.billingMethod = next(2) ? "cloud_account" : "none";
        w.cloudAccountId = next(2) ? text() : QString();
        w.status = next(2) ? "locked" : "active";
        if (next(2))
            w.lock = {text(), qint64(next(4'000'000'000'000)), text(), text(),
                      qint64(next(4'000'000'000'000))};
        w.overrideUntil = next(3) == 0 ? qint64(next(4'000'000'000'000)) : 0;
        w.version = qint64(next(1'000'000));
        w.createdAt = qint64(next(4'000'000'000'000));
        w.updatedAt = qint64(next(4'000'000'000'000));
        page.items.append(w);
    }
    const QByteArray written = page.toJsonText();
    QJsonParseError error;
    const QJsonDocument read = QJsonDocument::fromJson(written, &error);
    ASSERT_EQ(error.error, QJsonParseError::NoError) << error.errorString().toStdString();
    EXPECT_EQ(read.toJson(QJsonDocument::Compact), written);
    EXPECT_EQ(QJsonDocument(page.toJson()).toJson(QJsonDocument::Compact), written);
    const Page<Workspace> back = Page<Workspace>::fromJson(read.object());
    ASSERT_EQ(back.items.size(), page.items.size());
    for (qsizetype i = 0; i < back.items.size(); ++i) {
        EXPECT_EQ(back.items[i].name, page.items[i].name) << i;
        EXPECT_EQ(back.items[i].lock.note, page.items[i].hasLock() ? page.items[i].lock.note : QString())
            << i;
        EXPECT_EQ(back.items[i].updatedAt, page.items[i].updatedAt) << i;
    }
}

TEST(Problem, RoundTripsAsProblemJson)
{
    Problem p = Problem::invalidRequest("limit", "\"limit\" must be a whole number from 1 to 1000.");
    const QJsonObject json = p.toJson();
    EXPECT_EQ(json.value("status").toInt(), 400);
    EXPECT_EQ(json.value("code").toString(), "invalid_request");
    EXPECT_EQ(json.value("parameter").toString(), "limit");
    const Problem back = Problem::fromJson(400, json);
    EXPECT_EQ(back.code, p.code);
    EXPECT_EQ(back.detail, p.detail);
    EXPECT_EQ(back.extra.value("parameter").toString(), "limit");
    EXPECT_EQ(back.origin, Problem::Origin::Platform);
}

TEST(Problem, SaysWhetherThePlatformTheNetworkOrThisComputerFailed)
{
    // A platform's answer, even one with an unusual status, is neither of the other two.
    EXPECT_FALSE(Problem::fromJson(503, {{"code", "storage_unavailable"}}).isNetworkFailure());
    EXPECT_FALSE(Problem::fromJson(503, {{"code", "storage_unavailable"}}).isLocalFailure());
    const Problem unreachable =
        Problem::network("network_error", "Platform unreachable", "Connection refused");
    EXPECT_TRUE(unreachable.isNetworkFailure());
    EXPECT_FALSE(unreachable.isLocalFailure());
    const Problem fullDisk = Problem::local("write_failed", "Cannot write", "No space left on device");
    EXPECT_TRUE(fullDisk.isLocalFailure());
    EXPECT_FALSE(fullDisk.isNetworkFailure());
    // Neither has an HTTP status, and neither travels: the JSON says only what the platform would.
    EXPECT_EQ(unreachable.status, 0);
    EXPECT_EQ(fullDisk.status, 0);
    EXPECT_FALSE(fullDisk.toJson().contains("origin"));
}

TEST(AuditEvent, HashCoversEveryFieldAndChains)
{
    AuditEvent e;
    e.seq = 1;
    e.at = 1000;
    e.actor = "li.wei";
    e.action = "workspace.billing_method_changed";
    e.targetType = "workspace";
    e.targetId = "ws-1";
    e.before = AuditEvent::encodeState(QJsonObject{{"billing_method", "none"}});
    e.after = AuditEvent::encodeState(
        QJsonObject{{"cloud_account_id", "ca-1"}, {"billing_method", "cloud_account"}});
    e.note = "quote \" and \\ and\nnewline";
    e.requestId = "r-1";
    const QString hash = e.computeHash();
    EXPECT_EQ(hash.size(), 64);
    // The canonical bytes are valid JSON: an array of the eleven fields in order.
    const QJsonDocument doc = QJsonDocument::fromJson(e.canonicalBytes());
    ASSERT_TRUE(doc.isArray());
    EXPECT_EQ(doc.array().size(), 11);
    EXPECT_EQ(doc.array().at(8).toString(), e.note);
    EXPECT_EQ(doc.array().at(7).toObject().value("billing_method").toString(), "cloud_account");

    AuditEvent changed = e;
    changed.actor = "someone.else";
    EXPECT_NE(changed.computeHash(), hash);
    changed = e;
    changed.prevHash = "x";
    EXPECT_NE(changed.computeHash(), hash);
    changed = e;
    changed.after = AuditEvent::encodeState(QJsonObject{{"billing_method", "credit_card"}});
    EXPECT_NE(changed.computeHash(), hash);

    // Through the API and back, the event hashes the same (the client can verify the chain).
    e.hash = hash;
    const AuditEvent back = AuditEvent::fromJson(e.toJson());
    EXPECT_EQ(back.computeHash(), hash);
}

namespace {
// Instants at the edges of the calendar (leap days, centuries, before 1970, the ends of 4-digit
// years) and 20,000 random ones.
QList<qint64> instantsToFormat()
{
    QList<qint64> instants{1,
                           -1,
                           999,
                           86'399'999,
                           86'400'000,
                           951'782'400'000 /* 2000-02-29 */,
                           -2'208'988'800'000 /* 1900-01-01 */,
                           4'107'542'399'999 /* 2100-02-28T23:59:59.999 */,
                           253'402'300'799'999,
                           -62'135'596'800'000,
                           1'790'000'000'123};
    quint64 state = 12345;
    for (int i = 0; i < 20000; ++i) {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        instants << qint64(state >> 1) % 253'402'300'799'999LL;
        instants << -(qint64(state >> 2) % 62'135'596'800'000LL); // back to the year 1
    }
    return instants;
}
} // namespace

TEST(Json, TimesAreWrittenExactlyAsQtWritesThem)
{
    // Audit hashes were made with QDateTime's text; the hand-written formatter must never differ.
    for (const qint64 at : instantsToFormat()) {
        ASSERT_EQ(json::time(at).toString(),
                  QDateTime::fromMSecsSinceEpoch(at, Qt::UTC).toString(Qt::ISODateWithMs))
            << at;
        ASSERT_EQ(json::time(json::time(at)), at);
    }
    EXPECT_TRUE(json::time(0).isNull());
}

TEST(AuditEvent, CanonicalTimesAreWhatTheJsonCarries)
{
    // The hash's time must agree with json::time at every instant an event can have.
    for (const qint64 at : instantsToFormat()) {
        AuditEvent e;
        e.seq = 1;
        e.at = at;
        const QByteArray expected = "[1,\"" + json::time(at).toString().toUtf8() + "\",";
        ASSERT_TRUE(e.canonicalBytes().startsWith(expected))
            << at << ": " << e.canonicalBytes().left(40).toStdString();
    }
    AuditEvent zero;
    EXPECT_TRUE(zero.canonicalBytes().startsWith("[0,\"\","));
}

TEST(AuditEvent, CanonicalTextIsEscapedAsJson)
{
    AuditEvent e;
    e.note = QStringLiteral("a\"b\\c\nd\x01"
                            "e\tf\rg 中文");
    const QByteArray bytes = e.canonicalBytes();
    EXPECT_TRUE(
        bytes.contains(QByteArray(R"("a\"b\\c\nd\u0001e\tf\rg )") + QStringLiteral("中文\"").toUtf8()))
        << bytes.toStdString();
}

TEST(JsonBody, TheFirstKeyAnObjectNamesTwiceIsFoundWhateverItsSpelling)
{
    using billing::contract::json::duplicateKey;
    EXPECT_EQ(duplicateKey(R"({"method":"credit_card"})"), std::nullopt);
    EXPECT_EQ(duplicateKey(R"({"method":"a","method":"b"})"), QString("method"));
    EXPECT_EQ(duplicateKey(R"({"method":"a","\u006dethod":"b"})"), QString("method"));
    EXPECT_EQ(duplicateKey(R"({"a":{"x":1},"b":{"x":2}})"), std::nullopt); // one key in two objects
    EXPECT_EQ(duplicateKey(R"({"a":[{"x":1,"y":2},{"x":3}],"b":1})"), std::nullopt);
    EXPECT_EQ(duplicateKey(R"({"a":[{"x":1,"x":2}]})"), QString("x"));
    EXPECT_EQ(duplicateKey(R"({"note":"a \"b\", c","note2":"\\","note":1})"), QString("note"));
    EXPECT_EQ(duplicateKey(R"({"k\u00e9":1,"ké":2})"), QString("ké"));
    EXPECT_EQ(duplicateKey(R"(["a","a"])"), std::nullopt); // values in an array are no keys
}

TEST(Csv, EveryCellASpreadsheetWouldRunIsNeutralisedAndRestoredExactly)
{
    using billing::contract::csv::neutralised;
    using billing::contract::csv::restored;
    for (const QString &formula :
         {QStringLiteral("=HYPERLINK(\"http://evil.example\",\"x\")"), QStringLiteral(" =1+1"),
          QStringLiteral("   @SUM(A1)"), QStringLiteral("+1"), QStringLiteral("-2+3"), QStringLiteral("\tx"),
          QStringLiteral("\rx"), QStringLiteral("＝1+1"), QStringLiteral("＋1"), QStringLiteral("－1"),
          QStringLiteral("＠SUM(A1)"), QStringLiteral("'=1"), QStringLiteral("'plain")}) {
        const QString cell = neutralised(formula, false);
        EXPECT_EQ(cell, "'" + formula) << formula.toStdString();
        EXPECT_EQ(restored(cell), formula) << formula.toStdString();
        const QByteArray bytes = cell.toUtf8();
        EXPECT_EQ(restored(QByteArrayView(bytes)), formula.toUtf8()) << "the same rule on UTF-8";
    }
    for (const QString &text :
         {QStringLiteral("Contoso Retail"), QStringLiteral("ws-0000001"), QStringLiteral("成都蓝海信息"),
          QStringLiteral("a=b"), QStringLiteral("   "), QString()}) {
        EXPECT_EQ(neutralised(text, false), text) << text.toStdString();
        EXPECT_EQ(restored(neutralised(text, false)), text);
        const QByteArray bytes = text.toUtf8();
        EXPECT_EQ(restored(QByteArrayView(bytes)), bytes);
    }
    // A number in a numeric column stays a number; the same text in a text column is neutralised.
    EXPECT_EQ(neutralised("-12.50", true), "-12.50");
    EXPECT_EQ(neutralised("-12.50", false), "'-12.50");
    EXPECT_EQ(neutralised("-12 or so", true), "'-12 or so");
}

// The platform writes its CSV from UTF-8 cells, the console from QStrings: both write the same bytes
// as neutralising each QString and quoting it, for cells built from every character the rules name.
TEST(Csv, ReportCellsAndQStringsAreWrittenAsTheSameRecord)
{
    namespace csv = billing::contract::csv;
    const QStringList pieces{"=",  "+",    "-",  "@",  "\t",   "\r", "\n",  QString(QChar(0)),
                             "＝", "＋",   "－", "＠", "'",    " ",  ",",   "\"",
                             "1",  "2.50", "e5", "a",  "北京", "é",  "x y", ""};
    std::mt19937 random(22);
    for (int round = 0; round < 2000; ++round) {
        QStringList cells;
        QList<bool> numeric;
        billing::contract::ReportCells row;
        std::list<QByteArray> read; // the text of the row being read, which in-place cells view
        const int count = 1 + int(random() % 6);
        for (int i = 0; i < count; ++i) {
            QString cell;
            for (int length = int(random() % 5); length > 0; --length)
                cell += pieces.at(qsizetype(random() % pieces.size()));
            cells.append(cell);
            numeric.append(random() % 2 == 0);
            if (random() % 2 == 0) {
                row.add(cell);
            } else {
                read.push_back(cell.toUtf8());
                row.addInPlace(read.back());
            }
        }
        QStringList neutralisedCells;
        for (qsizetype i = 0; i < cells.size(); ++i)
            neutralisedCells.append(csv::neutralised(cells.at(i), numeric.at(i)));
        QByteArray expected, fromCells, fromStrings;
        csv::appendRecord(expected, neutralisedCells);
        csv::appendRecord(fromCells, row, numeric);
        csv::appendRecord(fromStrings, cells, numeric);
        ASSERT_EQ(fromCells, expected) << cells.join('|').toStdString();
        ASSERT_EQ(fromStrings, expected) << cells.join('|').toStdString();
        ASSERT_EQ(row.texts(), cells);
    }
}
