// SPDX-License-Identifier: Apache-2.0
#include "platform/store/transaction.h"
#include "tests/support/changesapitest.h"
#include "tests/support/httpprobe.h"
#include "tests/support/openapischema.h"
#include "tests/support/testplatform.h"
#include "tests/support/wait.h"

#include <QJsonArray>
#include <QSqlQuery>
#include <QTcpSocket>
#include <QUuid>

#include <gtest/gtest.h>

using namespace billing;
using billing::test::Backend;
using billing::test::exchange;

namespace {
using BillingChangesApi = test::ChangesApiTest;
} // namespace

TEST_P(BillingChangesApi, AnEligibleWorkspaceMovesToCloudBillingAndItsOwnerIsLinked)
{
    const QString id = eligibleWorkspace();
    const QString cloud = bindableCloud("azure");
    const qint64 version = workspace(id).value("version").toInteger();
    const qint64 audit = auditCount();
    const auto answer = changeMethod(id, {{"method", "cloud_account"}, {"cloud_account_id", cloud}});
    ASSERT_EQ(answer.status, 200) << answer.body.toStdString();
    const QJsonObject openApi = test::loadOpenApi();
    test::SchemaCheck(openApi).check(
        answer.json, test::okSchema(openApi, "/v1/workspaces/{id}/billing-method", "post"), "billing-method");
    EXPECT_EQ(answer.json.value("billing_method").toString(), "cloud_account");
    EXPECT_EQ(answer.json.value("cloud_account_id").toString(), cloud);
    EXPECT_EQ(answer.json.value("version").toInteger(), version + 1);
    EXPECT_EQ(answer.etag, QByteArray("\"") + QByteArray::number(version + 1) + "\"");
    const QString owner = answer.json.value("account_id").toString();
    EXPECT_EQ(pick("SELECT linked_cloud_account_id FROM accounts WHERE id = '" + owner + "'"), cloud);
    // Audited in the same transaction, chained, attributed to the operator.
    EXPECT_EQ(auditCount(), audit + 2); // the method change and the account link
    const auto events =
        exchange("GET",
                 test::endpoint(platform->url(), "/v1/audit-events?target=" + id + "&order=desc&limit=1"),
                 platform->adminToken())
            .json.value("items")
            .toArray();
    ASSERT_EQ(events.size(), 1);
    const QJsonObject event = events.at(0).toObject();
    EXPECT_EQ(event.value("actor").toString(), "olga.operator");
    EXPECT_EQ(event.value("action").toString(), "workspace.billing_method_changed");
    EXPECT_EQ(event.value("after").toObject().value("cloud_account_id").toString(), cloud);
    EXPECT_FALSE(event.value("request_id").toString().isEmpty());
    EXPECT_EQ(event.value("prev_hash").toString(),
              pick(QStringLiteral("SELECT hash FROM audit_events WHERE seq = %1")
                       .arg(event.value("seq").toInteger() - 1)));
}

