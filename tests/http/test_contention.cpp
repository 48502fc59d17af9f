// SPDX-License-Identifier: Apache-2.0
// Writers that collide on PostgreSQL: a transaction the database gives up (deadlock, serialization
// failure) is run again from the start, and only after five attempts answered 503 with Retry-After.
#include "foundation/contract/vocabulary.h"
#include "platform/http/apiresponse.h"
#include "tests/support/httpprobe.h"
#include "tests/support/testplatform.h"
#include "tests/support/wait.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

#include <gtest/gtest.h>

namespace billing {
namespace {

QString pickOne(test::TestPlatform &platform, const QString &sql)
{
    QSqlQuery q(*platform.directAccess()->database().connection());
    EXPECT_TRUE(q.exec(sql) && q.next()) << sql.toStdString();
    return q.value(0).toString();
}

TEST(Contention, ADeadlockedChangeIsRunAgainAndAppliedOnce)
{
    test::TestPlatform platform(test::Backend::Postgres, 2000, 1);
    const QString id =
        pickOne(platform, "SELECT id FROM workspaces WHERE status = 'active' ORDER BY rid LIMIT 1");
    const auto read =
        test::exchange("GET", test::endpoint(platform.url(), "/v1/workspaces/" + id), platform.adminToken());
    ASSERT_FALSE(read.etag.isEmpty());
    const qint64 retriesBefore = platform.served()->runner().retries();
    {
        QSqlDatabase other = test::openPostgres(platform.databaseSpec(), QStringLiteral("contention-other"));
        QSqlDatabase look = test::openPostgres(platform.databaseSpec(), QStringLiteral("contention-look"));
        QSqlQuery q(other);
        // Another writer holds the workspace's row.
        ASSERT_TRUE(q.exec("BEGIN"));
        ASSERT_TRUE(q.exec(QStringLiteral("SELECT id FROM workspaces WHERE id = '%1' FOR UPDATE").arg(id)));

        QNetworkAccessManager network;
        QNetworkRequest request(test::endpoint(platform.url(), "/v1/workspaces/" + id + "/lock"));
        request.setRawHeader("Authorization", "Bearer " + platform.adminToken().toUtf8());
        request.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
        request.setRawHeader("Idempotency-Key", QUuid::createUuid().toByteArray(QUuid::WithoutBraces));
        request.setRawHeader("If-Match", read.etag);
        QNetworkReply *reply = network.post(request, R"({"reason": "admin_hold", "note": "contention"})");
        // The platform holds the writers' turn and waits for the row.
        ASSERT_TRUE(test::waitUntil([&] {
            QSqlQuery waiting(look);
            return waiting.exec("SELECT count(*) FROM pg_locks WHERE NOT granted") && waiting.next() &&
                   waiting.value(0).toInt() > 0;
        }));
        // Now the other writer wants the turn: a deadlock. Each side looks for one after waiting 1 s
        // (deadlock_timeout); the platform's began waiting first, so its transaction is the one given up.
        QTest::qWait(300);
        ASSERT_TRUE(q.exec("LOCK TABLE audit_events IN SHARE ROW EXCLUSIVE MODE"))
            << q.lastError().text().toStdString();
        ASSERT_TRUE(q.exec("ROLLBACK"));
        ASSERT_TRUE(test::waitUntil([&] { return reply->isFinished(); }));
        EXPECT_EQ(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200)
            << reply->readAll().toStdString();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("contention-other"));
    QSqlDatabase::removeDatabase(QStringLiteral("contention-look"));
    EXPECT_GE(platform.served()->runner().retries(), retriesBefore + 1) << "it was run again";
    EXPECT_EQ(pickOne(platform, QStringLiteral("SELECT count(*) FROM audit_events WHERE target_id = '%1' AND "
                                               "action = 'workspace.locked'")
                                    .arg(id)),
              "1");
    EXPECT_EQ(pickOne(platform, QStringLiteral("SELECT status FROM workspaces WHERE id = '%1'").arg(id)),
              "locked");
}

// What is left when the retries run out: 503 storage_busy, with when to try again.
TEST(Contention, GivingWayIsStorageBusyWithRetryAfter)
{
    for (const char *code : {"40001", "40P01", "55P03"}) {
        const contract::Problem busy =
            store::Database::failure(QSqlError(QStringLiteral("server"), QStringLiteral("gave way"),
                                               QSqlError::StatementError, QString::fromLatin1(code)),
                                     "Saving");
        EXPECT_EQ(busy.code, contract::ErrorCode::StorageBusy) << code;
        EXPECT_TRUE(store::Database::isContention(busy));
        const http::ApiResponse response = http::ApiResponse::problem(busy);
        EXPECT_EQ(response.status, 503);
        ASSERT_EQ(response.headers.size(), 1);
        EXPECT_EQ(response.headers.first().first, "Retry-After");
        EXPECT_EQ(response.headers.first().second, "1");
    }
    const contract::Problem other =
        store::Database::failure(QSqlError(QStringLiteral("server"), QStringLiteral("disk full"),
                                           QSqlError::StatementError, QStringLiteral("53100")),
                                 "Saving");
    EXPECT_EQ(other.code, contract::ErrorCode::StorageUnavailable);
    EXPECT_FALSE(store::Database::isContention(other));
}

} // namespace
} // namespace billing
