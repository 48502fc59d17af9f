// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "tests/support/domainplatform.h"
#include "tests/support/httpprobe.h"
#include "tests/support/testplatform.h"

#include <QJsonDocument>
#include <QNetworkRequest>
#include <QSqlQuery>
#include <QUuid>

#include <gtest/gtest.h>

namespace billing::test {

// A real platform on each backend with an operator; sends changes as the console does (If-Match,
// Idempotency-Key) and reads the database to pick fixtures and check what was written.
class ChangesApiTest : public ::testing::TestWithParam<Backend>
{
protected:
    void SetUp() override
    {
        platform = std::make_unique<TestPlatform>(GetParam(), 3000);
        operatorToken = platform->addStaff("olga.operator", "operator");
    }

    // A value from the platform's own database, for picking the workspace a rule is about.
    QString pick(const QString &sql)
    {
        auto db = platform->directAccess()->database().connection();
        QSqlQuery q(*db);
        EXPECT_TRUE(q.exec(sql)) << sql.toStdString();
        EXPECT_TRUE(q.next()) << "no fixture for: " << sql.toStdString();
        return q.value(0).toString();
    }
    qint64 number(const QString &sql) { return pick(sql).toLongLong(); }
    qint64 auditCount() { return number("SELECT COUNT(*) FROM audit_events"); }

    QJsonObject workspace(const QString &id)
    {
        return exchange("GET", endpoint(platform->url(), "/v1/workspaces/" + id), platform->adminToken())
            .json;
    }

    HttpAnswer send(const QByteArray &method, const QString &path, const QJsonObject &body,
                    const QString &ifMatch, QString key = {}, const QString &token = {})
    {
        return sendBytes(method, path, QJsonDocument(body).toJson(QJsonDocument::Compact), ifMatch, key,
                         token);
    }
    // A body as it is written, for what a QJsonObject cannot say (a key twice).
    HttpAnswer sendBytes(const QByteArray &method, const QString &path, const QByteArray &body,
                         const QString &ifMatch, QString key = {}, const QString &token = {})
    {
        QNetworkRequest request(endpoint(platform->url(), path));
        request.setRawHeader("Authorization", "Bearer " + (token.isEmpty() ? operatorToken : token).toUtf8());
        request.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
        if (!ifMatch.isEmpty())
            request.setRawHeader("If-Match", ifMatch.toUtf8());
        if (key.isNull())
            key = QUuid::createUuid().toString(QUuid::WithoutBraces);
        if (!key.isEmpty())
            request.setRawHeader("Idempotency-Key", key.toUtf8());
        return exchange(request, method, body);
    }
    HttpAnswer changeMethod(const QString &id, const QJsonObject &body, QString key = {},
                            const QString &token = {})
    {
        const QString version = QStringLiteral("\"%1\"").arg(workspace(id).value("version").toInteger());
        return send("POST", "/v1/workspaces/" + id + "/billing-method", body, version, key, token);
    }

    // Refused: the exact status and code, and nothing changed.
    void expectRefused(const QString &id, const QJsonObject &body, int status, const char *code)
    {
        const QJsonObject before = workspace(id);
        const qint64 audit = auditCount();
        const auto answer = changeMethod(id, body);
        EXPECT_EQ(answer.status, status) << answer.body.toStdString();
        EXPECT_EQ(answer.json.value("code").toString(), QLatin1String(code)) << answer.body.toStdString();
        EXPECT_FALSE(answer.json.value("detail").toString().isEmpty());
        EXPECT_EQ(workspace(id), before);
        EXPECT_EQ(auditCount(), audit);
    }

    QString eligibleWorkspace(const QString &siteCondition = "1 = 1")
    {
        return pick(fixture::eligibleWorkspace(siteCondition));
    }
    QString bindableCloud(const QString &provider) { return pick(fixture::bindableCloudAccount(provider)); }

    std::unique_ptr<TestPlatform> platform;
    QString operatorToken;
};

} // namespace billing::test