TEST_P(BillingChangesApi, EveryEligibilityRuleRefusesWithItsOwnCode)
{
    const QString azure = bindableCloud("azure");
    // Rule 1: a card, credits, another cloud account.
    expectRefused(
        pick("SELECT w.id FROM workspaces w JOIN accounts a ON a.id = w.account_id WHERE a.card_brand <> '' "
             "AND w.status = 'active' ORDER BY w.id LIMIT 1"),
        {{"method", "cloud_account"}, {"cloud_account_id", azure}}, 422, "account_has_credit_card");
    expectRefused(
        pick("SELECT w.id FROM workspaces w JOIN accounts a ON a.id = w.account_id WHERE a.card_brand = '' "
             "AND a.credits_minor > 0 AND w.status = 'active' ORDER BY w.id LIMIT 1"),
        {{"method", "cloud_account"}, {"cloud_account_id", azure}}, 422, "account_uses_credits");
    expectRefused(pick("SELECT w.id FROM workspaces w JOIN accounts a ON a.id = w.account_id WHERE "
                       "a.linked_cloud_account_id "
                       "IS NOT NULL AND a.linked_cloud_account_id <> '" +
                       azure + "' AND w.status = 'active' ORDER BY w.id LIMIT 1"),
                  {{"method", "cloud_account"}, {"cloud_account_id", azure}}, 422, "account_already_linked");
    // Rule 2: subscription and sync state; the marketplace partition by site.
    const QString eligible = eligibleWorkspace("w.site NOT LIKE 'cn-%'");
    expectRefused(eligible,
                  {{"method", "cloud_account"},
                   {"cloud_account_id",
                    pick("SELECT id FROM cloud_accounts WHERE subscription_state = 'pending' LIMIT 1")}},
                  422, "cloud_account_not_subscribed");
    expectRefused(eligible,
                  {{"method", "cloud_account"},
                   {"cloud_account_id", pick("SELECT id FROM cloud_accounts WHERE subscription_state = "
                                             "'subscribed' AND sync_state = 'syncing' LIMIT 1")}},
                  422, "cloud_account_not_subscribed");
    expectRefused(eligible, {{"method", "cloud_account"}, {"cloud_account_id", bindableCloud("aws_cn")}}, 422,
                  "site_not_allowed");
    expectRefused(eligibleWorkspace("w.site LIKE 'cn-%'"),
                  {{"method", "cloud_account"}, {"cloud_account_id", bindableCloud("aws")}}, 422,
                  "site_not_allowed");
    // Card and credits need a card and credits; a dissolved workspace changes no more.
    expectRefused(eligible, {{"method", "credit_card"}}, 422, "no_credit_card");
    expectRefused(eligible, {{"method", "prepaid_credits"}}, 422, "no_credits");
    expectRefused(pick("SELECT id FROM workspaces WHERE status = 'dissolved' LIMIT 1"),
                  {{"method", "cloud_account"}, {"cloud_account_id", azure}}, 422, "workspace_dissolved");
}

TEST_P(BillingChangesApi, AnAccountManagerExemptionLiftsThePartition)
{
    const QString id = pick(
        "SELECT w.id FROM workspaces w JOIN accounts a ON a.id = w.account_id WHERE a.card_brand = '' AND "
        "a.credits_minor = 0 AND a.linked_cloud_account_id IS NULL AND a.any_method_allowed = 1 AND "
        "w.status <> 'dissolved' ORDER BY w.id LIMIT 1");
    // A cloud account of the other partition than the workspace's site.
    const bool china = workspace(id).value("site").toString().startsWith("cn-");
    const auto answer = changeMethod(
        id, {{"method", "cloud_account"}, {"cloud_account_id", bindableCloud(china ? "aws" : "aws_cn")}});
    EXPECT_EQ(answer.status, 200) << answer.body.toStdString();
}

TEST_P(BillingChangesApi, ALockedWorkspaceUnlocksWhenItGetsAValidMethod)
{
    const QString id =
        pick("SELECT w.id FROM workspaces w JOIN accounts a ON a.id = w.account_id WHERE a.card_brand <> '' "
             "AND w.status = 'locked' ORDER BY w.id LIMIT 1");
    const auto answer = changeMethod(id, {{"method", "credit_card"}});
    ASSERT_EQ(answer.status, 200) << answer.body.toStdString();
    EXPECT_EQ(answer.json.value("status").toString(), "active");
    EXPECT_TRUE(answer.json.value("lock").isNull());
}

TEST_P(BillingChangesApi, AStaleVersionIsAConflictThatCarriesTheCurrentState)
{
    const QString id = pick("SELECT w.id FROM workspaces w JOIN accounts a ON a.id = w.account_id WHERE "
                            "a.card_brand <> '' AND w.status = 'active' LIMIT 1");
    const qint64 version = workspace(id).value("version").toInteger();
    ASSERT_EQ(changeMethod(id, {{"method", "credit_card"}}).status, 200);
    const auto stale = send("POST", "/v1/workspaces/" + id + "/billing-method", {{"method", "credit_card"}},
                            QStringLiteral("\"%1\"").arg(version));
    EXPECT_EQ(stale.status, 409);
    EXPECT_EQ(stale.json.value("code").toString(), "version_conflict");
    EXPECT_EQ(stale.json.value("current").toObject().value("version").toInteger(), version + 1);
    EXPECT_EQ(workspace(id).value("version").toInteger(), version + 1);
}

