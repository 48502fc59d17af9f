// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "foundation/contract/jsonfields.h"
#include "tests/support/changesapitest.h"

#include <QJsonArray>

namespace billing::test {

// The seeds' stories, played from the marketplaces' side with properly signed messages.
class MarketplaceApi : public ChangesApiTest
{
protected:
    const marketplace::MarketplaceSimulator &sim() { return TestPlatform::simulator(); }
    qint64 now() { return platform->clock().nowMs(); }

    HttpAnswer post(const QString &path, const QByteArray &body,
                    const QByteArray &contentType = "application/json", const QByteArray &authorization = {})
    {
        QNetworkRequest request(endpoint(platform->url(), path));
        request.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
        if (!authorization.isEmpty())
            request.setRawHeader("Authorization", authorization);
        return exchange(request, "POST", body);
    }
    // Messages sent now, or at `sentAt` by the marketplace's clock.
    HttpAnswer aws(const QString &action, const QString &customer, const QString &messageId, int version = 2,
                   qint64 sentAt = 0)
    {
        return post("/v1/marketplace/aws/notifications",
                    sim().snsNotification({{"action", action},
                                           {"customer-identifier", customer},
                                           {"product-code", "bcc-platform-payg"},
                                           {"isFreeTrialTermPresent", "false"}},
                                          messageId, sentAt ? sentAt : now(), version),
                    "text/plain; charset=UTF-8");
    }
    HttpAnswer azure(const QString &action, const QString &subscription, const QString &id,
                     const QString &status = "Succeeded", qint64 sentAt = 0)
    {
        return post("/v1/marketplace/azure/webhook",
                    marketplace::MarketplaceSimulator::azureWebhook(
                        id, subscription, action, status,
                        {{"timeStamp", contract::json::time(sentAt ? sentAt : now())}}),
                    "application/json", sim().azureBearer(now()));
    }
    QJsonObject cloud(const QString &id)
    {
        return exchange("GET", endpoint(platform->url(), "/v1/cloud-accounts/" + id), platform->adminToken())
            .json;
    }
    QJsonObject registerAws(const QString &customer)
    {
        const QString token = sim().awsRegistrationToken(customer, "aws", "Contoso Robotics", now());
        const auto answer =
            post("/v1/marketplace/aws/resolve", "x-amzn-marketplace-token=" + QUrl::toPercentEncoding(token),
                 "application/x-www-form-urlencoded");
        EXPECT_EQ(answer.status, 201) << answer.body.toStdString();
        return answer.json.value("cloud_account").toObject();
    }
    // Eligible workspaces of distinct owners on two non-China sites.
    QStringList threeOnTwoSites()
    {
        auto db = platform->directAccess()->database().connection();
        QSqlQuery q(*db);
        q.exec("SELECT w.id, w.site, w.account_id FROM workspaces w JOIN accounts a ON a.id = w.account_id "
               "WHERE a.card_brand = '' "
               "AND a.credits_minor = 0 AND a.linked_cloud_account_id IS NULL AND w.status = 'active' AND "
               "w.site NOT LIKE 'cn-%' "
               "ORDER BY w.id");
        QStringList ids, sites, owners;
        while (q.next() && ids.size() < 3) {
            if (owners.contains(q.value(2).toString()) ||
                (ids.size() == 2 && sites.size() == 1 && sites.contains(q.value(1).toString())))
                continue;
            ids << q.value(0).toString();
            owners << q.value(2).toString();
            if (!sites.contains(q.value(1).toString()))
                sites << q.value(1).toString();
        }
        EXPECT_EQ(ids.size(), 3);
        EXPECT_EQ(sites.size(), 2);
        return ids;
    }
    void addDeployment(const QString &id, const QString &workspace, bool trial)
    {
        auto db = platform->directAccess()->database().connection();
        QSqlQuery q(*db);
        q.prepare("INSERT INTO deployments (id, workspace_id, account_id, name, trial, state, created_at) "
                  "SELECT ?, id, account_id, ?, ?, 'running', ? FROM workspaces WHERE id = ?");
        q.addBindValue(id);
        q.addBindValue(id);
        q.addBindValue(trial ? 1 : 0);
        q.addBindValue(now());
        q.addBindValue(workspace);
        ASSERT_TRUE(q.exec());
    }
    QString deploymentState(const QString &id)
    {
        return pick("SELECT state FROM deployments WHERE id = '" + id + "'");
    }
    HttpAnswer bind(const QString &cloudId, const QStringList &ids)
    {
        return send("POST", "/v1/cloud-accounts/" + cloudId + "/bindings",
                    {{"workspace_ids", QJsonArray::fromStringList(ids)}}, {});
    }
    HttpAnswer sweep() { return send("POST", "/v1/scheduler/run", {}, {}, {}, platform->adminToken()); }
};

} // namespace billing::test
