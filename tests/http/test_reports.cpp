// SPDX-License-Identifier: Apache-2.0
#include "foundation/contract/csv.h"
#include "foundation/contract/report.h"
#include "tests/support/changesapitest.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>

using namespace billing;
using billing::test::Backend;

namespace {

// GET /v1/reports/{report} against a real platform: the CSV as the wire carries it, checked against
// the platform's own database.
class ReportStreamTest : public test::ChangesApiTest
{
protected:
    struct Report {
        int status = 0;
        QByteArray contentType;
        QStringList header;
        QList<QStringList> rows;
        QJsonObject problem;
    };
    Report fetch(const QString &pathAndQuery, const QString &token = {})
    {
        const auto answer = test::exchange("GET", test::endpoint(platform->url(), pathAndQuery),
                                           token.isNull() ? platform->adminToken() : token);
        Report report;
        report.status = answer.status;
        report.contentType = answer.contentType;
        if (answer.status != 200) {
            report.problem = answer.json;
            return report;
        }
        contract::csv::Reader reader([&](const contract::ReportCells &cells) {
            const QStringList record = cells.texts();
            if (report.header.isEmpty())
                report.header = record;
            else
                report.rows.append(record);
            return true;
        });
        EXPECT_TRUE(reader.feed(answer.body));
        EXPECT_TRUE(reader.finish());
        return report;
    }
    static QStringList keys(contract::ReportKind kind)
    {
        QStringList keys;
        for (const auto &column : contract::ReportQuery::columns(kind))
            keys << column.key;
        return keys;
    }
    static QString cell(const Report &report, const QStringList &row, const char *key)
    {
        return row.value(report.header.indexOf(QLatin1String(key)));
    }
    void expectRefused(const QString &pathAndQuery, int status, const char *code,
                       const char *parameter = nullptr)
    {
        const Report report = fetch(pathAndQuery);
        EXPECT_EQ(report.status, status) << pathAndQuery.toStdString();
        EXPECT_EQ(report.problem.value("code").toString(), QLatin1String(code)) << pathAndQuery.toStdString();
        if (parameter)
            EXPECT_EQ(report.problem.value("parameter").toString(), QLatin1String(parameter));
    }
    test::HttpAnswer lock(const QString &id)
    {
        const QString version = QStringLiteral("\"%1\"").arg(workspace(id).value("version").toInteger());
        return send("POST", "/v1/workspaces/" + id + "/lock",
                    {{"reason", "admin_hold"}, {"note", "=HYPERLINK(\"x\")"}}, version, {},
                    platform->adminToken());
    }
};

} // namespace

