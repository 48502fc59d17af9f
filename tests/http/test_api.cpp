// SPDX-License-Identifier: Apache-2.0
#include "platform/http/apiserver.h"
#include "platform/http/platformserver.h"
#include "tests/support/httpprobe.h"
#include "tests/support/testplatform.h"

#include <QJsonArray>
#include <QSqlQuery>
#include <QTcpSocket>

#include <gtest/gtest.h>

using namespace billing;
using billing::test::Backend;
using billing::test::exchange;

namespace {

class PlatformApi : public ::testing::TestWithParam<Backend>
{
protected:
    void SetUp() override { platform = std::make_unique<test::TestPlatform>(GetParam(), 2000); }
    test::HttpAnswer get(const QString &pathAndQuery, const QString &token)
    {
        return exchange("GET", test::endpoint(platform->url(), pathAndQuery), token);
    }
    test::HttpAnswer get(const QString &pathAndQuery) { return get(pathAndQuery, platform->adminToken()); }

    std::unique_ptr<test::TestPlatform> platform;
};

void expectProblem(const test::HttpAnswer &answer, int status, const char *code)
{
    EXPECT_EQ(answer.status, status) << answer.body.toStdString();
    EXPECT_EQ(answer.contentType, "application/problem+json");
    EXPECT_EQ(answer.json.value("status").toInt(), status);
    EXPECT_EQ(answer.json.value("code").toString(), QLatin1String(code));
    EXPECT_FALSE(answer.json.value("title").toString().isEmpty());
}

} // namespace

TEST_P(PlatformApi, HealthNamesVersionStorageAndChainHead)
{
    const auto answer = get("/v1/health");
    ASSERT_EQ(answer.status, 200);
    EXPECT_EQ(answer.json.value("status").toString(), "ok");
    EXPECT_EQ(answer.json.value("storage").toString(),
              GetParam() == Backend::Sqlite ? "sqlite" : "postgresql");
    EXPECT_EQ(answer.json.value("version").toString(), BILLING_VERSION);
    EXPECT_GT(answer.json.value("audit_head").toObject().value("seq").toInteger(), 0);
    EXPECT_EQ(answer.json.value("audit_head").toObject().value("hash").toString().size(), 64);
    EXPECT_TRUE(answer.json.value("ready").toBool());
    EXPECT_FALSE(answer.json.value("instance").toString().isEmpty());
    EXPECT_TRUE(answer.json.value("scheduler").toObject().value("has_turn").isBool());
    EXPECT_EQ(answer.json.value("other_instances").toString(),
              GetParam() == Backend::Sqlite ? "none" : "notified");
}

// A load balancer checks each instance without a staff token: it hears which instance answered and
// whether it is ready, and nothing else.
TEST_P(PlatformApi, HealthWithoutATokenSaysOnlyReadinessAndInstance)
{
    const auto answer = get("/v1/health", QString());
    ASSERT_EQ(answer.status, 200) << answer.body.toStdString();
    EXPECT_EQ(QStringList(answer.json.keys()), (QStringList{"instance", "ready", "status"}));
    EXPECT_TRUE(answer.json.value("ready").toBool());
    EXPECT_EQ(answer.json.value("status").toString(), "ok");
    EXPECT_EQ(answer.json.value("instance").toString(),
              answer.json.value("instance").toString().section(':', 0, -2) + ':' +
                  QString::number(platform->url().port()))
        << "by default the host and the port listened on";
}

TEST_P(PlatformApi, ListsAPageWithTotalAndItems)
{
    const auto answer = get("/v1/workspaces?limit=25&offset=100&sort=name&order=desc");
    ASSERT_EQ(answer.status, 200) << answer.body.toStdString();
    EXPECT_EQ(answer.json.value("total").toInteger(), 2000);
    const QJsonArray items = answer.json.value("items").toArray();
    ASSERT_EQ(items.size(), 25);
    QString previous;
    for (const auto &item : items) {
        const QJsonObject w = item.toObject();
        for (const char *key : {"id", "name", "account_id", "site", "plan", "billing_method",
                                "cloud_account_id", "status", "lock", "version"})
            EXPECT_TRUE(w.contains(QLatin1String(key))) << key;
        if (!previous.isEmpty())
            EXPECT_LE(w.value("name").toString(), previous);
        previous = w.value("name").toString();
    }
}

