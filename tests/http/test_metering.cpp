// SPDX-License-Identifier: Apache-2.0
// Pay as you go against the fake AWS and Azure over HTTPS: every completed hour metered once per cloud
// account and dimension, written before it is sent, sent in batches until the marketplace answers or its
// window closes; what staff read, filter and retry.
#include "foundation/contract/jsonfields.h"
#include "platform/marketplace/connectedgateway.h"
#include "platform/seeding/datasetseeder.h"
#include "tests/support/fakeaws.h"
#include "tests/support/fakeazure.h"
#include "tests/support/httpprobe.h"
#include "tests/support/openapischema.h"
#include "tests/support/testplatform.h"
#include "tests/support/wait.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QRegularExpression>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QThread>
#include <QUrlQuery>

#include <gtest/gtest.h>

#include <thread>

using namespace billing;
using billing::test::Backend;

namespace {

constexpr qint64 Hour = 3'600'000;
constexpr qint64 Minute = 60'000;

class Metering : public ::testing::TestWithParam<Backend>
{
protected:
    void SetUp() override
    {
        config = test::everyMarketplace(aws, aws, azure, 1);
        config.attempts = 2;
        platform = std::make_unique<test::TestPlatform>(GetParam(), 600, 7, std::nullopt, config);
        // The seed's usage history (TheSeedStartsWithUsageHistory) is set aside: these tests count what
        // they meter. The hours stay marked metered, as the history left them.
        sql("DELETE FROM metering_records");
        // A quarter past the hour after the seed's "now": one completed hour to meter.
        at(test::TestPlatform::Now / Hour * Hour + Hour + 15 * Minute);
    }

    void at(qint64 ms)
    {
        platform->clock().set(ms);
        aws.setMeteringNow(ms);
        azure.setMeteringNow(ms);
    }
    qint64 now() { return platform->clock().nowMs(); }
    qint64 lastHour() { return now() / Hour * Hour - Hour; }

    QJsonObject sweep()
    {
        const auto swept = test::exchange("POST", test::endpoint(platform->url(), "/v1/scheduler/run"),
                                          platform->adminToken());
        EXPECT_EQ(swept.status, 200) << swept.body.toStdString();
        return swept.json.value("metering").toObject();
    }
    QJsonArray records(const QString &query = {}, const QString &token = {})
    {
        const auto read =
            test::exchange("GET", test::endpoint(platform->url(), "/v1/metering-records?limit=1000&" + query),
                           token.isEmpty() ? platform->adminToken() : token);
        EXPECT_EQ(read.status, 200) << read.body.toStdString();
        return read.json.value("items").toArray();
    }
    QSqlQuery sql(const QString &statement, const QVariantList &binds = {})
    {
        auto db = platform->directAccess()->database().connection();
        QSqlQuery q(*db);
        q.prepare(statement);
        for (const QVariant &b : binds)
            q.addBindValue(b);
        EXPECT_TRUE(q.exec()) << statement.toStdString() << q.lastError().text().toStdString();
        return q;
    }
    qint64 number(const QString &statement, const QVariantList &binds = {})
    {
        QSqlQuery q = sql(statement, binds);
        return q.next() ? q.value(0).toLongLong() : -1;
    }
    // A subscribed cloud account of this marketplace with a bound, active workspace that runs a paid
    // deployment: its id and that workspace's.
    QPair<QString, QString> metered(const QString &provider)
    {
        QSqlQuery q =
            sql("SELECT c.id, w.id FROM cloud_accounts c JOIN workspaces w ON w.cloud_account_id = c.id "
                "JOIN deployments d ON d.workspace_id = w.id WHERE c.provider = ? AND "
                "c.subscription_state = 'subscribed' AND w.status = 'active' AND "
                "w.billing_method = 'cloud_account' AND d.trial = 0 AND d.state = 'running' "
                "ORDER BY c.id, w.id LIMIT 1",
                {provider});
        EXPECT_TRUE(q.next()) << "no metered " << provider.toStdString() << " cloud account in the seed";
        return {q.value(0).toString(), q.value(1).toString()};
    }
    // Deployment-hours of a cloud account's bound active workspaces' paid deployments running now: what
    // an hour of it meters, counted here without the platform's query.
    qint64 runningPaid(const QString &cloudAccountId)
    {
        qint64 count = 0;
        QSqlQuery workspaces = sql(
            "SELECT id, status, billing_method FROM workspaces WHERE cloud_account_id = ?", {cloudAccountId});
        while (workspaces.next()) {
            if (workspaces.value(1).toString() != "active" ||
                workspaces.value(2).toString() != "cloud_account")
                continue;
            count +=
                number("SELECT COUNT(*) FROM deployments WHERE workspace_id = ? AND trial = 0 AND state = "
                       "'running'",
                       {workspaces.value(0).toString()});
        }
        return count;
    }
    // The first hour metered of a cloud account (the list is newest first).
    QJsonObject oldest(const QString &cloud)
    {
        const QJsonArray all = records("cloud_account_id=" + cloud);
        EXPECT_FALSE(all.isEmpty());
        return all.isEmpty() ? QJsonObject{} : all.last().toObject();
    }
    static QJsonObject only(const QJsonArray &items)
    {
        EXPECT_EQ(items.size(), 1);
        return items.isEmpty() ? QJsonObject{} : items.first().toObject();
    }

    test::FakeAws aws;
    test::FakeAzure azure;
    marketplace::MarketplaceConfig config;
    std::unique_ptr<test::TestPlatform> platform;
};

} // namespace

