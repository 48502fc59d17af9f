// SPDX-License-Identifier: Apache-2.0
#include "platform/domain/staffaccess.h"

#include "foundation/contract/jsonfields.h"
#include "foundation/contract/vocabulary.h"

namespace billing::domain {

namespace v = contract::vocabulary;

using contract::Problem;
using contract::Result;

namespace {

const QString Anonymous = QStringLiteral("anonymous");

QJsonValue expiry(qint64 expiresAt)
{
    return expiresAt == 0 ? QJsonValue() : QJsonValue(contract::json::time(expiresAt));
}

} // namespace

StaffAccess::StaffAccess(std::shared_ptr<store::Database> database, ChangeRunner &runner)
    : m_store(std::move(database))
    , m_runner(runner)
{
}

Result<QString> StaffAccess::add(const QString &name, const QString &role, contract::TokenLifetime lifetime,
                                 const QString &actor)
{
    QString token;
    auto done = m_runner.run(actor, {}, [&](ChangeSet &change) -> Result<Outcome> {
        auto made = store::StaffStore::add(change.db, name, role, lifetime, change.now);
        const qint64 expiresAt = lifetime.expiresAt(change.now);
        if (!made)
            return made.problem();
        token = *made;
        change.record(v::AuditAction::StaffAdd, v::AuditTarget::StaffUser, name, QByteArrayLiteral("null"),
                      contract::AuditEvent::encodeState(
                          QJsonObject{{"role", role}, {"expires_at", expiry(expiresAt)}}));
        return Outcome{};
    });
    if (!done)
        return done.problem();
    return token;
}

Result<QString> StaffAccess::rotate(const QString &name, std::optional<contract::TokenLifetime> lifetime,
                                    const QString &actor)
{
    QString token;
    auto done = m_runner.run(actor, {}, [&](ChangeSet &change) -> Result<Outcome> {
        auto before = store::StaffStore::find(change.db, name);
        if (!before)
            return before.problem();
        const contract::TokenLifetime kept = lifetime.value_or(before->tokenLifetime);
        const qint64 expiresAt = kept.expiresAt(change.now);
        auto made = store::StaffStore::replaceToken(change.db, name, before->role, kept, change.now);
        if (!made)
            return made.problem();
        token = *made;
        change.record(v::AuditAction::StaffRotate, v::AuditTarget::StaffUser, name,
                      contract::AuditEvent::encodeState(QJsonObject{{"expires_at", expiry(before->expiresAt)},
                                                                    {"revoked", before->revokedAt != 0}}),
                      contract::AuditEvent::encodeState(
                          QJsonObject{{"expires_at", expiry(expiresAt)}, {"revoked", false}}));
        return Outcome{};
    });
    if (!done)
        return done.problem();
    return token;
}

Result<contract::Done> StaffAccess::revoke(const QString &name, const QString &actor)
{
    auto done = m_runner.run(actor, {}, [&](ChangeSet &change) -> Result<Outcome> {
        if (auto revoked = store::StaffStore::revoke(change.db, name, change.now); !revoked)
            return revoked.problem();
        change.record(v::AuditAction::StaffRevoke, v::AuditTarget::StaffUser, name,
                      contract::AuditEvent::encodeState(QJsonObject{{"revoked", false}}),
                      contract::AuditEvent::encodeState(QJsonObject{{"revoked", true}}));
        return Outcome{};
    });
    if (!done)
        return done.problem();
    return contract::Done{};
}

Result<QString> StaffAccess::issue(const QString &name, const QString &role, const QString &actor)
{
    QString token;
    auto done = m_runner.run(actor, {}, [&](ChangeSet &change) -> Result<Outcome> {
        auto existing = store::StaffStore::find(change.db, name);
        if (!existing && existing.problem().status != 404)
            return existing.problem();
        // The embedded console's token is made afresh at each start and lives as long as that run.
        const auto never = contract::TokenLifetime::never();
        auto made = existing ? store::StaffStore::replaceToken(change.db, name, role, never, change.now)
                             : store::StaffStore::add(change.db, name, role, never, change.now);
        if (!made)
            return made.problem();
        token = *made;
        change.record(existing ? v::AuditAction::StaffRotate : v::AuditAction::StaffAdd,
                      v::AuditTarget::StaffUser, name,
                      existing ? contract::AuditEvent::encodeState(QJsonObject{{"role", existing->role}})
                               : QByteArrayLiteral("null"),
                      contract::AuditEvent::encodeState(QJsonObject{{"role", role}}));
        return Outcome{};
    });
    if (!done)
        return done.problem();
    return token;
}

Result<contract::StaffUser> StaffAccess::authenticate(const QString &token, const QString &address,
                                                      const QString &requestId)
{
    if (token.isEmpty())
        return Problem::unauthorized(
            QStringLiteral("This request needs \"Authorization: Bearer <staff token>\"."));
    const qint64 now = m_runner.clock().nowMs();
    // A valid token always passes: the failures of others behind the same address (an office's NAT, a
    // proxy) or one's own typos never lock a staff user out. Only wrong tokens are throttled.
    auto staff = m_store.authenticate(token, now);
    if (staff || staff.problem().status != 401)
        return staff;
    // Several instances behind one balancer share the limit: each wrong token is in the audit trail,
    // which they all write, so the count is read from there (only when a token was wrong).
    if (m_attempts.waitMs(address, now) == 0) {
        if (auto recorded = m_store.failedSignIns(address, now - m_attempts.windowMs(), m_attempts.limit()))
            m_attempts.learn(address, *recorded, now);
    }
    if (const qint64 wait = m_attempts.waitMs(address, now); wait > 0) {
        // Already blocked, and said so in the trail once: further wrong tokens are refused unrecorded.
        const qint64 seconds = (wait + 999) / 1000;
        return Problem{429,
                       "too_many_sign_in_attempts",
                       QStringLiteral("Too many failed sign-ins"),
                       QStringLiteral("Too many wrong staff tokens came from %1; try again in %2 s.")
                           .arg(address)
                           .arg(seconds),
                       {{"retry_after_seconds", seconds}}};
    }
    // Only the token's fingerprint is kept: the audit trail must not hold a secret, even a wrong one.
    const QString note = QStringLiteral("%1 (token %2…)")
                             .arg(staff.problem().detail, store::StaffStore::hashToken(token).left(12));
    // The 401 stands whether or not the trail could take the record: a storage failure must not let a
    // wrong token through or hide that it was wrong.
    (void)audit(Anonymous, requestId, v::AuditAction::StaffSignInFailed, v::AuditTarget::ClientAddress,
                address, {}, note);
    if (m_attempts.failed(address, now))
        (void)audit(Anonymous, requestId, v::AuditAction::StaffSignInBlocked, v::AuditTarget::ClientAddress,
                    address, {{"retry_after_seconds", m_attempts.windowMs() / 1000}});
    return staff;
}

Result<contract::Done> StaffAccess::signedIn(const contract::StaffUser &staff, const QString &address,
                                             const QString &requestId)
{
    return audit(staff.name, requestId, v::AuditAction::StaffSignIn, v::AuditTarget::StaffUser, staff.name,
                 {{"role", staff.role}, {"address", address}});
}

Result<contract::Done> StaffAccess::audit(const QString &actor, const QString &requestId,
                                          const QString &action, const QString &targetType,
                                          const QString &targetId, const QJsonObject &after,
                                          const QString &note)
{
    auto done = m_runner.run(actor, requestId, [&](ChangeSet &change) -> Result<Outcome> {
        change.record(action, targetType, targetId, QByteArrayLiteral("null"),
                      after.isEmpty() ? QByteArrayLiteral("null") : contract::AuditEvent::encodeState(after),
                      note);
        return Outcome{};
    });
    if (!done)
        return done.problem();
    return contract::Done{};
}

} // namespace billing::domain
