// SPDX-License-Identifier: Apache-2.0
#include "foundation/contract/vocabulary.h"
#include "platform/http/platformserver.h"
#include "tests/support/httpprobe.h"
#include "tests/support/testplatform.h"
#include "tests/support/wait.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QRegularExpression>
#include <QTimer>
#include <QUuid>

#include <gtest/gtest.h>

using namespace billing;

namespace {

const QStringList Roles{"viewer", "operator", "admin", "auditor"};

// One row of docs/access.md: a route and, per role, "allowed", "403", "anyone" (no token needed, a given
// one checked) or "marketplace".
struct AccessRow {
    QByteArray method;
    QString pattern;
    QHash<QString, QString> verdicts;
};

QList<AccessRow> accessTable()
{
    QFile file(QStringLiteral(BILLING_SOURCE_DIR "/docs/access.md"));
    EXPECT_TRUE(file.open(QIODevice::ReadOnly | QIODevice::Text));
    static const QRegularExpression row(QStringLiteral(
        "^\\| (GET|POST|DELETE) \\| `([^`]+)` \\| (\\S+) \\| (\\S+) \\| (\\S+) \\| (\\S+) \\|$"));
    QList<AccessRow> rows;
    for (const QString &line : QString::fromUtf8(file.readAll()).split('\n')) {
        const auto match = row.match(line);
        if (!match.hasMatch())
            continue;
        AccessRow r{match.captured(1).toLatin1(), match.captured(2), {}};
        for (int i = 0; i < Roles.size(); ++i)
            r.verdicts.insert(Roles.at(i), match.captured(3 + i));
        rows.append(r);
    }
    return rows;
}

// The status and body of an answer; a stream's status is taken as soon as its head arrives.
test::HttpAnswer call(const QByteArray &method, const QUrl &url, const QString &token)
{
    QNetworkAccessManager network;
    QNetworkRequest request(url);
    if (!token.isNull())
        request.setRawHeader("Authorization", "Bearer " + token.toUtf8());
    request.setRawHeader("Idempotency-Key", QUuid::createUuid().toByteArray());
    QNetworkReply *reply = network.sendCustomRequest(request, method, QByteArray());
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    QObject::connect(reply, &QNetworkReply::metaDataChanged, &loop, [&] {
        if (reply->header(QNetworkRequest::ContentTypeHeader).toString().startsWith("text/event-stream"))
            loop.quit();
    });
    QTimer::singleShot(20000, &loop, &QEventLoop::quit);
    loop.exec();
    test::HttpAnswer answer;
    answer.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (reply->isFinished())
        answer.json = QJsonDocument::fromJson(reply->readAll()).object();
    reply->abort();
    reply->deleteLater();
    return answer;
}

// A marketplace route answers by the marketplace's own checks (its 401 is "token_invalid"), never the staff
// token's.
void expectNoStaffCheck(const test::HttpAnswer &answer, const std::string &where)
{
    EXPECT_NE(answer.json.value("code").toString(), "unauthorized") << where;
    EXPECT_NE(answer.json.value("code").toString(), "forbidden") << where;
    EXPECT_NE(answer.status, 403) << where;
}

QString concrete(QString pattern)
{
    return pattern.replace("{id}", "ws-0000001").replace("{workspace}", "ws-0000001");
}

} // namespace

TEST(Access, TheTableListsEveryRouteTheServerServes)
{
    auto platform = std::make_shared<domain::BillingPlatform>(nullptr, nullptr);
    http::PlatformServer::Options options;
    options.schedulerIntervalMs = 0;
    http::PlatformServer server(platform, options);
    QSet<QString> served, listed;
    for (const auto &[method, pattern] : server.routes())
        served.insert(QString::fromLatin1(method) + ' ' + pattern);
    for (const AccessRow &row : accessTable())
        listed.insert(QString::fromLatin1(row.method) + ' ' + row.pattern);
    for (const QString &route : served)
        EXPECT_TRUE(listed.contains(route))
            << route.toStdString() << " is served but docs/access.md does not list it";
    for (const QString &route : listed)
        EXPECT_TRUE(served.contains(route)) << route.toStdString() << " is in docs/access.md but not served";
}