TEST_P(Metering, EveryCompletedHourIsMeteredOnceAndAcceptedByItsMarketplace)
{
    const auto [awsCloud, awsWorkspace] = metered("aws");
    const auto [azureCloud, azureWorkspace] = metered("azure");
    const QJsonObject run = sweep();
    EXPECT_EQ(run.value("hours_metered").toInteger(), 1);
    const qint64 written = run.value("records_written").toInteger();
    ASSERT_GT(written, 2);
    EXPECT_EQ(run.value("records_sent").toInteger(), written);
    EXPECT_EQ(run.value("accepted").toInteger(), written) << QJsonDocument(run).toJson().toStdString();

    // Each record is the hour's deployment-hours of its cloud account, every workspace's share tagged.
    const QString hour = contract::json::time(lastHour()).toString();
    for (const QString &cloud : {awsCloud, azureCloud}) {
        const QJsonObject r = only(records("cloud_account_id=" + cloud));
        EXPECT_EQ(r.value("hour").toString(), hour);
        EXPECT_EQ(r.value("dimension").toString(), "deployment_hours");
        EXPECT_EQ(r.value("state").toString(), "accepted") << r.value("last_error").toString().toStdString();
        EXPECT_EQ(r.value("attempts").toInt(), 1);
        EXPECT_FALSE(r.value("marketplace_record_id").toString().isEmpty());
        EXPECT_EQ(r.value("quantity").toInteger(), runningPaid(cloud));
        qint64 shares = 0;
        for (const QJsonValue &share : r.value("allocations").toObject())
            shares += share.toInteger();
        EXPECT_EQ(shares, r.value("quantity").toInteger());
    }
    // What the marketplaces hold is what the ledger says, each record once.
    const qint64 awsRows =
        number("SELECT COUNT(*) FROM metering_records WHERE marketplace IN ('aws', 'aws_cn')");
    const qint64 azureRows = number("SELECT COUNT(*) FROM metering_records WHERE marketplace = 'azure'");
    EXPECT_EQ(aws.metered().size(), awsRows);
    EXPECT_EQ(azure.usageEvents().size(), azureRows);
    EXPECT_EQ(awsRows + azureRows, written);
    EXPECT_LE(aws.largestBatch(), 25);
    const QString awsRecordId =
        only(records("cloud_account_id=" + awsCloud)).value("marketplace_record_id").toString();
    bool found = false;
    for (const auto &m : aws.metered()) {
        if (m.meteringRecordId == awsRecordId) {
            found = true;
            EXPECT_EQ(m.timestamp * 1000, lastHour());
            EXPECT_EQ(
                m.allocations.first().toObject().value("Tags").toArray().first().toObject().value("Key"),
                "workspace");
        }
    }
    EXPECT_TRUE(found);

    // As the OpenAPI document says.
    const QJsonObject document = test::loadOpenApi();
    test::SchemaCheck schemas(document);
    const auto page = test::exchange("GET", test::endpoint(platform->url(), "/v1/metering-records"),
                                     platform->adminToken());
    schemas.check(page.json, test::okSchema(document, "/v1/metering-records", "get"), "/v1/metering-records");
    const auto totals = test::exchange(
        "GET", test::endpoint(platform->url(), "/v1/metering-totals?cloud_account_id=" + awsCloud),
        platform->adminToken());
    schemas.check(totals.json, test::okSchema(document, "/v1/metering-totals", "get"), "/v1/metering-totals");
    ASSERT_EQ(totals.json.value("items").toArray().size(), 1);
    EXPECT_EQ(totals.json.value("items").toArray()[0].toObject().value("quantity").toInteger(),
              runningPaid(awsCloud));

    // Triggering it again does nothing new.
    const int calls = aws.requests("BatchMeterUsage");
    const QJsonObject again = sweep();
    EXPECT_EQ(again.value("hours_metered").toInteger(), 0);
    EXPECT_EQ(again.value("records_sent").toInteger(), 0);
    EXPECT_EQ(aws.requests("BatchMeterUsage"), calls);
    EXPECT_EQ(number("SELECT COUNT(*) FROM metering_records"), written);
}

TEST_P(Metering, TrialDeploymentsAndLockedWorkspacesAccrueNothing)
{
    const auto [cloud, workspace] = metered("aws");
    const qint64 before = runningPaid(cloud);
    // A trial deployment on a metered workspace, and a deployment that stopped before the hour began.
    sql("INSERT INTO deployments (id, workspace_id, account_id, name, trial, state, stopped_at, delete_at, "
        "created_at) SELECT 'dep-trial-x', id, account_id, 'trial', 1, 'running', 0, 0, 0 FROM workspaces "
        "WHERE id = ?",
        {workspace});
    sql("INSERT INTO deployments (id, workspace_id, account_id, name, trial, state, stopped_at, delete_at, "
        "created_at) SELECT 'dep-stopped-x', id, account_id, 'old', 0, 'stopped', ?, 0, 0 FROM workspaces "
        "WHERE id = ?",
        {lastHour() - Minute, workspace});
    // One stopped during the hour: it ran in it, so it counts.
    sql("INSERT INTO deployments (id, workspace_id, account_id, name, trial, state, stopped_at, delete_at, "
        "created_at) SELECT 'dep-late-x', id, account_id, 'late', 0, 'stopped', ?, 0, 0 FROM workspaces "
        "WHERE id = ?",
        {lastHour() + 10 * Minute, workspace});
    sweep();
    const QJsonObject first = only(records("cloud_account_id=" + cloud));
    EXPECT_EQ(first.value("quantity").toInteger(), before + 1);
    const qint64 own = first.value("allocations").toObject().value(workspace).toInteger();
    ASSERT_GT(own, 1);

    // Locked by an admin: the next hour has nothing of it.
    const auto w = test::exchange("GET", test::endpoint(platform->url(), "/v1/workspaces/" + workspace),
                                  platform->adminToken());
    QNetworkRequest lock(test::endpoint(platform->url(), "/v1/workspaces/" + workspace + "/lock"));
    lock.setRawHeader("Authorization", "Bearer " + platform->adminToken().toUtf8());
    lock.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
    lock.setRawHeader("If-Match", QStringLiteral("\"%1\"").arg(w.json.value("version").toInteger()).toUtf8());
    lock.setRawHeader("Idempotency-Key", "lock-metered");
    ASSERT_EQ(test::exchange(lock, "POST", R"({"reason":"admin_hold","note":"metering test"})").status, 200);
    at(now() + Hour);
    sweep();
    const QJsonArray both = records("cloud_account_id=" + cloud);
    const qint64 rest = before + 1 - own;
    if (rest == 0) {
        EXPECT_EQ(both.size(), 1) << "nothing left to meter: no row";
    } else {
        ASSERT_EQ(both.size(), 2);
        const QJsonObject next = both.first().toObject(); // newest hour first
        EXPECT_EQ(next.value("quantity").toInteger(), rest);
        EXPECT_FALSE(next.value("allocations").toObject().contains(workspace));
    }
}

