// SPDX-License-Identifier: Apache-2.0
#include "console/services/platformclient.h"
#include "console/services/platformevents.h"
#include "foundation/contract/jsonfields.h"
#include "tests/support/marketplaceapitest.h"
#include "tests/support/wait.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QUuid>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace billing;
using billing::test::Backend;

namespace {

constexpr qint64 Day = 24LL * 3600 * 1000;

// The console's side of GET /v1/events against a real platform: what it hears, in order.
class EventStreamTest : public test::MarketplaceApi
{
protected:
    void SetUp() override
    {
        MarketplaceApi::SetUp();
        client = std::make_unique<services::PlatformClient>(platform->url(), platform->adminToken());
        events = std::make_unique<services::PlatformEvents>(client.get());
        QObject::connect(events.get(), &services::PlatformEvents::changed,
                         [this](const contract::AuditEvent &e) { heard.append(e); });
    }
    void TearDown() override
    {
        events.reset();
        client.reset();
    }
    void listen()
    {
        events->start();
        ASSERT_TRUE(test::waitUntil([&] { return events->isLive(); }));
    }
    qsizetype heardOf(const QString &action) const
    {
        return std::count_if(heard.cbegin(), heard.cend(),
                             [&](const contract::AuditEvent &e) { return e.action == action; });
    }
    void expectInOrderWithoutGaps() const
    {
        for (qsizetype i = 1; i < heard.size(); ++i)
            EXPECT_EQ(heard[i].seq, heard[i - 1].seq + 1) << "event " << i;
    }

    std::unique_ptr<services::PlatformClient> client;
    std::unique_ptr<services::PlatformEvents> events;
    QList<contract::AuditEvent> heard;
};

} // namespace

TEST_P(EventStreamTest, ACancellationArrivesAsItCommitsEveryStepInOrder)
{
    listen();
    const qint64 head = number("SELECT MAX(seq) FROM audit_events");
    const QString cloudId = registerAws("X01STREAM001").value("id").toString();
    ASSERT_EQ(aws("subscribe-success", "X01STREAM001", "s-1").status, 200);
    const QStringList ids = threeOnTwoSites();
    ASSERT_EQ(bind(cloudId, ids).status, 200);
    ASSERT_EQ(aws("unsubscribe-success", "X01STREAM001", "s-2").status, 200);

    ASSERT_TRUE(test::waitUntil([&] { return heardOf("cloud_account.cancelled") == 1; }))
        << heard.size() << " events";
    ASSERT_FALSE(heard.isEmpty());
    EXPECT_EQ(heard.first().seq, head + 1)
        << "the stream starts at the head it found, and misses nothing after";
    EXPECT_EQ(heard.last().seq, number("SELECT MAX(seq) FROM audit_events"));
    expectInOrderWithoutGaps();
    EXPECT_EQ(heardOf("workspace.locked_by_cancellation"), 3);
    const contract::AuditEvent &cancelled = heard.last();
    EXPECT_EQ(cancelled.targetType, "cloud_account");
    EXPECT_EQ(cancelled.targetId, cloudId);
    EXPECT_EQ(cancelled.actor, "marketplace:aws");
    EXPECT_TRUE(cancelled.note.startsWith("3 workspaces locked")) << cancelled.note.toStdString();
    // Each event is the audit event itself, chained.
    EXPECT_EQ(cancelled.hash, cancelled.computeHash());

    // The event's instant lists exactly the workspaces the cancellation locked.
    const QString lockedTogether =
        "/v1/workspaces?lock_reason=cloud_subscription_cancelled&limit=10&locked_at=" +
        QString::fromLatin1(QUrl::toPercentEncoding(contract::json::time(cancelled.at).toString()));
    const auto listed =
        test::exchange("GET", test::endpoint(platform->url(), lockedTogether), platform->adminToken());
    ASSERT_EQ(listed.status, 200) << listed.body.toStdString();
    QStringList listedIds;
    for (const auto &item : listed.json.value("items").toArray())
        listedIds << item.toObject().value("id").toString();
    listedIds.sort();
    QStringList expected = ids;
    expected.sort();
    EXPECT_EQ(listedIds, expected);
    const auto bad = test::exchange("GET", test::endpoint(platform->url(), "/v1/workspaces?locked_at=soon"),
                                    platform->adminToken());
    EXPECT_EQ(bad.status, 400);
    EXPECT_EQ(bad.json.value("parameter").toString(), "locked_at");
}