// Every route × role: the answer is the table's. A refused call is a 403 naming the roles the table
// allows; an allowed one is anything but 401 or 403 (most are 4xx here: no body, no If-Match, unknown
// ids; the role is checked first, so they still show the role was accepted).
TEST(Access, EveryRouteAnswersEveryRoleAsTheTableSays)
{
    test::TestPlatform platform(test::Backend::Sqlite, 200);
    QHash<QString, QString> tokens;
    for (const QString &role : Roles)
        tokens.insert(role, platform.addStaff("staff-" + role, role));
    const QList<AccessRow> table = accessTable();
    ASSERT_GT(table.size(), 25);
    for (const AccessRow &row : table) {
        const QUrl url = test::endpoint(platform.url(), concrete(row.pattern));
        QStringList allowedRoles;
        for (const QString &role : Roles) {
            if (row.verdicts.value(role) == QLatin1String("allowed"))
                allowedRoles << role;
        }
        for (const QString &role : Roles) {
            const QString verdict = row.verdicts.value(role);
            const std::string where =
                row.method.toStdString() + ' ' + row.pattern.toStdString() + " as " + role.toStdString();
            const test::HttpAnswer answer = call(row.method, url, tokens.value(role));
            ASSERT_NE(answer.status, 0) << where << ": no answer";
            if (verdict == QLatin1String("403")) {
                EXPECT_EQ(answer.status, 403) << where;
                EXPECT_EQ(answer.json.value("code").toString(), "forbidden") << where;
                QStringList required;
                for (const QJsonValue &r : answer.json.value("required_roles").toArray())
                    required << r.toString();
                required.sort();
                QStringList expected = allowedRoles;
                expected.sort();
                EXPECT_EQ(required, expected) << where;
            } else if (verdict == QLatin1String("allowed") || verdict == QLatin1String("anyone")) {
                EXPECT_NE(answer.status, 401) << where;
                EXPECT_NE(answer.status, 403) << where;
            } else {
                ASSERT_EQ(verdict, QLatin1String("marketplace")) << where;
                expectNoStaffCheck(answer, where);
            }
        }
        // Without a token: 401 for every staff route; the marketplace routes do not ask for one.
        const test::HttpAnswer anonymous = call(row.method, url, QString());
        if (row.verdicts.value("viewer") == QLatin1String("marketplace")) {
            expectNoStaffCheck(anonymous, row.pattern.toStdString());
        } else if (row.verdicts.value("viewer") == QLatin1String("anyone")) {
            EXPECT_EQ(anonymous.status, 200) << row.pattern.toStdString();
            const test::HttpAnswer wrongToken = call(row.method, url, QStringLiteral("not-a-staff-token"));
            EXPECT_EQ(wrongToken.status, 401) << row.pattern.toStdString() << ": a given token is checked";
        } else {
            EXPECT_EQ(anonymous.status, 401) << row.method.toStdString() << ' ' << row.pattern.toStdString();
            EXPECT_EQ(anonymous.json.value("code").toString(), "unauthorized");
        }
    }
}

namespace {

QList<QJsonObject> staffEvents(test::TestPlatform &platform)
{
    // Read from the store: over HTTP this address may be the one refused.
    auto page = platform.directAccess()->auditEvents({0, 100, {}, {}, true});
    EXPECT_TRUE(page.ok());
    QList<QJsonObject> events;
    for (const contract::AuditEvent &e : page->items) {
        if (e.action.startsWith("staff."))
            events.prepend(e.toJson());
    }
    return events;
}

} // namespace