TEST_P(Metering, FailuresAreRetriedWithBackoffUntilTheWindowClosesThenExpire)
{
    const auto [cloud, workspace] = metered("aws");
    // AWS throttles, then errs, for every attempt of the first run.
    aws.failNext(1000, test::FakeAws::Failure::Throttle);
    const QJsonObject run = sweep();
    EXPECT_GT(run.value("failed").toInteger(), 0);
    QJsonObject r = oldest(cloud);
    EXPECT_EQ(r.value("state").toString(), "failed");
    EXPECT_EQ(r.value("attempts").toInt(), 1);
    EXPECT_TRUE(r.value("last_error").toString().contains("ThrottlingException"))
        << r.value("last_error").toString().toStdString();
    const qint64 due = contract::json::time(r.value("next_attempt_at"));
    EXPECT_EQ(due, now() + 5 * Minute);
    EXPECT_FALSE(records("state=failed&cloud_account_id=" + cloud).isEmpty());

    // Before it is due, nothing is sent again.
    const int calls = aws.requests("BatchMeterUsage");
    at(now() + 2 * Minute);
    sweep();
    EXPECT_EQ(aws.requests("BatchMeterUsage"), calls);
    EXPECT_EQ(oldest(cloud).value("attempts").toInt(), 1);

    // Still failing at each try: 5, 10, 20 … minutes apart, until the 6-hour window closes: expired, lost.
    for (int i = 0; i < 12 && oldest(cloud).value("state").toString() != "expired"; ++i) {
        at(now() + 30 * Minute);
        sweep();
    }
    r = oldest(cloud);
    EXPECT_EQ(r.value("state").toString(), "expired");
    EXPECT_GT(r.value("attempts").toInt(), 3);
    EXPECT_TRUE(r.value("last_error").toString().contains("6-hour window"))
        << r.value("last_error").toString().toStdString();
    EXPECT_FALSE(records("state=expired&cloud_account_id=" + cloud).isEmpty());
    EXPECT_TRUE(aws.metered().isEmpty() ||
                std::none_of(aws.metered().begin(), aws.metered().end(), [&](const auto &m) {
                    return m.timestamp * 1000 == contract::json::time(r.value("hour"));
                }));
}

// Back after a day and a half down: the platform meters the hours Azure still takes (24), and marks
// expired, marketplace by marketplace and hour by hour, every record whose window closed (AWS's 6
// hours) before anything is sent; the others are sent and accepted.
TEST_P(Metering, AfterADayDownEachMarketplacesClosedHoursExpireAndTheOthersAreSent)
{
    const auto [awsCloud, awsWorkspace] = metered("aws");
    const auto [azureCloud, azureWorkspace] = metered("azure");
    at(now() + 36 * Hour);
    const QJsonObject run = sweep();
    EXPECT_EQ(run.value("hours_metered").toInteger(), 24);
    EXPECT_GT(run.value("expired").toInteger(), 0);
    for (const auto &[cloud, windowHours] : {std::pair{awsCloud, 6}, std::pair{azureCloud, 24}}) {
        const qint64 closedBefore = now() - windowHours * Hour;
        const qint64 closed = number("SELECT COUNT(*) FROM metering_records WHERE cloud_account_id = ? AND "
                                     "hour <= ?",
                                     {cloud, closedBefore});
        const qint64 open =
            number("SELECT COUNT(*) FROM metering_records WHERE cloud_account_id = ? AND hour > ?",
                   {cloud, closedBefore});
        EXPECT_EQ(open, windowHours - 1) << cloud.toStdString();
        EXPECT_EQ(closed, 25 - windowHours) << cloud.toStdString();
        EXPECT_EQ(number("SELECT COUNT(*) FROM metering_records WHERE cloud_account_id = ? AND hour <= ? AND "
                         "state = 'expired' AND last_error LIKE ?",
                         {cloud, closedBefore, QStringLiteral("%%1-hour window%").arg(windowHours)}),
                  closed)
            << cloud.toStdString();
        EXPECT_EQ(number("SELECT COUNT(*) FROM metering_records WHERE cloud_account_id = ? AND hour > ? AND "
                         "state = 'accepted'",
                         {cloud, closedBefore}),
                  open)
            << cloud.toStdString();
    }
}