TEST_P(BillingChangesApi, AReplayAnswersTheSameAndChangesNothing)
{
    const QString id = pick("SELECT w.id FROM workspaces w JOIN accounts a ON a.id = w.account_id WHERE "
                            "a.card_brand <> '' AND w.status = 'active' LIMIT 1");
    const QString version = QStringLiteral("\"%1\"").arg(workspace(id).value("version").toInteger());
    const QString key = "replay-key-1";
    const auto first =
        send("POST", "/v1/workspaces/" + id + "/billing-method", {{"method", "credit_card"}}, version, key);
    ASSERT_EQ(first.status, 200);
    const qint64 audit = auditCount();
    const auto again =
        send("POST", "/v1/workspaces/" + id + "/billing-method", {{"method", "credit_card"}}, version, key);
    EXPECT_EQ(again.status, 200);
    EXPECT_EQ(again.json, first.json);
    EXPECT_EQ(again.etag, first.etag);
    EXPECT_EQ(auditCount(), audit);
    EXPECT_EQ(workspace(id).value("version").toInteger(), first.json.value("version").toInteger());
    const auto reused = send("POST", "/v1/workspaces/" + id + "/billing-method",
                             {{"method", "prepaid_credits"}}, version, key);
    EXPECT_EQ(reused.status, 422);
    EXPECT_EQ(reused.json.value("code").toString(), "idempotency_key_reused");
}

TEST_P(BillingChangesApi, BadRequestsAreRefusedBeforeAnythingChanges)
{
    const QString id = eligibleWorkspace();
    const QString path = "/v1/workspaces/" + id + "/billing-method";
    const QString version = QStringLiteral("\"%1\"").arg(workspace(id).value("version").toInteger());
    const QJsonObject before = workspace(id);
    const QString viewer = platform->addStaff("victor.viewer", "viewer");
    const qint64 audit = auditCount();
    const auto noVersion = send("POST", path, {{"method", "credit_card"}}, QString());
    EXPECT_EQ(noVersion.status, 428);
    EXPECT_EQ(noVersion.json.value("code").toString(), "version_required");
    const auto noKey = send("POST", path, {{"method", "credit_card"}}, version, QStringLiteral(""));
    EXPECT_EQ(noKey.status, 400);
    EXPECT_EQ(noKey.json.value("parameter").toString(), "Idempotency-Key");
    const auto badMethod = send("POST", path, {{"method", "cash"}}, version);
    EXPECT_EQ(badMethod.json.value("parameter").toString(), "method");
    const auto wrongType = send("POST", path, {{"method", 42}}, version);
    EXPECT_EQ(wrongType.status, 400);
    EXPECT_EQ(wrongType.json.value("parameter").toString(), "method");
    const auto noCloud = send("POST", path, {{"method", "cloud_account"}}, version);
    EXPECT_EQ(noCloud.json.value("parameter").toString(), "cloud_account_id");
    const auto unknownCloud =
        send("POST", path, {{"method", "cloud_account"}, {"cloud_account_id", "ca-nope"}}, version);
    EXPECT_EQ(unknownCloud.status, 404);
    const auto unknownWorkspace =
        send("POST", "/v1/workspaces/ws-nope/billing-method", {{"method", "credit_card"}}, version);
    EXPECT_EQ(unknownWorkspace.status, 404);
    QNetworkRequest raw(test::endpoint(platform->url(), path));
    raw.setRawHeader("Authorization", "Bearer " + operatorToken.toUtf8());
    raw.setRawHeader("If-Match", version.toUtf8());
    raw.setRawHeader("Idempotency-Key", "malformed-1");
    // A body that does not say it is JSON is not read as JSON, however well formed.
    raw.setHeader(QNetworkRequest::ContentTypeHeader, "text/plain");
    const auto plain = exchange(raw, "POST", R"({"method": "credit_card"})");
    EXPECT_EQ(plain.status, 415);
    EXPECT_EQ(plain.json.value("code").toString(), "unsupported_media_type");
    raw.setHeader(QNetworkRequest::ContentTypeHeader, "application/json; charset=utf-8");
    const auto malformed = exchange(raw, "POST", "{\"method\": ");
    EXPECT_EQ(malformed.status, 400);
    EXPECT_EQ(malformed.json.value("parameter").toString(), "body");
    const auto forbidden = send("POST", path, {{"method", "credit_card"}}, version, {}, viewer);
    EXPECT_EQ(forbidden.status, 403);
    EXPECT_EQ(forbidden.json.value("code").toString(), "forbidden");
    EXPECT_EQ(workspace(id), before);
    EXPECT_EQ(auditCount(), audit);
}

