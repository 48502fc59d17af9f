// SPDX-License-Identifier: Apache-2.0
#include "platform/http/apiserver.h"
#include "platform/http/routes.h"
#include "tests/support/httpprobe.h"
#include "tests/support/openapischema.h"
#include "tests/support/testplatform.h"

#include <QFile>
#include <QJsonArray>

#include <gtest/gtest.h>

using namespace billing;

TEST(OpenApi, DocumentsEveryRouteTheServerServesAndNothingElse)
{
    const QJsonObject paths = test::loadOpenApi().value("paths").toObject();
    auto platform = std::make_shared<domain::BillingPlatform>(nullptr, nullptr);
    http::PlatformServer::Options options;
    options.schedulerIntervalMs = 0;
    http::PlatformServer server(platform, options);
    QSet<QString> served;
    for (const auto &[method, pattern] : server.routes()) {
        served.insert(QString::fromLatin1(method).toLower() + ' ' + pattern);
        EXPECT_TRUE(paths.value(pattern).toObject().contains(QString::fromLatin1(method).toLower()))
            << method.toStdString() << ' ' << pattern.toStdString() << " is served but not documented";
    }
    for (auto path = paths.begin(); path != paths.end(); ++path) {
        for (const QString &method : path.value().toObject().keys())
            EXPECT_TRUE(served.contains(method + ' ' + path.key()))
                << method.toStdString() << ' ' << path.key().toStdString() << " is documented but not served";
    }
}

TEST(OpenApi, AnswersMatchTheDocumentedSchemas)
{
    const QJsonObject document = test::loadOpenApi();
    EXPECT_TRUE(document.value("openapi").toString().startsWith("3."));
    test::TestPlatform platform(test::Backend::Sqlite, 500);
    const QString cloudId =
        test::exchange("GET", test::endpoint(platform.url(), "/v1/cloud-accounts?limit=1"),
                       platform.adminToken())
            .json.value("items")
            .toArray()
            .at(0)
            .toObject()
            .value("id")
            .toString();
    const QString snapshotId =
        test::exchange("POST", test::endpoint(platform.url(), "/v1/snapshots"), platform.adminToken())
            .json.value("id")
            .toString();
    const QHash<QString, QString> examples{{"/v1/workspaces/{id}", "/v1/workspaces/ws-0000001"},
                                           {"/v1/accounts/{id}", "/v1/accounts/acct-0000001"},
                                           {"/v1/cloud-accounts/{id}", "/v1/cloud-accounts/" + cloudId},
                                           {"/v1/snapshots/{id}", "/v1/snapshots/" + snapshotId}};
    test::SchemaCheck schemas(document);
    const QJsonObject paths = document.value("paths").toObject();
    for (auto path = paths.begin(); path != paths.end(); ++path) {
        if (!path.value().toObject().contains("get"))
            continue; // the answers to changes are checked in test_billingchanges
        if (test::okContent(document, path.key(), "get").contains("text/event-stream"))
            continue; // a stream never ends; test_events reads it
        const QString url = examples.value(path.key(), path.key());
        const auto answer = test::exchange("GET", test::endpoint(platform.url(), url), platform.adminToken());
        ASSERT_EQ(answer.status, 200) << url.toStdString();
        const QJsonObject schema = test::okSchema(document, path.key(), "get");
        schemas.check(answer.json, schema, url.toStdString());

        const auto unauthorized = test::exchange("GET", test::endpoint(platform.url(), url), QString());
        // A route anyone may call ("security" lists the empty requirement) answers without a token.
        const QJsonArray security =
            paths.value(path.key()).toObject().value("get").toObject().value("security").toArray();
        if (security.contains(QJsonObject{})) {
            EXPECT_EQ(unauthorized.status, 200) << url.toStdString();
            schemas.check(unauthorized.json, schema, url.toStdString() + " without a token");
            continue;
        }
        EXPECT_EQ(unauthorized.status, 401);
        schemas.check(unauthorized.json, QJsonObject{{"$ref", "#/components/schemas/Problem"}},
                      url.toStdString() + " 401");
    }
    // A locked workspace's lock object, too.
    const auto locked = test::exchange("GET", test::endpoint(platform.url(), "/v1/workspaces?status=locked"),
                                       platform.adminToken());
    schemas.check(locked.json, test::okSchema(document, "/v1/workspaces", "get"), "locked workspaces");
}
