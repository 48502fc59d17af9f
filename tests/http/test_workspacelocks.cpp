// SPDX-License-Identifier: Apache-2.0
#include "foundation/contract/jsonfields.h"
#include "tests/support/changesapitest.h"
#include "tests/support/openapischema.h"

#include <QJsonArray>

using namespace billing;
using billing::test::Backend;

namespace {

constexpr qint64 Day = 24LL * 3600 * 1000;

class WorkspaceLocksApi : public test::ChangesApiTest
{
protected:
    QString versionOf(const QString &id)
    {
        return QStringLiteral("\"%1\"").arg(workspace(id).value("version").toInteger());
    }
    test::HttpAnswer lock(const QString &id, const QJsonObject &body, const QString &token = {})
    {
        return send("POST", "/v1/workspaces/" + id + "/lock", body, versionOf(id), {},
                    token.isEmpty() ? platform->adminToken() : token);
    }
    test::HttpAnswer unlock(const QString &id, const QJsonObject &body, const QString &token = {})
    {
        return send("POST", "/v1/workspaces/" + id + "/unlock", body, versionOf(id), {},
                    token.isEmpty() ? platform->adminToken() : token);
    }
    QJsonObject selection(const QStringList &ids)
    {
        QJsonArray items;
        for (const QString &id : ids)
            items.append(QJsonObject{{"id", id}, {"version", workspace(id).value("version").toInteger()}});
        return {{"workspaces", items}};
    }
    QString payingByCard()
    {
        return pick("SELECT w.id FROM workspaces w JOIN accounts a ON a.id = w.account_id WHERE w.status = "
                    "'active' AND "
                    "w.billing_method = 'credit_card' AND a.card_brand <> '' ORDER BY w.id LIMIT 1");
    }
    QString lockedWithoutMethod()
    {
        return pick("SELECT id FROM workspaces WHERE status = 'locked' AND billing_method = 'none' ORDER BY "
                    "id LIMIT 1");
    }
    static QString at(qint64 ms) { return contract::json::time(ms).toString(); }
};

} // namespace

TEST_P(WorkspaceLocksApi, AnAdminLocksAWorkspaceAndUnlocksItWhileItStillPays)
{
    const QString id = payingByCard();
    const auto locked = lock(id, {{"reason", "admin_hold"}, {"note", "Chargeback under review"}});
    ASSERT_EQ(locked.status, 200) << locked.body.toStdString();
    const QJsonObject openApi = test::loadOpenApi();
    test::SchemaCheck(openApi).check(locked.json, test::okSchema(openApi, "/v1/workspaces/{id}/lock", "post"),
                                     "lock");
    EXPECT_EQ(locked.json.value("status").toString(), "locked");
    const QJsonObject lockJson = locked.json.value("lock").toObject();
    EXPECT_EQ(lockJson.value("reason").toString(), "admin_hold");
    EXPECT_EQ(lockJson.value("by").toString(), "console");
    EXPECT_EQ(lockJson.value("note").toString(), "Chargeback under review");
    EXPECT_EQ(lockJson.value("purge_at").toString(),
              at(test::TestPlatform::Now + 14 * Day)); // the 14-day countdown
    EXPECT_EQ(
        pick("SELECT action FROM audit_events WHERE target_id = '" + id + "' ORDER BY seq DESC LIMIT 1"),
        "workspace.locked");

    const auto unlocked = unlock(id, {{"note", "Chargeback withdrawn"}});
    ASSERT_EQ(unlocked.status, 200) << unlocked.body.toStdString();
    EXPECT_EQ(unlocked.json.value("status").toString(), "active");
    EXPECT_TRUE(unlocked.json.value("lock").isNull());
    EXPECT_TRUE(unlocked.json.value("unlock_override_until").isNull()); // it pays: no override needed
    EXPECT_EQ(
        pick("SELECT action FROM audit_events WHERE target_id = '" + id + "' ORDER BY seq DESC LIMIT 1"),
        "workspace.unlocked");
}