TEST_P(BillingChangesApi, ABodyThatNamesAKeyTwiceIsRefusedNamingItAndChangesNothing)
{
    const QString id =
        pick("SELECT w.id FROM workspaces w JOIN accounts a ON a.id = w.account_id "
             "WHERE a.card_brand <> '' AND a.credits_minor > 0 AND w.status = 'active' LIMIT 1");
    const QString path = "/v1/workspaces/" + id + "/billing-method";
    const QJsonObject before = workspace(id);
    const QString version = QStringLiteral("\"%1\"").arg(before.value("version").toInteger());
    const qint64 audit = auditCount();
    // Both methods would be allowed: which was meant cannot be told, so neither is applied.
    for (const QByteArray &body :
         {QByteArray(R"({"method":"credit_card","method":"prepaid_credits"})"),
          QByteArray(R"({"method":"credit_card","\u006dethod":"prepaid_credits"})")}) {
        const auto twice = sendBytes("POST", path, body, version);
        EXPECT_EQ(twice.status, 400) << body.toStdString();
        EXPECT_EQ(twice.json.value("code").toString(), "invalid_request");
        EXPECT_EQ(twice.json.value("parameter").toString(), "method");
    }
    // A key repeated in another object of the body is no repetition.
    const auto nested =
        sendBytes("POST", "/v1/workspace-locks",
                  R"({"reason":"admin_hold","workspaces":[{"id":"x","version":1},{"id":"y","version":1}]})",
                  QString(), {}, platform->adminToken());
    EXPECT_NE(nested.json.value("parameter").toString(), "id") << nested.body.toStdString();
    EXPECT_EQ(workspace(id), before);
    EXPECT_EQ(auditCount(), audit);
}

TEST_P(BillingChangesApi, BindingManyIsADryRunThenAllOrNone)
{
    const QString cloud = bindableCloud("azure");
    auto db = platform->directAccess()->database().connection();
    QSqlQuery q(*db);
    ASSERT_TRUE(q.exec(
        "SELECT w.id FROM workspaces w JOIN accounts a ON a.id = w.account_id WHERE a.card_brand = '' AND "
        "a.credits_minor = 0 AND a.linked_cloud_account_id IS NULL AND w.status <> 'dissolved' ORDER BY w.id "
        "LIMIT 12"));
    QJsonArray eligible;
    QSet<QString> sites;
    while (q.next())
        eligible.append(q.value(0).toString());
    ASSERT_GE(eligible.size(), 5);
    const QString carded = pick("SELECT w.id FROM workspaces w JOIN accounts a ON a.id = w.account_id WHERE "
                                "a.card_brand <> '' LIMIT 1");
    QJsonArray mixed = eligible;
    mixed.append(carded);
    mixed.append("ws-nope");
    const QString path = "/v1/cloud-accounts/" + cloud + "/bindings";

    const qint64 audit = auditCount();
    const auto dryRun = send("POST", path, {{"workspace_ids", mixed}, {"dry_run", true}}, QString());
    ASSERT_EQ(dryRun.status, 200) << dryRun.body.toStdString();
    const QJsonObject openApi = test::loadOpenApi();
    const QJsonObject reportSchema = test::okSchema(openApi, "/v1/cloud-accounts/{id}/bindings", "post");
    test::SchemaCheck(openApi).check(dryRun.json, reportSchema, "dry run");
    EXPECT_EQ(dryRun.json.value("eligible").toInt(), eligible.size());
    EXPECT_EQ(dryRun.json.value("refused").toInt(), 2);
    const QJsonArray items = dryRun.json.value("items").toArray();
    ASSERT_EQ(items.size(), mixed.size());
    for (const auto &item : items) {
        const QJsonObject o = item.toObject();
        if (o.value("workspace_id") == carded)
            EXPECT_EQ(o.value("code").toString(), "account_has_credit_card");
        else if (o.value("workspace_id") == "ws-nope")
            EXPECT_EQ(o.value("code").toString(), "not_found");
        else {
            EXPECT_TRUE(o.value("eligible").toBool());
            sites.insert(o.value("site").toString());
        }
    }
    EXPECT_GE(sites.size(), 2) << "workspaces on different sites share one cloud account";
    EXPECT_EQ(auditCount(), audit) << "a dry run changes nothing";

    const auto refused = send("POST", path, {{"workspace_ids", mixed}}, QString());
    EXPECT_EQ(refused.status, 422);
    EXPECT_EQ(refused.json.value("code").toString(), "bindings_refused");
    EXPECT_EQ(number("SELECT COUNT(*) FROM workspaces WHERE cloud_account_id = '" + cloud + "' AND id IN ('" +
                     eligible.toVariantList().first().toString() + "')"),
              0)
        << "none was bound";
    EXPECT_EQ(auditCount(), audit);

    const auto bound = send("POST", path, {{"workspace_ids", eligible}}, QString());
    ASSERT_EQ(bound.status, 200) << bound.body.toStdString();
    test::SchemaCheck(openApi).check(bound.json, reportSchema, "bindings");
    EXPECT_EQ(bound.json.value("bound").toInteger(), eligible.size());
    for (const auto &id : eligible) {
        const QJsonObject w = workspace(id.toString());
        EXPECT_EQ(w.value("billing_method").toString(), "cloud_account");
        EXPECT_EQ(w.value("cloud_account_id").toString(), cloud);
        EXPECT_EQ(w.value("status").toString(), "active") << "a locked workspace unlocks when bound";
        EXPECT_EQ(pick("SELECT linked_cloud_account_id FROM accounts WHERE id = '" +
                       w.value("account_id").toString() + "'"),
                  cloud);
    }
    EXPECT_GE(auditCount(), audit + eligible.size());
}