TEST_P(EventStreamTest, AReconnectResumesAfterTheLastEventHeard)
{
    listen();
    ASSERT_EQ(registerAws("X01STREAM002").value("sync_state").toString(), "syncing");
    ASSERT_TRUE(test::waitUntil([&] { return !heard.isEmpty(); }));
    const qint64 lastHeard = events->lastSeq();
    events->stop();
    EXPECT_FALSE(events->isLive());

    // While the console is away: the subscription is confirmed and an admin locks a workspace.
    ASSERT_EQ(aws("subscribe-success", "X01STREAM002", "r-1").status, 200);
    const QString id = eligibleWorkspace();
    const QString version = QStringLiteral("\"%1\"").arg(workspace(id).value("version").toInteger());
    ASSERT_EQ(send("POST", "/v1/workspaces/" + id + "/lock", {{"reason", "admin_hold"}, {"note", "Audit"}},
                   version, {}, platform->adminToken())
                  .status,
              200);
    const qint64 headNow = number("SELECT MAX(seq) FROM audit_events");
    ASSERT_GT(headNow, lastHeard);

    const qsizetype before = heard.size();
    listen(); // sends Last-Event-ID
    ASSERT_TRUE(test::waitUntil([&] { return !heard.isEmpty() && heard.last().seq == headNow; }));
    EXPECT_EQ(heard[before].seq, lastHeard + 1);
    expectInOrderWithoutGaps();
    EXPECT_EQ(heardOf("workspace.locked"), 1);
}

TEST_P(EventStreamTest, ChangesWrittenByAnotherProcessArriveWithinTheSecondsPoll)
{
    listen();
    // Another platform process on the same database (here: a second platform object) runs the
    // scheduler 15 days on: countdowns end and workspaces dissolve. No commit of this server's wakes it.
    platform->clock().advance(15 * Day);
    auto swept = platform->directAccess()->scheduler().runDue();
    ASSERT_TRUE(swept.ok());
    const qint64 head = number("SELECT MAX(seq) FROM audit_events");
    ASSERT_TRUE(test::waitUntil([&] { return !heard.isEmpty() && heard.last().seq == head; }, 5000));
    EXPECT_GT(heardOf("workspace.dissolved"), 0);
    expectInOrderWithoutGaps();
}