TEST_P(ReportStreamTest, SubscriptionsListEveryWorkspaceOnceInIdOrderWithItsBillingState)
{
    const Report report = fetch("/v1/reports/subscriptions");
    ASSERT_EQ(report.status, 200);
    EXPECT_TRUE(report.contentType.startsWith("text/csv"));
    EXPECT_EQ(report.header, keys(contract::ReportKind::Subscriptions));
    ASSERT_EQ(report.rows.size(), number("SELECT COUNT(*) FROM workspaces"));
    for (qsizetype i = 1; i < report.rows.size(); ++i)
        ASSERT_LT(report.rows[i - 1].first(), report.rows[i].first()) << "row " << i;

    // One workspace of each billing method, read back field by field.
    for (const char *method : {"credit_card", "prepaid_credits", "cloud_account", "none"}) {
        const QString id =
            pick(QStringLiteral("SELECT id FROM workspaces WHERE billing_method = '%1' ORDER BY id LIMIT 1")
                     .arg(method));
        const auto row = std::find_if(report.rows.cbegin(), report.rows.cend(),
                                      [&](const QStringList &r) { return r.first() == id; });
        ASSERT_NE(row, report.rows.cend());
        const QJsonObject json = workspace(id);
        EXPECT_EQ(cell(report, *row, "billing_method"), json.value("billing_method").toString());
        EXPECT_EQ(cell(report, *row, "status"), json.value("status").toString());
        EXPECT_EQ(cell(report, *row, "site"), json.value("site").toString());
        EXPECT_EQ(cell(report, *row, "cloud_account_id"), json.value("cloud_account_id").toString());
        EXPECT_EQ(cell(report, *row, "workspace_name"), json.value("name").toString());
        const QDateTime created = QDateTime::fromString(cell(report, *row, "created_at"), Qt::ISODate);
        EXPECT_EQ(created.toMSecsSinceEpoch() / 1000,
                  number("SELECT created_at FROM workspaces WHERE id = '" + id + "'") / 1000);
        if (QLatin1String(method) == QLatin1String("cloud_account")) {
            EXPECT_FALSE(cell(report, *row, "provider").isEmpty());
            EXPECT_FALSE(cell(report, *row, "sync_state").isEmpty());
        }
    }
    // A cloud account is named as its marketplace's own console names it: Azure by the subscription,
    // AWS by the customer identifier.
    for (const auto &[provider, named] :
         {std::pair{"aws", "customer_identifier"}, std::pair{"azure", "azure_subscription_id"}}) {
        const QString from =
            QStringLiteral(" FROM workspaces w JOIN cloud_accounts c ON c.id = w.cloud_account_id "
                           "WHERE c.provider = '%1' ORDER BY w.id LIMIT 1")
                .arg(provider);
        const QString id = pick("SELECT w.id" + from);
        ASSERT_FALSE(id.isEmpty()) << provider;
        const QString expected = pick(QStringLiteral("SELECT c.%1").arg(named) + from);
        ASSERT_FALSE(expected.isEmpty()) << provider;
        const auto row = std::find_if(report.rows.cbegin(), report.rows.cend(),
                                      [&](const QStringList &r) { return r.first() == id; });
        ASSERT_NE(row, report.rows.cend());
        EXPECT_EQ(cell(report, *row, "provider"), provider);
        EXPECT_EQ(cell(report, *row, "cloud_account_external_id"), expected) << provider;
    }
    // Money in major units with its currency, from the owner's account.
    const QString prepaid = pick("SELECT w.id FROM workspaces w JOIN accounts a ON a.id = w.account_id WHERE "
                                 "a.credits_minor > 0 ORDER BY w.id LIMIT 1");
    const auto row = std::find_if(report.rows.cbegin(), report.rows.cend(),
                                  [&](const QStringList &r) { return r.first() == prepaid; });
    ASSERT_NE(row, report.rows.cend());
    const qint64 minor = number(
        "SELECT a.credits_minor FROM workspaces w JOIN accounts a ON a.id = w.account_id WHERE w.id = '" +
        prepaid + "'");
    EXPECT_EQ(cell(report, *row, "credits"),
              QStringLiteral("%1.%2").arg(minor / 100).arg(minor % 100, 2, 10, QLatin1Char('0')));
    EXPECT_FALSE(cell(report, *row, "credits_currency").isEmpty());
}

TEST_P(ReportStreamTest, FiltersNarrowTheRowsExactlyAsTheDatabaseCountsThem)
{
    const QString site = pick("SELECT site FROM workspaces GROUP BY site ORDER BY COUNT(*) DESC LIMIT 1");
    const Report bySite =
        fetch("/v1/reports/subscriptions?site=" + site + "&status=active&billing_method=credit_card");
    ASSERT_EQ(bySite.status, 200);
    EXPECT_GT(bySite.rows.size(), 0);
    EXPECT_EQ(bySite.rows.size(), number("SELECT COUNT(*) FROM workspaces WHERE site = '" + site +
                                         "' AND status = 'active' AND billing_method = 'credit_card'"));
    const Report azure = fetch("/v1/reports/subscriptions?provider=azure");
    EXPECT_EQ(azure.rows.size(),
              number("SELECT COUNT(*) FROM workspaces w JOIN cloud_accounts c ON c.id = w.cloud_account_id "
                     "WHERE c.provider = 'azure'"));
    const qint64 cut = number("SELECT created_at FROM workspaces ORDER BY created_at LIMIT 1 OFFSET 1000");
    const QString at = QDateTime::fromMSecsSinceEpoch(cut, Qt::UTC).toString(Qt::ISODateWithMs);
    const Report since = fetch("/v1/reports/subscriptions?from=" + at);
    EXPECT_EQ(since.rows.size(),
              number(QStringLiteral("SELECT COUNT(*) FROM workspaces WHERE created_at >= %1").arg(cut)));

    const Report accounts = fetch("/v1/reports/cloud-accounts?provider=aws");
    ASSERT_EQ(accounts.status, 200);
    EXPECT_EQ(accounts.header, keys(contract::ReportKind::CloudAccounts));
    EXPECT_EQ(accounts.rows.size(), number("SELECT COUNT(*) FROM cloud_accounts WHERE provider = 'aws'"));
    qint64 bound = 0;
    for (const QStringList &r : accounts.rows) {
        const qint64 count = cell(accounts, r, "bound_workspaces").toLongLong();
        EXPECT_EQ(count,
                  number("SELECT COUNT(*) FROM workspaces WHERE cloud_account_id = '" + r.first() + "'"))
            << r.first().toStdString();
        bound += count;
    }
    EXPECT_GT(bound, 0) << "the dataset binds workspaces to AWS accounts";
}

