// SPDX-License-Identifier: Apache-2.0
#include "foundation/contract/jsonfields.h"
#include "foundation/contract/sha256.h"
#include "platform/domain/marketplacesubscriptions.h"
#include "tests/support/fakeaws.h"
#include "tests/support/fakeazure.h"
#include "tests/support/marketplaceapitest.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QTemporaryDir>

using namespace billing;
using billing::test::Backend;

namespace {
constexpr qint64 Day = 24LL * 3600 * 1000;
using MarketplaceApi = test::MarketplaceApi;
} // namespace

TEST_P(MarketplaceApi, AwsSubscribeBindUnsubscribeLocksEverythingAndTheSchedulerDeletes)
{
    // The customer registers from the AWS Marketplace: a cloud account appears, pending until AWS syncs.
    const QJsonObject registered = registerAws("X01CONTOSO01");
    EXPECT_EQ(registered.value("subscription_state").toString(), "pending");
    EXPECT_EQ(registered.value("sync_state").toString(), "syncing");
    EXPECT_EQ(registered.value("customer_identifier").toString(), "X01CONTOSO01");
    EXPECT_FALSE(registered.value("license_arn").toString().isEmpty());
    const QString cloudId = registered.value("id").toString();

    ASSERT_EQ(aws("subscribe-success", "X01CONTOSO01", "m-1").status, 200);
    EXPECT_EQ(cloud(cloudId).value("subscription_state").toString(), "subscribed");
    EXPECT_EQ(cloud(cloudId).value("sync_state").toString(), "synced");

    const QStringList ids = threeOnTwoSites();
    addDeployment("dep-paid-1", ids[0], false);
    addDeployment("dep-trial-1", ids[0], true);
    addDeployment("dep-paid-2", ids[1], false);
    const auto bound = bind(cloudId, ids);
    ASSERT_EQ(bound.status, 200) << bound.body.toStdString();

    // unsubscribe-pending warns; nothing is locked yet.
    ASSERT_EQ(aws("unsubscribe-pending", "X01CONTOSO01", "m-2").status, 200);
    EXPECT_EQ(cloud(cloudId).value("subscription_state").toString(), "unsubscribe_pending");
    for (const QString &id : ids)
        EXPECT_EQ(workspace(id).value("status").toString(), "active");

    // unsubscribe-success (SignatureVersion 1 this time): one transaction locks, stops and unlinks.
    const auto cancelled = aws("unsubscribe-success", "X01CONTOSO01", "m-3", 1);
    ASSERT_EQ(cancelled.status, 200) << cancelled.body.toStdString();
    EXPECT_EQ(cancelled.json.value("locked_workspaces").toInt(), 3);
    EXPECT_EQ(cancelled.json.value("stopped_deployments").toInt(), 2);
    for (const QString &id : ids) {
        const QJsonObject w = workspace(id);
        EXPECT_EQ(w.value("status").toString(), "locked");
        EXPECT_EQ(w.value("billing_method").toString(), "none");
        EXPECT_TRUE(w.value("cloud_account_id").isNull());
        EXPECT_EQ(w.value("lock").toObject().value("reason").toString(), "cloud_subscription_cancelled");
        EXPECT_EQ(w.value("lock").toObject().value("by").toString(), "marketplace:aws");
        EXPECT_EQ(w.value("lock").toObject().value("purge_at").toString(),
                  contract::json::time(now() + 14 * Day).toString());
    }
    EXPECT_EQ(deploymentState("dep-paid-1"), "stopped");
    EXPECT_EQ(deploymentState("dep-paid-2"), "stopped");
    EXPECT_EQ(deploymentState("dep-trial-1"), "running"); // trials keep running
    EXPECT_EQ(number("SELECT delete_at FROM deployments WHERE id = 'dep-paid-1'"), now() + 3 * Day);
    EXPECT_EQ(number("SELECT COUNT(*) FROM accounts WHERE linked_cloud_account_id = '" + cloudId + "'"), 0);
    EXPECT_EQ(cloud(cloudId).value("subscription_state").toString(), "unsubscribed");
    EXPECT_EQ(cloud(cloudId).value("bound_workspace_count").toInteger(), 0);
    EXPECT_EQ(number("SELECT COUNT(*) FROM audit_events WHERE actor = 'marketplace:aws' AND action = "
                     "'workspace.locked_by_cancellation'"),
              3);

    // SNS delivers at least once: the same MessageId again has no second effect.
    const qint64 audit = auditCount();
    const auto replay = aws("unsubscribe-success", "X01CONTOSO01", "m-3", 1);
    EXPECT_EQ(replay.status, 200);
    EXPECT_TRUE(replay.json.value("replayed").toBool());
    EXPECT_EQ(auditCount(), audit);

    // Three days later the scheduler deletes the stopped deployments; a second sweep finds nothing.
    platform->clock().advance(3 * Day);
    const auto swept = sweep();
    ASSERT_EQ(swept.status, 200) << swept.body.toStdString();
    EXPECT_GE(swept.json.value("deployments_deleted").toInt(), 2);
    EXPECT_EQ(deploymentState("dep-paid-1"), "deleted");
    EXPECT_EQ(deploymentState("dep-trial-1"), "running");
    const auto again = sweep();
    EXPECT_EQ(again.json, (QJsonObject{{"deployments_deleted", 0},
                                       {"workspaces_dissolved", 0},
                                       {"overrides_ended", 0},
                                       {"snapshots_deleted", 0},
                                       {"idempotency_keys_forgotten", 0},
                                       {"metering", QJsonObject{{"hours_metered", 0},
                                                                {"records_written", 0},
                                                                {"records_sent", 0},
                                                                {"accepted", 0},
                                                                {"not_subscribed", 0},
                                                                {"failed", 0},
                                                                {"expired", 0}}}}));

    // A valid billing method unlocks; the deleted deployment stays deleted.
    const QString other =
        pick("SELECT id FROM cloud_accounts WHERE provider = 'aws' AND subscription_state = 'subscribed' "
             "AND sync_state = 'synced' ORDER BY id LIMIT 1");
    const auto unlocked = changeMethod(ids[0], {{"method", "cloud_account"}, {"cloud_account_id", other}});
    ASSERT_EQ(unlocked.status, 200) << unlocked.body.toStdString();
    EXPECT_EQ(unlocked.json.value("status").toString(), "active");
    EXPECT_EQ(deploymentState("dep-paid-1"), "deleted");

    // Fourteen days after the lock, the rest are dissolved.
    platform->clock().advance(11 * Day);
    EXPECT_GE(sweep().json.value("workspaces_dissolved").toInt(), 2);
    EXPECT_EQ(workspace(ids[1]).value("status").toString(), "dissolved");
    EXPECT_EQ(workspace(ids[0]).value("status").toString(), "active");
}

