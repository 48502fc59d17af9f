// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "foundation/contract/account.h"
#include "foundation/contract/auditevent.h"
#include "foundation/contract/result.h"
#include "foundation/contract/workspace.h"
#include "platform/domain/clock.h"
#include "platform/store/auditstore.h"
#include "platform/store/commitwatch.h"
#include "platform/store/directorystore.h"
#include "platform/store/idempotencystore.h"
#include "platform/store/staffstore.h"
#include "platform/store/transaction.h"
#include "platform/store/workspacestore.h"

#include <QHash>
#include <QJsonObject>

#include <atomic>
#include <functional>
#include <mutex>

namespace billing::domain {

// Who asks for a change and how the request names itself (rules 8–10).
struct ChangeRequest {
    contract::StaffUser staff;
    QString requestId;
    QString idempotencyKey;
    QByteArray
        requestHash; // of method, path, If-Match and body: the same key with another request is refused
};

// What a change answered; recorded with its idempotency key and answered again on replay.
using Outcome = store::IdempotencyStore::Recorded;

// Actors that are not staff users (billing rule 10).
namespace Actor {
inline const QString MarketplaceAws = QStringLiteral("marketplace:aws");
inline const QString MarketplaceAzure = QStringLiteral("marketplace:azure");
inline const QString Scheduler = QStringLiteral("system:scheduler");
// The platform itself, e.g. giving the console it runs inside a session.
inline const QString Platform = QStringLiteral("system:platform");
} // namespace Actor

// One transaction's worth of changes: the connection, who acts, the clock reading, the owners read so
// far and the audit events to append before commit. The edits every kind of change shares live here.
struct ChangeSet {
    QSqlDatabase db;
    QString actor;
    QString requestId;
    qint64 now = 0;
    store::DirectoryStore &directory;
    QHash<QString, contract::Account> owners;
    QList<contract::AuditEvent> audit;

    // Reads many owners at once (a bulk change touches thousands).
    contract::Result<contract::Done> loadOwners(QStringList accountIds);
    // The named workspaces that exist, by id, with their owners read as well (a bulk change's targets).
    contract::Result<QHash<QString, contract::Workspace>> loadWorkspaces(store::WorkspaceStore &store,
                                                                         const QStringList &ids);
    contract::Result<contract::Account> owner(const QString &accountId);

    void record(const QString &action, const QString &targetType, const QString &targetId, QByteArray before,
                QByteArray after, const QString &note = {});

    // Sets the method; a locked workspace with a valid method again is unlocked in the same change (rule 6).
    void bill(contract::Workspace &w, const QString &method, const QString &cloudAccountId);
    // Leaves the workspace with no method and locks it for `reason`, its 14-day countdown started (rules 5,
    // 6).
    void unbindAndLock(contract::Workspace &w, const QString &reason, const QString &action,
                       const QString &note = {});
    // Locks an active workspace as it is (an admin's hold); the countdown starts.
    void lock(contract::Workspace &w, const QString &reason, const QString &note);
    // Lifts the lock; `overrideUntil` > 0 when an admin lifts it without a valid billing method.
    void unlock(contract::Workspace &w, const QString &note, qint64 overrideUntil);

    // Rule 6: whether the workspace's own method pays now (reads its owner and cloud account).
    contract::Result<bool> paysNow(const contract::Workspace &w);

    // The owner is linked to the cloud account while any of its workspaces is bound to it.
    contract::Result<contract::Done> relink(const QString &accountId, const QString &linkTo,
                                            const QString &previousCloudAccountId);
    // Links (or unlinks, with an empty id) the accounts that are not linked so already, audited.
    contract::Result<contract::Done> link(const QStringList &accountIds, const QString &cloudAccountId);

    // The billing fields an audit event keeps before and after a workspace change. A bulk change
    // repeats a few states thousands of times: each is encoded once.
    QByteArray billingState(const contract::Workspace &w);
    QHash<QString, QByteArray> encodedStates;
};

// Runs changes: each in one write transaction that also appends its audit events (rule 10), staff
// changes under their idempotency key (rule 9). Listeners hear of every commit (the event stream).
class ChangeRunner
{
public:
    ChangeRunner(std::shared_ptr<store::Database> database, std::shared_ptr<const Clock> clock,
                 store::WorkspaceStore &workspaces, store::DirectoryStore &directory,
                 store::AuditStore &audit);

    const Clock &clock() const { return *m_clock; }
    store::Database &database() const { return *m_database; }

    // A staff change: a replay of its idempotency key answers the first answer and changes nothing.
    using Body = std::function<contract::Result<Outcome>(ChangeSet &)>;
    contract::Result<Outcome> recorded(const ChangeRequest &request, const Body &body);
    // A change by the marketplace or the scheduler: no key; the body itself refuses what it has done before.
    contract::Result<Outcome> run(const QString &actor, const QString &requestId, const Body &body);
    // Reads as a change would, without changing anything (a dry run).
    contract::Result<Outcome> preview(const ChangeRequest &request, const Body &body);

    // Writes one workspace's change if it is still as read (`before`); a 409 with the current one otherwise.
    contract::Result<contract::Done> saveOne(ChangeSet &change, const contract::Workspace &before,
                                             const contract::Workspace &after);
    static contract::Problem versionConflict(const contract::Workspace &current, qint64 expected);
    static QByteArray etagOf(const contract::Workspace &w);

    // Another instance committed (heard through store::CommitWatch), changing these workspace columns
    // (none: it saved no workspace; nullopt: unknown): caches it made stale go, and the commit listeners
    // hear of it as of one of ours.
    void committedElsewhere(qint64 seq, const std::optional<QStringList> &workspaceColumns);

    // Called after each commit, on the committing thread, with the audit head's sequence number.
    // Answers a handle for forgetCommitListener; a listener is never called after that returns.
    int onCommitted(std::function<void(qint64 seq)> listener);
    void forgetCommitListener(int handle);

    // Staff changes' first answers, by Idempotency-Key.
    store::IdempotencyStore &idempotency() { return m_idempotency; }

    // Transactions run again after the database gave way to a concurrent one (PostgreSQL).
    static constexpr int Attempts = 5;
    qint64 retries() const { return m_retries.load(std::memory_order_relaxed); }

private:
    contract::Result<Outcome> commit(ChangeSet &change, store::Transaction &tx, const Body &body,
                                     const ChangeRequest *request);
    // Runs `attempt` (a whole transaction) again while it fails with storage_busy, up to Attempts times.
    contract::Result<Outcome> withRetries(const std::function<contract::Result<Outcome>()> &attempt);

    std::shared_ptr<store::Database> m_database;
    std::shared_ptr<const Clock> m_clock;
    store::WorkspaceStore &m_workspaces;
    store::DirectoryStore &m_directory;
    store::AuditStore &m_audit;
    store::IdempotencyStore m_idempotency;
    std::mutex m_listenersLock;
    QHash<int, std::function<void(qint64)>> m_listeners;
    int m_lastListener = 0;
    std::atomic<qint64> m_retries{0};
};

} // namespace billing::domain