TEST_P(PlatformApi, FiltersNarrowTheList)
{
    const auto locked = get("/v1/workspaces?status=locked&limit=1000");
    ASSERT_EQ(locked.status, 200);
    EXPECT_GT(locked.json.value("total").toInteger(), 0);
    EXPECT_LT(locked.json.value("total").toInteger(), 2000);
    for (const auto &item : locked.json.value("items").toArray()) {
        EXPECT_EQ(item.toObject().value("status").toString(), "locked");
        EXPECT_TRUE(item.toObject().value("lock").isObject());
    }
    const auto china = get("/v1/workspaces?provider=aws_cn&limit=1000");
    ASSERT_EQ(china.status, 200);
    for (const auto &item : china.json.value("items").toArray())
        EXPECT_TRUE(item.toObject().value("site").toString().startsWith("cn-"));
    const auto search = get("/v1/workspaces?q=ws-000012");
    ASSERT_EQ(search.status, 200);
    EXPECT_EQ(search.json.value("total").toInteger(), 10);
}

TEST_P(PlatformApi, OneWorkspaceCarriesItsVersionAsETag)
{
    const auto answer = get("/v1/workspaces/ws-0000007");
    ASSERT_EQ(answer.status, 200);
    EXPECT_EQ(answer.json.value("id").toString(), "ws-0000007");
    EXPECT_EQ(answer.etag,
              QByteArray("\"") + QByteArray::number(answer.json.value("version").toInteger()) + "\"");
}

TEST_P(PlatformApi, AccountsCloudAccountsDeploymentsAndAuditEvents)
{
    const auto workspace = get("/v1/workspaces?billing_method=cloud_account&limit=1")
                               .json.value("items")
                               .toArray()
                               .at(0)
                               .toObject();
    ASSERT_FALSE(workspace.isEmpty());
    const auto account = get("/v1/accounts/" + workspace.value("account_id").toString());
    ASSERT_EQ(account.status, 200);
    for (const char *key :
         {"id", "email", "credit_card", "available_credits", "linked_cloud_account_id", "any_method_allowed"})
        EXPECT_TRUE(account.json.contains(QLatin1String(key))) << key;
    EXPECT_EQ(account.json.value("linked_cloud_account_id").toString(),
              workspace.value("cloud_account_id").toString());

    const auto cloud = get("/v1/cloud-accounts/" + workspace.value("cloud_account_id").toString());
    ASSERT_EQ(cloud.status, 200);
    for (const char *key :
         {"id", "provider", "display_name", "subscription_state", "sync_state", "bound_workspace_count"})
        EXPECT_TRUE(cloud.json.contains(QLatin1String(key))) << key;
    EXPECT_GE(cloud.json.value("bound_workspace_count").toInteger(), 1);

    const auto clouds = get("/v1/cloud-accounts?provider=azure&limit=5");
    ASSERT_EQ(clouds.status, 200);
    EXPECT_GT(clouds.json.value("total").toInteger(), 0);
    for (const auto &item : clouds.json.value("items").toArray()) {
        EXPECT_EQ(item.toObject().value("provider").toString(), "azure");
        EXPECT_TRUE(item.toObject().contains("subscription_id"));
    }

    const auto deployments = get("/v1/deployments?workspace_id=" + workspace.value("id").toString());
    ASSERT_EQ(deployments.status, 200);
    for (const auto &item : deployments.json.value("items").toArray())
        EXPECT_EQ(item.toObject().value("workspace_id").toString(), workspace.value("id").toString());

    const auto audit = get("/v1/audit-events?target=" + workspace.value("id").toString());
    ASSERT_EQ(audit.status, 200);
    ASSERT_GE(audit.json.value("total").toInteger(), 1);
    const QJsonObject event = audit.json.value("items").toArray().at(0).toObject();
    for (const char *key : {"seq", "at", "actor", "action", "target_type", "target_id", "before", "after",
                            "note", "request_id", "prev_hash", "hash"})
        EXPECT_TRUE(event.contains(QLatin1String(key))) << key;
    EXPECT_EQ(event.value("target_id").toString(), workspace.value("id").toString());

    const auto after = get("/v1/audit-events?after_seq=5&limit=3");
    ASSERT_EQ(after.status, 200);
    EXPECT_EQ(after.json.value("items").toArray().at(0).toObject().value("seq").toInteger(), 6);
}

