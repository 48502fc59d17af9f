// SPDX-License-Identifier: Apache-2.0
// The platform's HTTP layer as an attacker meets it: raw bytes on raw sockets, against a real platform.
#include "tests/support/testplatform.h"
#include "tests/support/wait.h"

#include <QElapsedTimer>
#include <QRegularExpression>
#include <QTcpSocket>

#include <gtest/gtest.h>

using namespace billing;

namespace {

class HttpFraming : public ::testing::Test
{
protected:
    void SetUp() override { platform = std::make_unique<test::TestPlatform>(test::Backend::Sqlite, 2000); }

    struct Exchange {
        QByteArray bytes;
        bool closed = false;
        QList<int> statuses() const
        {
            QList<int> found;
            static const QRegularExpression line(QStringLiteral("HTTP/1\\.1 (\\d{3}) "));
            for (auto it = line.globalMatch(QString::fromLatin1(bytes)); it.hasNext();)
                found.append(it.next().captured(1).toInt());
            return found;
        }
    };
    // Writes `raw` on a new connection and reads until the platform closes it or `quietMs` pass
    // without a byte.
    Exchange send(const QByteArray &raw, int quietMs = 1500, const QHostAddress &from = {})
    {
        QTcpSocket socket;
        if (!from.isNull())
            socket.bind(from, 0);
        socket.connectToHost(platform->url().host(), quint16(platform->url().port()));
        EXPECT_TRUE(socket.waitForConnected(5000));
        socket.write(raw);
        Exchange exchange;
        while (socket.waitForReadyRead(quietMs))
            exchange.bytes += socket.readAll();
        exchange.bytes += socket.readAll();
        exchange.closed = socket.state() != QAbstractSocket::ConnectedState;
        return exchange;
    }
    QByteArray viewerToken() { return platform->addStaff("vera.viewer", "viewer").toUtf8(); }
    qint64 signIns()
    {
        QSqlQuery q(*platform->directAccess()->database().connection());
        EXPECT_TRUE(q.exec("SELECT COUNT(*) FROM audit_events WHERE action LIKE 'staff.sign%'") && q.next());
        return q.value(0).toLongLong();
    }

    std::unique_ptr<test::TestPlatform> platform;
};

} // namespace

TEST_F(HttpFraming, ASmuggledRequestIsNeverRunAndTheConnectionCloses)
{
    const QByteArray second =
        "GET /v1/session HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + viewerToken() + "\r\n\r\n";
    const qint64 before = signIns();
    for (const QByteArray &framing :
         {QByteArray("Content-Length: 4\r\nTransfer-Encoding: chunked\r\n"),
          QByteArray("Transfer-Encoding: chunked\r\nContent-Length: 4\r\n"),
          QByteArray("Content-Length: 4\r\nContent-Length: 30\r\n"), QByteArray("Content-Length: 4x\r\n"),
          QByteArray("Transfer-Encoding: gzip\r\n")}) {
        SCOPED_TRACE(framing.toStdString());
        const Exchange answer = send("POST /v1/marketplace/aws/notifications HTTP/1.1\r\nHost: x\r\n"
                                     "Content-Type: application/json\r\n" +
                                     framing + "\r\n0\r\n\r\n" + second);
        EXPECT_EQ(answer.statuses(), QList<int>{400}) << answer.bytes.left(400).toStdString();
        EXPECT_TRUE(answer.closed);
    }
    EXPECT_EQ(signIns(), before) << "the request after the body never ran";
}

