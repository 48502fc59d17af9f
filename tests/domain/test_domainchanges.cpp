// SPDX-License-Identifier: Apache-2.0
// The billing rules that need the store, held at the domain layer: domain::BillingPlatform over a real
// database on each backend, no HTTP. tests/http holds the same rules through the API.
#include "foundation/contract/vocabulary.h"
#include "platform/domain/billingplatform.h"
#include "tests/support/domainplatform.h"

#include <QUuid>

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

using namespace billing;
namespace v = contract::vocabulary;

namespace {

class DomainChanges : public test::DomainTest<2000, 5>
{
protected:
    domain::ManualClock *clock = &platform.clock();

    QStringList ids(const QString &sql) { return platform.column(sql); }
    qint64 auditCount() { return number("SELECT COUNT(*) FROM audit_events"); }
    contract::Workspace workspace(const QString &id) { return platform->workspace(id).value(); }

    // An operator's request; the same key and hash make a replay of it.
    static domain::ChangeRequest
    byOperator(const QString &key = QUuid::createUuid().toString(QUuid::WithoutBraces))
    {
        domain::ChangeRequest request;
        request.staff = {1, QStringLiteral("olga.operator"), v::StaffRole::Operator, 0, 0, 0};
        request.requestId = QUuid::createUuid().toString(QUuid::WithoutBraces);
        request.idempotencyKey = key;
        request.requestHash = key.toUtf8();
        return request;
    }

    QString freeWorkspace(const QString &siteCondition = QStringLiteral("1 = 1"))
    {
        return pick(test::fixture::eligibleWorkspace(siteCondition));
    }
    QString bindableCloud(const QString &provider)
    {
        return pick(test::fixture::bindableCloudAccount(provider));
    }
    QString cardWorkspace(const QString &status)
    {
        return pick("SELECT w.id FROM workspaces w JOIN accounts a ON a.id = w.account_id "
                    "WHERE a.card_brand <> '' AND w.status = '" +
                    status + "' ORDER BY w.id LIMIT 1");
    }

    // A subscribed, synced cloud account paying for at least two active workspaces.
    QString payingCloudAccount()
    {
        return pick("SELECT c.id FROM cloud_accounts c WHERE c.subscription_state = 'subscribed' "
                    "AND c.sync_state = 'synced' AND (SELECT COUNT(*) FROM workspaces w "
                    "WHERE w.cloud_account_id = c.id AND w.status = 'active') >= 2 ORDER BY c.id LIMIT 1");
    }
    // The marketplace says the cloud account's subscription ended (AWS unsubscribe-success, Azure
    // Unsubscribe).
    contract::SubscriptionNotice cancellation(const QString &cloud)
    {
        const contract::CloudAccount account = platform->cloudAccount(cloud).value();
        const bool azure = account.provider == v::Provider::Azure;
        contract::SubscriptionNotice notice;
        notice.marketplace = azure ? QStringLiteral("azure") : QStringLiteral("aws");
        notice.messageId = QStringLiteral("cancel-") + cloud;
        notice.externalId = azure ? account.azureSubscriptionId : account.customerIdentifier;
        notice.action = contract::SubscriptionAction::Cancel;
        return notice;
    }
};

} // namespace

