#include "platform/domain/billingchanges.h"

#include "platform/api/jsonfields.h"
#include "platform/api/vocabulary.h"
#include "platform/domain/billingrules.h"
#include "platform/store/transaction.h"

#include <QHash>
#include <QJsonArray>

namespace billing::domain {

using api::Problem;
using api::Result;
using api::Workspace;
namespace v = api::vocabulary;

namespace {

constexpr qint64 Day = 24LL * 3600 * 1000;

QByteArray billingState(const Workspace &w)
{
    QJsonObject state{{"billing_method", w.billingMethod}, {"status", w.status}};
    if (!w.cloudAccountId.isEmpty())
        state.insert("cloud_account_id", w.cloudAccountId);
    if (w.hasLock())
        state.insert("lock_reason", w.lock.reason);
    return api::AuditEvent::encodeState(state);
}

QByteArray etagOf(const Workspace &w)
{
    return QByteArray("\"") + QByteArray::number(w.version) + "\"";
}

Problem versionConflict(const Workspace &current, qint64 expected)
{
    Problem p{409, api::ErrorCode::VersionConflict, QStringLiteral("Version conflict"),
              QStringLiteral("Workspace %1 changed since version %2; it is now at version %3. Reload and try again.")
                  .arg(current.id)
                  .arg(expected)
                  .arg(current.version),
              {}};
    p.extra.insert("current", current.toJson());
    return p;
}

} // namespace

// One transaction's worth of changes: the connection, the clock reading, the owners read so far and
// the audit events to append before commit.
struct BillingChanges::Work {
    QSqlDatabase db;
    const ChangeRequest &request;
    qint64 now;
    store::DirectoryStore &directory;
    QHash<QString, api::Account> owners;
    QList<api::AuditEvent> audit;

    // Reads many owners at once (a bulk bind touches thousands).
    Result<api::Done> loadOwners(QStringList accountIds)
    {
        accountIds.removeDuplicates();
        auto found = directory.accounts(accountIds, db);
        if (!found)
            return found.problem();
        owners.insert(*found);
        return api::Done{};
    }

    Result<api::Account> owner(const QString &accountId)
    {
        if (const auto known = owners.constFind(accountId); known != owners.cend())
            return *known;
        auto account = directory.account(accountId, db);
        if (account)
            owners.insert(accountId, *account);
        return account;
    }

    void record(const QString &action, const QString &targetType, const QString &targetId, QByteArray before,
                QByteArray after, const QString &note = {})
    {
        api::AuditEvent e;
        e.at = now;
        e.actor = request.staff.name;
        e.action = action;
        e.targetType = targetType;
        e.targetId = targetId;
        e.before = std::move(before);
        e.after = std::move(after);
        e.note = note;
        e.requestId = request.requestId;
        audit.append(e);
    }

    // Sets the method; a locked workspace with a valid method again is unlocked in the same change (rule 6).
    void bill(Workspace &w, const QString &method, const QString &cloudAccountId)
    {
        const QByteArray before = billingState(w);
        const bool unlocking = w.status == v::WorkspaceStatus::Locked;
        w.billingMethod = method;
        w.cloudAccountId = cloudAccountId;
        if (unlocking) {
            w.status = v::WorkspaceStatus::Active;
            w.lock = {};
        }
        ++w.version;
        w.updatedAt = now;
        record("workspace.billing_method_changed", "workspace", w.id, before, billingState(w),
               unlocking ? QStringLiteral("Unlocked: the workspace has a valid billing method again.") : QString());
    }

    // Leaves the workspace with no method, locked, its 14-day countdown started (rule 6).
    void lockWithoutMethod(Workspace &w)
    {
        const QByteArray before = billingState(w);
        w.billingMethod = v::BillingMethod::None;
        w.cloudAccountId.clear();
        if (w.status == v::WorkspaceStatus::Active)
            w.lock = {v::LockReason::NoBillingMethod, now, request.staff.name, QString(), now + v::LockCountdownDays * Day};
        w.status = v::WorkspaceStatus::Locked;
        ++w.version;
        w.updatedAt = now;
        record("workspace.unbound_and_locked", "workspace", w.id, before, billingState(w));
    }