TEST_P(WorkspaceLocksApi, OnlyAnAdminLocksOrUnlocks)
{
    const QString id = payingByCard();
    const QJsonObject before = workspace(id);
    const qint64 audit = auditCount();
    const auto refused = lock(id, {{"reason", "admin_hold"}}, operatorToken);
    EXPECT_EQ(refused.status, 403);
    EXPECT_EQ(refused.json.value("code").toString(), "forbidden");
    EXPECT_EQ(refused.json.value("required_roles").toArray(), QJsonArray{"admin"});
    EXPECT_EQ(unlock(lockedWithoutMethod(), {}, operatorToken).status, 403);
    EXPECT_EQ(workspace(id), before);
    EXPECT_EQ(auditCount(), audit);
}

TEST_P(WorkspaceLocksApi, UnlockingWithoutAValidMethodNeedsAnOverrideWithANoteAndAnEnd)
{
    const QString id = lockedWithoutMethod();
    const QJsonObject before = workspace(id);
    const qint64 audit = auditCount();
    const auto refusedPlain = unlock(id, {{"note", "please"}});
    EXPECT_EQ(refusedPlain.status, 422);
    EXPECT_EQ(refusedPlain.json.value("code").toString(), "override_required");
    const auto noNote = unlock(id, {{"override_until", at(test::TestPlatform::Now + 3 * Day)}});
    EXPECT_EQ(noNote.status, 400);
    EXPECT_EQ(noNote.json.value("parameter").toString(), "note");
    const auto tooLong =
        unlock(id, {{"note", "Month-end"}, {"override_until", at(test::TestPlatform::Now + 31 * Day)}});
    EXPECT_EQ(tooLong.status, 400);
    EXPECT_EQ(tooLong.json.value("parameter").toString(), "override_until");
    const auto past =
        unlock(id, {{"note", "Month-end"}, {"override_until", at(test::TestPlatform::Now - Day)}});
    EXPECT_EQ(past.status, 400);
    const auto notADate = unlock(id, {{"note", "Month-end"}, {"override_until", "next week"}});
    EXPECT_EQ(notADate.status, 400);
    EXPECT_EQ(workspace(id), before);
    EXPECT_EQ(auditCount(), audit);

    const auto overridden = unlock(id, {{"note", "Customer is moving to invoicing"},
                                        {"override_until", at(test::TestPlatform::Now + 7 * Day)}});
    ASSERT_EQ(overridden.status, 200) << overridden.body.toStdString();
    EXPECT_EQ(overridden.json.value("status").toString(), "active");
    EXPECT_EQ(overridden.json.value("unlock_override_until").toString(),
              at(test::TestPlatform::Now + 7 * Day));
}

TEST_P(WorkspaceLocksApi, ASelectionLocksAllOrNone)
{
    const QStringList active = {
        payingByCard(), pick("SELECT id FROM workspaces WHERE status = 'active' ORDER BY id DESC LIMIT 1")};
    const QString alreadyLocked = lockedWithoutMethod();
    const qint64 audit = auditCount();
    QJsonObject body = selection(active + QStringList{alreadyLocked, "no-such-workspace"});
    body.insert("reason", "payment_overdue");
    const auto refused = send("POST", "/v1/workspace-locks", body, {}, {}, platform->adminToken());
    ASSERT_EQ(refused.status, 422) << refused.body.toStdString();
    EXPECT_EQ(refused.json.value("code").toString(), "locks_refused");
    const QJsonArray items = refused.json.value("items").toArray();
    ASSERT_EQ(items.size(), 2);
    EXPECT_EQ(items[0].toObject().value("code").toString(), "workspace_locked");
    EXPECT_EQ(items[1].toObject().value("code").toString(), "not_found");
    for (const QString &id : active)
        EXPECT_EQ(workspace(id).value("status").toString(), "active");
    EXPECT_EQ(auditCount(), audit);

    body = selection(active);
    body.insert("reason", "payment_overdue");
    const auto locked = send("POST", "/v1/workspace-locks", body, {}, {}, platform->adminToken());
    ASSERT_EQ(locked.status, 200) << locked.body.toStdString();
    EXPECT_EQ(locked.json.value("changed").toInt(), 2);
    for (const QString &id : active)
        EXPECT_EQ(workspace(id).value("lock").toObject().value("reason").toString(), "payment_overdue");
    EXPECT_EQ(auditCount(), audit + 2);

    body = selection(active);
    body.insert("note", "Paid");
    const auto unlocked = send("POST", "/v1/workspace-unlocks", body, {}, {}, platform->adminToken());
    ASSERT_EQ(unlocked.status, 200) << unlocked.body.toStdString();
    EXPECT_EQ(unlocked.json.value("changed").toInt(), 2);
}