TEST_P(PlatformApi, CloudAccountsCanBeSearchedForThoseTakingBindings)
{
    const auto answer = get("/v1/cloud-accounts?q=azure&takes_bindings=true&limit=1000");
    ASSERT_EQ(answer.status, 200) << answer.body.toStdString();
    const QJsonArray items = answer.json.value("items").toArray();
    ASSERT_FALSE(items.isEmpty());
    EXPECT_EQ(answer.json.value("total").toInteger(), items.size());
    for (const auto &item : items) {
        const QJsonObject c = item.toObject();
        EXPECT_TRUE(c.value("display_name").toString().contains("Azure", Qt::CaseInsensitive) ||
                    c.value("id").toString().contains("azure"));
        EXPECT_EQ(c.value("subscription_state").toString(), "subscribed");
        EXPECT_EQ(c.value("sync_state").toString(), "synced");
    }
    const auto all = get("/v1/cloud-accounts?q=azure&limit=1000");
    EXPECT_GT(all.json.value("total").toInteger(), answer.json.value("total").toInteger());
    expectProblem(get("/v1/cloud-accounts?takes_bindings=maybe"), 400, "invalid_request");
    EXPECT_EQ(get("/v1/cloud-accounts?q=%25").json.value("total").toInteger(), 0)
        << "% is a character, not a wildcard";
}

TEST_P(PlatformApi, CloudAccountsCountTheirBoundWorkspacesSiteBySite)
{
    // The cloud account paying for the most workspaces, found through the list's counts.
    const QJsonArray all = get("/v1/cloud-accounts?limit=1000").json.value("items").toArray();
    QJsonObject busiest;
    for (const auto &item : all)
        if (item.toObject().value("bound_workspace_count").toInteger() >
            busiest.value("bound_workspace_count").toInteger())
            busiest = item.toObject();
    ASSERT_GT(busiest.value("bound_workspace_count").toInteger(), 0);
    const auto detail = get("/v1/cloud-accounts/" + busiest.value("id").toString());
    ASSERT_EQ(detail.status, 200);
    EXPECT_EQ(detail.json.value("bound_by_site"), busiest.value("bound_by_site"));
    const QJsonObject bySite = detail.json.value("bound_by_site").toObject();
    ASSERT_FALSE(bySite.isEmpty());
    qint64 sum = 0;
    for (auto site = bySite.begin(); site != bySite.end(); ++site) {
        // Each count is what the workspace list answers for that cloud account and site.
        const auto bound = get(QStringLiteral("/v1/workspaces?cloud_account_id=%1&site=%2&limit=1")
                                   .arg(busiest.value("id").toString(), site.key()));
        EXPECT_EQ(bound.json.value("total").toInteger(), site.value().toInteger())
            << site.key().toStdString();
        sum += site.value().toInteger();
    }
    EXPECT_EQ(sum, detail.json.value("bound_workspace_count").toInteger());
    EXPECT_EQ(get("/v1/workspaces?limit=1&cloud_account_id=" + busiest.value("id").toString())
                  .json.value("total")
                  .toInteger(),
              sum);
}

