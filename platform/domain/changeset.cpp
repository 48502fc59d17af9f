// SPDX-License-Identifier: Apache-2.0
#include "platform/domain/changeset.h"

#include "foundation/contract/jsonfields.h"
#include "foundation/contract/vocabulary.h"
#include "platform/domain/billingrules.h"

#include <QRandomGenerator>
#include <QScopeGuard>
#include <QThread>

namespace billing::domain {

using contract::Problem;
using contract::Result;
using contract::Workspace;
namespace v = contract::vocabulary;

QByteArray ChangeSet::billingState(const Workspace &w)
{
    const QString key = w.billingMethod + QLatin1Char('\n') + w.status + QLatin1Char('\n') +
                        w.cloudAccountId + QLatin1Char('\n') + (w.hasLock() ? w.lock.reason : QString()) +
                        QLatin1Char('\n') + QString::number(w.overrideUntil);
    QByteArray &encoded = encodedStates[key];
    if (encoded.isEmpty()) {
        QJsonObject state{{"billing_method", w.billingMethod}, {"status", w.status}};
        if (!w.cloudAccountId.isEmpty())
            state.insert("cloud_account_id", w.cloudAccountId);
        if (w.hasLock())
            state.insert("lock_reason", w.lock.reason);
        if (w.overrideUntil > 0)
            state.insert("unlock_override_until", contract::json::time(w.overrideUntil));
        encoded = contract::AuditEvent::encodeState(state);
    }
    return encoded;
}

Result<contract::Done> ChangeSet::loadOwners(QStringList accountIds)
{
    accountIds.removeDuplicates();
    auto found = directory.accounts(accountIds, db);
    if (!found)
        return found.problem();
    owners.insert(*found);
    return contract::Done{};
}

Result<QHash<QString, Workspace>> ChangeSet::loadWorkspaces(store::WorkspaceStore &store,
                                                            const QStringList &ids)
{
    auto found = store.findMany(ids, db);
    if (!found)
        return found.problem();
    QHash<QString, Workspace> byId;
    QStringList ownerIds;
    for (const Workspace &w : *found) {
        byId.insert(w.id, w);
        ownerIds << w.accountId;
    }
    if (auto loaded = loadOwners(ownerIds); !loaded)
        return loaded.problem();
    return byId;
}

Result<contract::Account> ChangeSet::owner(const QString &accountId)
{
    if (const auto known = owners.constFind(accountId); known != owners.cend())
        return *known;
    auto account = directory.account(accountId, db);
    if (account)
        owners.insert(accountId, *account);
    return account;
}

void ChangeSet::record(const QString &action, const QString &targetType, const QString &targetId,
                       QByteArray before, QByteArray after, const QString &note)
{
    contract::AuditEvent e;
    e.at = now;
    e.actor = actor;
    e.action = action;
    e.targetType = targetType;
    e.targetId = targetId;
    e.before = std::move(before);
    e.after = std::move(after);
    e.note = note;
    e.requestId = requestId;
    audit.append(e);
}

void ChangeSet::bill(Workspace &w, const QString &method, const QString &cloudAccountId)
{
    const QByteArray before = billingState(w);
    const bool unlocking = w.status == v::WorkspaceStatus::Locked;
    w.billingMethod = method;
    w.cloudAccountId = cloudAccountId;
    w.overrideUntil = 0; // a valid method needs no override
    if (unlocking) {
        w.status = v::WorkspaceStatus::Active;
        w.lock = {};
    }
    ++w.version;
    w.updatedAt = now;
    record(v::AuditAction::WorkspaceBillingMethodChanged, v::AuditTarget::Workspace, w.id, before,
           billingState(w),
           unlocking ? QStringLiteral("Unlocked: the workspace has a valid billing method again.")
                     : QString());
}

void ChangeSet::unbindAndLock(Workspace &w, const QString &reason, const QString &action, const QString &note)
{
    const QByteArray before = billingState(w);
    w.billingMethod = v::BillingMethod::None;
    w.cloudAccountId.clear();
    w.overrideUntil = 0;
    if (w.status == v::WorkspaceStatus::Active)
        w.lock = {reason, now, actor, note, now + v::LockCountdownDays * v::DayMs};
    w.status = v::WorkspaceStatus::Locked;
    ++w.version;
    w.updatedAt = now;
    record(action, "workspace", w.id, before, billingState(w), note);
}

void ChangeSet::lock(Workspace &w, const QString &reason, const QString &note)
{
    const QByteArray before = billingState(w);
    w.status = v::WorkspaceStatus::Locked;
    w.lock = {reason, now, actor, note, now + v::LockCountdownDays * v::DayMs};
    w.overrideUntil = 0;
    ++w.version;
    w.updatedAt = now;
    record(v::AuditAction::WorkspaceLocked, v::AuditTarget::Workspace, w.id, before, billingState(w), note);
}

void ChangeSet::unlock(Workspace &w, const QString &note, qint64 overrideUntil)
{
    const QByteArray before = billingState(w);
    w.status = v::WorkspaceStatus::Active;
    w.lock = {};
    w.overrideUntil = overrideUntil;
    ++w.version;
    w.updatedAt = now;
    record(v::AuditAction::WorkspaceUnlocked, v::AuditTarget::Workspace, w.id, before, billingState(w), note);
}

Result<bool> ChangeSet::paysNow(const Workspace &w)
{
    auto account = owner(w.accountId);
    if (!account)
        return account.problem();
    std::optional<contract::CloudAccount> cloud;
    if (!w.cloudAccountId.isEmpty()) {
        auto found = directory.cloudAccount(w.cloudAccountId, db);
        if (!found)
            return found.problem();
        cloud = *found;
    }
    return BillingRules::paysNow(*account, w, cloud ? &*cloud : nullptr);
}

Result<contract::Done> ChangeSet::relink(const QString &accountId, const QString &linkTo,
                                         const QString &previousCloudAccountId)
{
    auto account = owner(accountId);
    if (!account)
        return account.problem();
    QString target = account->linkedCloudAccountId;
    if (!linkTo.isEmpty()) {
        target = linkTo;
    } else if (!previousCloudAccountId.isEmpty() && account->linkedCloudAccountId == previousCloudAccountId) {
        auto still = directory.boundWorkspaces(db, accountId, previousCloudAccountId);
        if (!still)
            return still.problem();
        if (*still == 0)
            target.clear();
    }
    if (target == account->linkedCloudAccountId)
        return contract::Done{};
    return link({accountId}, target);
}

Result<contract::Done> ChangeSet::link(const QStringList &accountIds, const QString &cloudAccountId)
{
    const auto state = [](const QString &linked) {
        return contract::AuditEvent::encodeState(
            QJsonObject{{"linked_cloud_account_id", contract::json::nullable(linked)}});
    };
    const QByteArray after = state(cloudAccountId);
    QHash<QString, QByteArray>
        befores; // thousands of owners of a bulk bind were linked to few accounts before
    QStringList changing;
    for (const QString &id : accountIds) {
        auto account = owner(id);
        if (!account)
            return account.problem();
        if (account->linkedCloudAccountId == cloudAccountId)
            continue;
        changing << id;
        QByteArray &before = befores[account->linkedCloudAccountId];
        if (before.isEmpty())
            before = state(account->linkedCloudAccountId);
        record(v::AuditAction::AccountCloudAccountLinked, v::AuditTarget::Account, id, before, after);
        owners[id].linkedCloudAccountId = cloudAccountId;
    }
    if (changing.isEmpty())
        return contract::Done{};
    return directory.setLinkedCloudAccount(db, changing, cloudAccountId);
}

ChangeRunner::ChangeRunner(std::shared_ptr<store::Database> database, std::shared_ptr<const Clock> clock,
                           store::WorkspaceStore &workspaces, store::DirectoryStore &directory,
                           store::AuditStore &audit)
    : m_database(database)
    , m_clock(std::move(clock))
    , m_workspaces(workspaces)
    , m_directory(directory)
    , m_audit(audit)
    , m_idempotency(database)
{
}

Problem ChangeRunner::versionConflict(const Workspace &current, qint64 expected)
{
    Problem p{409,
              contract::ErrorCode::VersionConflict,
              QStringLiteral("Version conflict"),
              QStringLiteral(
                  "Workspace %1 changed since version %2; it is now at version %3. Reload and try again.")
                  .arg(current.id)
                  .arg(expected)
                  .arg(current.version),
              {}};
    p.extra.insert("current", current.toJson());
    return p;
}

QByteArray ChangeRunner::etagOf(const Workspace &w)
{
    return QByteArray("\"") + QByteArray::number(w.version) + "\"";
}

Result<contract::Done> ChangeRunner::saveOne(ChangeSet &change, const Workspace &before,
                                             const Workspace &after)
{
    auto conflicts = m_workspaces.save(change.db, {{before, after}});
    if (!conflicts)
        return conflicts.problem();
    if (!conflicts->isEmpty())
        return versionConflict(*m_workspaces.find(after.id, change.db), before.version);
    return contract::Done{};
}

int ChangeRunner::onCommitted(std::function<void(qint64)> listener)
{
    std::lock_guard guard(m_listenersLock);
    m_listeners.insert(++m_lastListener, std::move(listener));
    return m_lastListener;
}

void ChangeRunner::forgetCommitListener(int handle)
{
    std::lock_guard guard(m_listenersLock); // waits for a call in progress
    m_listeners.remove(handle);
}

Result<Outcome> ChangeRunner::recorded(const ChangeRequest &request, const Body &body)
{
    const auto replay = [&](const std::optional<Outcome> &first) -> std::optional<Result<Outcome>> {
        if (!first)
            return std::nullopt;
        if (first->requestHash != request.requestHash)
            return Result<Outcome>(
                Problem{422,
                        "idempotency_key_reused",
                        QStringLiteral("Idempotency key reused"),
                        QStringLiteral("The Idempotency-Key \"%1\" was used for a different request; "
                                       "use a new key for a new change.")
                            .arg(request.idempotencyKey),
                        {}});
        return Result<Outcome>(*first); // the first answer, and nothing changes
    };
    if (auto first = m_idempotency.find(request.staff.name, request.idempotencyKey); !first)
        return first.problem();
    else if (auto answer = replay(*first))
        return *answer;

    return withRetries([&]() -> Result<Outcome> {
        auto tx = store::Transaction::begin(*m_database, store::Transaction::Mode::Write);
        if (!tx)
            return tx.problem();
        // A replay that raced us here, on this instance or another, finds the first request's record
        // now that we hold the write turn: it answers the first answer.
        if (auto first = m_idempotency.find(request.staff.name, request.idempotencyKey, (*tx)->connection());
            !first)
            return first.problem();
        else if (auto answer = replay(*first))
            return *answer;
        ChangeSet change{(*tx)->connection(),
                         request.staff.name,
                         request.requestId,
                         m_clock->nowMs(),
                         m_directory,
                         {},
                         {}};
        return commit(change, **tx, body, &request);
    });
}

Result<Outcome> ChangeRunner::run(const QString &actor, const QString &requestId, const Body &body)
{
    return withRetries([&]() -> Result<Outcome> {
        auto tx = store::Transaction::begin(*m_database, store::Transaction::Mode::Write);
        if (!tx)
            return tx.problem();
        ChangeSet change{(*tx)->connection(), actor, requestId, m_clock->nowMs(), m_directory, {}, {}};
        return commit(change, **tx, body, nullptr);
    });
}

void ChangeRunner::committedElsewhere(qint64 seq, const std::optional<QStringList> &workspaceColumns)
{
    if (!workspaceColumns || !workspaceColumns->isEmpty())
        m_workspaces.changedElsewhere(workspaceColumns.value_or(QStringList()));
    std::lock_guard guard(m_listenersLock);
    for (const auto &listener : m_listeners)
        listener(seq);
}

Result<Outcome> ChangeRunner::withRetries(const std::function<Result<Outcome>()> &attempt)
{
    for (int made = 1;; ++made) {
        Result<Outcome> outcome = attempt();
        if (outcome || !store::Database::isContention(outcome.problem()))
            return outcome;
        if (made == Attempts) {
            Problem busy = outcome.problem();
            busy.detail = QStringLiteral("The database gave way to concurrent changes %1 times; nothing was "
                                         "changed. Last: %2")
                              .arg(Attempts)
                              .arg(busy.detail);
            return busy;
        }
        // The transaction rolled back as a whole: waiting a little, jittered so that the writers that
        // collided do not collide again, then running it again from the start is safe.
        const int base = 10 << (made - 1);
        QThread::msleep(ulong(base / 2 + QRandomGenerator::global()->bounded(base)));
        m_retries.fetch_add(1, std::memory_order_relaxed);
    }
}

Result<Outcome> ChangeRunner::preview(const ChangeRequest &request, const Body &body)
{
    auto db = m_database->connection();
    if (!db)
        return db.problem();
    ChangeSet change{*db, request.staff.name, request.requestId, m_clock->nowMs(), m_directory, {}, {}};
    return body(change);
}

Result<Outcome> ChangeRunner::commit(ChangeSet &change, store::Transaction &tx, const Body &body,
                                     const ChangeRequest *request)
{
    // Unless it commits, the transaction rolls back: the workspace store forgets what it saved.
    bool committed = false;
    const auto forget = qScopeGuard([&] {
        if (!committed)
            m_workspaces.rolledBack();
    });
    Result<Outcome> outcome = body(change);
    if (!outcome)
        return outcome; // the transaction rolls back: nothing was changed
    auto appended = m_audit.append(change.db, change.audit);
    if (!appended)
        return appended.problem();
    if (request) {
        outcome->requestHash = request->requestHash;
        if (auto saved = m_idempotency.record(change.db, request->staff.name, request->idempotencyKey,
                                              *outcome, change.now);
            !saved)
            return saved.problem();
    }
    if (!m_database->isSqlite() && !appended->isEmpty()) {
        if (auto told = store::CommitWatch::announce(change.db, m_database->instanceTag(),
                                                     appended->last().seq, m_workspaces.changedSinceCommit());
            !told)
            return told.problem();
    }
    if (auto done = tx.commit(); !done)
        return done.problem();
    committed = true;
    m_workspaces.committed();
    if (!appended->isEmpty()) {
        const qint64 head = appended->last().seq;
        std::lock_guard guard(m_listenersLock);
        for (const auto &listener : m_listeners)
            listener(head);
    }
    return outcome;
}

} // namespace billing::domain