TEST_P(ReportStreamTest, LockedWorkspacesComeMostUrgentFirstAndTheChangesReportNamesWhoLockedThem)
{
    const Report locked = fetch("/v1/reports/locked");
    ASSERT_EQ(locked.status, 200);
    EXPECT_EQ(locked.rows.size(), number("SELECT COUNT(*) FROM workspaces WHERE status = 'locked'"));
    for (qsizetype i = 1; i < locked.rows.size(); ++i)
        ASSERT_LE(cell(locked, locked.rows[i - 1], "purge_at"), cell(locked, locked.rows[i], "purge_at"))
            << "row " << i;

    const QString id = pick("SELECT id FROM workspaces WHERE status = 'active' ORDER BY id LIMIT 1");
    const QString before =
        QDateTime::fromMSecsSinceEpoch(platform->clock().nowMs(), Qt::UTC).toString(Qt::ISODateWithMs);
    ASSERT_EQ(lock(id).status, 200);
    const Report changes = fetch("/v1/reports/changes?from=" + before);
    ASSERT_EQ(changes.status, 200);
    EXPECT_EQ(changes.header, keys(contract::ReportKind::Changes));
    ASSERT_EQ(changes.rows.size(), 1) << "only what happened in the period";
    const QStringList &change = changes.rows.first();
    EXPECT_EQ(cell(changes, change, "action"), "workspace.locked");
    EXPECT_EQ(cell(changes, change, "actor"), workspace(id).value("lock").toObject().value("by").toString());
    EXPECT_EQ(cell(changes, change, "target_id"), id);
    EXPECT_EQ(cell(changes, change, "status_before"), "active");
    EXPECT_EQ(cell(changes, change, "status_after"), "locked");
    EXPECT_EQ(cell(changes, change, "lock_reason"), "admin_hold");
    EXPECT_EQ(cell(changes, change, "note"), "'=HYPERLINK(\"x\")")
        << "the wire's CSV is a file a spreadsheet may open: formulas are neutralised";
    EXPECT_EQ(contract::csv::restored(cell(changes, change, "note")), "=HYPERLINK(\"x\")");

    const Report nowLocked = fetch("/v1/reports/locked");
    const auto row = std::find_if(nowLocked.rows.cbegin(), nowLocked.rows.cend(),
                                  [&](const QStringList &r) { return r.first() == id; });
    ASSERT_NE(row, nowLocked.rows.cend());
    EXPECT_EQ(cell(nowLocked, *row, "days_left"), "14");
    EXPECT_EQ(cell(nowLocked, *row, "locked_by"), cell(changes, change, "actor"));
}