TEST_P(PlatformApi, CloudAccountsFilterBySubscriptionAndSyncState)
{
    const auto failed = get("/v1/cloud-accounts?sync_state=failed&limit=1000");
    ASSERT_EQ(failed.status, 200);
    ASSERT_GT(failed.json.value("total").toInteger(), 0);
    for (const auto &item : failed.json.value("items").toArray())
        EXPECT_EQ(item.toObject().value("sync_state").toString(), "failed");
    const auto pending = get("/v1/cloud-accounts?subscription_state=pending&provider=aws&limit=1000");
    ASSERT_EQ(pending.status, 200);
    ASSERT_GT(pending.json.value("total").toInteger(), 0);
    for (const auto &item : pending.json.value("items").toArray()) {
        EXPECT_EQ(item.toObject().value("subscription_state").toString(), "pending");
        EXPECT_EQ(item.toObject().value("provider").toString(), "aws");
    }
    for (const char *bad : {"subscription_state=active", "sync_state=done"}) {
        const auto answer = get(QStringLiteral("/v1/cloud-accounts?") + bad);
        expectProblem(answer, 400, "invalid_request");
        EXPECT_EQ(answer.json.value("parameter").toString(), QString::fromLatin1(bad).section('=', 0, 0));
    }
}

TEST_P(PlatformApi, EveryRequestNeedsAKnownStaffToken)
{
    const auto none = get("/v1/workspaces", QString());
    expectProblem(none, 401, "unauthorized");
    const auto wrong = get("/v1/workspaces", "bcc_not-a-real-token");
    expectProblem(wrong, 401, "unauthorized");
    const auto health = get("/v1/health", "bcc_not-a-real-token");
    expectProblem(health, 401, "unauthorized"); // needs no token, but checks one given
    const QString viewer = platform->addStaff("vera.viewer", "viewer");
    EXPECT_EQ(get("/v1/workspaces?limit=1", viewer).status, 200);
}

TEST_P(PlatformApi, BadParametersAreNamed)
{
    for (const auto &[query, parameter] : {std::pair{"limit=0", "limit"},
                                           {"limit=5000", "limit"},
                                           {"sort=secret", "sort"},
                                           {"status=gone", "status"},
                                           {"order=sideways", "order"},
                                           {"bogus=1", "bogus"}}) {
        const auto answer = get(QStringLiteral("/v1/workspaces?") + query);
        expectProblem(answer, 400, "invalid_request");
        EXPECT_EQ(answer.json.value("parameter").toString(), QLatin1String(parameter)) << query;
    }
    expectProblem(get("/v1/audit-events?after_seq=-4"), 400, "invalid_request");
    expectProblem(get("/v1/deployments?state=exploded"), 400, "invalid_request");
    expectProblem(get("/v1/cloud-accounts?provider=gcp"), 400, "invalid_request");
}

TEST_P(PlatformApi, UnknownIdsAndRoutesAreNotFound)
{
    expectProblem(get("/v1/workspaces/ws-nope"), 404, "not_found");
    expectProblem(get("/v1/accounts/acct-nope"), 404, "not_found");
    expectProblem(get("/v1/cloud-accounts/ca-nope"), 404, "not_found");
    expectProblem(get("/v1/no-such-thing"), 404, "not_found");
    const auto wrongMethod =
        exchange("DELETE", test::endpoint(platform->url(), "/v1/workspaces"), platform->adminToken());
    expectProblem(wrongMethod, 405, "method_not_allowed");
}