    // The owner is linked to the cloud account while any of its workspaces is bound to it.
    Result<api::Done> relink(const QString &accountId, const QString &linkTo, const QString &previousCloudAccountId,
                             store::DirectoryStore &store)
    {
        auto account = owner(accountId);
        if (!account)
            return account.problem();
        QString target = account->linkedCloudAccountId;
        if (!linkTo.isEmpty()) {
            target = linkTo;
        } else if (!previousCloudAccountId.isEmpty() && account->linkedCloudAccountId == previousCloudAccountId) {
            auto still = store.boundWorkspaces(db, accountId, previousCloudAccountId);
            if (!still)
                return still.problem();
            if (*still == 0)
                target.clear();
        }
        if (target == account->linkedCloudAccountId)
            return api::Done{};
        return link({accountId}, target, store);
    }

    // Links (or unlinks, with an empty id) the accounts that are not linked so already, audited.
    Result<api::Done> link(const QStringList &accountIds, const QString &cloudAccountId, store::DirectoryStore &store)
    {
        QStringList changing;
        for (const QString &id : accountIds) {
            auto account = owner(id);
            if (!account)
                return account.problem();
            if (account->linkedCloudAccountId == cloudAccountId)
                continue;
            changing << id;
            record("account.cloud_account_linked", "account", id,
                   api::AuditEvent::encodeState(QJsonObject{{"linked_cloud_account_id", api::json::nullable(account->linkedCloudAccountId)}}),
                   api::AuditEvent::encodeState(QJsonObject{{"linked_cloud_account_id", api::json::nullable(cloudAccountId)}}));
            owners[id].linkedCloudAccountId = cloudAccountId;
        }
        if (changing.isEmpty())
            return api::Done{};
        return store.setLinkedCloudAccount(db, changing, cloudAccountId);
    }
};

Result<api::Done> BillingChanges::saveOne(Work &work, const Workspace &workspace, qint64 expectedVersion)
{
    auto conflicts = m_workspaces.save(work.db, {{workspace, expectedVersion}});
    if (!conflicts)
        return conflicts.problem();
    if (!conflicts->isEmpty())
        return versionConflict(*m_workspaces.find(workspace.id, work.db), expectedVersion);
    return api::Done{};
}

BillingChanges::BillingChanges(std::shared_ptr<store::Database> database, std::shared_ptr<const Clock> clock,
                               store::WorkspaceStore &workspaces, store::DirectoryStore &directory, store::AuditStore &audit)
    : m_database(database)
    , m_clock(std::move(clock))
    , m_workspaces(workspaces)
    , m_directory(directory)
    , m_audit(audit)
    , m_idempotency(database)
{
}

template<typename Body>
Result<Outcome> BillingChanges::recorded(const ChangeRequest &request, Body body)
{
    const auto replay = [&](const std::optional<Outcome> &first) -> std::optional<Result<Outcome>> {
        if (!first)
            return std::nullopt;
        if (first->requestHash != request.requestHash)
            return Result<Outcome>(Problem{422, "idempotency_key_reused", QStringLiteral("Idempotency key reused"),
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

    auto tx = store::Transaction::begin(*m_database, store::Transaction::Mode::Write);
    if (!tx)
        return tx.problem();
    // A replay that raced us here finds the first request's record now that we hold the write turn.
    if (auto first = m_idempotency.find(request.staff.name, request.idempotencyKey, (*tx)->connection()); !first)
        return first.problem();
    else if (auto answer = replay(*first))
        return *answer;

    Work work{(*tx)->connection(), request, m_clock->nowMs(), m_directory, {}, {}};
    Result<Outcome> outcome = body(work);
    if (!outcome)
        return outcome; // the transaction rolls back: nothing was changed
    if (auto appended = m_audit.append(work.db, work.audit); !appended)
        return appended.problem();
    outcome->requestHash = request.requestHash;
    if (auto saved = m_idempotency.record(work.db, request.staff.name, request.idempotencyKey, *outcome, work.now); !saved)
        return saved.problem();
    if (auto committed = (*tx)->commit(); !committed)
        return committed.problem();
    m_workspaces.workspacesChanged();
    return outcome;
}

Result<Outcome> BillingChanges::changeBillingMethod(const ChangeRequest &request, const QString &workspaceId,
                                                    qint64 expectedVersion, const QString &method,
                                                    const QString &cloudAccountId)
{
    const bool cloud = method == v::BillingMethod::CloudAccount;
    if (method != v::BillingMethod::CreditCard && method != v::BillingMethod::PrepaidCredits && !cloud)
        return Problem::invalidRequest("method", QStringLiteral("\"method\" must be credit_card, prepaid_credits or "
                                                                "cloud_account; to leave a workspace without one, unbind it."));
    if (cloud == cloudAccountId.isEmpty())
        return Problem::invalidRequest("cloud_account_id", cloud ? QStringLiteral("Cloud account billing needs \"cloud_account_id\".")
                                                                 : QStringLiteral("\"cloud_account_id\" goes only with cloud_account billing."));
    return recorded(request, [&](Work &work) -> Result<Outcome> {
        auto workspace = m_workspaces.find(workspaceId, work.db);
        if (!workspace)
            return workspace.problem();
        Workspace w = *workspace;
        if (w.version != expectedVersion)
            return versionConflict(w, expectedVersion);
        auto owner = work.owner(w.accountId);
        if (!owner)
            return owner.problem();
        if (cloud) {
            auto cloudAccount = m_directory.cloudAccount(cloudAccountId, work.db);
            if (!cloudAccount)
                return cloudAccount.problem();
            if (auto refused = BillingRules::refuseCloudBilling(*owner, w, *cloudAccount))
                return *refused;
        } else if (auto refused = BillingRules::refuseMethod(*owner, w, method)) {
            return *refused;
        }
        const QString previousCloud = w.cloudAccountId;
        work.bill(w, method, cloudAccountId);
        if (auto saved = saveOne(work, w, expectedVersion); !saved)
            return saved.problem();
        if (auto linked = work.relink(w.accountId, cloudAccountId, previousCloud, m_directory); !linked)
            return linked.problem();
        return Outcome{{}, 200, w.toJson(), etagOf(w)};
    });
}

Result<Outcome> BillingChanges::bindWorkspaces(const ChangeRequest &request, const QString &cloudAccountId,
                                               QStringList workspaceIds, bool dryRun)
{
    workspaceIds.removeDuplicates();
    if (workspaceIds.isEmpty())
        return Problem::invalidRequest("workspace_ids", QStringLiteral("List at least one workspace to bind."));
    if (workspaceIds.size() > api::BindingReport::MaxWorkspaces)
        return Problem::invalidRequest("workspace_ids", QStringLiteral("At most %1 workspaces can be bound in one request; "
                                                                       "this one lists %2.")
                                                            .arg(api::BindingReport::MaxWorkspaces)
                                                            .arg(workspaceIds.size()));
    const auto evaluate = [&](Work &work, QList<Workspace> &eligible) -> Result<QJsonObject> {
        auto cloud = m_directory.cloudAccount(cloudAccountId, work.db);
        if (!cloud)
            return cloud.problem();
        auto found = m_workspaces.findMany(workspaceIds, work.db);
        if (!found)
            return found.problem();
        QHash<QString, Workspace> byId;
        QStringList ownerIds;
        for (const Workspace &w : *found) {
            byId.insert(w.id, w);
            ownerIds << w.accountId;
        }
        if (auto loaded = work.loadOwners(ownerIds); !loaded)
            return loaded.problem();
        QJsonArray items;
        int refused = 0;
        for (const QString &id : workspaceIds) {
            QJsonObject item{{"workspace_id", id}};
            std::optional<Problem> why;
            const auto w = byId.constFind(id);
            if (w == byId.cend()) {
                why = Problem::notFound(QStringLiteral("workspace"), id);
            } else if (w->cloudAccountId == cloudAccountId) {
                item.insert("already_bound", true);
            } else {
                auto owner = work.owner(w->accountId);
                if (!owner)
                    return owner.problem();
                why = BillingRules::refuseCloudBilling(*owner, *w, *cloud);
                if (!why)
                    eligible.append(*w);
            }
            item.insert("eligible", !why.has_value());
            if (why) {
                ++refused;
                item.insert("code", why->code);
                item.insert("reason", why->detail);
            } else if (w != byId.cend()) {
                item.insert("site", w->site);
            }
            items.append(item);
        }
        return QJsonObject{{"cloud_account_id", cloudAccountId}, {"dry_run", dryRun},
                           {"eligible", qint64(workspaceIds.size() - refused)}, {"refused", refused}, {"items", items}};
    };

    if (dryRun) {
        auto db = m_database->connection();
        if (!db)
            return db.problem();
        Work work{*db, request, m_clock->nowMs(), m_directory, {}, {}};
        QList<Workspace> eligible;
        auto report = evaluate(work, eligible);
        if (!report)
            return report.problem();
        return Outcome{{}, 200, *report, {}};
    }
    return recorded(request, [&](Work &work) -> Result<Outcome> {
        QList<Workspace> eligible;
        auto report = evaluate(work, eligible);
        if (!report)
            return report.problem();
        if (report->value("refused").toInt() > 0) {
            Problem p{422, "bindings_refused", QStringLiteral("Bindings refused"),
                      QStringLiteral("%1 of %2 workspaces may not be bound to %3; none was bound.")
                          .arg(report->value("refused").toInt())
                          .arg(workspaceIds.size())
                          .arg(cloudAccountId),
                      {}};
            p.extra.insert("items", report->value("items"));
            return p;
        }
        QList<store::WorkspaceStore::Save> saves;
        saves.reserve(eligible.size());
        QStringList owners;
        for (Workspace w : eligible) {
            const qint64 expected = w.version;
            work.bill(w, v::BillingMethod::CloudAccount, cloudAccountId);
            owners << w.accountId;
            saves.append({w, expected});
        }
        auto conflicts = m_workspaces.save(work.db, saves);
        if (!conflicts)
            return conflicts.problem();
        if (!conflicts->isEmpty()) {
            const auto stale = std::find_if(eligible.cbegin(), eligible.cend(),
                                            [&](const Workspace &w) { return w.id == conflicts->first(); });
            return versionConflict(*m_workspaces.find(stale->id, work.db), stale->version);
        }
        owners.removeDuplicates();
        if (auto linked = work.link(owners, cloudAccountId, m_directory); !linked)
            return linked.problem();
        QJsonObject body = *report;
        body.insert("bound", qint64(eligible.size()));
        return Outcome{{}, 200, body, {}};
    });
}

Result<Outcome> BillingChanges::unbindWorkspace(const ChangeRequest &request, const QString &cloudAccountId,
                                                const QString &workspaceId, qint64 expectedVersion,
                                                const QString &replacementMethod)
{
    if (!replacementMethod.isEmpty() && replacementMethod != v::BillingMethod::CreditCard
        && replacementMethod != v::BillingMethod::PrepaidCredits)
        return Problem::invalidRequest("replacement_method", QStringLiteral("\"replacement_method\" must be credit_card or prepaid_credits."));
    return recorded(request, [&](Work &work) -> Result<Outcome> {
        auto cloud = m_directory.cloudAccount(cloudAccountId, work.db);
        if (!cloud)
            return cloud.problem();
        auto workspace = m_workspaces.find(workspaceId, work.db);
        if (!workspace)
            return workspace.problem();
        Workspace w = *workspace;
        if (w.cloudAccountId != cloudAccountId)
            return Problem{422, "workspace_not_bound", QStringLiteral("Not bound"),
                           QStringLiteral("Workspace %1 is not bound to cloud account %2.").arg(workspaceId, cloudAccountId), {}};
        if (w.version != expectedVersion)
            return versionConflict(w, expectedVersion);
        const bool locking = replacementMethod.isEmpty();
        if (locking) {
            work.lockWithoutMethod(w);
        } else {
            auto owner = work.owner(w.accountId);
            if (!owner)
                return owner.problem();
            if (auto refused = BillingRules::refuseMethod(*owner, w, replacementMethod))
                return *refused;
            work.bill(w, replacementMethod, {});
        }
        if (auto saved = saveOne(work, w, expectedVersion); !saved)
            return saved.problem();
        if (auto linked = work.relink(w.accountId, {}, cloudAccountId, m_directory); !linked)
            return linked.problem();
        return Outcome{{}, 200, QJsonObject{{"workspace", w.toJson()}, {"locked", locking}}, etagOf(w)};
    });
}

} // namespace billing::domain