TEST_F(HttpFraming, BadChunksLongHeadersAndLargeBodiesAreRefusedBeforeTheyAreRead)
{
    const Exchange badChunk = send("POST /v1/marketplace/aws/notifications HTTP/1.1\r\nHost: x\r\n"
                                   "Transfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n");
    EXPECT_EQ(badChunk.statuses(), QList<int>{400});
    EXPECT_TRUE(badChunk.closed);

    QByteArray headers;
    for (int i = 0; i < 20; ++i)
        headers += "X-Padding-" + QByteArray::number(i) + ": " + QByteArray(1000, 'a') + "\r\n";
    const Exchange tooLong = send("GET /v1/health HTTP/1.1\r\nHost: x\r\n" + headers + "\r\n");
    EXPECT_EQ(tooLong.statuses(), QList<int>{431});
    EXPECT_TRUE(tooLong.closed);
    const Exchange longLine =
        send("GET /v1/health?" + QByteArray(100'000, 'q') + " HTTP/1.1\r\nHost: x\r\n\r\n");
    EXPECT_EQ(longLine.statuses(), QList<int>{431});

    // A Content-Length over the route's limit is answered at once: not one byte of the body is sent.
    const Exchange promised = send("POST /v1/marketplace/aws/notifications HTTP/1.1\r\nHost: x\r\n"
                                   "Content-Type: application/json\r\nContent-Length: 300000\r\n\r\n");
    EXPECT_EQ(promised.statuses(), QList<int>{413});
    EXPECT_TRUE(promised.closed);
}

TEST_F(HttpFraming, PipelinedAnswersLeaveInRequestOrderWhateverTheirSpeed)
{
    const QByteArray token = "Authorization: Bearer " + platform->adminToken().toUtf8() + "\r\n";
    for (int round = 0; round < 3; ++round) {
        const Exchange answers =
            send("GET /v1/workspaces?limit=1000&offset=1500&q=a&sort=name HTTP/1.1\r\nHost: x\r\n" + token +
                     "X-Request-Id: slow\r\n\r\nGET /v1/session HTTP/1.1\r\nHost: x\r\n" + token +
                     "X-Request-Id: fast\r\nConnection: close\r\n\r\n",
                 3000);
        EXPECT_EQ(answers.statuses(), (QList<int>{200, 200}));
        const qsizetype slow = answers.bytes.indexOf("X-Request-Id: slow");
        const qsizetype fast = answers.bytes.indexOf("X-Request-Id: fast");
        ASSERT_GE(slow, 0);
        ASSERT_GE(fast, 0);
        EXPECT_LT(slow, fast) << "round " << round;
    }
}

TEST_F(HttpFraming, StalledClientsAreCappedAndClosedWhileOthersAreServed)
{
    // 200 sockets from one address send half a request's headers, then a byte every two seconds.
    std::vector<std::unique_ptr<QTcpSocket>> stalled;
    for (int i = 0; i < 200; ++i) {
        auto socket = std::make_unique<QTcpSocket>();
        socket->connectToHost(platform->url().host(), quint16(platform->url().port()));
        stalled.push_back(std::move(socket));
    }
    for (auto &socket : stalled) {
        EXPECT_TRUE(socket->waitForConnected(5000));
        socket->write("GET /v1/health HTTP/1.1\r\nHost: x\r\nX-Slow: ");
        socket->flush();
    }
    QElapsedTimer clock;
    clock.start();
    const auto openOnes = [&] {
        return std::count_if(stalled.begin(), stalled.end(),
                             [](const auto &s) { return s->state() == QAbstractSocket::ConnectedState; });
    };
    // Beyond 64 from one address, the rest are refused at once.
    ASSERT_TRUE(test::waitUntil([&] { return openOnes() <= 64; }, 5000)) << openOnes() << " open";
    int served = 0;
    while (!clock.hasExpired(12'000)) {
        for (auto &socket : stalled) {
            if (socket->state() == QAbstractSocket::ConnectedState) {
                socket->write("a");
                socket->flush();
            }
        }
        // Another client, from another address, is answered throughout.
        const Exchange other = send("GET /v1/health HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
                                        platform->adminToken().toUtf8() + "\r\nConnection: close\r\n\r\n",
                                    1000, QHostAddress(QStringLiteral("127.0.0.2")));
        served += other.statuses() == QList<int>{200};
        QTest::qWait(1000);
    }
    EXPECT_GE(served, 4);
    // Each had 10 s for its headers, however it trickled them.
    EXPECT_TRUE(test::waitUntil([&] { return openOnes() == 0; }, 3000)) << openOnes() << " still open";
}