TEST_P(PlatformApi, AKnownPathWithAnotherMethodSaysWhichAndAnUnknownMethodIsNotImplemented)
{
    // On a raw socket: the head of each answer as sent.
    const auto answerTo = [this](const QByteArray &method, const QByteArray &path) {
        return test::rawRequest(platform->url(), method, path, {},
                                "Authorization: Bearer " + platform->adminToken().toUtf8() + "\r\n");
    };
    const auto wrong = answerTo("PUT", "/v1/workspaces");
    EXPECT_EQ(wrong.status, 405);
    EXPECT_TRUE(wrong.head.toLower().contains("\r\nallow: get")) << wrong.head.toStdString();
    EXPECT_EQ(answerTo("POST", "/v1/events").status, 405);
    for (const auto &[method, path] : {std::pair{"FOO", "/v1/workspaces"}, std::pair{"FOO", "/v1/no-such"},
                                       std::pair{"TRACE", "/v1/session"}}) {
        const auto unknown = answerTo(method, path);
        EXPECT_EQ(unknown.status, 501) << method << " " << path;
        EXPECT_EQ(unknown.json.value("code").toString(), "not_implemented");
    }
}

TEST_P(PlatformApi, OversizedBodiesAreRefusedBeforeAnythingHappens)
{
    // One byte over the limit: the whole request arrives and is refused. (A client sending far more is
    // cut off while it sends; the next test covers that, on a raw socket.)
    const QByteArray big(http::ApiServer::MaxBodyBytes + 1, 'x');
    const auto answer =
        exchange("GET", test::endpoint(platform->url(), "/v1/workspaces"), platform->adminToken(), big);
    expectProblem(answer, 413, "payload_too_large");
}

TEST_P(PlatformApi, AClientSendingMoreThanARequestMayHoldIsCutOffAt413)
{
    // The promised Content-Length is over the limit: the server answers 413 and closes the connection
    // without reading the body. Only 8 of the
    // promised 100 MiB are sent: without the cut-off no answer would come at all.
    const qint64 lockedBefore = get("/v1/workspaces?status=locked&limit=1").json.value("total").toInteger();
    QTcpSocket socket;
    socket.connectToHost(platform->url().host(), quint16(platform->url().port()));
    ASSERT_TRUE(socket.waitForConnected(5000));
    socket.write("POST /v1/workspace-locks HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
                 platform->adminToken().toUtf8() +
                 "\r\nContent-Type: application/json\r\nContent-Length: 104857600\r\n\r\n");
    const QByteArray chunk(64 * 1024, ' ');
    QByteArray answer;
    for (int sent = 0; sent < 128 && socket.state() == QAbstractSocket::ConnectedState; ++sent) {
        socket.write(chunk);
        socket.waitForBytesWritten(1000);
        if (socket.bytesAvailable() || socket.waitForReadyRead(1))
            answer += socket.readAll();
        if (answer.contains("\r\n\r\n"))
            break;
    }
    if (!answer.contains("\r\n\r\n") && socket.waitForReadyRead(5000))
        answer += socket.readAll();
    EXPECT_TRUE(answer.startsWith("HTTP/1.1 413")) << answer.left(200).toStdString();
    EXPECT_TRUE(answer.contains("payload_too_large"));
    // Nothing was locked, and the platform serves the next request as ever.
    const auto after = get("/v1/workspaces?status=locked&limit=1");
    EXPECT_EQ(after.status, 200);
    EXPECT_EQ(after.json.value("total").toInteger(), lockedBefore);
}

