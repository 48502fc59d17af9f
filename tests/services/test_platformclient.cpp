// SPDX-License-Identifier: Apache-2.0
#include "console/services/changekey.h"
#include "console/services/platformclient.h"
#include "console/services/workspaceservice.h"
#include "tests/support/testplatform.h"
#include "tests/support/wait.h"

#include <QTcpServer>
#include <QTcpSocket>

#include <gtest/gtest.h>

using namespace billing;
using namespace std::chrono_literals;

namespace {

// A TCP peer on 127.0.0.1 that answers each request with the next canned response, or never.
class CannedServer : public QObject
{
public:
    explicit CannedServer(QList<QByteArray> answers)
        : m_answers(std::move(answers))
    {
        m_server.listen(QHostAddress::LocalHost, 0);
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                connect(socket, &QTcpSocket::readyRead, socket, [this, socket] {
                    if (!socket->readAll().contains("\r\n\r\n"))
                        return;
                    ++requests;
                    if (m_answers.isEmpty())
                        return; // silent: the client must time out
                    socket->write(m_answers.takeFirst());
                    socket->disconnectFromHost();
                });
            }
        });
    }
    QUrl url() const { return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_server.serverPort())); }
    int requests = 0;

private:
    QTcpServer m_server;
    QList<QByteArray> m_answers;
};

QByteArray response(int status, const QByteArray &body, const QByteArray &type = "application/json")
{
    return "HTTP/1.1 " + QByteArray::number(status) + " X\r\nContent-Type: " + type +
           "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
}

} // namespace

class PlatformClientOnBackend : public ::testing::TestWithParam<test::Backend>
{
};

TEST_P(PlatformClientOnBackend, DecodesPagesAndSingleValuesFromTheRealPlatform)
{
    test::TestPlatform platform(GetParam(), 300);
    services::PlatformClient client(platform.url(), platform.adminToken());
    services::WorkspaceService service(&client);
    contract::WorkspaceQuery query;
    query.limit = 50;
    const auto page = test::await(service.page(query));
    ASSERT_TRUE(page.ok()) << page.problem().message().toStdString();
    EXPECT_EQ(page->total, 300);
    EXPECT_EQ(page->items.size(), 50);
    const auto workspace = test::await(service.workspace(page->items.at(3).id));
    ASSERT_TRUE(workspace.ok());
    EXPECT_EQ(workspace->name, page->items.at(3).name);
    const auto account = test::await(service.account(workspace->accountId));
    ASSERT_TRUE(account.ok());
    EXPECT_EQ(account->id, workspace->accountId);
    const auto cloud = test::await(service.cloudAccount(QString()));
    EXPECT_FALSE(cloud.ok()) << "an empty id is not a cloud account";
    const auto deployments = test::await(service.deployments(workspace->id));
    ASSERT_TRUE(deployments.ok());
    for (const auto &d : deployments->items)
        EXPECT_EQ(d.workspaceId, workspace->id);
    const auto sites = test::await(service.sites());
    ASSERT_TRUE(sites.ok());
    EXPECT_TRUE(sites->contains(workspace->site));
    const auto health = test::await(service.health());
    ASSERT_TRUE(health.ok());
    EXPECT_EQ(health->storage, GetParam() == test::Backend::Sqlite ? "sqlite" : "postgresql");
}

INSTANTIATE_TEST_SUITE_P(Backends, PlatformClientOnBackend,
                         ::testing::Values(test::Backend::Sqlite, test::Backend::Postgres),
                         [](const auto &info) { return std::string(test::backendName(info.param)); });

TEST(PlatformClient, TurnsProblemJsonIntoTypedProblems)
{
    test::TestPlatform platform(test::Backend::Sqlite, 50);
    services::PlatformClient client(platform.url(), platform.adminToken());
    services::WorkspaceService service(&client);
    const auto missing = test::await(service.workspace("ws-does-not-exist"));
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.problem().status, 404);
    EXPECT_EQ(missing.problem().code, "not_found");
    EXPECT_TRUE(missing.problem().message().contains("ws-does-not-exist"));

    services::PlatformClient stranger(platform.url(), "bcc_wrong");
    services::WorkspaceService strangerService(&stranger);
    const auto refused = test::await(strangerService.page({}));
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.problem().status, 401);
    EXPECT_EQ(refused.problem().code, "unauthorized");
}

