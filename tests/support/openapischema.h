// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <gtest/gtest.h>

namespace billing::test {

// resources/openapi.json, and a check of answers against its schemas.
inline QJsonObject loadOpenApi()
{
    QFile file(QStringLiteral(BILLING_SOURCE_DIR "/resources/openapi.json"));
    EXPECT_TRUE(file.open(QIODevice::ReadOnly));
    return QJsonDocument::fromJson(file.readAll()).object();
}

// Checks a JSON value against a (small subset of) OpenAPI 3.0 schema: types, nullable, enum,
// required, no undocumented properties, and maps (additionalProperties with a schema).
class SchemaCheck
{
public:
    explicit SchemaCheck(QJsonObject document)
        : m_document(std::move(document))
    {
    }

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
                EXPECT_TRUE(object.contains(required.toString()))
                    << where << " lacks " << required.toString().toStdString();
            for (auto it = object.begin(); it != object.end(); ++it) {
                const QJsonValue additional = schema.value("additionalProperties");
                if (properties.contains(it.key()))
                    check(it.value(), properties.value(it.key()).toObject(),
                          where + "." + it.key().toStdString());
                else if (additional.isObject()) // a map: every value has this schema
                    check(it.value(), additional.toObject(), where + "." + it.key().toStdString());
                else
                    EXPECT_TRUE(additional.toBool(false))
                        << where << " has undocumented property " << it.key().toStdString();
            }
        } else if (type == "array") {
            ASSERT_TRUE(value.isArray()) << where;
            for (const auto &item : value.toArray())
                check(item, schema.value("items").toObject(), where + "[]");
        } else if (type == "string") {
            EXPECT_TRUE(value.isString()) << where;
            if (schema.contains("enum"))
                EXPECT_TRUE(schema.value("enum").toArray().contains(value))
                    << where << " = " << value.toString().toStdString();
        } else if (type == "integer") {
            EXPECT_TRUE(value.isDouble() && value.toDouble() == double(value.toInteger())) << where;
        } else if (type == "boolean") {
            EXPECT_TRUE(value.isBool()) << where;
        }
    }

private:
    QJsonObject resolve(const QString &ref) const
    {
        return m_document.value("components")
            .toObject()
            .value("schemas")
            .toObject()
            .value(ref.section('/', -1))
            .toObject();
    }
    QJsonObject m_document;
};

// The content types of an operation's 200 answer, each with its schema.
inline QJsonObject okContent(const QJsonObject &document, const QString &path, const QString &method)
{
    const QJsonObject operation =
        document.value("paths").toObject().value(path).toObject().value(method).toObject();
    return operation.value("responses").toObject().value("200").toObject().value("content").toObject();
}

// The schema of an operation's 200 answer as JSON.
inline QJsonObject okSchema(const QJsonObject &document, const QString &path, const QString &method)
{
    return okContent(document, path, method).value("application/json").toObject().value("schema").toObject();
}

} // namespace billing::test