TEST_P(DomainChanges, Rule3BindingManyIsAllOrNone)
{
    const QString azure = bindableCloud(v::Provider::Azure);
    const QString first = freeWorkspace();
    const QString second =
        freeWorkspace("w.id > '" + first + "' AND w.account_id <> '" + workspace(first).accountId + "'");
    const QString withCard = cardWorkspace(v::WorkspaceStatus::Active);
    const qint64 audit = auditCount();

    // The dry run answers every workspace's eligibility and changes nothing.
    auto dryRun = platform->changes().bindWorkspaces(byOperator(), azure, {first, withCard, second}, true);
    ASSERT_TRUE(dryRun.ok()) << dryRun.problem().message().toStdString();
    const auto report = contract::BindingReport::fromJson(dryRun->body);
    EXPECT_EQ(report.eligible, 2);
    EXPECT_EQ(report.refused, 1);
    ASSERT_EQ(report.items.size(), 3);
    EXPECT_EQ(report.items.at(1).code, "account_has_credit_card");
    EXPECT_EQ(auditCount(), audit);

    // One refused workspace: none is bound.
    auto refused = platform->changes().bindWorkspaces(byOperator(), azure, {first, withCard, second}, false);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.problem().code, "bindings_refused");
    EXPECT_EQ(workspace(first).billingMethod, v::BillingMethod::None);
    EXPECT_EQ(workspace(second).billingMethod, v::BillingMethod::None);
    EXPECT_EQ(auditCount(), audit);

    // Without it, both are bound, their owners linked, in one change.
    auto bound = platform->changes().bindWorkspaces(byOperator(), azure, {first, second}, false);
    ASSERT_TRUE(bound.ok()) << bound.problem().message().toStdString();
    for (const QString &id : {first, second}) {
        EXPECT_EQ(workspace(id).billingMethod, v::BillingMethod::CloudAccount);
        EXPECT_EQ(workspace(id).cloudAccountId, azure);
        EXPECT_EQ(platform->account(workspace(id).accountId)->linkedCloudAccountId, azure);
    }
    EXPECT_EQ(auditCount(), audit + 4); // two method changes, two owner links
}

TEST_P(DomainChanges, Rule5ACancellationLocksEveryBoundWorkspaceAndStopsOnlyPaidDeployments)
{
    const QString cloud = payingCloudAccount();
    const qint64 bound = number("SELECT COUNT(*) FROM workspaces WHERE cloud_account_id = '" + cloud + "'");
    const qint64 paidRunning =
        number("SELECT COUNT(*) FROM deployments d JOIN workspaces w ON w.id = d.workspace_id WHERE "
               "w.cloud_account_id = '" +
               cloud + "' AND d.state = 'running' AND d.trial = 0");
    const qint64 trialRunning =
        number("SELECT COUNT(*) FROM deployments d JOIN workspaces w ON w.id = d.workspace_id WHERE "
               "w.cloud_account_id = '" +
               cloud + "' AND d.state = 'running' AND d.trial = 1");
    const QStringList boundIds = ids("SELECT id FROM workspaces WHERE cloud_account_id = '" + cloud + "'");

    const contract::SubscriptionNotice notice = cancellation(cloud);
    auto applied = platform->subscriptions().apply(notice, QStringLiteral("req-cancel-1"));
    ASSERT_TRUE(applied.ok()) << applied.problem().message().toStdString();

    EXPECT_EQ(platform->cloudAccount(cloud)->subscriptionState, v::SubscriptionState::Unsubscribed);
    for (const QString &id : boundIds) {
        const contract::Workspace w = workspace(id);
        if (w.status == v::WorkspaceStatus::Dissolved)
            continue; // dissolved before: it changes no more
        EXPECT_EQ(w.status, v::WorkspaceStatus::Locked) << id.toStdString();
        EXPECT_EQ(w.billingMethod, v::BillingMethod::None);
        EXPECT_TRUE(w.cloudAccountId.isEmpty());
        EXPECT_EQ(w.lock.reason, v::LockReason::CloudSubscriptionCancelled);
        EXPECT_EQ(w.lock.purgeAt, clock->nowMs() + v::LockCountdownDays * v::DayMs);
    }
    EXPECT_GT(bound, 0);
    EXPECT_EQ(number("SELECT COUNT(*) FROM workspaces WHERE cloud_account_id = '" + cloud + "'"), 0);
    EXPECT_EQ(number("SELECT COUNT(*) FROM accounts WHERE linked_cloud_account_id = '" + cloud + "'"), 0);
    // Paid deployments stop, to be deleted 3 days later; trials keep running.
    const QString ofThese = "workspace_id IN ('" + boundIds.join("','") + "')";
    EXPECT_EQ(
        number("SELECT COUNT(*) FROM deployments WHERE " + ofThese + " AND state = 'running' AND trial = 0"),
        0);
    EXPECT_EQ(
        number("SELECT COUNT(*) FROM deployments WHERE " + ofThese + " AND state = 'running' AND trial = 1"),
        trialRunning);
    EXPECT_GE(number(QStringLiteral(
                         "SELECT COUNT(*) FROM deployments WHERE %1 AND state = 'stopped' AND delete_at = %2")
                         .arg(ofThese)
                         .arg(clock->nowMs() + 3 * v::DayMs)),
              paidRunning);

    // The same message again has no second effect.
    const qint64 audit = auditCount();
    auto replay = platform->subscriptions().apply(notice, QStringLiteral("req-cancel-2"));
    ASSERT_TRUE(replay.ok());
    EXPECT_TRUE(replay->body.value("replayed").toBool());
    EXPECT_EQ(auditCount(), audit);
}