TEST(PlatformClient, AClosedPortIsANetworkProblemNotACrash)
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    const quint16 port = probe.serverPort();
    probe.close();
    services::PlatformClient client(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port)), "t");
    client.setRetryDelay(1ms);
    bool reachable = true;
    QObject::connect(&client, &services::PlatformClient::reachabilityChanged,
                     [&](bool r, const QString &) { reachable = r; });
    const auto answer = test::await(client.get("/v1/health"));
    ASSERT_FALSE(answer.ok());
    EXPECT_EQ(answer.problem().code, "network_error");
    EXPECT_TRUE(answer.problem().isNetworkFailure());
    EXPECT_TRUE(answer.problem().message().contains(QString::number(port)));
    EXPECT_FALSE(reachable);
}

TEST(PlatformClient, TimesOutASilentPlatform)
{
    CannedServer silent({});
    services::PlatformClient client(silent.url(), "t");
    client.setTimeout(300ms);
    client.setRetryDelay(1ms);
    const auto answer = test::await(client.get("/v1/health"));
    ASSERT_FALSE(answer.ok());
    EXPECT_EQ(answer.problem().code, "timeout");
    EXPECT_EQ(silent.requests, 3) << "a GET is tried three times";
}

TEST(PlatformClient, RetriesAnIdempotentReadThroughTransientFailures)
{
    CannedServer flaky({response(503, R"({"status":503,"code":"storage_unavailable","title":"x"})",
                                 "application/problem+json"),
                        response(502, "bad gateway", "text/plain"), response(200, R"({"status":"ok"})")});
    services::PlatformClient client(flaky.url(), "t");
    client.setRetryDelay(1ms);
    const auto answer = test::await(client.get("/v1/health"));
    ASSERT_TRUE(answer.ok()) << answer.problem().message().toStdString();
    EXPECT_EQ(answer->body.value("status").toString(), "ok");
    EXPECT_EQ(flaky.requests, 3);
}

TEST(PlatformClient, DoesNotRetryARefusal)
{
    CannedServer refusing(
        {response(400, R"({"status":400,"code":"invalid_request","title":"x","parameter":"limit"})",
                  "application/problem+json"),
         response(200, "{}")});
    services::PlatformClient client(refusing.url(), "t");
    const auto answer = test::await(client.get("/v1/workspaces"));
    ASSERT_FALSE(answer.ok());
    EXPECT_EQ(answer.problem().code, "invalid_request");
    EXPECT_EQ(answer.problem().extra.value("parameter").toString(), "limit");
    EXPECT_EQ(refusing.requests, 1);
}

TEST(PlatformClient, NamesAnAnswerThatIsNotJson)
{
    CannedServer odd(
        {response(200, "<html>proxy login</html>", "text/html"), response(418, "teapot", "text/plain")});
    services::PlatformClient client(odd.url(), "t");
    const auto html = test::await(client.get("/v1/health"));
    ASSERT_FALSE(html.ok());
    EXPECT_EQ(html.problem().code, "bad_response");
    const auto teapot = test::await(client.get("/v1/health"));
    ASSERT_FALSE(teapot.ok());
    EXPECT_EQ(teapot.problem().status, 418);
    EXPECT_EQ(teapot.problem().code, "http_418");
}

TEST(ChangeKey, StaysTheSameForRetriesOfOneChangeAndChangesWithTheChange)
{
    services::ChangeKey key;
    const QByteArray first = key.forChange("ws-1/7/credit_card/");
    EXPECT_FALSE(first.isEmpty());
    EXPECT_EQ(key.forChange("ws-1/7/credit_card/"), first) << "a retry reuses the key";
    const QByteArray second = key.forChange("ws-1/7/prepaid_credits/");
    EXPECT_NE(second, first) << "another change gets another key";
    EXPECT_NE(key.forChange("ws-1/7/credit_card/"), first) << "going back is a new intention, not a retry";
}