TEST_P(Metering, ServerErrorsTimeoutsAndUnprocessedRecordsAreSentAgainAndBilledOnce)
{
    const auto [cloud, workspace] = metered("aws");
    // 500s for both attempts of every call of the first run, then silence past the 1 s deadline.
    aws.failNext(1000, test::FakeAws::Failure::ServerError);
    sweep();
    const qint64 awsRows =
        number("SELECT COUNT(*) FROM metering_records WHERE marketplace IN ('aws', 'aws_cn')");
    EXPECT_EQ(
        number(
            "SELECT COUNT(*) FROM metering_records WHERE state = 'failed' AND last_error LIKE '%HTTP 500%'"),
        awsRows);
    aws.clearFailures();
    aws.failNext(1000, test::FakeAws::Failure::NoAnswer);
    at(now() + 6 * Minute);
    sweep();
    EXPECT_EQ(
        number("SELECT COUNT(*) FROM metering_records WHERE state = 'failed' AND last_error LIKE '%did not "
               "answer%'"),
        awsRows);
    // AWS leaves two records of the next call unprocessed: they are failed and sent again after.
    aws.clearFailures();
    aws.leaveUnprocessed(2);
    at(now() + 11 * Minute);
    sweep();
    EXPECT_EQ(number("SELECT COUNT(*) FROM metering_records WHERE state = 'failed' AND last_error LIKE "
                     "'%unprocessed%'"),
              2);
    at(now() + 21 * Minute);
    sweep();
    EXPECT_EQ(
        number("SELECT COUNT(*) FROM metering_records WHERE marketplace IN ('aws', 'aws_cn') AND state <> "
               "'accepted'"),
        0);
    // Sent up to three times, billed once each.
    EXPECT_EQ(aws.metered().size(),
              number("SELECT COUNT(*) FROM metering_records WHERE marketplace IN ('aws', 'aws_cn')"));
    const QJsonArray calls =
        test::exchange("GET", test::endpoint(platform->url(), "/v1/marketplace/calls?limit=1000"),
                       platform->adminToken())
            .json.value("items")
            .toArray();
    QStringList outcomes;
    for (const QJsonValue &c : calls) {
        if (c.toObject().value("operation").toString() == "BatchMeterUsage")
            outcomes << c.toObject().value("outcome").toString();
    }
    EXPECT_TRUE(outcomes.contains("HTTP 500")) << outcomes.join(", ").toStdString();
    EXPECT_TRUE(std::any_of(outcomes.begin(), outcomes.end(), [](const QString &o) {
        return o.startsWith("no answer");
    })) << outcomes.join(", ").toStdString();
}

TEST_P(Metering, CustomerNotSubscribedIsRecordedAndNotRetried)
{
    const auto [cloud, workspace] = metered("aws");
    QSqlQuery c = sql(
        "SELECT customer_identifier, customer_aws_account_id, license_arn FROM cloud_accounts WHERE id = ?",
        {cloud});
    ASSERT_TRUE(c.next());
    const bool byAgreement = !c.value(2).toString().isEmpty() &&
                             QRegularExpression("^[0-9]+$").match(c.value(1).toString()).hasMatch();
    aws.refuseCustomer(byAgreement ? c.value(1).toString() + '/' + c.value(2).toString()
                                   : c.value(0).toString());
    c.finish();
    sweep();
    QJsonObject r = only(records("cloud_account_id=" + cloud));
    EXPECT_EQ(r.value("state").toString(), "customer_not_subscribed");
    EXPECT_TRUE(r.value("last_error").toString().contains("CustomerNotSubscribed"));
    const int calls = aws.requests("BatchMeterUsage");
    at(now() + 3 * Hour);
    sweep(); // three more hours metered and sent (refused again); the first is not sent again
    r = records("cloud_account_id=" + cloud).last().toObject();
    EXPECT_EQ(r.value("attempts").toInt(), 1);
    EXPECT_EQ(r.value("state").toString(), "customer_not_subscribed");
    EXPECT_GT(aws.requests("BatchMeterUsage"), calls);
}

TEST_P(Metering, AzureExpiredAndInactiveSubscriptionsAreRecordedAsSuch)
{
    const auto [cloud, workspace] = metered("azure");
    // Microsoft is down for the first run.
    azure.failNext(1000, test::FakeAzure::Failure::ServerError);
    sweep();
    QJsonObject r = only(records("cloud_account_id=" + cloud));
    EXPECT_EQ(r.value("state").toString(), "failed");
    EXPECT_TRUE(r.value("last_error").toString().contains("HTTP 500"))
        << r.value("last_error").toString().toStdString();
    // It answers again 22 hours on, by when Microsoft's own clock says the hour is past its 24 hours.
    azure.clearFailures();
    at(now() + 22 * Hour);
    azure.setMeteringNow(now() + 2 * Hour);
    QSqlQuery read = sql("SELECT azure_subscription_id FROM cloud_accounts WHERE id = ?", {cloud});
    ASSERT_TRUE(read.next());
    const QString resource = read.value(0).toString();
    read.finish();
    sweep();
    const QJsonArray all = records("cloud_account_id=" + cloud);
    r = all.last().toObject(); // the first hour
    EXPECT_EQ(r.value("state").toString(), "expired");
    EXPECT_TRUE(r.value("last_error").toString().contains("Azure: Expired"))
        << r.value("last_error").toString().toStdString();
    // Later hours went through, each once.
    EXPECT_EQ(all.first().toObject().value("state").toString(), "accepted");
    // The subscription is no longer active at Microsoft: its next hour is refused and not retried.
    azure.setMeteringNow(now());
    azure.deactivate(resource);
    at(now() + Hour);
    sweep();
    r = records("cloud_account_id=" + cloud).first().toObject();
    EXPECT_EQ(r.value("state").toString(), "customer_not_subscribed");
    EXPECT_TRUE(r.value("last_error").toString().contains("ResourceNotActive"));
}