TEST_P(DomainChanges, Rule6ALockedWorkspaceThatGetsAWorkingMethodIsUnlockedInTheSameChange)
{
    const QString id = cardWorkspace(v::WorkspaceStatus::Locked);
    const contract::Workspace before = workspace(id);
    auto changed = platform->changes().changeBillingMethod(byOperator(), id, before.version,
                                                           v::BillingMethod::CreditCard, {});
    ASSERT_TRUE(changed.ok()) << changed.problem().message().toStdString();
    const contract::Workspace after = workspace(id);
    EXPECT_EQ(after.status, v::WorkspaceStatus::Active);
    EXPECT_FALSE(after.hasLock());
    EXPECT_EQ(after.version, before.version + 1); // one change, not two
}

TEST_P(DomainChanges, Rule6AnUnlockOverrideEndsWhenDueAndLocksAWorkspaceNothingPaysForAgain)
{
    // Two locked workspaces without a method, unlocked by an admin's override for a week; one of them
    // gets a working method meanwhile, which ends its override at once.
    const QStringList locked = ids(
        "SELECT id FROM workspaces WHERE status = 'locked' AND billing_method = 'none' ORDER BY id LIMIT 2");
    ASSERT_EQ(locked.size(), 2);
    const QString &overridden = locked.at(0), &paid = locked.at(1);
    const qint64 until = clock->nowMs() + 7 * v::DayMs;
    for (const QString &id : locked) {
        domain::ChangeRequest byAdmin = byOperator();
        byAdmin.staff = {2, QStringLiteral("ada.admin"), v::StaffRole::Admin, 0, 0, 0};
        auto unlocked =
            platform->locks().unlock(byAdmin, {{id, workspace(id).version}}, "Moving to invoicing", until,
                                     domain::WorkspaceLocks::Answer::Workspace);
        ASSERT_TRUE(unlocked.ok()) << unlocked.problem().message().toStdString();
        EXPECT_EQ(workspace(id).status, v::WorkspaceStatus::Active);
        EXPECT_EQ(workspace(id).overrideUntil, until);
    }
    auto bound = platform->changes().changeBillingMethod(byOperator(), paid, workspace(paid).version,
                                                         v::BillingMethod::CloudAccount,
                                                         bindableCloud(v::Provider::Azure));
    ASSERT_TRUE(bound.ok()) << bound.problem().message().toStdString();
    EXPECT_EQ(workspace(paid).overrideUntil, 0);
    const QJsonObject paidBefore = workspace(paid).toJson();

    // A minute before the end, nothing changes.
    clock->advance(7 * v::DayMs - 60'000);
    auto early = platform->scheduler().runDue();
    ASSERT_TRUE(early.ok()) << early.problem().message().toStdString();
    EXPECT_EQ(workspace(overridden).status, v::WorkspaceStatus::Active);
    EXPECT_EQ(workspace(overridden).overrideUntil, until);

    // At the end, the workspace nothing pays for is locked again, its countdown started; the one that
    // pays is left as it was.
    clock->advance(60'000);
    const qint64 audit = auditCount();
    auto ended = platform->scheduler().runDue();
    ASSERT_TRUE(ended.ok()) << ended.problem().message().toStdString();
    EXPECT_GE(ended->overridesEnded, 1);
    const contract::Workspace after = workspace(overridden);
    EXPECT_EQ(after.status, v::WorkspaceStatus::Locked);
    EXPECT_EQ(after.lock.reason, v::LockReason::NoBillingMethod);
    EXPECT_EQ(after.lock.purgeAt, clock->nowMs() + v::LockCountdownDays * v::DayMs);
    EXPECT_EQ(after.overrideUntil, 0);
    EXPECT_EQ(number("SELECT COUNT(*) FROM audit_events WHERE seq > " + QString::number(audit) +
                     " AND action = 'workspace.override_ended' AND target_id = '" + overridden + "'"),
              1);
    EXPECT_EQ(workspace(paid).toJson(), paidBefore);

    // Nothing ends twice.
    auto again = platform->scheduler().runDue();
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again->overridesEnded, 0);
}

TEST_P(DomainChanges, Rule7TheSchedulerDeletesStoppedDeploymentsAndDissolvesEndedCountdownsWhenDue)
{
    // A cancellation stops the paid deployments, their deletion due in 3 days, and starts the countdowns.
    const QString cloud = payingCloudAccount();
    const QStringList locked =
        ids("SELECT id FROM workspaces WHERE status = 'active' AND cloud_account_id = '" + cloud + "'");
    ASSERT_TRUE(platform->subscriptions().apply(cancellation(cloud), QStringLiteral("req-cancel")).ok());
    const QString ofThese = "workspace_id IN ('" + locked.join("','") + "')";
    const qint64 stopped = number("SELECT COUNT(*) FROM deployments WHERE state = 'stopped' AND " + ofThese);
    ASSERT_GT(stopped, 0);

    // Not yet due: a minute before the three days are up, nothing of theirs goes.
    clock->advance(3 * v::DayMs - 60'000);
    ASSERT_TRUE(platform->scheduler().runDue().ok());
    EXPECT_EQ(number("SELECT COUNT(*) FROM deployments WHERE state = 'stopped' AND " + ofThese), stopped);

    clock->advance(60'000);
    auto deletions = platform->scheduler().runDue();
    ASSERT_TRUE(deletions.ok()) << deletions.problem().message().toStdString();
    EXPECT_GE(deletions->deploymentsDeleted, stopped);
    EXPECT_EQ(number("SELECT COUNT(*) FROM deployments WHERE state = 'stopped' AND " + ofThese), 0);
    EXPECT_EQ(number("SELECT COUNT(*) FROM deployments WHERE state = 'deleted' AND " + ofThese), stopped);
    for (const QString &id : locked)
        EXPECT_EQ(workspace(id).status, v::WorkspaceStatus::Locked) << id.toStdString();

    // When the 14-day countdown ends, the workspaces still locked are dissolved, by the scheduler.
    clock->advance(11 * v::DayMs);
    auto dissolutions = platform->scheduler().runDue();
    ASSERT_TRUE(dissolutions.ok()) << dissolutions.problem().message().toStdString();
    EXPECT_GE(dissolutions->workspacesDissolved, locked.size());
    for (const QString &id : locked)
        EXPECT_EQ(workspace(id).status, v::WorkspaceStatus::Dissolved) << id.toStdString();
    EXPECT_EQ(number("SELECT COUNT(*) FROM audit_events WHERE actor = 'system:scheduler' AND action = "
                     "'workspace.dissolved' "
                     "AND target_id IN ('" +
                     locked.join("','") + "')"),
              locked.size());

    // Nothing is due twice.
    auto again = platform->scheduler().runDue();
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again->deploymentsDeleted + again->workspacesDissolved + again->overridesEnded, 0);
}

TEST_P(DomainChanges, Rule8AStaleVersionIsAConflictAndChangesNothing)
{
    const QString id = cardWorkspace(v::WorkspaceStatus::Active);
    const contract::Workspace before = workspace(id);
    const qint64 audit = auditCount();
    auto stale = platform->changes().changeBillingMethod(byOperator(), id, before.version - 1,
                                                         v::BillingMethod::CreditCard, {});
    ASSERT_FALSE(stale.ok());
    EXPECT_EQ(stale.problem().status, 409);
    EXPECT_EQ(stale.problem().code, "version_conflict");
    EXPECT_EQ(workspace(id).version, before.version);
    EXPECT_EQ(auditCount(), audit);
}

TEST_P(DomainChanges, Rule9AReplayedKeyAnswersTheFirstAnswerAndChangesNothing)
{
    const QString id = cardWorkspace(v::WorkspaceStatus::Active);
    const qint64 version = workspace(id).version;
    const auto request = byOperator(QStringLiteral("replay-1"));
    auto first =
        platform->changes().changeBillingMethod(request, id, version, v::BillingMethod::CreditCard, {});
    ASSERT_TRUE(first.ok()) << first.problem().message().toStdString();
    const qint64 audit = auditCount();
    auto again =
        platform->changes().changeBillingMethod(request, id, version, v::BillingMethod::CreditCard, {});
    ASSERT_TRUE(again.ok()) << again.problem().message().toStdString();
    EXPECT_EQ(again->body, first->body);
    EXPECT_EQ(again->status, first->status);
    EXPECT_EQ(workspace(id).version, version + 1);
    EXPECT_EQ(auditCount(), audit);
}

TEST_P(DomainChanges, Rule10EveryChangeIsAuditedInItsTransactionAndChained)
{
    const QString id = cardWorkspace(v::WorkspaceStatus::Active);
    const qint64 audit = auditCount();
    auto changed = platform->changes().changeBillingMethod(byOperator(), id, workspace(id).version,
                                                           v::BillingMethod::CreditCard, {});
    ASSERT_TRUE(changed.ok());
    EXPECT_EQ(auditCount(), audit + 1);
    contract::AuditEventQuery last;
    last.targetId = id;
    last.newestFirst = true;
    last.limit = 1;
    auto events = platform->auditEvents(last);
    ASSERT_TRUE(events.ok());
    ASSERT_EQ(events->items.size(), 1);
    const contract::AuditEvent &event = events->items.first();
    EXPECT_EQ(event.action, v::AuditAction::WorkspaceBillingMethodChanged);
    EXPECT_EQ(event.actor, "olga.operator");
    EXPECT_EQ(event.hash, event.computeHash());
    auto head = platform->auditHead();
    ASSERT_TRUE(head.ok());
    EXPECT_EQ(head->hash, event.hash);

    // A refused change leaves no event behind.
    auto refused = platform->changes().changeBillingMethod(
        byOperator(), freeWorkspace(), workspace(freeWorkspace()).version, v::BillingMethod::CreditCard, {});
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.problem().code, "no_credit_card");
    EXPECT_EQ(auditCount(), audit + 1);
}

TEST_P(DomainChanges, StaffAddedTwiceAtOnceGivesOneStaffUserAndAConflictNeverAStorageError)
{
    // Several `staff add` of one name at the same moment, each its own platform over the one database
    // (as separate `billing-platform staff add` processes are): whichever commits first wins; the
    // others are told the name is taken, as a sequential second add is.
    constexpr int Adders = 6;
    std::vector<std::shared_ptr<domain::BillingPlatform>> platforms;
    for (int i = 0; i < Adders; ++i) {
        auto opened =
            domain::BillingPlatform::open(platform.databaseSpec(), std::make_shared<domain::SystemClock>());
        ASSERT_TRUE(opened.ok()) << opened.problem().message().toStdString();
        platforms.push_back(*opened);
    }
    for (int round = 0; round < 5; ++round) {
        const QString name = QStringLiteral("twin-%1").arg(round);
        std::atomic_int ready = 0;
        QList<contract::Result<QString>> answers(Adders, contract::Problem::internal("not run"));
        std::vector<std::thread> adders;
        for (int i = 0; i < Adders; ++i)
            adders.emplace_back([&, i] {
                ++ready;
                while (ready < Adders) {
                }
                answers[i] =
                    platforms[size_t(i)]->staff().add(name, v::StaffRole::Viewer, {}, QStringLiteral("test"));
            });
        for (std::thread &adder : adders)
            adder.join();
        int added = 0;
        for (const auto &answer : answers) {
            if (answer.ok()) {
                ++added;
                continue;
            }
            EXPECT_EQ(answer.problem().status, 409) << answer.problem().message().toStdString();
            EXPECT_EQ(answer.problem().code, "staff_exists") << answer.problem().message().toStdString();
        }
        EXPECT_EQ(added, 1) << name.toStdString();
        EXPECT_EQ(number("SELECT COUNT(*) FROM staff_users WHERE name = '" + name + "'"), 1);
    }
}

// One message a marketplace sent about a customer, at a time of its own clock.
struct Sent {
    QString action;
    qint64 at = 0;
    bool entitled = false; // AWS GetEntitlements confirmed a current entitlement before it was applied
};

TEST_P(DomainChanges, Rule11MarketplaceMessagesTakeEffectInTheOrderTheyWereSentNotTheOrderTheyArrive)
{
    namespace act = contract::SubscriptionAction;
    int customers = 0;
    // A new customer of `marketplace`, subscribed, then `sent` delivered in `arrival` order; answers
    // its subscription state and what each message was taken as (applied, stale or ignored).
    const auto play = [&](const QString &marketplace, const QList<Sent> &sent, const QList<int> &arrival,
                          QStringList *takenAs = nullptr) {
        const bool azure = marketplace == QLatin1String("azure");
        contract::RegisteredCustomer customer;
        customer.provider = azure ? v::Provider::Azure : v::Provider::Aws;
        customer.externalId = QStringLiteral("order-%1-%2").arg(marketplace).arg(++customers);
        customer.productCode = QStringLiteral("bcc-platform-payg");
        const auto registered = platform->subscriptions().registerCustomer(customer, QStringLiteral("req"));
        EXPECT_TRUE(registered.ok());
        const QString id = registered->body.value("cloud_account").toObject().value("id").toString();
        const auto deliver = [&](const Sent &message, const QString &messageId) {
            contract::SubscriptionNotice n;
            n.marketplace = marketplace;
            n.messageId = messageId;
            n.externalId = customer.externalId;
            n.action = message.action;
            n.sentAt = message.at;
            n.entitlement.asked = n.entitlement.answered = true;
            n.entitlement.entitled = message.entitled;
            n.entitlement.note = message.entitled ? "entitled" : "no entitlement";
            const auto applied = platform->subscriptions().apply(n, QStringLiteral("req-") + messageId);
            EXPECT_TRUE(applied.ok()) << applied.problem().message().toStdString();
            return applied.ok() ? applied->body : QJsonObject();
        };
        deliver({act::SubscribeSuccess, 1000}, customer.externalId + QStringLiteral("-first"));
        for (int i : arrival) {
            const QJsonObject effect =
                deliver(sent.at(i), QStringLiteral("%1-%2").arg(customer.externalId).arg(i));
            if (takenAs)
                takenAs->append(effect.value("stale").toBool()     ? QStringLiteral("stale")
                                : effect.value("ignored").toBool() ? QStringLiteral("ignored")
                                                                   : QStringLiteral("applied"));
        }
        return platform->cloudAccount(id)->subscriptionState;
    };
    const QList<QList<int>> everyOrder{{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};

    // AWS: renewed, pending, cancelled. In every arrival order the customer ends cancelled.
    const QList<Sent> awsEnding{
        {act::SubscribeSuccess, 2000}, {act::UnsubscribePending, 3000}, {act::Cancel, 4000}};
    for (const QList<int> &order : everyOrder)
        EXPECT_EQ(play("aws", awsEnding, order), v::SubscriptionState::Unsubscribed)
            << "AWS arrival order " << order[0] << order[1] << order[2];
    // Azure: suspended, reinstated, unsubscribed; the same.
    const QList<Sent> azureEnding{{act::Suspend, 2000}, {act::Reinstate, 3000}, {act::Cancel, 4000}};
    for (const QList<int> &order : everyOrder)
        EXPECT_EQ(play("azure", azureEnding, order), v::SubscriptionState::Unsubscribed)
            << "Azure arrival order " << order[0] << order[1] << order[2];

    // What arrives after a newer message is stale and changes nothing.
    QStringList taken;
    EXPECT_EQ(play("aws", {{act::SubscribeSuccess, 2000}, {act::UnsubscribePending, 3000}}, {1, 0}, &taken),
              v::SubscriptionState::UnsubscribePending);
    EXPECT_EQ(taken, QStringList({"applied", "stale"}));
    taken.clear();
    EXPECT_EQ(play("azure", {{act::Suspend, 2000}, {act::Reinstate, 3000}}, {1, 0}, &taken),
              v::SubscriptionState::Subscribed);
    EXPECT_EQ(taken, QStringList({"applied", "stale"}));

    // Azure Unsubscribed is final, whatever is sent after it.
    taken.clear();
    EXPECT_EQ(
        play("azure", {{act::Cancel, 2000}, {act::Suspend, 3000}, {act::Reinstate, 4000}}, {0, 1, 2}, &taken),
        v::SubscriptionState::Unsubscribed);
    EXPECT_EQ(taken, QStringList({"applied", "ignored", "ignored"}));

    // AWS: after the cancellation only a newer subscribe-success that AWS confirms re-subscribes.
    taken.clear();
    EXPECT_EQ(play("aws",
                   {{act::Cancel, 3000}, {act::UnsubscribePending, 4000}, {act::SubscribeSuccess, 5000}},
                   {0, 1, 2}, &taken),
              v::SubscriptionState::Unsubscribed)
        << "unconfirmed by GetEntitlements";
    EXPECT_EQ(taken, QStringList({"applied", "ignored", "ignored"}));
    taken.clear();
    EXPECT_EQ(play("aws", {{act::Cancel, 3000}, {act::SubscribeSuccess, 3000, true}}, {0, 1}, &taken),
              v::SubscriptionState::Unsubscribed)
        << "not sent after the cancellation";
    EXPECT_EQ(taken, QStringList({"applied", "ignored"}));
    taken.clear();
    EXPECT_EQ(play("aws", {{act::Cancel, 3000}, {act::SubscribeSuccess, 5000, true}}, {0, 1}, &taken),
              v::SubscriptionState::Subscribed);
    EXPECT_EQ(taken, QStringList({"applied", "applied"}));
    taken.clear();
    EXPECT_EQ(play("aws", {{act::Cancel, 3000}, {act::SubscribeSuccess, 5000, true}}, {1, 0}, &taken),
              v::SubscriptionState::Subscribed)
        << "the re-subscription sent last wins, even when it arrives first";
    EXPECT_EQ(taken, QStringList({"applied", "stale"}));

    // A stale message is kept, and is not audited: it changed nothing.
    const auto staleKept = [&] {
        return number("SELECT COUNT(*) FROM marketplace_events WHERE outcome LIKE '%\"stale\":true%'");
    };
    const qint64 audit = auditCount();
    const qint64 stale = staleKept();
    taken.clear();
    play("azure", {{act::Reinstate, 3000}, {act::Suspend, 2000}}, {0, 1}, &taken);
    EXPECT_EQ(taken, QStringList({"applied", "stale"}));
    EXPECT_EQ(auditCount(), audit + 2) << "registered and subscribed; the stale Suspend writes nothing";
    EXPECT_EQ(staleKept(), stale + 1);
}

INSTANTIATE_TEST_SUITE_P(Backends, DomainChanges,
                         ::testing::Values(test::Backend::Sqlite, test::Backend::Postgres),
                         [](const auto &info) { return std::string(test::backendName(info.param)); });