TEST(PlatformConcurrency, SlowDatabaseWorkDoesNotHoldUpOtherRequests)
{
    // A filtered list seen for the first time on 100,000 workspaces costs a full index pass; a health
    // check sent after it must not wait for it (the routes run on a pool, not the server's thread).
    test::TestPlatform platform(Backend::Sqlite, 100'000);
    QNetworkAccessManager network;
    const auto send = [&](const QString &pathAndQuery) {
        QNetworkRequest request(test::endpoint(platform.url(), pathAndQuery));
        request.setRawHeader("Authorization", "Bearer " + platform.adminToken().toUtf8());
        return network.get(request);
    };
    QStringList finished;
    QNetworkReply *slow =
        send("/v1/workspaces?provider=aws&billing_method=cloud_account&sort=name&offset=30000");
    QNetworkReply *fast = send("/v1/health");
    QObject::connect(slow, &QNetworkReply::finished, [&] { finished << "slow"; });
    QObject::connect(fast, &QNetworkReply::finished, [&] { finished << "fast"; });
    QEventLoop loop;
    QObject::connect(slow, &QNetworkReply::finished, &loop, [&] {
        if (finished.size() == 2)
            loop.quit();
    });
    QObject::connect(fast, &QNetworkReply::finished, &loop, [&] {
        if (finished.size() == 2)
            loop.quit();
    });
    loop.exec();
    EXPECT_EQ(finished, QStringList({"fast", "slow"}));
    EXPECT_EQ(slow->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    slow->deleteLater();
    fast->deleteLater();
}

TEST(StaffTokens, AreKeptOnlyAsTheirHash)
{
    test::TestPlatform platform(Backend::Sqlite, 10);
    const QString token = platform.addStaff("hana.hash", "auditor");
    auto db = platform.directAccess()->database().connection();
    ASSERT_TRUE(db.ok());
    QSqlQuery q(*db);
    ASSERT_TRUE(q.exec("SELECT token_hash FROM staff_users WHERE name = 'hana.hash'"));
    ASSERT_TRUE(q.next());
    EXPECT_NE(q.value(0).toString(), token);
    EXPECT_EQ(q.value(0).toString(), store::StaffStore::hashToken(token));
    ASSERT_TRUE(q.exec(QStringLiteral("SELECT COUNT(*) FROM staff_users WHERE token_hash LIKE '%%1%'")
                           .arg(token.mid(4, 12))));
    ASSERT_TRUE(q.next());
    EXPECT_EQ(q.value(0).toInt(), 0);
    EXPECT_EQ(exchange("GET", test::endpoint(platform.url(), "/v1/health"), token).status, 200);
}

INSTANTIATE_TEST_SUITE_P(Backends, PlatformApi, ::testing::Values(Backend::Sqlite, Backend::Postgres),
                         [](const auto &info) { return std::string(test::backendName(info.param)); });

// On PostgreSQL a connection is a new server process and a login. The request threads open theirs
// before the server listens, so that the first requests after a start do not wait for them: those
// requests open none.
TEST(PlatformStart, RequestThreadsHaveTheirPostgresConnectionsBeforeTheServerListens)
{
    test::TestDatabase database(Backend::Postgres);
    auto platform = domain::BillingPlatform::open(
        database.spec(), std::make_shared<domain::ManualClock>(test::TestPlatform::Now));
    ASSERT_TRUE(platform.ok()) << platform.problem().message().toStdString();
    auto token =
        (*platform)->staff().add("first-request", "viewer", contract::TokenLifetime::never(), "test-setup");
    ASSERT_TRUE(token.ok());
    QSqlDatabase watcher = test::openPostgres(database.spec(), "connections-watcher");
    const auto platformConnections = [&] {
        QSqlQuery q(watcher);
        EXPECT_TRUE(q.exec("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND "
                           "pid <> pg_backend_pid()"));
        EXPECT_TRUE(q.next());
        return q.value(0).toInt();
    };
    const int opened = platformConnections(); // the platform's own, from its opening

    http::PlatformServer::Options options;
    options.schedulerIntervalMs = 0; // no sweep, whose thread would open one more
    http::PlatformServer server(*platform, options);
    ASSERT_TRUE(server.listen(QHostAddress::LocalHost, 0).ok());
    // Four request threads, and those their first read used (the count beside a first page).
    const int listening = platformConnections();
    EXPECT_GE(listening, opened + 4);

    for (int i = 0; i < 8; ++i)
        EXPECT_EQ(exchange("GET", test::endpoint(server.url(), "/v1/workspaces?limit=5"), *token).status,
                  200);
    EXPECT_EQ(platformConnections(), listening);
}