TEST_P(Metering, ACrashBetweenSendAndRecordNeverBillsAnHourTwiceNorLosesOne)
{
    // The platform claims records (state sent, written before the call) and AWS accepts them, but the
    // answer is never recorded: the platform died in between. This is that state, made by the same
    // store and gateway the platform uses.
    auto direct = platform->directAccess();
    ASSERT_TRUE(direct->metering().run(QStringLiteral("crashed-instance")).ok()); // no sender: writes only
    const qint64 rows = number("SELECT COUNT(*) FROM metering_records");
    ASSERT_GT(rows, 0);
    EXPECT_EQ(number("SELECT COUNT(*) FROM metering_records WHERE state = 'pending'"), rows);
    auto db = direct->database().connection();
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE(db->transaction());
    auto claimed = direct->metering().store().claimDue(*db, now(), now() + 10 * Minute, 1000);
    ASSERT_TRUE(claimed.ok()) << claimed.problem().message().toStdString();
    ASSERT_TRUE(db->commit());
    ASSERT_EQ(claimed->size(), rows);
    marketplace::ConnectedMarketplaceGateway gateway(config, {}, [this] { return now(); });
    QHash<QString, QList<contract::MeteredUsage>> byMarketplace;
    for (const auto &usage : *claimed)
        byMarketplace[usage.record.marketplace].append(usage);
    QHash<qint64, QString> firstIds;
    for (auto it = byMarketplace.begin(); it != byMarketplace.end(); ++it) {
        for (qsizetype i = 0; i < it->size(); i += 25) {
            auto sent = gateway.meterUsage(it.key(), it->mid(i, 25));
            ASSERT_TRUE(sent.ok());
            for (const auto &a : *sent) {
                EXPECT_EQ(a.state, "accepted") << a.error.toStdString();
                firstIds.insert(a.id, a.marketplaceRecordId);
            }
        }
    }
    EXPECT_EQ(number("SELECT COUNT(*) FROM metering_records WHERE state = 'sent'"), rows);

    // Restarted, the platform leaves them while a call could still be out, then sends them again.
    at(now() + 5 * Minute);
    EXPECT_EQ(sweep().value("records_sent").toInteger(), 0);
    at(now() + 6 * Minute);
    const QJsonObject resent = sweep();
    EXPECT_EQ(resent.value("records_sent").toInteger(), rows);
    EXPECT_EQ(resent.value("accepted").toInteger(), rows);
    // AWS honoured each record once (the same MeteringRecordId again); Microsoft says Duplicate and names
    // the event it accepted the first time.
    for (const QJsonValue &v : records()) {
        const QJsonObject r = v.toObject();
        const qint64 id = r.value("id").toInteger();
        EXPECT_EQ(r.value("attempts").toInt(), 2);
        EXPECT_EQ(r.value("marketplace_record_id").toString(), firstIds.value(id)) << id;
        EXPECT_EQ(r.value("state").toString(),
                  r.value("marketplace").toString() == "azure" ? "duplicate" : "accepted");
    }
    EXPECT_EQ(aws.metered().size() + azure.usageEvents().size(), rows);
}

TEST_P(Metering, UnsubscribePendingSendsTheCustomersLastUsageAtOnce)
{
    const auto [cloud, workspace] = metered("aws");
    QSqlQuery read = sql("SELECT customer_identifier FROM cloud_accounts WHERE id = ?", {cloud});
    ASSERT_TRUE(read.next());
    const QString customer = read.value(0).toString();
    read.finish();           // an open SQLite read would keep this connection on an old snapshot
    at(now() + 20 * Minute); // 35 minutes into the hour
    const qint64 thisHour = now() / Hour * Hour;
    QNetworkRequest sns(test::endpoint(platform->url(), "/v1/marketplace/aws/notifications"));
    sns.setHeader(QNetworkRequest::ContentTypeHeader, "text/plain; charset=UTF-8");
    const auto answered =
        test::exchange(sns, "POST",
                       platform->simulator().snsNotification({{"action", "unsubscribe-pending"},
                                                              {"customer-identifier", customer},
                                                              {"product-code", test::FakeAws::ProductCode}},
                                                             "final-usage-1", now()));
    ASSERT_EQ(answered.status, 200) << answered.body.toStdString();
    // Written and sent apart from SNS's answer: wait for it.
    QJsonArray final;
    for (int i = 0; i < 100; ++i) {
        final = records("cloud_account_id=" + cloud + "&state=accepted");
        if (!final.isEmpty())
            break;
        QThread::msleep(50);
    }
    const QJsonObject r = only(final);
    EXPECT_EQ(contract::json::time(r.value("hour")), thisHour);
    EXPECT_EQ(r.value("quantity").toInteger(), runningPaid(cloud));
    EXPECT_EQ(aws.metered().size(), 1) << "only this customer's usage, before the hour ends";

    // When the hour is over, the scheduler meters everyone else's; this customer's hour is not metered twice.
    at(thisHour + Hour + Minute);
    sweep();
    EXPECT_EQ(
        records("cloud_account_id=" + cloud + "&from=" + contract::json::time(thisHour).toString()).size(),
        1);
    EXPECT_GT(number("SELECT COUNT(*) FROM metering_records WHERE hour = ?", {thisHour}), 1);
    EXPECT_EQ(number("SELECT COUNT(*) FROM metering_records WHERE hour = ? AND cloud_account_id = ?",
                     {thisHour, cloud}),
              1);
}