TEST(Access, ATokenStopsWorkingWhenItExpiresOrIsRevokedOrRotated)
{
    test::TestPlatform platform(test::Backend::Sqlite, 50);
    auto direct = platform.directAccess();
    const QUrl session = test::endpoint(platform.url(), "/v1/session");
    auto expiring = direct->staff().add("temp", "viewer", contract::TokenLifetime{3'600'000}, "test-setup");
    ASSERT_TRUE(expiring.ok());
    const auto before = test::exchange("GET", session, *expiring);
    EXPECT_EQ(before.status, 200);
    EXPECT_EQ(before.json.value("expires_at").toString(), "2026-09-21T15:13:20.000Z");
    platform.clock().advance(3'600'000);
    const auto expired = test::exchange("GET", session, *expiring);
    EXPECT_EQ(expired.status, 401);
    EXPECT_TRUE(expired.json.value("detail").toString().contains("expired"));

    const QString token = platform.addStaff("ops", "operator");
    ASSERT_EQ(test::exchange("GET", session, token).status, 200);
    auto rotated = direct->staff().rotate("ops", contract::TokenLifetime::never(), "test-setup");
    ASSERT_TRUE(rotated.ok());
    EXPECT_EQ(test::exchange("GET", session, token).status, 401);
    EXPECT_EQ(test::exchange("GET", session, *rotated).json.value("role").toString(), "operator");
    ASSERT_TRUE(direct->staff().revoke("ops", "test-setup").ok());
    const auto revoked = test::exchange("GET", session, *rotated);
    EXPECT_EQ(revoked.status, 401);
    EXPECT_EQ(revoked.json.value("code").toString(), "unauthorized");
    EXPECT_TRUE(revoked.json.value("detail").toString().contains("revoked"));
    EXPECT_EQ(direct->staff().revoke("ops", "test-setup").problem().code, "staff_already_revoked");
    EXPECT_EQ(direct->staff().rotate("nobody", std::nullopt, "test-setup").problem().status, 404);
    EXPECT_EQ(direct->staff().add("ops", "viewer", {}, "test-setup").problem().code, "staff_exists");
    EXPECT_EQ(direct->staff().add("new", "emperor", {}, "test-setup").problem().code, "invalid_request");
}

TEST(Access, TokensLiveNinetyDaysUnlessToldAndRotationKeepsTheirLifetime)
{
    test::TestPlatform platform(test::Backend::Sqlite, 20);
    auto direct = platform.directAccess();
    const QUrl session = test::endpoint(platform.url(), "/v1/session");
    const qint64 day = contract::vocabulary::DayMs;
    const auto expiresAt = [&](const QString &token) {
        const auto answer = test::exchange("GET", session, token);
        EXPECT_EQ(answer.status, 200);
        const QJsonValue value = answer.json.value("expires_at");
        return value.isNull()
                   ? qint64(0)
                   : QDateTime::fromString(value.toString(), Qt::ISODateWithMs).toMSecsSinceEpoch();
    };
    const auto byDefault = direct->staff().add("default", "viewer", {}, "test-setup");
    const auto month =
        direct->staff().add("month", "viewer", contract::TokenLifetime::days(30), "test-setup");
    const auto forever =
        direct->staff().add("forever", "viewer", contract::TokenLifetime::never(), "test-setup");
    ASSERT_TRUE(byDefault.ok() && month.ok() && forever.ok());
    EXPECT_EQ(expiresAt(*byDefault), test::TestPlatform::Now + 90 * day) << "never only when said so";
    EXPECT_EQ(expiresAt(*month), test::TestPlatform::Now + 30 * day);
    EXPECT_EQ(expiresAt(*forever), 0);
    // Ten days on, each rotates without saying how long: each keeps its own lifetime, from now.
    platform.clock().advance(10 * day);
    const qint64 now = test::TestPlatform::Now + 10 * day;
    const auto month2 = direct->staff().rotate("month", std::nullopt, "test-setup");
    const auto default2 = direct->staff().rotate("default", std::nullopt, "test-setup");
    const auto forever2 = direct->staff().rotate("forever", std::nullopt, "test-setup");
    ASSERT_TRUE(month2.ok() && default2.ok() && forever2.ok());
    EXPECT_EQ(expiresAt(*month2), now + 30 * day);
    EXPECT_EQ(expiresAt(*default2), now + 90 * day);
    EXPECT_EQ(expiresAt(*forever2), 0) << "an explicit never is kept too";
    // Said at rotation, a new lifetime becomes the user's.
    const auto week = direct->staff().rotate("month", contract::TokenLifetime::days(7), "test-setup");
    ASSERT_TRUE(week.ok());
    EXPECT_EQ(expiresAt(*week), now + 7 * day);
    EXPECT_EQ(expiresAt(*direct->staff().rotate("month", std::nullopt, "test-setup")), now + 7 * day);
}