TEST_P(MarketplaceApi, ADissolvedWorkspaceKeepsNoDeployment)
{
    // An admin's hold leaves deployments as they are; when the countdown ends they go with the workspace.
    const QString id = eligibleWorkspace();
    addDeployment("dep-held-paid", id, false);
    addDeployment("dep-held-trial", id, true);
    const QString version = QStringLiteral("\"%1\"").arg(workspace(id).value("version").toInteger());
    ASSERT_EQ(send("POST", "/v1/workspaces/" + id + "/lock",
                   {{"reason", "admin_hold"}, {"note", "Fraud review"}}, version, {}, platform->adminToken())
                  .status,
              200);
    EXPECT_EQ(deploymentState("dep-held-paid"), "running");

    platform->clock().advance(14 * Day + 1);
    ASSERT_EQ(sweep().status, 200);
    EXPECT_EQ(workspace(id).value("status").toString(), "dissolved");
    EXPECT_EQ(deploymentState("dep-held-paid"), "deleted");
    EXPECT_EQ(deploymentState("dep-held-trial"), "deleted");
    EXPECT_EQ(number("SELECT COUNT(*) FROM audit_events WHERE actor = 'system:scheduler' AND action = "
                     "'deployment.deleted' "
                     "AND target_id IN ('dep-held-paid', 'dep-held-trial')"),
              2);
    const qint64 audit = auditCount();
    ASSERT_EQ(sweep().status, 200);
    EXPECT_EQ(auditCount(), audit) << "a second sweep changes nothing";
}

TEST_P(MarketplaceApi, AzureSuspendKeepsWorkspacesRunningReinstateAndUnsubscribe)
{
    const QString token =
        sim().azureLandingToken("5f3c1e2a-0000-4000-a000-00000000c0de", "Fabrikam SaaS", now());
    const auto resolved =
        post("/v1/marketplace/azure/resolve", QJsonDocument(QJsonObject{{"token", token}}).toJson());
    ASSERT_EQ(resolved.status, 201) << resolved.body.toStdString();
    const QJsonObject c = resolved.json.value("cloud_account").toObject();
    EXPECT_EQ(c.value("subscription_state").toString(), "subscribed"); // activated through the gateway
    EXPECT_EQ(c.value("plan_id").toString(), "enterprise");
    const QString cloudId = c.value("id").toString();
    const QString sub = "5f3c1e2a-0000-4000-a000-00000000c0de";
    const QString ws = eligibleWorkspace();
    ASSERT_EQ(bind(cloudId, {ws}).status, 200);

    ASSERT_EQ(azure("Suspend", sub, "op-1").status, 200);
    EXPECT_EQ(cloud(cloudId).value("subscription_state").toString(), "suspended");
    EXPECT_EQ(workspace(ws).value("status").toString(), "active"); // 30 days' grace
    EXPECT_EQ(bind(cloudId, {eligibleWorkspace("w.id <> '" + ws + "'")}).status,
              422); // takes no new bindings

    ASSERT_EQ(azure("Reinstate", sub, "op-2").status, 200);
    EXPECT_EQ(cloud(cloudId).value("subscription_state").toString(), "subscribed");
    ASSERT_EQ(azure("ChangeQuantity", sub, "op-3", "InProgress").status, 200);
    const auto failed = azure("ChangePlan", sub, "op-4", "Failed");
    EXPECT_EQ(failed.status, 200);
    EXPECT_FALSE(failed.json.value("applied").toBool(true));

    const auto cancelled = azure("Unsubscribe", sub, "op-5");
    ASSERT_EQ(cancelled.status, 200) << cancelled.body.toStdString();
    EXPECT_EQ(cancelled.json.value("locked_workspaces").toInt(), 1);
    EXPECT_EQ(workspace(ws).value("lock").toObject().value("by").toString(), "marketplace:azure");
}