TEST_P(Metering, StaffRetryAFailedHourAndTheRetryIsAudited)
{
    const auto [cloud, workspace] = metered("aws");
    aws.failNext(1000, test::FakeAws::Failure::ServerError);
    sweep();
    const QJsonObject failed = only(records("cloud_account_id=" + cloud));
    ASSERT_EQ(failed.value("state").toString(), "failed");
    const QString id = QString::number(failed.value("id").toInteger());
    const auto retry = [&](const QString &token, const QString &key, const QString &record) {
        QNetworkRequest request(test::endpoint(platform->url(), "/v1/metering-records/" + record + "/retry"));
        request.setRawHeader("Authorization", "Bearer " + token.toUtf8());
        request.setRawHeader("Idempotency-Key", key.toUtf8());
        return test::exchange(request, "POST");
    };
    const QString viewer = platform->addStaff("vera.viewer", "viewer");
    const QString operatorToken = platform->addStaff("olga.operator", "operator");
    EXPECT_EQ(retry(viewer, "r-0", id).status, 403);
    EXPECT_EQ(retry(operatorToken, "r-404", "999999").status, 404);
    // AWS is still down: the retry is made and fails again, said as such.
    const auto again = retry(operatorToken, "r-1", id);
    ASSERT_EQ(again.status, 200) << again.body.toStdString();
    EXPECT_EQ(again.json.value("state").toString(), "failed");
    EXPECT_EQ(again.json.value("attempts").toInt(), 2);
    // AWS is back.
    aws.clearFailures();
    const auto ok = retry(operatorToken, "r-2", id);
    ASSERT_EQ(ok.status, 200) << ok.body.toStdString();
    EXPECT_EQ(ok.json.value("state").toString(), "accepted");
    EXPECT_EQ(ok.json.value("attempts").toInt(), 3);
    test::SchemaCheck(test::loadOpenApi())
        .check(ok.json, QJsonObject{{"$ref", "#/components/schemas/MeteringRecord"}}, "retry answer");
    const auto notFailed = retry(operatorToken, "r-3", id);
    EXPECT_EQ(notFailed.status, 409);
    EXPECT_EQ(notFailed.json.value("code").toString(), "metering_record_not_failed");
    EXPECT_EQ(number("SELECT COUNT(*) FROM audit_events WHERE action = 'metering_record.retried' AND "
                     "target_id = ? AND "
                     "actor = 'olga.operator'",
                     {id}),
              2);
    EXPECT_EQ(aws.metered().size(),
              number("SELECT COUNT(*) FROM metering_records WHERE marketplace IN ('aws', "
                     "'aws_cn') AND state = 'accepted'"));
}

TEST_P(Metering, BadFiltersAreRefusedWithTheParameterNamed)
{
    for (const auto &[query, parameter] :
         {std::pair{"state=lost", "state"}, std::pair{"from=yesterday", "from"},
          std::pair{"limit=5000", "limit"},
          std::pair{"from=2026-09-02T00:00:00Z&to=2026-09-01T00:00:00Z", "to"},
          std::pair{"color=red", "color"}}) {
        const auto refused = test::exchange(
            "GET", test::endpoint(platform->url(), QStringLiteral("/v1/metering-records?") + query),
            platform->adminToken());
        EXPECT_EQ(refused.status, 400) << query;
        EXPECT_TRUE(refused.body.contains(parameter)) << refused.body.toStdString();
    }
}

INSTANTIATE_TEST_SUITE_P(Backends, Metering, ::testing::Values(Backend::Sqlite, Backend::Postgres),
                         [](const auto &info) { return std::string(test::backendName(info.param)); });

// Several instances on one PostgreSQL database meter at once: each hour is metered by one of them,
// each record sent by one, billed once.
TEST(MeteringInstances, SeveralInstancesMeteringAtOnceMeterEachHourOnce)
{
    if (qEnvironmentVariableIsEmpty("BILLING_TEST_POSTGRES"))
        GTEST_SKIP() << "BILLING_TEST_POSTGRES is not set";
    test::FakeAws aws;
    test::FakeAzure azure;
    const auto config = test::everyMarketplace(aws, aws, azure, 2);
    test::TestPlatform platform(Backend::Postgres, 2000, 7, std::nullopt, config);
    const qint64 start = test::TestPlatform::Now / Hour * Hour + 3 * Hour + Minute;
    platform.clock().set(start); // three completed hours since the seed's history: caught up together
    aws.setMeteringNow(start);
    azure.setMeteringNow(start);

    {
        auto db = platform.directAccess()->database().connection();
        QSqlQuery setAside(*db);
        ASSERT_TRUE(setAside.exec("DELETE FROM metering_records")); // the seed's history
    }
    QList<std::shared_ptr<domain::BillingPlatform>> instances;
    QList<std::shared_ptr<marketplace::ConnectedMarketplaceGateway>> gateways;
    for (int i = 0; i < 3; ++i) {
        auto opened = domain::BillingPlatform::open(platform.databaseSpec(),
                                                    std::make_shared<domain::ManualClock>(start));
        ASSERT_TRUE(opened.ok());
        auto gateway = std::make_shared<marketplace::ConnectedMarketplaceGateway>(config, nullptr,
                                                                                  [start] { return start; });
        (*opened)->metering().setSender(
            [gateway](const QString &m, const QList<contract::MeteredUsage> &batch) {
                return gateway->meterUsage(m, batch);
            });
        instances.append(*opened);
        gateways.append(gateway);
    }
    std::vector<std::thread> threads;
    std::atomic_int failures = 0;
    for (int i = 0; i < 3; ++i)
        threads.emplace_back([&, i] {
            if (!instances[i]->metering().run(QStringLiteral("instance-%1").arg(i)))
                ++failures;
        });
    for (auto &t : threads)
        t.join();
    EXPECT_EQ(failures, 0);
    auto db = instances[0]->database().connection();
    QSqlQuery q(*db);
    ASSERT_TRUE(
        q.exec("SELECT COUNT(*), COUNT(DISTINCT cloud_account_id || '|' || hour || '|' || dimension), "
               "SUM(CASE WHEN state = 'accepted' THEN 1 ELSE 0 END), "
               "SUM(CASE WHEN marketplace <> 'azure' THEN 1 ELSE 0 END) FROM metering_records"));
    ASSERT_TRUE(q.next());
    const qint64 rows = q.value(0).toLongLong();
    EXPECT_GT(rows, 10);
    EXPECT_EQ(q.value(1).toLongLong(), rows);
    EXPECT_EQ(q.value(2).toLongLong(), rows);
    EXPECT_EQ(aws.recordsReceived(), q.value(3).toLongLong()) << "no record sent by two instances";
    EXPECT_EQ(aws.metered().size(), q.value(3).toLongLong());
    EXPECT_EQ(azure.usageEvents().size(), rows - q.value(3).toLongLong());
    ASSERT_TRUE(q.exec("SELECT COUNT(*) FROM metering_hours WHERE instance <> 'seed'"));
    ASSERT_TRUE(q.next());
    EXPECT_EQ(q.value(0).toLongLong(), 3) << "the three hours since the seed's history, each once";
    for (auto &instance : instances)
        instance->metering().setSender({});
}