TEST_P(EventStreamTest, RefusesWithoutATokenABadLastEventIdAndOtherMethods)
{
    const QUrl url = test::endpoint(platform->url(), "/v1/events");
    const auto anonymous = test::exchange("GET", url, QString());
    EXPECT_EQ(anonymous.status, 401);
    EXPECT_EQ(anonymous.contentType, "application/problem+json");

    QNetworkRequest badId(url);
    badId.setRawHeader("Authorization", "Bearer " + platform->adminToken().toUtf8());
    badId.setRawHeader("Last-Event-ID", "yesterday");
    const auto refused = test::exchange(badId, "GET");
    EXPECT_EQ(refused.status, 400);
    EXPECT_EQ(refused.json.value("code").toString(), "invalid_request");
    EXPECT_EQ(refused.json.value("parameter").toString(), "Last-Event-ID");

    EXPECT_EQ(
        test::exchange("GET", test::endpoint(platform->url(), "/v1/events?since=1"), platform->adminToken())
            .status,
        400);
    const auto posted = test::exchange("POST", url, platform->adminToken());
    EXPECT_EQ(posted.status, 405);

    // Accepted: an event stream whose first bytes tell the client how soon to reconnect, and where it
    // starts: a client that hears no event before the line drops resumes from there.
    const auto head = platform->directAccess()->auditHead();
    ASSERT_TRUE(head);
    QNetworkAccessManager network;
    QNetworkRequest good(url);
    good.setRawHeader("Authorization", "Bearer " + platform->adminToken().toUtf8());
    QNetworkReply *reply = network.get(good);
    QByteArray received;
    QObject::connect(reply, &QNetworkReply::readyRead, [&] { received += reply->readAll(); });
    ASSERT_TRUE(test::waitUntil([&] { return received.contains("\n\n"); }, 5000));
    EXPECT_EQ(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    EXPECT_EQ(reply->header(QNetworkRequest::ContentTypeHeader).toByteArray(), "text/event-stream");
    EXPECT_EQ(received, "retry: 1000\nid: " + QByteArray::number(head->seq) + "\n\n");
    reply->abort();
    delete reply;
}

// A client that stops reading its event stream must not hold back anyone else's.
class EventStreamFairness : public ::testing::TestWithParam<Backend>
{
protected:
    void SetUp() override { platform = std::make_unique<test::TestPlatform>(GetParam(), 13000); }

    // A stream opened on a socket with a 4 KiB receive buffer that is then never read.
    int openNonReader(const QString &token)
    {
        const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
        const int small = 4096;
        ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(quint16(platform->url().port()));
        ::inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
        EXPECT_EQ(::connect(fd, reinterpret_cast<sockaddr *>(&address), sizeof address), 0);
        const QByteArray request = "GET /v1/events HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n"
                                   "Authorization: Bearer " +
                                   token.toUtf8() + "\r\n\r\n";
        EXPECT_EQ(::send(fd, request.constData(), size_t(request.size()), 0), request.size());
        return fd;
    }
    // Whether the platform closed the socket: everything it holds is read, then an end or a reset.
    static bool closedByThePlatform(int fd)
    {
        char buffer[65536];
        QElapsedTimer waited;
        waited.start();
        while (!waited.hasExpired(10000)) {
            QCoreApplication::processEvents(QEventLoop::AllEvents, 10); // the platform may be in this process
            pollfd ready{fd, POLLIN, 0};
            if (::poll(&ready, 1, 10) <= 0)
                continue;
            if (::recv(fd, buffer, sizeof buffer, 0) <= 0)
                return true;
        }
        return false;
    }
    test::HttpAnswer post(const QString &path, const QJsonObject &body)
    {
        QNetworkRequest request(test::endpoint(platform->url(), path));
        request.setRawHeader("Authorization", "Bearer " + platform->adminToken().toUtf8());
        request.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
        request.setRawHeader("Idempotency-Key", QUuid::createUuid().toByteArray(QUuid::WithoutBraces));
        return test::exchange(request, "POST", QJsonDocument(body).toJson(QJsonDocument::Compact));
    }
    QJsonObject selection(const QString &where, int limit)
    {
        QSqlQuery q(*platform->directAccess()->database().connection());
        EXPECT_TRUE(q.exec(QStringLiteral("SELECT id, version FROM workspaces WHERE %1 ORDER BY id LIMIT %2")
                               .arg(where)
                               .arg(limit)));
        QJsonArray items;
        while (q.next())
            items.append(QJsonObject{{"id", q.value(0).toString()}, {"version", q.value(1).toLongLong()}});
        return {{"workspaces", items}};
    }
    qint64 head()
    {
        QSqlQuery q(*platform->directAccess()->database().connection());
        EXPECT_TRUE(q.exec("SELECT MAX(seq) FROM audit_events") && q.next());
        return q.value(0).toLongLong();
    }

    std::unique_ptr<test::TestPlatform> platform;
};

TEST_P(EventStreamFairness, ANonReaderIsCutOffAndDelaysNoOtherClient)
{
    services::PlatformClient client(platform->url(), platform->adminToken());
    services::PlatformEvents events(&client);
    qint64 heard = 0;
    QObject::connect(&events, &services::PlatformEvents::changed,
                     [&heard](const contract::AuditEvent &e) { heard = std::max(heard, e.seq); });
    events.start();
    ASSERT_TRUE(test::waitUntil([&] { return events.isLive(); }));
    const int nonReader = openNonReader(platform->addStaff("idle-viewer", "viewer"));

    // Each change, once committed, must reach the reading client within a second.
    qint64 worstMs = 0;
    const auto heardWithinASecond = [&](qint64 seq) {
        QElapsedTimer waited;
        waited.start();
        const bool arrived = test::waitUntil([&] { return heard >= seq; }, 1000);
        worstMs = std::max(worstMs, waited.elapsed());
        return arrived;
    };
    // 10,000 workspaces locked in one change (10,000 events, some 7 MB of stream), then 1,000 more
    // locked ten at a time.
    QJsonObject bulk = selection("status = 'active'", 10000);
    ASSERT_EQ(bulk.value("workspaces").toArray().size(), 10000);
    bulk.insert("reason", "admin_hold");
    const auto locked = post("/v1/workspace-locks", bulk);
    ASSERT_EQ(locked.status, 200) << locked.body.left(300).toStdString();
    // Reading and parsing 7 MB takes the reader its own while; the non-reader must not add to it.
    const qint64 afterBulk = head();
    EXPECT_TRUE(test::waitUntil([&] { return heard >= afterBulk; }, 10000));
    for (int i = 0; i < 100; ++i) {
        QJsonObject some = selection("status = 'active'", 10);
        some.insert("reason", "payment_overdue");
        const auto lockedMore = post("/v1/workspace-locks", some);
        ASSERT_EQ(lockedMore.status, 200) << lockedMore.body.left(300).toStdString();
        EXPECT_TRUE(heardWithinASecond(head())) << "change " << i;
    }
    EXPECT_LE(worstMs, 1000);
    // The non-reader's backlog passed the bound: it was cut off, and reconnects with Last-Event-ID.
    EXPECT_TRUE(closedByThePlatform(nonReader));
    ::close(nonReader);
}

INSTANTIATE_TEST_SUITE_P(Backends, EventStreamFairness, ::testing::Values(Backend::Sqlite, Backend::Postgres),
                         [](const auto &info) { return std::string(test::backendName(info.param)); });

INSTANTIATE_TEST_SUITE_P(Backends, EventStreamTest, ::testing::Values(Backend::Sqlite, Backend::Postgres),
                         [](const auto &info) { return std::string(test::backendName(info.param)); });