TEST_P(WorkspaceLocksApi, AStaleVersionADissolvedWorkspaceAndBadBodiesChangeNothing)
{
    const QString id = payingByCard();
    const QJsonObject before = workspace(id);
    const qint64 audit = auditCount();
    const auto stale = send("POST", "/v1/workspaces/" + id + "/lock", {{"reason", "admin_hold"}},
                            QStringLiteral("\"%1\"").arg(before.value("version").toInteger() - 1), {},
                            platform->adminToken());
    EXPECT_EQ(stale.status, 409);
    EXPECT_EQ(stale.json.value("current").toObject(), before);
    EXPECT_EQ(lock(id, {{"reason", "cloud_subscription_cancelled"}}).status,
              400); // the platform's own reason
    EXPECT_EQ(lock(id, {}).json.value("parameter").toString(), "reason");
    EXPECT_EQ(lock(id, {{"reason", "admin_hold"}, {"note", QString(501, 'x')}}).status, 400);
    EXPECT_EQ(send("POST", "/v1/workspace-locks", {{"workspaces", "all"}, {"reason", "admin_hold"}}, {}, {},
                   platform->adminToken())
                  .status,
              400);
    EXPECT_EQ(send("POST", "/v1/workspace-locks", {{"workspaces", QJsonArray{}}, {"reason", "admin_hold"}},
                   {}, {}, platform->adminToken())
                  .status,
              400);
    EXPECT_EQ(unlock(id, {}).json.value("code").toString(), "workspace_not_locked");
    EXPECT_EQ(workspace(id), before);

    const QString dissolved =
        pick("SELECT id FROM workspaces WHERE status = 'dissolved' ORDER BY id LIMIT 1");
    const auto refused =
        unlock(dissolved, {{"note", "x"}, {"override_until", at(test::TestPlatform::Now + Day)}});
    EXPECT_EQ(refused.status, 422);
    EXPECT_EQ(refused.json.value("code").toString(), "workspace_dissolved");
    EXPECT_EQ(auditCount(), audit);
}

// A key answers its first answer for 48 hours; then the scheduler forgets it (through the keys' age
// index, not a scan on every change), and the same key is a new request.
TEST_P(WorkspaceLocksApi, IdempotencyKeysAreForgottenByTheSchedulerAfter48Hours)
{
    const QString id = payingByCard();
    const QString version = versionOf(id);
    const QString key = QUuid::createUuid().toString(QUuid::WithoutBraces);
    const QJsonObject body{{"reason", "admin_hold"}, {"note", "Chargeback under review"}};
    const auto first =
        send("POST", "/v1/workspaces/" + id + "/lock", body, version, key, platform->adminToken());
    ASSERT_EQ(first.status, 200) << first.body.toStdString();
    const auto sweep = [&] {
        return send("POST", "/v1/scheduler/run", {}, {}, {}, platform->adminToken()).json;
    };

    platform->clock().advance(47LL * 3600 * 1000);
    EXPECT_EQ(sweep().value("idempotency_keys_forgotten").toInteger(), 0);
    const auto replay =
        send("POST", "/v1/workspaces/" + id + "/lock", body, version, key, platform->adminToken());
    EXPECT_EQ(replay.status, 200) << "remembered for 48 hours";
    EXPECT_EQ(replay.body, first.body);

    platform->clock().advance(2LL * 3600 * 1000);
    EXPECT_GE(sweep().value("idempotency_keys_forgotten").toInteger(), 1);
    EXPECT_EQ(number(QStringLiteral("SELECT COUNT(*) FROM idempotency_keys WHERE idem_key = '%1'").arg(key)),
              0);
    const auto late =
        send("POST", "/v1/workspaces/" + id + "/lock", body, version, key, platform->adminToken());
    EXPECT_EQ(late.status, 409) << "a new request on a version since changed: " << late.body.toStdString();
}

INSTANTIATE_TEST_SUITE_P(Backends, WorkspaceLocksApi, ::testing::Values(Backend::Sqlite, Backend::Postgres),
                         [](const auto &info) { return std::string(test::backendName(info.param)); });