// The demo and `seed` start with pay-as-you-go history, so the views mean something on first run.
TEST(MeteringSeed, TheSeedStartsWithUsageHistory)
{
    test::TestPlatform platform(Backend::Sqlite, 600, 7);
    auto db = platform.directAccess()->database().connection();
    QSqlQuery q(*db);
    ASSERT_TRUE(q.exec("SELECT COUNT(*), MIN(hour), MAX(hour) FROM metering_hours"));
    ASSERT_TRUE(q.next());
    EXPECT_EQ(q.value(0).toInt(), seeding::DatasetSeeder::HistoryHours);
    EXPECT_EQ(q.value(2).toLongLong(), test::TestPlatform::Now / Hour * Hour - Hour);
    ASSERT_TRUE(q.exec("SELECT state, COUNT(*) FROM metering_records GROUP BY state"));
    QHash<QString, qint64> states;
    while (q.next())
        states.insert(q.value(0).toString(), q.value(1).toLongLong());
    EXPECT_GT(states.value("accepted"), 100);
    for (const char *few : {"failed", "expired", "customer_not_subscribed"})
        EXPECT_GT(states.value(few), 0) << few;
    EXPECT_EQ(states.value("pending"), 0);
    // Each record's quantity is its workspaces' shares.
    const auto page = test::exchange("GET", test::endpoint(platform.url(), "/v1/metering-records?limit=50"),
                                     platform.adminToken());
    ASSERT_EQ(page.json.value("items").toArray().size(), 50);
    for (const QJsonValue &v : page.json.value("items").toArray()) {
        qint64 shares = 0;
        for (const QJsonValue &share : v.toObject().value("allocations").toObject())
            shares += share.toInteger();
        EXPECT_EQ(shares, v.toObject().value("quantity").toInteger());
    }
}