TEST(Access, SignInsAreAuditedAndWrongTokensFromOneAddressAreSlowedDown)
{
    test::TestPlatform platform(test::Backend::Sqlite, 50);
    const QString token = platform.addStaff("vera", "viewer");
    const QUrl session = test::endpoint(platform.url(), "/v1/session");
    ASSERT_EQ(test::exchange("GET", session, token).status, 200);
    QList<QJsonObject> events = staffEvents(platform);
    ASSERT_FALSE(events.isEmpty());
    EXPECT_EQ(events.last().value("action").toString(), "staff.sign_in");
    EXPECT_EQ(events.last().value("actor").toString(), "vera");

    // Nine wrong tokens: each a 401, each audited without the token itself.
    for (int i = 0; i < 9; ++i)
        EXPECT_EQ(test::exchange("GET", session, QStringLiteral("bcc_wrong%1").arg(i)).status, 401);
    EXPECT_EQ(test::exchange("GET", session, token).status,
              200); // a right token still passes below the limit
    EXPECT_EQ(test::exchange("GET", session, "bcc_wrong9").status,
              401); // the tenth failure reaches the limit
    // From now on the address's wrong tokens are refused for a minute, and told when to come back.
    QNetworkRequest request(session);
    request.setRawHeader("Authorization", "Bearer bcc_wrong10");
    QNetworkAccessManager network;
    QNetworkReply *reply = network.get(request);
    ASSERT_TRUE(test::waitUntil([&] { return reply->isFinished(); }));
    EXPECT_EQ(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 429);
    EXPECT_EQ(QJsonDocument::fromJson(reply->readAll()).object().value("code").toString(),
              "too_many_sign_in_attempts");
    EXPECT_EQ(reply->rawHeader("Retry-After"), "60");
    reply->deleteLater();

    events = staffEvents(platform);
    int failed = 0;
    for (const QJsonObject &e : events) {
        if (e.value("action").toString() != "staff.sign_in_failed")
            continue;
        ++failed;
        EXPECT_EQ(e.value("actor").toString(), "anonymous");
        EXPECT_EQ(e.value("target_type").toString(), "client_address");
        EXPECT_EQ(e.value("target_id").toString(), "127.0.0.1");
        EXPECT_FALSE(e.value("note").toString().contains("bcc_wrong"))
            << "a token, even a wrong one, reached the audit trail";
    }
    EXPECT_EQ(failed, 10);
    EXPECT_EQ(events.last().value("action").toString(), "staff.sign_in_blocked");

    // A minute after the first failure the address may try again.
    platform.clock().advance(60'000);
    EXPECT_EQ(test::exchange("GET", session, token).status, 200);
}

TEST(Access, WrongTokensNeverLockOutAValidOneFromTheSameAddress)
{
    test::TestPlatform platform(test::Backend::Sqlite, 50);
    const QString admin = platform.adminToken();
    const QUrl session = test::endpoint(platform.url(), "/v1/session");
    // Someone behind the same office address types eleven wrong tokens.
    for (int i = 0; i < 11; ++i)
        EXPECT_EQ(test::exchange("GET", session, QStringLiteral("bcc_typo%1").arg(i)).status,
                  i < 10 ? 401 : 429);
    // The admin, from the same address, is not locked out; wrong tokens still are.
    EXPECT_EQ(test::exchange("GET", session, admin).status, 200);
    EXPECT_EQ(test::exchange("GET", test::endpoint(platform.url(), "/v1/workspaces?limit=1"), admin).status,
              200);
    EXPECT_EQ(test::exchange("GET", session, "bcc_typo11").status, 429);
    // Once blocked, further wrong tokens are not recorded one by one: ten failures, one block.
    int failed = 0, blocked = 0;
    for (const QJsonObject &e : staffEvents(platform)) {
        failed += e.value("action").toString() == "staff.sign_in_failed";
        blocked += e.value("action").toString() == "staff.sign_in_blocked";
    }
    EXPECT_EQ(failed, 10);
    EXPECT_EQ(blocked, 1);
}