TEST_P(MarketplaceApi, MessagesArrivingOutOfOrderNeverBringBackACancelledSubscription)
{
    const QString cloudId = registerAws("X01ORDER0001").value("id").toString();
    const qint64 t = now();
    ASSERT_EQ(aws("subscribe-success", "X01ORDER0001", "o-1", 2, t - 60'000).status, 200);
    const QString ws = eligibleWorkspace();
    ASSERT_EQ(bind(cloudId, {ws}).status, 200);

    // SNS delivers the cancellation first; the pending notice and a retried subscribe-success, both
    // sent before it, arrive after it: stale, they change nothing.
    ASSERT_EQ(aws("unsubscribe-success", "X01ORDER0001", "o-3", 2, t).status, 200);
    const auto pending = aws("unsubscribe-pending", "X01ORDER0001", "o-2", 2, t - 30'000);
    ASSERT_EQ(pending.status, 200) << pending.body.toStdString();
    EXPECT_TRUE(pending.json.value("stale").toBool());
    EXPECT_TRUE(aws("subscribe-success", "X01ORDER0001", "o-1b", 2, t - 59'000).json.value("stale").toBool());
    EXPECT_EQ(cloud(cloudId).value("subscription_state").toString(), "unsubscribed");

    // A subscribe-success sent after the cancellation re-subscribes only once AWS confirms an
    // entitlement; the offline marketplace cannot, so the customer stays cancelled and takes no binding.
    const auto again = aws("subscribe-success", "X01ORDER0001", "o-4", 2, t + 1000);
    ASSERT_EQ(again.status, 200);
    EXPECT_TRUE(again.json.value("ignored").toBool());
    EXPECT_TRUE(again.json.value("reason").toString().contains("GetEntitlements"))
        << again.json.value("reason").toString().toStdString();
    EXPECT_EQ(cloud(cloudId).value("subscription_state").toString(), "unsubscribed");
    EXPECT_EQ(bind(cloudId, {eligibleWorkspace("w.id <> '" + ws + "'")}).status, 422);
    // Repeated, the message answers what it did the first time.
    EXPECT_TRUE(aws("subscribe-success", "X01ORDER0001", "o-4", 2, t + 1000).json.value("replayed").toBool());

    // Azure: Unsubscribe is final; a Suspend and a Reinstate after it change nothing.
    const QString sub = "5f3c1e2a-0000-4000-a000-0000000042de";
    const QString token = sim().azureLandingToken(sub, "Northwind SaaS", now());
    const auto resolved =
        post("/v1/marketplace/azure/resolve", QJsonDocument(QJsonObject{{"token", token}}).toJson());
    ASSERT_EQ(resolved.status, 201) << resolved.body.toStdString();
    const QString azureId = resolved.json.value("cloud_account").toObject().value("id").toString();
    ASSERT_EQ(azure("Unsubscribe", sub, "az-1", "Succeeded", t).status, 200);
    EXPECT_TRUE(azure("Suspend", sub, "az-2", "Succeeded", t + 1000).json.value("ignored").toBool());
    EXPECT_TRUE(azure("Reinstate", sub, "az-3", "Succeeded", t + 2000).json.value("ignored").toBool());
    EXPECT_EQ(cloud(azureId).value("subscription_state").toString(), "unsubscribed");

    // Staff find them by what they came to, per marketplace and customer.
    const auto listed = [&](const QString &query) {
        QStringList ids;
        const auto answer =
            test::exchange("GET", test::endpoint(platform->url(), "/v1/marketplace/events?" + query),
                           platform->adminToken());
        EXPECT_EQ(answer.status, 200) << answer.body.toStdString();
        for (const QJsonValue &item : answer.json.value("items").toArray())
            ids << item.toObject().value("message_id").toString() + ":" +
                       item.toObject().value("verdict").toString();
        return ids;
    };
    EXPECT_EQ(listed("verdict=stale&cloud_account_id=" + cloudId), QStringList({"o-1b:stale", "o-2:stale"}));
    EXPECT_EQ(listed("provider=azure&verdict=ignored"), QStringList({"az-3:ignored", "az-2:ignored"}));
    EXPECT_EQ(listed("provider=aws&verdict=ignored&cloud_account_id=" + cloudId), QStringList{"o-4:ignored"});
    EXPECT_EQ(test::exchange("GET", test::endpoint(platform->url(), "/v1/marketplace/events?verdict=lost"),
                             platform->adminToken())
                  .status,
              400);
}

TEST_P(MarketplaceApi, BadMessagesAreRefusedKeptAndChangeNothing)
{
    const QString cloudId = registerAws("X01BADMSG001").value("id").toString();
    const qint64 audit = auditCount();
    const QJsonObject before = cloud(cloudId);

    QJsonObject altered =
        QJsonDocument::fromJson(
            sim().snsNotification({{"action", "subscribe-success"}, {"customer-identifier", "X01BADMSG001"}},
                                  "b-1", now()))
            .object();
    altered.insert("Message", R"({"action":"unsubscribe-success","customer-identifier":"X01BADMSG001"})");
    const auto forged = post("/v1/marketplace/aws/notifications", QJsonDocument(altered).toJson());
    EXPECT_EQ(forged.status, 403);
    EXPECT_EQ(forged.json.value("code").toString(), "signature_invalid");

    QJsonObject foreignCert =
        QJsonDocument::fromJson(
            sim().snsNotification({{"action", "subscribe-success"}, {"customer-identifier", "X01BADMSG001"}},
                                  "b-2", now()))
            .object();
    foreignCert.insert(
        "SigningCertURL",
        "https://sns.us-east-1.amazonaws.com.evil.example/SimpleNotificationService-billingsim.pem");
    EXPECT_EQ(post("/v1/marketplace/aws/notifications", QJsonDocument(foreignCert).toJson())
                  .json.value("code")
                  .toString(),
              "signature_invalid");

    platform->clock().advance(-2 * 3600 * 1000); // sent two hours "later" than the platform's now
    const QByteArray future =
        sim().snsNotification({{"action", "subscribe-success"}, {"customer-identifier", "X01BADMSG001"}},
                              "b-3", now() + 4 * 3600 * 1000);
    platform->clock().advance(2 * 3600 * 1000);
    EXPECT_EQ(post("/v1/marketplace/aws/notifications", future).json.value("code").toString(),
              "message_expired");

    const auto unknown = aws("subscribe-success", "X01NOBODY000", "b-4");
    EXPECT_EQ(unknown.status, 404);
    EXPECT_EQ(unknown.json.value("code").toString(), "unknown_customer");
    EXPECT_EQ(aws("launch-rockets", "X01BADMSG001", "b-5").status, 400);
    EXPECT_EQ(post("/v1/marketplace/aws/notifications", "{not json").status, 400);
    EXPECT_EQ(post("/v1/marketplace/aws/resolve", "x-amzn-marketplace-token=forged.token",
                   "application/x-www-form-urlencoded")
                  .status,
              400);

    const QByteArray payload = marketplace::MarketplaceSimulator::azureWebhook("z-1", "any", "Unsubscribe");
    EXPECT_EQ(post("/v1/marketplace/azure/webhook", payload, "application/json", "Bearer a.b.c").status, 401);
    EXPECT_EQ(post("/v1/marketplace/azure/webhook", payload).status, 401);
    EXPECT_EQ(
        post("/v1/marketplace/azure/webhook", R"({"id": 7})", "application/json", sim().azureBearer(now()))
            .status,
        400);

    EXPECT_EQ(cloud(cloudId), before);
    EXPECT_EQ(auditCount(), audit);
    // Each was kept, raw, with why it was refused.
    const auto kept = test::exchange(
        "GET", test::endpoint(platform->url(), "/v1/marketplace/events?limit=20"), platform->adminToken());
    ASSERT_EQ(kept.status, 200) << kept.body.toStdString();
    int refused = 0;
    for (const QJsonValue &e : kept.json.value("items").toArray())
        refused += e.toObject().value("outcome").toString().startsWith("refused:") ? 1 : 0;
    EXPECT_EQ(refused, 10) << kept.body.left(3000).toStdString();
}

TEST_P(MarketplaceApi, JunkFromOneAddressIsBoundedAndCostsNoLegitimateMessage)
{
    registerAws("X01JUNK00001");
    // What the junk can grow: SQLite's file (its WAL checkpointed into it first; the WAL is reused, not
    // grown, once checkpointed), PostgreSQL's table with its indexes.
    const auto stored = [this] {
        const QString spec = platform->databaseSpec();
        if (spec.startsWith("sqlite:")) {
            number("PRAGMA wal_checkpoint(TRUNCATE)");
            return QFileInfo(spec.mid(7)).size();
        }
        return number("SELECT pg_total_relation_size('marketplace_events')");
    };
    const qint64 before = stored();
    const QByteArray junk = R"({"MessageId":"junk","pad":")" + QByteArray(100 << 10, 'A') + R"("})";
    const QByteArray huge = R"({"MessageId":"junk","pad":")" + QByteArray(1 << 20, 'A') + R"("})";
    QMap<int, int> statuses;
    int legitimate = 0;
    for (int i = 0; i < 1000; ++i) {
        if (i % 100 == 50) { // a real message in the middle of it, from the same address
            const auto real = aws("subscribe-success", "X01JUNK00001", QStringLiteral("real-%1").arg(i));
            EXPECT_EQ(real.status, 200) << real.body.toStdString();
            legitimate += real.status == 200;
        }
        const QByteArray path = i % 2 ? "/v1/marketplace/azure/webhook" : "/v1/marketplace/aws/notifications";
        ++statuses[test::rawPost(platform->url(), path, i % 40 == 0 ? huge : junk).status];
    }
    EXPECT_EQ(legitimate, 10);
    EXPECT_EQ(statuses.value(413), 25) << "a body over 256 KiB is refused before it is read";
    // The first refusals are answered and kept; then the address is refused with 429, unkept.
    EXPECT_EQ(statuses.value(400) + statuses.value(401), domain::MarketplaceSubscriptions::RefusalsPerMinute);
    EXPECT_EQ(statuses.value(429), 1000 - 25 - domain::MarketplaceSubscriptions::RefusalsPerMinute);
    EXPECT_LT(stored() - before, 1 << 20) << "grew by " << stored() - before << " bytes";

    // What was kept of each refusal: an excerpt, the whole body's size and digest.
    const auto kept = test::exchange(
        "GET", test::endpoint(platform->url(), "/v1/marketplace/events?limit=1000"), platform->adminToken());
    ASSERT_EQ(kept.status, 200);
    int refusals = 0;
    for (const QJsonValue &value : kept.json.value("items").toArray()) {
        const QJsonObject e = value.toObject();
        if (!e.value("refused").toBool())
            continue;
        ++refusals;
        EXPECT_LE(e.value("raw").toString().toUtf8().size(), 1024);
        EXPECT_EQ(e.value("raw_bytes").toInteger(), junk.size());
        EXPECT_EQ(e.value("raw_sha256").toString(), QString::fromLatin1(contract::Sha256::of(junk).toHex()));
    }
    EXPECT_EQ(refusals, domain::MarketplaceSubscriptions::RefusalsPerMinute);

    // A 429 says when to come back; a minute later the address is heard again.
    const auto limited = test::rawPost(platform->url(), "/v1/marketplace/aws/notifications", junk);
    EXPECT_EQ(limited.status, 429);
    EXPECT_GT(limited.retryAfter.toInt(), 0);
    platform->clock().advance(61'000);
    EXPECT_EQ(test::rawPost(platform->url(), "/v1/marketplace/aws/notifications", junk).status, 400);
}

INSTANTIATE_TEST_SUITE_P(Backends, MarketplaceApi, ::testing::Values(Backend::Sqlite, Backend::Postgres),
                         [](const auto &info) { return std::string(test::backendName(info.param)); });

// With --marketplace-config the platform asks AWS (here the fake, over HTTPS with the test CA):
// ResolveCustomer registers the customer, GetEntitlements decides a re-subscription (rule 11), and
// every call is listed for staff.
TEST(ConnectedMarketplaceApi, AwsResolvesRegistrationsAndEntitlementsDecideAReSubscription)
{
    test::FakeAws aws;
    aws.addToken("tok-live-1", "X01LIVE00001");
    test::TestPlatform platform(Backend::Sqlite, 40, 7, {}, aws.config());
    const auto post = [&](const QString &path, const QByteArray &body, const QByteArray &type) {
        QNetworkRequest request(test::endpoint(platform.url(), path));
        request.setHeader(QNetworkRequest::ContentTypeHeader, type);
        return test::exchange(request, "POST", body);
    };
    const auto sns = [&](const QString &action, const QString &id, qint64 sentAt) {
        return post("/v1/marketplace/aws/notifications",
                    platform.simulator().snsNotification({{"action", action},
                                                          {"customer-identifier", "X01LIVE00001"},
                                                          {"product-code", test::FakeAws::ProductCode}},
                                                         id, sentAt),
                    "text/plain; charset=UTF-8");
    };
    const auto state = [&](const QString &id) {
        return test::exchange("GET", test::endpoint(platform.url(), "/v1/cloud-accounts/" + id),
                              platform.adminToken())
            .json.value("subscription_state")
            .toString();
    };

    const auto registered = post("/v1/marketplace/aws/resolve", "x-amzn-marketplace-token=tok-live-1",
                                 "application/x-www-form-urlencoded");
    ASSERT_EQ(registered.status, 201) << registered.json.value("detail").toString().toStdString();
    const QJsonObject cloud = registered.json.value("cloud_account").toObject();
    EXPECT_EQ(cloud.value("customer_identifier").toString(), "X01LIVE00001");
    EXPECT_EQ(cloud.value("customer_aws_account_id").toString(), "1234IVE00001");
    const QString id = cloud.value("id").toString();
    EXPECT_EQ(post("/v1/marketplace/aws/resolve", "x-amzn-marketplace-token=tok-forged",
                   "application/x-www-form-urlencoded")
                  .status,
              400);

    const qint64 t = test::TestPlatform::Now;
    ASSERT_EQ(sns("subscribe-success", "live-1", t - 3000).status, 200);
    EXPECT_EQ(state(id), "subscribed");
    ASSERT_EQ(sns("unsubscribe-success", "live-2", t - 2000).status, 200);
    EXPECT_EQ(state(id), "unsubscribed");
    // A newer subscribe-success, but AWS has no entitlement for the customer: nothing changes.
    EXPECT_TRUE(sns("subscribe-success", "live-3", t - 1000).json.value("ignored").toBool());
    EXPECT_EQ(state(id), "unsubscribed");
    // The customer subscribed again: AWS confirms, and the cloud account takes bindings again.
    aws.addEntitlement("X01LIVE00001", "Users", t / 1000 + 30 * 24 * 3600);
    const auto again = sns("subscribe-success", "live-4", t);
    ASSERT_EQ(again.status, 200);
    EXPECT_FALSE(again.json.value("ignored").toBool()) << again.json.value("reason").toString().toStdString();
    EXPECT_EQ(state(id), "subscribed");
    EXPECT_EQ(aws.requests("GetEntitlements"), 3);
    EXPECT_EQ(aws.refusedSignatures(), 0);
    // What AWS holds is kept and shown with the cloud account.
    const auto read = [&] {
        return test::exchange("GET", test::endpoint(platform.url(), "/v1/cloud-accounts/" + id),
                              platform.adminToken())
            .json;
    };
    QJsonArray entitlements = read().value("entitlements").toArray();
    ASSERT_EQ(entitlements.size(), 1);
    EXPECT_EQ(entitlements[0].toObject().value("dimension").toString(), "Users");

    // AWS does not answer an entitlement-updated's GetEntitlements: the sync fails, with the reason, and
    // the cloud account takes no binding until staff retry it.
    aws.failNext(3, test::FakeAws::Failure::ServerError);
    ASSERT_EQ(sns("entitlement-updated", "live-5", t + 1000).status, 200);
    EXPECT_EQ(read().value("sync_state").toString(), "failed");
    EXPECT_TRUE(read().value("sync_message").toString().contains("GetEntitlements did not answer"))
        << read().value("sync_message").toString().toStdString();
    const auto retry = [&](const QByteArray &key) {
        QNetworkRequest request(test::endpoint(platform.url(), "/v1/cloud-accounts/" + id + "/sync"));
        request.setRawHeader("Authorization", "Bearer " + platform.adminToken().toUtf8());
        request.setRawHeader("Idempotency-Key", key);
        return test::exchange(request, "POST");
    };
    aws.failNext(3, test::FakeAws::Failure::Throttle);
    const auto stillDown = retry("sync-1");
    ASSERT_EQ(stillDown.status, 200) << stillDown.body.toStdString();
    EXPECT_FALSE(stillDown.json.value("synced").toBool());
    EXPECT_EQ(read().value("sync_state").toString(), "failed");
    const auto synced = retry("sync-2");
    ASSERT_EQ(synced.status, 200) << synced.body.toStdString();
    EXPECT_TRUE(synced.json.value("synced").toBool());
    EXPECT_EQ(read().value("sync_state").toString(), "synced");
    EXPECT_TRUE(read().value("sync_message").isNull());
    EXPECT_EQ(retry("sync-2").json, synced.json) << "a replayed key answers the first answer";
    const auto audit = test::exchange(
        "GET", test::endpoint(platform.url(), "/v1/audit-events?target=" + id + "&order=desc&limit=5"),
        platform.adminToken());
    QStringList actions;
    for (const QJsonValue &event : audit.json.value("items").toArray())
        actions << event.toObject().value("action").toString();
    EXPECT_EQ(actions.count("cloud_account.synced"), 2) << actions.join(", ").toStdString();

    const auto calls =
        test::exchange("GET", test::endpoint(platform.url(), "/v1/marketplace/calls"), platform.adminToken());
    ASSERT_EQ(calls.status, 200);
    QStringList seen;
    for (const QJsonValue &call : calls.json.value("items").toArray())
        seen << call.toObject().value("operation").toString() + " " +
                    QString::number(call.toObject().value("status").toInt());
    EXPECT_EQ(seen.count("ResolveCustomer 200"), 1) << seen.join(", ").toStdString();
    EXPECT_EQ(seen.count("ResolveCustomer 400"), 1);
    // Three subscribe-successes, a retried sync, and its replay (which asks AWS again, changing nothing).
    EXPECT_EQ(seen.count("GetEntitlements 200"), 5);
}

TEST_P(MarketplaceApi, AnAdminReplaysARefusedOrStaleMessageOnceAndItIsAudited)
{
    const auto events = [&](const QString &query) {
        return test::exchange("GET", test::endpoint(platform->url(), "/v1/marketplace/events?" + query),
                              platform->adminToken())
            .json.value("items")
            .toArray();
    };
    const auto replay = [&](qint64 id, const QByteArray &key, const QString &token) {
        QNetworkRequest request(
            test::endpoint(platform->url(), QStringLiteral("/v1/marketplace/events/%1/replay").arg(id)));
        request.setRawHeader("Authorization", "Bearer " + token.toUtf8());
        request.setRawHeader("Idempotency-Key", key);
        return test::exchange(request, "POST");
    };
    // SNS delivered the subscription before the customer registered: verified, but refused.
    EXPECT_EQ(aws("subscribe-success", "X01EARLY0001", "early-1").status, 404);
    const QJsonArray refused = events("verdict=refused");
    ASSERT_FALSE(refused.isEmpty());
    const QJsonObject early = refused.first().toObject();
    ASSERT_EQ(early.value("message_id").toString(), "early-1");
    EXPECT_EQ(early.value("raw_bytes").toInteger(), early.value("raw").toString().toUtf8().size())
        << "a verified message is kept whole";
    const QString cloudId = registerAws("X01EARLY0001").value("id").toString();

    EXPECT_EQ(
        replay(early.value("id").toInteger(), "r-op", platform->addStaff("olga.replay", "operator")).status,
        403);
    const auto replayed = replay(early.value("id").toInteger(), "r-1", platform->adminToken());
    ASSERT_EQ(replayed.status, 200) << replayed.body.toStdString();
    EXPECT_EQ(replayed.json.value("replay_of").toInteger(), early.value("id").toInteger());
    EXPECT_EQ(cloud(cloudId).value("subscription_state").toString(), "subscribed");
    EXPECT_EQ(replay(early.value("id").toInteger(), "r-1", platform->adminToken()).json, replayed.json)
        << "the same press answers the same";
    EXPECT_TRUE(
        replay(early.value("id").toInteger(), "r-2", platform->adminToken()).json.value("replayed").toBool())
        << "a second replay has no second effect";

    // A stale message, replayed, takes effect out of its order.
    ASSERT_EQ(aws("unsubscribe-pending", "X01EARLY0001", "early-0", 2, now() - 60'000).status, 200);
    const QJsonArray stale = events("verdict=stale&cloud_account_id=" + cloudId);
    ASSERT_EQ(stale.size(), 1);
    ASSERT_EQ(replay(stale.first().toObject().value("id").toInteger(), "r-3", platform->adminToken()).status,
              200);
    EXPECT_EQ(cloud(cloudId).value("subscription_state").toString(), "unsubscribe_pending");

    // An applied message is not replayed; nor is one that never verified.
    const QJsonArray applied = events("verdict=applied&cloud_account_id=" + cloudId);
    ASSERT_FALSE(applied.isEmpty());
    EXPECT_EQ(replay(applied.first().toObject().value("id").toInteger(), "r-4", platform->adminToken())
                  .json.value("code")
                  .toString(),
              "not_replayable");
    QByteArray forged = sim().snsNotification(
        {{"action", "unsubscribe-success"}, {"customer-identifier", "X01EARLY0001"}}, "forged-1", now());
    forged.replace("unsubscribe-success", "subscribe-success");
    EXPECT_EQ(post("/v1/marketplace/aws/notifications", forged, "text/plain").status, 403);
    const qint64 forgedId = events("verdict=refused").first().toObject().value("id").toInteger();
    EXPECT_EQ(replay(forgedId, "r-5", platform->adminToken()).status, 409);

    const auto audit =
        test::exchange("GET", test::endpoint(platform->url(), "/v1/audit-events?order=desc&limit=20"),
                       platform->adminToken());
    int replays = 0;
    for (const QJsonValue &event : audit.json.value("items").toArray()) {
        if (event.toObject().value("action").toString() == QLatin1String("marketplace_message.replayed")) {
            ++replays;
            EXPECT_FALSE(event.toObject().value("actor").toString().startsWith("marketplace:"))
                << "the admin's";
        }
    }
    EXPECT_EQ(replays, 3);
}

TEST_P(MarketplaceApi, OfflineRetrySyncSaysThereIsNoMarketplaceToAskAndChangesNothing)
{
    const QString cloudId = registerAws("X01OFFSYNC01").value("id").toString();
    QNetworkRequest request(test::endpoint(platform->url(), "/v1/cloud-accounts/" + cloudId + "/sync"));
    request.setRawHeader("Authorization", "Bearer " + platform->adminToken().toUtf8());
    request.setRawHeader("Idempotency-Key", "offline-sync");
    const auto answer = test::exchange(request, "POST");
    EXPECT_EQ(answer.status, 503);
    EXPECT_EQ(answer.json.value("code").toString(), "marketplace_offline");
    EXPECT_EQ(cloud(cloudId).value("sync_state").toString(), "syncing");
}

TEST_P(MarketplaceApi, OfflineASubscriptionConfirmationIsKeptForTheOperatorToConfirm)
{
    const QString url =
        "https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=" +
        QString::fromLatin1(QUrl::toPercentEncoding(marketplace::MarketplaceSimulator::TopicArn)) +
        "&Token=2336412f";
    const auto kept = post("/v1/marketplace/aws/notifications",
                           sim().snsSubscriptionConfirmation("c-1", url, now()), "text/plain; charset=UTF-8");
    ASSERT_EQ(kept.status, 200) << kept.body.toStdString();
    EXPECT_EQ(kept.json.value("confirm_at").toString(), url);
}

// Connected, the platform confirms SNS topic subscriptions itself, and fetches a signing certificate the
// trust folder does not pin (AWS rotates them), from Amazon SNS's own hosts only, keeping it on disk.
TEST(ConnectedMarketplaceApi, SnsConfirmationsAndRotatedCertificatesComeFromSnsOnly)
{
    test::FakeAws aws;
    QTemporaryDir cache;
    marketplace::MarketplaceConfig config = aws.config();
    config.cacheDirectory = cache.path();
    test::TestPlatform platform(Backend::Sqlite, 40, 7, {}, config);
    const auto post = [&](const QByteArray &body) {
        QNetworkRequest request(test::endpoint(platform.url(), "/v1/marketplace/aws/notifications"));
        request.setHeader(QNetworkRequest::ContentTypeHeader, "text/plain; charset=UTF-8");
        return test::exchange(request, "POST", body);
    };
    const QString topic = marketplace::MarketplaceSimulator::TopicArn;
    const QString confirmUrl = "https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=" +
                               QString::fromLatin1(QUrl::toPercentEncoding(topic)) + "&Token=2336412f";
    const qint64 now = platform.clock().nowMs();

    const auto confirmed = post(platform.simulator().snsSubscriptionConfirmation("c-1", confirmUrl, now));
    ASSERT_EQ(confirmed.status, 200) << confirmed.json.value("detail").toString().toStdString();
    EXPECT_TRUE(confirmed.json.value("confirmed").toBool());
    EXPECT_EQ(aws.confirmedTopics(), QStringList{topic});
    // A SubscribeURL anywhere but SNS is never fetched.
    QString elsewhere = confirmUrl;
    elsewhere.replace("sns.us-east-1.amazonaws.com", "sns.us-east-1.amazonaws.com.attacker.example");
    EXPECT_EQ(post(platform.simulator().snsSubscriptionConfirmation("c-2", elsewhere, now)).status, 403);
    EXPECT_EQ(aws.snsRequests(), 1);

    // AWS rotated its key: messages name a certificate the trust folder does not have.
    aws.addToken("tok-rotated", "X01ROTATE001");
    QNetworkRequest resolve(test::endpoint(platform.url(), "/v1/marketplace/aws/resolve"));
    resolve.setHeader(QNetworkRequest::ContentTypeHeader, "application/x-www-form-urlencoded");
    ASSERT_EQ(test::exchange(resolve, "POST", "x-amzn-marketplace-token=tok-rotated").status, 201);
    const marketplace::MarketplaceSimulator rotated = marketplace::MarketplaceSimulator::generate();
    aws.addSnsCertificate("SimpleNotificationService-rotated.pem",
                          rotated.trust().snsCertificates.begin().value());
    const auto signedWith = [&](const QString &id, const QString &certificateUrl) {
        QJsonObject envelope =
            QJsonDocument::fromJson(rotated.snsNotification({{"action", "subscribe-success"},
                                                             {"customer-identifier", "X01ROTATE001"},
                                                             {"product-code", test::FakeAws::ProductCode}},
                                                            id, now))
                .object();
        envelope.insert("SigningCertURL", certificateUrl); // not among the signed fields
        return QJsonDocument(envelope).toJson(QJsonDocument::Compact);
    };
    const QString rotatedUrl = "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-rotated.pem";
    const auto applied = post(signedWith("rot-1", rotatedUrl));
    ASSERT_EQ(applied.status, 200) << applied.json.value("detail").toString().toStdString()
                                   << applied.body.toStdString();
    EXPECT_EQ(applied.json.value("subscription_state").toString(), "subscribed");
    EXPECT_TRUE(QFile::exists(cache.filePath("SimpleNotificationService-rotated.pem"))) << "kept on disk";
    EXPECT_EQ(post(signedWith("rot-2", rotatedUrl)).status, 200);
    EXPECT_EQ(aws.snsRequests(), 2) << "fetched once";

    // A certificate SNS does not have is refused, and not asked for again at once; one on another host
    // is never fetched.
    const QString unknownUrl = "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-unknown.pem";
    EXPECT_EQ(post(signedWith("rot-3", unknownUrl)).json.value("code").toString(), "signature_invalid");
    EXPECT_EQ(post(signedWith("rot-4", unknownUrl)).json.value("code").toString(), "signature_invalid");
    EXPECT_EQ(aws.snsRequests(), 3);
    EXPECT_EQ(
        post(signedWith("rot-5", "https://sns.example.com/SimpleNotificationService-rotated.pem")).status,
        403);
    EXPECT_EQ(aws.snsRequests(), 3);
}

// Connected to Azure (here a fake Entra ID and fulfillment API over HTTPS with the test CA): the landing
// token is resolved and the subscription activated by Microsoft; every webhook is confirmed with Get
// Operation before it changes anything, plan and quantity changes are answered with PATCH, and the
// webhook tokens verify with the tenant's published keys, followed when they rotate.
TEST(ConnectedMarketplaceApi, AzureWebhooksAreConfirmedByTheFulfillmentApiAndAnswered)
{
    test::FakeAzure azure;
    const QString sub = "5f3c1e2a-0000-4000-a000-0000000a2ure";
    azure.addLandingToken("land-1", sub, "Northwind SaaS");
    test::TestPlatform platform(Backend::Sqlite, 40, 7, {}, azure.config());
    const auto post = [&](const QString &path, const QByteArray &body, const QByteArray &authorization = {}) {
        QNetworkRequest request(test::endpoint(platform.url(), path));
        request.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
        if (!authorization.isEmpty())
            request.setRawHeader("Authorization", authorization);
        return test::exchange(request, "POST", body);
    };
    const auto cloud = [&](const QString &id) {
        return test::exchange("GET", test::endpoint(platform.url(), "/v1/cloud-accounts/" + id),
                              platform.adminToken())
            .json;
    };
    const qint64 t = platform.clock().nowMs();

    const auto resolved = post("/v1/marketplace/azure/resolve", R"({"token": "land-1"})");
    ASSERT_EQ(resolved.status, 201) << resolved.body.toStdString();
    const QString id = resolved.json.value("cloud_account").toObject().value("id").toString();
    EXPECT_EQ(cloud(id).value("subscription_state").toString(), "subscribed");
    EXPECT_EQ(azure.activated(), QStringList{sub});
    EXPECT_EQ(post("/v1/marketplace/azure/resolve", R"({"token": "land-forged"})").status, 400);

    // A quantity change Microsoft knows: applied, then answered Success.
    azure.addOperation(sub, "op-1", "ChangeQuantity", "InProgress", t, 7);
    const auto changed =
        post("/v1/marketplace/azure/webhook",
             test::FakeAzure::webhook(sub, "op-1", "ChangeQuantity", "InProgress", t, 7), azure.bearer(t));
    ASSERT_EQ(changed.status, 200) << changed.body.toStdString();
    EXPECT_EQ(cloud(id).value("quantity").toInt(), 7);
    EXPECT_EQ(azure.patches(), QStringList{"op-1:Success"});

    // A webhook the fulfillment API does not know, or that says another action than the API: refused,
    // kept, nothing changed.
    const auto forged =
        post("/v1/marketplace/azure/webhook",
             test::FakeAzure::webhook(sub, "op-forged", "Unsubscribe", "Succeeded", t), azure.bearer(t));
    EXPECT_EQ(forged.status, 403);
    EXPECT_EQ(forged.json.value("code").toString(), "operation_not_confirmed");
    azure.addOperation(sub, "op-2", "Suspend", "Succeeded", t + 1000);
    EXPECT_EQ(post("/v1/marketplace/azure/webhook",
                   test::FakeAzure::webhook(sub, "op-2", "Unsubscribe", "Succeeded", t + 1000),
                   azure.bearer(t))
                  .status,
              403);
    EXPECT_EQ(cloud(id).value("subscription_state").toString(), "subscribed");
    // A token signed by another key than the tenant publishes is refused before anything is asked.
    test::FakeAzure stranger;
    EXPECT_EQ(post("/v1/marketplace/azure/webhook",
                   test::FakeAzure::webhook(sub, "op-1", "ChangeQuantity", "InProgress", t, 7),
                   stranger.bearer(t))
                  .status,
              401);

    // The tenant rotates its key: the new key id is fetched and the webhook verifies.
    azure.rotateKey();
    azure.addOperation(sub, "op-3", "Unsubscribe", "Succeeded", t + 2000);
    const auto cancelled =
        post("/v1/marketplace/azure/webhook",
             test::FakeAzure::webhook(sub, "op-3", "Unsubscribe", "Succeeded", t + 2000), azure.bearer(t));
    ASSERT_EQ(cancelled.status, 200) << cancelled.body.toStdString();
    EXPECT_EQ(cloud(id).value("subscription_state").toString(), "unsubscribed");
    // A plan change after the end cannot take effect: Microsoft is answered Failure.
    azure.addOperation(sub, "op-4", "ChangePlan", "InProgress", t + 3000);
    const auto late =
        post("/v1/marketplace/azure/webhook",
             test::FakeAzure::webhook(sub, "op-4", "ChangePlan", "InProgress", t + 3000), azure.bearer(t));
    EXPECT_EQ(late.status, 200);
    EXPECT_TRUE(late.json.value("ignored").toBool());
    EXPECT_EQ(azure.patches(), QStringList({"op-1:Success", "op-4:Failure"}));
    EXPECT_EQ(azure.tokensIssued(), 1) << "the access token is kept until it expires";

    const auto calls = test::exchange(
        "GET", test::endpoint(platform.url(), "/v1/marketplace/calls?limit=1000"), platform.adminToken());
    QStringList operations;
    for (const QJsonValue &call : calls.json.value("items").toArray())
        operations << call.toObject().value("operation").toString();
    for (const char *operation :
         {"GetToken", "Resolve", "Activate", "GetOperation", "PatchOperation", "GetSigningKeys"})
        EXPECT_TRUE(operations.contains(QLatin1String(operation))) << operation;
}

// Concurrent agreements: one AWS account may buy the product twice. Each agreement (CustomerAWSAccountId
// + LicenseArn) is a cloud account of its own; an SNS message, which names only the customer, is not
// applied to either of them but refused as ambiguous, and kept.
TEST(ConnectedMarketplaceApi, EachConcurrentAwsAgreementIsACloudAccountOfItsOwn)
{
    test::FakeAws aws;
    const QString first = "arn:aws:license-manager::294406891311:license:l-first";
    const QString second = "arn:aws:license-manager::294406891311:license:l-second";
    aws.addToken("tok-first", "X01CONCURRNT", test::FakeAws::ProductCode, first);
    aws.addToken("tok-first-again", "X01CONCURRNT", test::FakeAws::ProductCode, first);
    aws.addToken("tok-second", "X01CONCURRNT", test::FakeAws::ProductCode, second);
    test::TestPlatform platform(Backend::Sqlite, 40, 7, {}, aws.config());
    const auto post = [&](const QString &path, const QByteArray &body, const QByteArray &type) {
        QNetworkRequest request(test::endpoint(platform.url(), path));
        request.setHeader(QNetworkRequest::ContentTypeHeader, type);
        return test::exchange(request, "POST", body);
    };
    const auto resolve = [&](const QByteArray &token) {
        return post("/v1/marketplace/aws/resolve", "x-amzn-marketplace-token=" + token,
                    "application/x-www-form-urlencoded");
    };
    const auto one = resolve("tok-first");
    ASSERT_EQ(one.status, 201) << one.body.toStdString();
    const auto again = resolve("tok-first-again");
    EXPECT_EQ(again.status, 200) << "the same agreement: the same cloud account";
    EXPECT_EQ(again.json.value("cloud_account").toObject().value("id"),
              one.json.value("cloud_account").toObject().value("id"));
    const auto two = resolve("tok-second");
    ASSERT_EQ(two.status, 201) << "another agreement of the same AWS account";
    EXPECT_NE(two.json.value("cloud_account").toObject().value("id"),
              one.json.value("cloud_account").toObject().value("id"));
    EXPECT_EQ(two.json.value("cloud_account").toObject().value("license_arn").toString(), second);

    const auto message =
        post("/v1/marketplace/aws/notifications",
             platform.simulator().snsNotification({{"action", "unsubscribe-success"},
                                                   {"customer-identifier", "X01CONCURRNT"},
                                                   {"product-code", test::FakeAws::ProductCode}},
                                                  "conc-1", platform.clock().nowMs()),
             "text/plain; charset=UTF-8");
    EXPECT_EQ(message.status, 409);
    EXPECT_EQ(message.json.value("code").toString(), "ambiguous_customer");
    for (const auto &registered : {one, two}) {
        const QString id = registered.json.value("cloud_account").toObject().value("id").toString();
        EXPECT_EQ(test::exchange("GET", test::endpoint(platform.url(), "/v1/cloud-accounts/" + id),
                                 platform.adminToken())
                      .json.value("subscription_state")
                      .toString(),
                  "pending")
            << "neither agreement was cancelled by a message that could mean either";
    }
}