// The crash itself: `billing-platform serve` is SIGKILLed while AWS holds its answer to a call whose
// records it has taken, then started again on the same database. The claim's ten minutes are moved on
// in the database (the one thing not waited for); nothing else is touched.
TEST(MeteringCrash, APlatformKilledBetweenSendAndRecordNeitherBillsAnHourTwiceNorLosesOne)
{
    test::FakeAws aws;
    QTemporaryDir dir;
    const QString db = "sqlite:" + dir.filePath("platform.sqlite");
    const auto write = [&](const QString &name, const QByteArray &content) {
        QFile file(dir.filePath(name));
        EXPECT_TRUE(file.open(QIODevice::WriteOnly));
        file.write(content);
        file.close();
        file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        return file.fileName();
    };
    const QString ca = write("ca.pem", aws.authorityPem());
    const QString config = write(
        "marketplaces.json",
        QJsonDocument(QJsonObject{{"aws", QJsonObject{{"access_key_id", test::FakeAws::AccessKeyId},
                                                      {"secret_access_key", test::FakeAws::SecretAccessKey},
                                                      {"region", "us-east-1"},
                                                      {"product_code", test::FakeAws::ProductCode},
                                                      {"metering_endpoint", aws.url().toString()},
                                                      {"entitlement_endpoint", aws.url().toString()},
                                                      {"sns_endpoint", aws.url().toString()}}},
                                  {"ca_file", ca},
                                  {"timeout_seconds", 60},
                                  {"attempts", 1}})
            .toJson());
    // The seed's history ends two hours ago: this computer's clock, which `serve` and the fake both keep.
    const qint64 seededUntil = QDateTime::currentMSecsSinceEpoch() / Hour * Hour - 2 * Hour;
    QProcess seed;
    seed.start(BILLING_PLATFORM_BINARY,
               {"seed", "--db", db, "--workspaces", "1500", "--seed", "7", "--now",
                QDateTime::fromMSecsSinceEpoch(seededUntil, Qt::UTC).toString(Qt::ISODate)});
    ASSERT_TRUE(seed.waitForFinished(60000) && seed.exitCode() == 0)
        << seed.readAllStandardError().toStdString();
    const auto serve = [&](QProcess &process) {
        process.setProcessChannelMode(QProcess::MergedChannels);
        process.start(BILLING_PLATFORM_BINARY,
                      {"serve", "--db", db, "--listen", "127.0.0.1:0", "--scheduler-interval", "1",
                       "--marketplace-config", config, "--snapshot-dir", dir.filePath("snapshots")});
        return test::waitUntil(
            [&] {
                return process.state() == QProcess::NotRunning || process.peek(4096).contains("listening on");
            },
            60000);
    };
    auto sqlite = QSqlDatabase::addDatabase("QSQLITE", "metering-crash");
    sqlite.setDatabaseName(dir.filePath("platform.sqlite"));
    ASSERT_TRUE(sqlite.open());
    const auto number = [&](const QString &sql) {
        QSqlQuery q(sqlite);
        EXPECT_TRUE(q.exec(sql) && q.next()) << sql.toStdString();
        return q.value(0).toLongLong();
    };

    // AWS takes the first call's records and holds its answer; the platform is killed meanwhile.
    aws.holdAnswers(5000);
    QProcess first;
    ASSERT_TRUE(serve(first)) << first.readAll().toStdString();
    ASSERT_TRUE(test::waitUntil([&] { return !aws.metered().isEmpty(); }, 60000))
        << first.readAll().toStdString();
    first.kill();
    ASSERT_TRUE(first.waitForFinished(10000));
    aws.holdAnswers(0);
    const QList<test::FakeAws::Metered> takenBeforeTheCrash = aws.metered();
    const qint64 outstanding = number("SELECT COUNT(*) FROM metering_records WHERE state = 'sent'");
    EXPECT_GE(outstanding, qint64(takenBeforeTheCrash.size())) << "claimed, taken by AWS, never recorded";
    EXPECT_EQ(
        number(QStringLiteral("SELECT COUNT(*) FROM metering_records WHERE state = 'accepted' AND hour >= %1")
                   .arg(seededUntil)),
        0)
        << "nothing was heard back";
    // How often each record AWS took had been sent by then (the seed's failed hours had tries before).
    QList<int> attemptsAtTheCrash;
    const auto attemptsOf = [&](const test::FakeAws::Metered &taken) {
        QSqlQuery row(sqlite);
        row.prepare("SELECT m.marketplace_record_id, m.attempts, m.quantity FROM metering_records m JOIN "
                    "cloud_accounts c ON c.id = m.cloud_account_id WHERE c.customer_identifier = ? AND "
                    "m.dimension = ? AND m.hour = ?");
        row.addBindValue(taken.customer);
        row.addBindValue(taken.dimension);
        row.addBindValue(taken.timestamp * 1000);
        EXPECT_TRUE(row.exec() && row.next()) << taken.customer.toStdString();
        return std::tuple{row.value(0).toString(), row.value(1).toInt(), row.value(2).toLongLong()};
    };
    for (const test::FakeAws::Metered &taken : takenBeforeTheCrash)
        attemptsAtTheCrash.append(std::get<1>(attemptsOf(taken)));
    const qint64 written =
        number(QStringLiteral("SELECT COUNT(*) FROM metering_records WHERE marketplace = 'aws' "
                              "AND hour >= %1")
                   .arg(seededUntil));
    EXPECT_GT(written, 25) << "the two hours since the seed's history, more than one call's worth";

    // The claim's ten minutes pass; started again, the platform sends what it never heard back about.
    {
        QSqlQuery lease(sqlite);
        ASSERT_TRUE(
            lease.exec(QStringLiteral("UPDATE metering_records SET next_attempt_at = %1 WHERE state = 'sent'")
                           .arg(QDateTime::currentMSecsSinceEpoch() - 1)));
    }
    QProcess second;
    ASSERT_TRUE(serve(second)) << second.readAll().toStdString();
    ASSERT_TRUE(test::waitUntil(
        [&] {
            return number("SELECT COUNT(*) FROM metering_records WHERE marketplace = 'aws' AND state IN "
                          "('pending', 'sent', 'failed')") == 0;
        },
        90000))
        << second.readAll().toStdString();
    second.terminate();
    second.waitForFinished(10000);

    // Every hour since the seed is billed, once: AWS holds one record per ledger row, and each row carries
    // the MeteringRecordId AWS gave the first time, sent again or not.
    // (Not a count taken before: an hour may have ended since, and been metered as well.)
    EXPECT_EQ(number(QStringLiteral(
                         "SELECT COUNT(*) FROM metering_records WHERE marketplace = 'aws' AND hour >= %1 "
                         "AND state <> 'accepted'")
                         .arg(seededUntil)),
              0);
    EXPECT_GE(number(QStringLiteral(
                         "SELECT COUNT(*) FROM metering_records WHERE marketplace = 'aws' AND hour >= %1")
                         .arg(seededUntil)),
              written);
    EXPECT_EQ(number("SELECT COUNT(*) FROM metering_records WHERE state = 'duplicate'"), 0);
    // What AWS took is what the ledger says it billed: the hours since the seed and the seed's own hours
    // still in AWS's window, each once.
    const qint64 billed =
        number("SELECT COUNT(*) FROM metering_records WHERE marketplace = 'aws' AND state = "
               "'accepted' AND marketplace_record_id NOT LIKE 'seed-%'");
    EXPECT_EQ(qint64(aws.metered().size()), billed);
    EXPECT_GT(aws.recordsReceived(), aws.metered().size()) << "the records AWS had taken were sent again";
    for (qsizetype i = 0; i < takenBeforeTheCrash.size(); ++i) {
        const test::FakeAws::Metered &taken = takenBeforeTheCrash.at(i);
        const auto [recordId, attempts, quantity] = attemptsOf(taken);
        EXPECT_EQ(recordId, taken.meteringRecordId);
        EXPECT_EQ(attempts, attemptsAtTheCrash.at(i) + 1) << "sent, killed, sent again";
        EXPECT_EQ(quantity, taken.quantity);
    }
    sqlite.close();
    sqlite = {};
    QSqlDatabase::removeDatabase("metering-crash");
}