TEST_P(BillingChangesApi, ClientsThatHangUpMidBindingLeaveThePlatformServingAndTheBindingStands)
{
    // Clients send a bind and hang up while the platform is still at it (here: waiting for the write
    // turn another change holds), and others connect meanwhile. A late answer must be dropped, never
    // written to a connection that is gone (or, worse, to one that took its place). The binding commits, and
    // a retry under the same Idempotency-Key is answered as the first attempt would have been.
    const QString cloud = bindableCloud("azure");
    auto db = platform->directAccess()->database().connection();
    QSqlQuery q(*db);
    ASSERT_TRUE(q.exec(
        "SELECT w.id FROM workspaces w JOIN accounts a ON a.id = w.account_id WHERE a.card_brand = '' AND "
        "a.credits_minor = 0 AND a.linked_cloud_account_id IS NULL AND w.status <> 'dissolved' "
        "AND w.billing_method <> 'cloud_account' ORDER BY w.id"));
    QJsonArray ids;
    while (q.next())
        ids.append(q.value(0).toString());
    ASSERT_GE(ids.size(), 100);
    const QString path = "/v1/cloud-accounts/" + cloud + "/bindings";
    const QByteArray body = QJsonDocument(QJsonObject{{"workspace_ids", ids}}).toJson(QJsonDocument::Compact);
    const QString boundCount = "SELECT COUNT(*) FROM workspaces WHERE cloud_account_id = '" + cloud + "'";
    const qint64 boundBefore = number(boundCount);
    const auto connect = [&](QTcpSocket &socket) {
        socket.connectToHost(platform->url().host(), quint16(platform->url().port()));
        return socket.waitForConnected(5000);
    };
    const QString firstKey = QUuid::createUuid().toString(QUuid::WithoutBraces);
    {
        auto otherChange =
            store::Transaction::begin(platform->directAccess()->database(), store::Transaction::Mode::Write);
        ASSERT_TRUE(otherChange.ok());
        for (int client = 0; client < 3; ++client) {
            QTcpSocket socket;
            ASSERT_TRUE(connect(socket));
            const QString key = client == 0 ? firstKey : QUuid::createUuid().toString(QUuid::WithoutBraces);
            socket.write("POST " + path.toUtf8() + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
                         operatorToken.toUtf8() +
                         "\r\nContent-Type: application/json\r\nIdempotency-Key: " + key.toUtf8() +
                         "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body);
            ASSERT_TRUE(socket.waitForBytesWritten(5000));
            QTest::qWait(200); // the request has arrived and waits for the write turn
            socket.abort();
        }
        QTest::qWait(200); // the platform has seen them go
        for (int other = 0; other < 5; ++other) {
            EXPECT_EQ(
                exchange("GET", test::endpoint(platform->url(), "/v1/health"), platform->adminToken()).status,
                200);
        }
    }

    ASSERT_TRUE(test::waitUntil([&] { return number(boundCount) == boundBefore + ids.size(); }))
        << "the binding the first client asked for commits";
    QTest::qWait(300); // every late answer has been dropped
    const qint64 audit = auditCount();
    EXPECT_EQ(exchange("GET", test::endpoint(platform->url(), "/v1/health"), platform->adminToken()).status,
              200);
    const auto retried = send("POST", path, {{"workspace_ids", ids}}, QString(), firstKey);
    ASSERT_EQ(retried.status, 200) << retried.body.toStdString();
    EXPECT_EQ(retried.json.value("bound").toInteger(), ids.size()) << "the first attempt's answer";
    EXPECT_EQ(auditCount(), audit) << "the retry changes nothing";
}

TEST_P(BillingChangesApi, BindingRefusesBadListsClearly)
{
    const QString path = "/v1/cloud-accounts/" + bindableCloud("azure") + "/bindings";
    EXPECT_EQ(
        send("POST", path, {{"workspace_ids", QJsonArray{}}}, QString()).json.value("parameter").toString(),
        "workspace_ids");
    QJsonArray tooMany;
    for (int i = 0; i <= 10'000; ++i)
        tooMany.append(QStringLiteral("ws-%1").arg(i, 7, 10, QLatin1Char('0')));
    const auto big = send("POST", path, {{"workspace_ids", tooMany}}, QString());
    EXPECT_EQ(big.status, 400);
    EXPECT_EQ(big.json.value("parameter").toString(), "workspace_ids");
    EXPECT_EQ(send("POST", path, {{"workspace_ids", QJsonArray{1, 2}}}, QString())
                  .json.value("parameter")
                  .toString(),
              "workspace_ids");
    EXPECT_EQ(send("POST", path, {{"workspace_ids", "ws-0000001"}}, QString()).status, 400);
    EXPECT_EQ(send("POST", path, {{"workspace_ids", QJsonArray{"ws-0000001"}}, {"dry_run", "yes"}}, QString())
                  .json.value("parameter")
                  .toString(),
              "dry_run");
    EXPECT_EQ(send("POST", "/v1/cloud-accounts/ca-nope/bindings",
                   {{"workspace_ids", QJsonArray{"ws-0000001"}}}, QString())
                  .status,
              404);
}

TEST_P(BillingChangesApi, UnbindingLocksWithoutAReplacementAndUnlinksTheLastWorkspace)
{
    const QString id = pick(
        "SELECT w.id FROM workspaces w WHERE w.billing_method = 'cloud_account' AND w.status = 'active' AND "
        "(SELECT COUNT(*) FROM workspaces o WHERE o.account_id = w.account_id AND o.cloud_account_id <> '') "
        "= 1 LIMIT 1");
    const QJsonObject before = workspace(id);
    const QString cloud = before.value("cloud_account_id").toString();
    const QString version = QStringLiteral("\"%1\"").arg(before.value("version").toInteger());
    const auto answer = send("DELETE", "/v1/cloud-accounts/" + cloud + "/bindings/" + id, {}, version);
    ASSERT_EQ(answer.status, 200) << answer.body.toStdString();
    const QJsonObject openApi = test::loadOpenApi();
    test::SchemaCheck(openApi).check(
        answer.json, test::okSchema(openApi, "/v1/cloud-accounts/{id}/bindings/{workspace}", "delete"),
        "unbind");
    EXPECT_TRUE(answer.json.value("locked").toBool());
    const QJsonObject after = answer.json.value("workspace").toObject();
    EXPECT_EQ(after.value("status").toString(), "locked");
    EXPECT_EQ(after.value("billing_method").toString(), "none");
    EXPECT_EQ(after.value("lock").toObject().value("reason").toString(), "no_billing_method");
    EXPECT_EQ(after.value("lock").toObject().value("by").toString(), "olga.operator");
    EXPECT_TRUE(pick("SELECT COALESCE(linked_cloud_account_id, '') FROM accounts WHERE id = '" +
                     before.value("account_id").toString() + "'")
                    .isEmpty());
    const auto again = send("DELETE", "/v1/cloud-accounts/" + cloud + "/bindings/" + id, {},
                            QStringLiteral("\"%1\"").arg(after.value("version").toInteger()));
    EXPECT_EQ(again.status, 422);
    EXPECT_EQ(again.json.value("code").toString(), "workspace_not_bound");
}

INSTANTIATE_TEST_SUITE_P(Backends, BillingChangesApi, ::testing::Values(Backend::Sqlite, Backend::Postgres),
                         [](const auto &info) { return std::string(test::backendName(info.param)); });