TEST_P(ReportStreamTest, MeteredUsageIsTheLedgerHourByHourWithWhatTheMarketplaceAnswered)
{
    const Report all = fetch("/v1/reports/metered-usage");
    ASSERT_EQ(all.status, 200);
    EXPECT_EQ(all.header, keys(contract::ReportKind::MeteredUsage));
    ASSERT_GT(all.rows.size(), 0) << "the seed's usage history";
    EXPECT_EQ(all.rows.size(), number("SELECT COUNT(*) FROM metering_records"));
    for (qsizetype i = 1; i < all.rows.size(); ++i)
        ASSERT_LE(cell(all, all.rows[i - 1], "hour"), cell(all, all.rows[i], "hour")) << "row " << i;
    qint64 quantity = 0;
    for (const QStringList &r : all.rows)
        quantity += cell(all, r, "quantity").toLongLong();
    EXPECT_EQ(quantity, number("SELECT SUM(quantity) FROM metering_records"));

    // One cloud account's accepted hours in a period, row for row as the ledger's API lists them.
    const QString cloud = pick(
        "SELECT cloud_account_id FROM metering_records WHERE state = 'accepted' GROUP BY cloud_account_id "
        "ORDER BY COUNT(*) DESC, cloud_account_id LIMIT 1");
    const qint64 from = number("SELECT MIN(hour) FROM metering_records") + 3600000;
    const QString since = QDateTime::fromMSecsSinceEpoch(from, Qt::UTC).toString(Qt::ISODate);
    const Report one =
        fetch("/v1/reports/metered-usage?cloud_account_id=" + cloud + "&status=accepted&from=" + since);
    ASSERT_EQ(one.status, 200);
    const auto ledger = test::exchange(
        "GET",
        test::endpoint(platform->url(), "/v1/metering-records?limit=500&cloud_account_id=" + cloud +
                                            "&state=accepted&from=" + since),
        platform->adminToken());
    ASSERT_EQ(ledger.status, 200);
    const QJsonArray items = ledger.json.value("items").toArray();
    ASSERT_GT(items.size(), 0);
    ASSERT_EQ(one.rows.size(), items.size());
    QMap<QString, QJsonObject> byHour;
    for (const QJsonValue &item : items)
        byHour.insert(item.toObject().value("hour").toString().left(19), item.toObject());
    for (const QStringList &r : one.rows) {
        const QJsonObject record = byHour.value(cell(one, r, "hour").left(19));
        ASSERT_FALSE(record.isEmpty()) << cell(one, r, "hour").toStdString();
        EXPECT_EQ(cell(one, r, "cloud_account_id"), cloud);
        EXPECT_EQ(cell(one, r, "state"), "accepted");
        EXPECT_EQ(cell(one, r, "dimension"), record.value("dimension").toString());
        EXPECT_EQ(cell(one, r, "quantity").toLongLong(), record.value("quantity").toInteger());
        EXPECT_EQ(cell(one, r, "marketplace_record_id"), record.value("marketplace_record_id").toString());
        EXPECT_EQ(cell(one, r, "workspaces").toLongLong(), record.value("allocations").toObject().size());
        EXPECT_EQ(cell(one, r, "provider"),
                  pick("SELECT provider FROM cloud_accounts WHERE id = '" + cloud + "'"));
        EXPECT_FALSE(cell(one, r, "external_id").isEmpty());
    }

    // A metered hour's status is its metering state; what the ledger does not hold is refused.
    expectRefused("/v1/reports/metered-usage?status=active", 400, "invalid_request", "status");
    expectRefused("/v1/reports/metered-usage?site=us-east-1", 400, "invalid_request", "site");
    expectRefused("/v1/reports/metered-usage?billing_method=credit_card", 400, "invalid_request",
                  "billing_method");
    expectRefused("/v1/reports/subscriptions?cloud_account_id=" + cloud, 400, "invalid_request",
                  "cloud_account_id");
    const Report expired = fetch("/v1/reports/metered-usage?status=expired&provider=azure");
    ASSERT_EQ(expired.status, 200);
    EXPECT_EQ(
        expired.rows.size(),
        number("SELECT COUNT(*) FROM metering_records WHERE state = 'expired' AND marketplace = 'azure'"));
}

TEST_P(ReportStreamTest, BadRequestsAreRefusedWithTheParameterNamed)
{
    expectRefused("/v1/reports/changes?site=us-east-1", 400, "invalid_request", "site");
    expectRefused("/v1/reports/subscriptions?from=yesterday", 400, "invalid_request", "from");
    expectRefused("/v1/reports/subscriptions?from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z", 400,
                  "invalid_request", "to");
    expectRefused("/v1/reports/subscriptions?provider=gcp", 400, "invalid_request", "provider");
    expectRefused("/v1/reports/cloud-accounts?status=active", 400, "invalid_request", "status");
    expectRefused("/v1/reports/everything", 404, "not_found");
    const Report anonymous = fetch("/v1/reports/subscriptions", QString(""));
    EXPECT_EQ(anonymous.status, 401);
    EXPECT_EQ(anonymous.problem.value("code").toString(), "unauthorized");
    const auto posted = test::exchange("POST", test::endpoint(platform->url(), "/v1/reports/subscriptions"),
                                       platform->adminToken());
    EXPECT_EQ(posted.status, 405);
}

TEST_P(ReportStreamTest, EveryStaffRoleMayExportReports)
{
    for (const char *role : {"viewer", "operator", "admin", "auditor"}) {
        const QString token = platform->addStaff(QStringLiteral("reader.%1").arg(role), role);
        EXPECT_EQ(fetch("/v1/reports/locked", token).status, 200) << role;
    }
}

INSTANTIATE_TEST_SUITE_P(Backends, ReportStreamTest, ::testing::Values(Backend::Sqlite, Backend::Postgres),
                         [](const auto &info) { return std::string(test::backendName(info.param)); });
