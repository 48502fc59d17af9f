// SPDX-License-Identifier: Apache-2.0
#include "platform/domain/marketplacesubscriptions.h"

#include "foundation/contract/jsonfields.h"
#include "foundation/contract/vocabulary.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QUuid>

namespace billing::domain {

using contract::Problem;
using contract::Result;
namespace v = contract::vocabulary;
namespace act = contract::SubscriptionAction;

namespace {

QString actorOf(const QString &marketplace)
{
    return marketplace == QLatin1String("azure") ? Actor::MarketplaceAzure : Actor::MarketplaceAws;
}

QByteArray subscriptionState(const contract::CloudAccount &c)
{
    QJsonObject state{{"subscription_state", c.subscriptionState}, {"sync_state", c.syncState}};
    if (!c.planId.isEmpty())
        state.insert("plan_id", c.planId);
    if (c.quantity > 0)
        state.insert("quantity", c.quantity);
    return contract::AuditEvent::encodeState(state);
}

QByteArray deploymentState(const contract::Deployment &d)
{
    return contract::AuditEvent::encodeState(
        QJsonObject{{"state", d.state}, {"delete_at", contract::json::time(d.deleteAt)}});
}

} // namespace

MarketplaceSubscriptions::MarketplaceSubscriptions(ChangeRunner &runner, store::WorkspaceStore &workspaces,
                                                   store::DirectoryStore &directory,
                                                   store::DeploymentStore &deployments,
                                                   store::MarketplaceEventStore &events)
    : m_runner(runner)
    , m_workspaces(workspaces)
    , m_directory(directory)
    , m_deployments(deployments)
    , m_events(events)
{
}

Result<Outcome> MarketplaceSubscriptions::registerCustomer(const contract::RegisteredCustomer &customer,
                                                           const QString &requestId)
{
    const QString marketplace =
        customer.provider == v::Provider::Azure ? QStringLiteral("azure") : QStringLiteral("aws");
    return m_runner.run(actorOf(marketplace), requestId, [&](ChangeSet &change) -> Result<Outcome> {
        // AWS: one cloud account per agreement where AWS names it (CustomerAWSAccountId + LicenseArn: one
        // AWS account may hold concurrent agreements), per CustomerIdentifier otherwise.
        const bool agreement = customer.provider != v::Provider::Azure &&
                               !customer.customerAwsAccountId.isEmpty() && !customer.licenseArn.isEmpty();
        Result<std::optional<contract::CloudAccount>> known = std::optional<contract::CloudAccount>();
        if (agreement) {
            known = m_directory.cloudAccountByAgreement(change.db, customer.customerAwsAccountId,
                                                        customer.licenseArn);
        } else {
            auto all = m_directory.cloudAccountsByIdentity(change.db, customer.provider, customer.externalId);
            if (!all)
                return all.problem();
            if (!all->isEmpty())
                known = std::optional<contract::CloudAccount>(all->first());
        }
        if (!known)
            return known.problem();
        if (*known)
            return Outcome{
                {}, 200, QJsonObject{{"cloud_account", (*known)->toJson()}, {"created", false}}, {}};
        contract::CloudAccount c;
        c.id = QStringLiteral("ca-") + QUuid::createUuid().toString(QUuid::Id128).left(12);
        c.provider = customer.provider;
        c.displayName = customer.displayName.isEmpty() ? customer.externalId : customer.displayName;
        // The customer has registered; the marketplace's subscribe message finishes the sync (seeds, step 8).
        c.subscriptionState = v::SubscriptionState::Pending;
        c.syncState = v::SyncState::Syncing;
        if (customer.provider == v::Provider::Azure)
            c.azureSubscriptionId = customer.externalId;
        else
            c.customerIdentifier = customer.externalId;
        c.customerAwsAccountId = customer.customerAwsAccountId;
        c.productCode = customer.productCode;
        c.licenseArn = customer.licenseArn;
        c.purchaserTenantId = customer.purchaserTenantId;
        c.offerId = customer.offerId;
        c.planId = customer.planId;
        c.quantity = customer.quantity;
        c.version = 1;
        c.createdAt = c.updatedAt = change.now;
        if (auto inserted = m_directory.insertCloudAccount(change.db, c); !inserted)
            return inserted.problem();
        change.record(v::AuditAction::CloudAccountRegistered, v::AuditTarget::CloudAccount, c.id,
                      contract::AuditEvent::encodeState(QJsonObject{}), subscriptionState(c));
        return Outcome{{}, 201, QJsonObject{{"cloud_account", c.toJson()}, {"created", true}}, {}};
    });
}

void MarketplaceSubscriptions::keep(const QString &marketplace, const QString &messageId,
                                    const QByteArray &raw, const QString &outcome)
{
    // The sender gets its answer whether or not the message could be kept; the log says when it could not.
    if (auto kept = m_events.record({marketplace, messageId, m_runner.clock().nowMs(), raw, outcome}); !kept)
        qWarning("billing-platform: a marketplace message could not be kept: %s",
                 qPrintable(kept.problem().message()));
}

Problem MarketplaceSubscriptions::refuse(const QString &marketplace, const QString &messageId,
                                         const QByteArray &raw, const Problem &why, const QString &address)
{
    const qint64 now = m_runner.clock().nowMs();
    if (const qint64 wait = m_refusals.waitMs(address, now); wait > 0) {
        const qint64 seconds = (wait + 999) / 1000;
        return Problem{
            429,
            "too_many_refused_messages",
            QStringLiteral("Too many refused messages"),
            QStringLiteral("More than %1 refused marketplace messages came from %2 within a minute; "
                           "try again in %3 s. Messages that verify are never refused this way.")
                .arg(RefusalsPerMinute)
                .arg(address)
                .arg(seconds),
            {{"retry_after_seconds", seconds}}};
    }
    m_refusals.failed(address, now);
    if (auto kept = m_events.recordRefusal({marketplace, messageId, now, raw, refusal(why)}); !kept)
        qWarning("billing-platform: a refused marketplace message could not be kept: %s",
                 qPrintable(kept.problem().message()));
    return why;
}

Result<Outcome> MarketplaceSubscriptions::apply(const contract::SubscriptionNotice &notice,
                                                const QString &requestId)
{
    const QString provider =
        notice.marketplace == QLatin1String("azure") ? v::Provider::Azure : v::Provider::Aws;
    auto applied =
        m_runner.run(actorOf(notice.marketplace), requestId, [&](ChangeSet &change) -> Result<Outcome> {
            if (auto first = m_events.acceptedOutcome(change.db, notice.marketplace, notice.messageId);
                !first) {
                return first.problem();
            } else if (*first) {
                // A repeated message: what the first did, and nothing more.
                QJsonObject body = QJsonDocument::fromJson((**first).toUtf8()).object();
                body.insert("replayed", true);
                return Outcome{{}, 200, body, {}};
            }
            auto all = m_directory.cloudAccountsByIdentity(change.db, provider, notice.externalId);
            if (!all)
                return all.problem();
            // SNS names the customer, not the agreement: with concurrent agreements it cannot say which.
            if (all->size() > 1) {
                QStringList ids;
                for (const contract::CloudAccount &c : *all)
                    ids << c.id;
                return Problem{
                    409,
                    "ambiguous_customer",
                    QStringLiteral("Ambiguous customer"),
                    QStringLiteral("%1 customer %2 holds %3 agreements (cloud accounts %4); the message "
                                   "names no LicenseArn, so it is not applied to any of them.")
                        .arg(notice.marketplace, notice.externalId)
                        .arg(all->size())
                        .arg(ids.join(QStringLiteral(", "))),
                    {}};
            }
            const std::optional<contract::CloudAccount> found =
                all->isEmpty() ? std::nullopt : std::optional<contract::CloudAccount>(all->first());
            if (!found)
                return Problem{
                    404,
                    "unknown_customer",
                    QStringLiteral("Unknown customer"),
                    QStringLiteral(
                        "No cloud account is registered for %1 customer %2; it registers through the "
                        "marketplace's landing page first.")
                        .arg(notice.marketplace, notice.externalId),
                    {}};
            contract::CloudAccount cloud = *found;
            const QString &a = notice.action;
            auto last = m_events.lastInOrder(change.db, cloud.id);
            if (!last)
                return last.problem();
            // Kept and answered 200 (the marketplace must not send it again), changing nothing.
            const auto passOver = [&](const char *kind, const QString &reason) -> Result<Outcome> {
                const QJsonObject effect{{"cloud_account_id", cloud.id},
                                         {"action", a},
                                         {QLatin1String(kind), true},
                                         {"reason", reason},
                                         {"subscription_state", cloud.subscriptionState},
                                         {"sync_state", cloud.syncState}};
                const QString outcome =
                    QString::fromUtf8(QJsonDocument(effect).toJson(QJsonDocument::Compact));
                store::MarketplaceEventStore::Event kept{
                    notice.marketplace, notice.messageId, change.now, notice.raw, outcome, true, cloud.id};
                kept.sentAt = notice.sentAt;
                kept.verdict = QLatin1String(kind);
                if (auto recorded = m_events.record(kept, change.db); !recorded)
                    return recorded.problem();
                return Outcome{{}, 200, effect, {}};
            };
            if (notice.sentAt > 0 && notice.sentAt < *last && !notice.replay)
                return passOver("stale", QStringLiteral("Sent at %1, before %2 when the last message applied "
                                                        "to this customer was sent.")
                                             .arg(contract::json::time(notice.sentAt).toString(),
                                                  contract::json::time(*last).toString()));
            if (cloud.subscriptionState == v::SubscriptionState::Unsubscribed) {
                // Azure: final; a new purchase is a new subscription id. AWS: only a subscribe-success
                // sent after the cancellation, with an entitlement AWS confirms, re-subscribes.
                if (notice.marketplace == QLatin1String("azure"))
                    return passOver("ignored",
                                    QStringLiteral("The Azure subscription was unsubscribed, which "
                                                   "is final; a new purchase comes as a new "
                                                   "subscription."));
                if (a != act::SubscribeSuccess || notice.sentAt <= *last)
                    return passOver("ignored", QStringLiteral("The AWS subscription was cancelled; only a "
                                                              "subscribe-success sent after the cancellation "
                                                              "re-subscribes it."));
                if (!notice.entitlement.entitled)
                    return passOver("ignored",
                                    QStringLiteral("The AWS subscription was cancelled and AWS "
                                                   "GetEntitlements did not confirm a new one: %1")
                                        .arg(notice.entitlement.asked ? notice.entitlement.note
                                                                      : QStringLiteral("not asked")));
            }
            const QByteArray before = subscriptionState(cloud);
            QJsonObject effect{{"cloud_account_id", cloud.id}, {"action", notice.action}};
            if (a == act::SubscribeSuccess || a == act::Renew || a == act::Reinstate) {
                cloud.subscriptionState = v::SubscriptionState::Subscribed;
                cloud.syncState = v::SyncState::Synced;
                cloud.syncMessage.clear();
            } else if (a == act::SubscribeFail) {
                cloud.subscriptionState = v::SubscriptionState::SubscribeFailed;
                cloud.syncState = v::SyncState::Failed;
                cloud.syncMessage = QStringLiteral("The marketplace reported that the subscription failed.");
            } else if (a == act::UnsubscribePending) {
                cloud.subscriptionState =
                    v::SubscriptionState::UnsubscribePending; // staff are warned; nothing is locked yet
            } else if (a == act::Suspend) {
                cloud.subscriptionState =
                    v::SubscriptionState::Suspended; // 30 days' grace: workspaces keep running
            } else if (a == act::Cancel) {
                auto cancelled = cancel(change, cloud);
                if (!cancelled)
                    return cancelled.problem();
                for (auto it = cancelled->begin(); it != cancelled->end(); ++it)
                    effect.insert(it.key(), it.value());
            } else if (a == act::ChangePlan) {
                cloud.planId = notice.planId;
            } else if (a == act::ChangeQuantity) {
                cloud.quantity = notice.quantity;
            } else if (a != act::EntitlementUpdated) {
                return Problem::invalidRequest("action",
                                               QStringLiteral("Unknown marketplace action %1.").arg(a));
            }
            // What AWS answered is kept; a connected platform that got no answer fails the sync, and the
            // cloud account takes no binding until a sync succeeds (rule 2).
            if ((a == act::SubscribeSuccess || a == act::EntitlementUpdated) && notice.entitlement.asked &&
                !notice.entitlement.offline) {
                if (notice.entitlement.answered) {
                    if (auto kept = m_directory.replaceEntitlements(change.db, cloud.id,
                                                                    notice.entitlement.found, change.now);
                        !kept)
                        return kept.problem();
                    if (cloud.syncState == v::SyncState::Failed && a == act::EntitlementUpdated) {
                        cloud.syncState = v::SyncState::Synced;
                        cloud.syncMessage.clear();
                    }
                } else {
                    cloud.syncState = v::SyncState::Failed;
                    cloud.syncMessage =
                        QStringLiteral("AWS GetEntitlements did not answer: %1").arg(notice.entitlement.note);
                }
            }
            if (!notice.offerId.isEmpty())
                cloud.offerId = notice.offerId;
            if (!notice.planId.isEmpty())
                cloud.planId = notice.planId;
            if (notice.quantity >= 0)
                cloud.quantity = notice.quantity;
            const QByteArray after = subscriptionState(cloud);
            if (after != before || a == act::Cancel) {
                ++cloud.version;
                cloud.updatedAt = change.now;
                if (auto saved = m_directory.saveCloudAccount(change.db, cloud); !saved)
                    return saved.problem();
                change.record(a == act::Cancel ? v::AuditAction::CloudAccountCancelled
                                               : v::AuditAction::CloudAccountSubscriptionChanged,
                              v::AuditTarget::CloudAccount, cloud.id, before, after,
                              effect.value("summary").toString(a));
            }
            effect.insert("subscription_state", cloud.subscriptionState);
            effect.insert("sync_state", cloud.syncState);
            const QString outcome = QString::fromUtf8(QJsonDocument(effect).toJson(QJsonDocument::Compact));
            store::MarketplaceEventStore::Event kept{
                notice.marketplace, notice.messageId, change.now, notice.raw, outcome, true, cloud.id};
            kept.sentAt = notice.sentAt;
            kept.inOrder = true;
            if (auto recorded = m_events.record(kept, change.db); !recorded)
                return recorded.problem();
            return Outcome{{}, 200, effect, {}};
        });
    // A verified message the platform could not apply (an unknown customer): kept as a refusal, whatever
    // its sender's address, since only the marketplace can sign one.
    if (!applied && applied.problem().status != 503) {
        if (auto kept =
                m_events.recordRefusal({notice.marketplace, notice.messageId, m_runner.clock().nowMs(),
                                        notice.raw, refusal(applied.problem())},
                                       true);
            !kept)
            qWarning("billing-platform: a refused marketplace message could not be kept: %s",
                     qPrintable(kept.problem().message()));
    }
    return applied;
}

Result<Outcome> MarketplaceSubscriptions::recordSync(const ChangeRequest &request,
                                                     const QString &cloudAccountId, const SyncAnswer &answer)
{
    return m_runner.recorded(request, [&](ChangeSet &change) -> Result<Outcome> {
        auto read = m_directory.cloudAccount(cloudAccountId, change.db);
        if (!read)
            return read.problem();
        contract::CloudAccount cloud = *read;
        const QByteArray before = subscriptionState(cloud);
        if (answer.answered) {
            if (answer.entitlements) {
                if (auto kept = m_directory.replaceEntitlements(change.db, cloud.id, *answer.entitlements,
                                                                change.now);
                    !kept)
                    return kept.problem();
            }
            cloud.syncState = v::SyncState::Synced;
            cloud.syncMessage.clear();
        } else {
            cloud.syncState = v::SyncState::Failed;
            cloud.syncMessage = answer.note;
        }
        const QByteArray after = subscriptionState(cloud);
        if (after != before) {
            ++cloud.version;
            cloud.updatedAt = change.now;
            if (auto saved = m_directory.saveCloudAccount(change.db, cloud); !saved)
                return saved.problem();
        }
        // A retried sync is audited whatever it found: staff asked the marketplace on the customer's behalf.
        change.record(v::AuditAction::CloudAccountSynced, v::AuditTarget::CloudAccount, cloud.id, before,
                      after,
                      answer.answered ? QStringLiteral("Synced with the marketplace: %1").arg(answer.note)
                                      : QStringLiteral("Sync failed: %1").arg(answer.note));
        auto entitlements = m_directory.entitlements(cloud.id, change.db);
        if (!entitlements)
            return entitlements.problem();
        cloud.entitlements = *entitlements;
        return Outcome{
            {}, 200, QJsonObject{{"cloud_account", cloud.toJson()}, {"synced", answer.answered}}, {}};
    });
}

Result<Outcome> MarketplaceSubscriptions::recordReplay(const ChangeRequest &request, qint64 eventId,
                                                       const QString &messageId, const QString &verdict,
                                                       const QJsonObject &effect)
{
    return m_runner.recorded(request, [&](ChangeSet &change) -> Result<Outcome> {
        const QByteArray before = contract::AuditEvent::encodeState(QJsonObject{{"verdict", verdict}});
        const QByteArray after = contract::AuditEvent::encodeState(
            QJsonObject{{"replayed", true},
                        {"cloud_account_id", effect.value("cloud_account_id")},
                        {"action", effect.value("action")}});
        change.record(v::AuditAction::MarketplaceMessageReplayed, v::AuditTarget::MarketplaceMessage,
                      QString::number(eventId), before, after,
                      QStringLiteral("Message %1 replayed by staff.").arg(messageId));
        QJsonObject body = effect;
        body.insert("replay_of", eventId);
        return Outcome{{}, 200, body, {}};
    });
}

Result<QJsonObject> MarketplaceSubscriptions::cancel(ChangeSet &change, contract::CloudAccount &cloud)
{
    cloud.subscriptionState = v::SubscriptionState::Unsubscribed;
    auto bound = m_workspaces.boundTo(change.db, cloud.id);
    if (!bound)
        return bound.problem();
    QStringList ids, owners;
    QList<store::WorkspaceStore::Save> saves;
    saves.reserve(bound->size());
    // Thousands of rows share one note and one before/after state: each is made once.
    const QString lockNote =
        QStringLiteral("The %1 subscription of cloud account %2 ended.").arg(cloud.provider, cloud.id);
    for (const contract::Workspace &read : *bound) {
        contract::Workspace w = read;
        change.unbindAndLock(w, v::LockReason::CloudSubscriptionCancelled,
                             v::AuditAction::WorkspaceLockedByCancellation, lockNote);
        ids << w.id;
        owners << w.accountId;
        saves.append({read, w});
    }
    if (auto conflicts = m_workspaces.save(change.db, saves); !conflicts)
        return conflicts.problem();
    else if (!conflicts->isEmpty())
        return Problem{
            503,
            contract::ErrorCode::StorageUnavailable,
            QStringLiteral("Try again"),
            QStringLiteral("Workspace %1 changed during the cancellation; the marketplace will retry.")
                .arg(conflicts->first()),
            {}};
    // Paid deployments stop and are deleted 3 days later; trial ones keep running (all seeds).
    auto deployments = m_deployments.ofWorkspaces(change.db, ids);
    if (!deployments)
        return deployments.problem();
    QList<contract::Deployment> running;
    for (contract::Deployment &d : deployments.value()) {
        if (d.state == v::DeploymentState::Running && !d.trial)
            running.append(std::move(d));
    }
    const QString stopNote = QStringLiteral("Stopped by the cancellation of cloud account %1.").arg(cloud.id);
    contract::Deployment stopped;
    stopped.state = v::DeploymentState::Stopped;
    stopped.deleteAt = change.now + DeletionDelayDays * v::DayMs;
    const QByteArray after = deploymentState(stopped); // every one stops alike
    contract::Deployment running0;
    running0.state = v::DeploymentState::Running;
    const QByteArray plainRunning = deploymentState(running0);
    for (contract::Deployment &d : running) {
        const QByteArray before = d.deleteAt == 0 ? plainRunning : deploymentState(d);
        d.state = stopped.state;
        d.stoppedAt = change.now;
        d.deleteAt = stopped.deleteAt;
        change.record(v::AuditAction::DeploymentStopped, v::AuditTarget::Deployment, d.id, before, after,
                      stopNote);
    }
    if (auto saved = m_deployments.save(change.db, running); !saved)
        return saved.problem();
    auto linked = m_directory.accountsLinkedTo(change.db, cloud.id);
    if (!linked)
        return linked.problem();
    if (auto loaded = change.loadOwners(*linked); !loaded)
        return loaded.problem();
    if (auto unlinked = change.link(*linked, QString()); !unlinked)
        return unlinked.problem();
    QJsonObject effect{{"locked_workspaces", qint64(ids.size())},
                       {"stopped_deployments", qint64(running.size())},
                       {"unlinked_accounts", qint64(linked->size())}};
    effect.insert(
        "summary",
        QStringLiteral("%1 workspaces locked, %2 deployments stopped").arg(ids.size()).arg(running.size()));
    return effect;
}

} // namespace billing::domain
