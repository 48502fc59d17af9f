#include "platform/http/platformserver.h"
#include "tests/support/httpprobe.h"
#include "tests/support/testplatform.h"

#include <QFile>
#include <QJsonArray>
#include <QRegularExpression>
#include <QTimer>
#include <QUuid>

#include <gtest/gtest.h>

using namespace billing;

namespace {

const QStringList Roles{"viewer", "operator", "admin", "auditor"};

// One row of docs/access.md: a route and, per role, "allowed", "403" or "marketplace".
struct AccessRow {
    QByteArray method;
    QString pattern;
    QHash<QString, QString> verdicts;
};

QList<AccessRow> accessTable()
{
    QFile file(QStringLiteral(BILLING_SOURCE_DIR "/docs/access.md"));
    EXPECT_TRUE(file.open(QIODevice::ReadOnly | QIODevice::Text));
    static const QRegularExpression row(QStringLiteral("^\\| (GET|POST|DELETE) \\| `([^`]+)` \\| (\\S+) \\| (\\S+) \\| (\\S+) \\| (\\S+) \\|$"));
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

// A marketplace route answers by the marketplace's own checks (its 401 is "token_invalid"), never the staff token's.
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
        EXPECT_TRUE(listed.contains(route)) << route.toStdString() << " is served but docs/access.md does not list it";
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
            const std::string where = row.method.toStdString() + ' ' + row.pattern.toStdString() + " as " + role.toStdString();
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
            } else if (verdict == QLatin1String("allowed")) {
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
        } else {
            EXPECT_EQ(anonymous.status, 401) << row.method.toStdString() << ' ' << row.pattern.toStdString();
            EXPECT_EQ(anonymous.json.value("code").toString(), "unauthorized");
        }
    }
}
