#include "platform/http/apiserver.h"
#include "platform/http/platformroutes.h"
#include "tests/support/httpprobe.h"
#include "tests/support/testplatform.h"

#include <QFile>
#include <QJsonArray>

#include <gtest/gtest.h>

using namespace billing;

namespace {

QJsonObject loadDocument()
{
    QFile file(QStringLiteral(BILLING_SOURCE_DIR "/resources/openapi.json"));
    EXPECT_TRUE(file.open(QIODevice::ReadOnly));
    return QJsonDocument::fromJson(file.readAll()).object();
}

// Checks a JSON value against a (small subset of) OpenAPI 3.0 schema: types, nullable, enum,
// required and no undocumented properties.
class SchemaCheck
{
public:
    explicit SchemaCheck(QJsonObject document) : m_document(std::move(document)) {}

    void check(const QJsonValue &value, QJsonObject schema, const std::string &where)
    {
        if (schema.contains("$ref"))
            schema = resolve(schema.value("$ref").toString());
        if (value.isNull()) {
            EXPECT_TRUE(schema.value("nullable").toBool()) << where << " is null but not nullable";
            return;
        }
        const QString type = schema.value("type").toString();
        if (type == "object") {
            ASSERT_TRUE(value.isObject()) << where << " is not an object";
            const QJsonObject object = value.toObject();
            const QJsonObject properties = schema.value("properties").toObject();
            for (const auto &required : schema.value("required").toArray())
                EXPECT_TRUE(object.contains(required.toString())) << where << " lacks " << required.toString().toStdString();
            for (auto it = object.begin(); it != object.end(); ++it) {
                if (properties.contains(it.key()))
                    check(it.value(), properties.value(it.key()).toObject(), where + "." + it.key().toStdString());
                else
                    EXPECT_TRUE(schema.value("additionalProperties").toBool(false))
                        << where << " has undocumented property " << it.key().toStdString();
            }
        } else if (type == "array") {
            ASSERT_TRUE(value.isArray()) << where;
            for (const auto &item : value.toArray())
                check(item, schema.value("items").toObject(), where + "[]");
        } else if (type == "string") {
            EXPECT_TRUE(value.isString()) << where;
            if (schema.contains("enum"))
                EXPECT_TRUE(schema.value("enum").toArray().contains(value)) << where << " = " << value.toString().toStdString();
        } else if (type == "integer") {
            EXPECT_TRUE(value.isDouble() && value.toDouble() == double(value.toInteger())) << where;
        } else if (type == "boolean") {
            EXPECT_TRUE(value.isBool()) << where;
        }
    }

private:
    QJsonObject resolve(const QString &ref) const
    {
        return m_document.value("components").toObject().value("schemas").toObject().value(ref.section('/', -1)).toObject();
    }
    QJsonObject m_document;
};

} // namespace

TEST(OpenApi, DocumentsEveryRouteTheServerServesAndNothingElse)
{
    const QJsonObject paths = loadDocument().value("paths").toObject();
    auto platform = std::make_shared<domain::BillingPlatform>(nullptr, nullptr);
    http::ApiServer server(platform);
    http::registerPlatformRoutes(server, platform);
    QSet<QString> served;
    for (const auto &[method, pattern] : server.routes()) {
        served.insert(QString::fromLatin1(method).toLower() + ' ' + pattern);
        EXPECT_TRUE(paths.value(pattern).toObject().contains(QString::fromLatin1(method).toLower()))
            << method.toStdString() << ' ' << pattern.toStdString() << " is served but not documented";
    }
    for (auto path = paths.begin(); path != paths.end(); ++path) {
        for (const QString &method : path.value().toObject().keys())
            EXPECT_TRUE(served.contains(method + ' ' + path.key())) << method.toStdString() << ' '
                                                                    << path.key().toStdString() << " is documented but not served";
    }
}

TEST(OpenApi, AnswersMatchTheDocumentedSchemas)
{
    const QJsonObject document = loadDocument();
    EXPECT_TRUE(document.value("openapi").toString().startsWith("3."));
    test::TestPlatform platform(test::Backend::Sqlite, 500);
    const QString cloudId = test::exchange("GET", test::endpoint(platform.url(), "/v1/cloud-accounts?limit=1"), platform.adminToken())
                                .json.value("items").toArray().at(0).toObject().value("id").toString();
    const QHash<QString, QString> examples{{"/v1/workspaces/{id}", "/v1/workspaces/ws-0000001"},
                                           {"/v1/accounts/{id}", "/v1/accounts/acct-0000001"},
                                           {"/v1/cloud-accounts/{id}", "/v1/cloud-accounts/" + cloudId}};
    SchemaCheck schemas(document);
    const QJsonObject paths = document.value("paths").toObject();
    for (auto path = paths.begin(); path != paths.end(); ++path) {
        const QString url = examples.value(path.key(), path.key());
        const auto answer = test::exchange("GET", test::endpoint(platform.url(), url), platform.adminToken());
        ASSERT_EQ(answer.status, 200) << url.toStdString();
        const QJsonObject schema = path.value().toObject().value("get").toObject().value("responses").toObject()
                                       .value("200").toObject().value("content").toObject()
                                       .value("application/json").toObject().value("schema").toObject();
        schemas.check(answer.json, schema, url.toStdString());

        const auto unauthorized = test::exchange("GET", test::endpoint(platform.url(), url), QString());
        EXPECT_EQ(unauthorized.status, 401);
        schemas.check(unauthorized.json, QJsonObject{{"$ref", "#/components/schemas/Problem"}}, url.toStdString() + " 401");
    }
    // A locked workspace's lock object, too.
    const auto locked = test::exchange("GET", test::endpoint(platform.url(), "/v1/workspaces?status=locked"), platform.adminToken());
    schemas.check(locked.json, paths.value("/v1/workspaces").toObject().value("get").toObject().value("responses").toObject()
                                   .value("200").toObject().value("content").toObject().value("application/json").toObject()
                                   .value("schema").toObject(), "locked workspaces");
}
