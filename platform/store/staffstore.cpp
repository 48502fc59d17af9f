// SPDX-License-Identifier: Apache-2.0
#include "platform/store/staffstore.h"

#include "foundation/contract/vocabulary.h"

#include <QCryptographicHash>
#include <QRandomGenerator>
#include <QSqlError>
#include <QSqlQuery>

namespace billing::store {

using contract::Problem;
using contract::Result;

namespace {

// 256 random bits; the prefix lets secret scanners recognise a leaked token.
QString newToken()
{
    QByteArray secret(32, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(secret.data()), secret.size() / 4);
    return QStringLiteral("bcc_") + QString::fromLatin1(secret.toBase64(QByteArray::Base64UrlEncoding |
                                                                        QByteArray::OmitTrailingEquals));
}

Result<contract::Done> checkRole(const QString &role)
{
    if (!contract::vocabulary::StaffRole::all().contains(role))
        return Problem::invalidRequest("role", QStringLiteral("The role must be one of: %1.")
                                                   .arg(contract::vocabulary::StaffRole::all().join(", ")));
    return contract::Done{};
}

Problem unknownStaff(const QString &name)
{
    return {404,
            contract::ErrorCode::NotFound,
            QStringLiteral("No such staff user"),
            QStringLiteral("There is no staff user named \"%1\".").arg(name),
            {}};
}

contract::StaffUser staffUser(const QSqlQuery &q)
{
    return {q.value(0).toLongLong(),
            q.value(1).toString(),
            q.value(2).toString(),
            q.value(3).toLongLong(),
            q.value(4).toLongLong(),
            q.value(5).toLongLong(),
            contract::TokenLifetime{q.value(6).toLongLong()}};
}

const QString Columns =
    QStringLiteral("id, name, role, created_at, expires_at, revoked_at, token_lifetime_ms");

} // namespace

StaffStore::StaffStore(std::shared_ptr<Database> database)
    : m_database(std::move(database))
{
}

QString StaffStore::hashToken(const QString &token)
{
    return QString::fromLatin1(QCryptographicHash::hash(token.toUtf8(), QCryptographicHash::Sha256).toHex());
}

Result<QString> StaffStore::add(QSqlDatabase db, const QString &name, const QString &role,
                                contract::TokenLifetime lifetime, qint64 nowMs)
{
    if (name.trimmed().isEmpty() || name.trimmed() != name || name.size() > 100)
        return Problem::invalidRequest("name",
                                       QStringLiteral("A staff user needs a name of 1 to 100 characters, "
                                                      "without leading or trailing spaces."));
    if (auto known = checkRole(role); !known)
        return known.problem();
    const Problem exists{409,
                         "staff_exists",
                         QStringLiteral("Staff user exists"),
                         QStringLiteral("A staff user named \"%1\" already exists.").arg(name),
                         {}};
    if (auto existing = find(db, name); existing)
        return exists;
    else if (existing.problem().status != 404)
        return existing.problem();
    const QString token = newToken();
    QSqlQuery q(db);
    q.prepare(QStringLiteral(
        "INSERT INTO staff_users (name, role, token_hash, created_at, expires_at, token_lifetime_ms) "
        "VALUES (?, ?, ?, ?, ?, ?)"));
    q.addBindValue(name);
    q.addBindValue(role);
    q.addBindValue(hashToken(token));
    q.addBindValue(nowMs);
    q.addBindValue(lifetime.expiresAt(nowMs));
    q.addBindValue(lifetime.ms);
    // Another `staff add` of the same name may have committed since the look-up: the unique
    // constraint decides, and the answer is the same 409.
    if (auto ran = Database::exec(q, "Adding a staff user"); !ran)
        return Database::isUniqueViolation(q.lastError()) ? Result<QString>(exists)
                                                          : Result<QString>(ran.problem());
    return token;
}

Result<QString> StaffStore::replaceToken(QSqlDatabase db, const QString &name, const QString &role,
                                         contract::TokenLifetime lifetime, qint64 nowMs)
{
    if (auto known = checkRole(role); !known)
        return known.problem();
    const QString token = newToken();
    QSqlQuery q(db);
    q.prepare(QStringLiteral("UPDATE staff_users SET role = ?, token_hash = ?, expires_at = ?, "
                             "token_lifetime_ms = ?, revoked_at = 0 "
                             "WHERE name = ?"));
    q.addBindValue(role);
    q.addBindValue(hashToken(token));
    q.addBindValue(lifetime.expiresAt(nowMs));
    q.addBindValue(lifetime.ms);
    q.addBindValue(name);
    if (auto ran = Database::exec(q, "Replacing a staff token"); !ran)
        return ran.problem();
    if (q.numRowsAffected() == 0)
        return unknownStaff(name);
    return token;
}

Result<contract::Done> StaffStore::revoke(QSqlDatabase db, const QString &name, qint64 nowMs)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral("UPDATE staff_users SET revoked_at = ? WHERE name = ? AND revoked_at = 0"));
    q.addBindValue(nowMs);
    q.addBindValue(name);
    if (auto ran = Database::exec(q, "Revoking a staff token"); !ran)
        return ran.problem();
    if (q.numRowsAffected() == 0) {
        auto existing = find(db, name);
        if (!existing)
            return existing.problem();
        return Problem{409,
                       "staff_already_revoked",
                       QStringLiteral("Already revoked"),
                       QStringLiteral("The token of \"%1\" is already revoked.").arg(name),
                       {}};
    }
    return contract::Done{};
}

Result<contract::StaffUser> StaffStore::find(QSqlDatabase db, const QString &name)
{
    QSqlQuery q(db);
    q.prepare(QStringLiteral("SELECT %1 FROM staff_users WHERE name = ?").arg(Columns));
    q.addBindValue(name);
    if (auto ran = Database::exec(q, "Reading a staff user"); !ran)
        return ran.problem();
    if (!q.next())
        return unknownStaff(name);
    return staffUser(q);
}

Result<QList<contract::StaffUser>> StaffStore::list()
{
    auto db = m_database->connection();
    if (!db)
        return db.problem();
    QSqlQuery q(*db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT %1 FROM staff_users ORDER BY name").arg(Columns));
    if (auto ran = Database::exec(q, "Listing staff users"); !ran)
        return ran.problem();
    QList<contract::StaffUser> all;
    while (q.next())
        all.append(staffUser(q));
    return all;
}

Result<contract::StaffUser> StaffStore::authenticate(const QString &token, qint64 nowMs)
{
    auto db = m_database->connection();
    if (!db)
        return db.problem();
    QSqlQuery q(*db);
    q.prepare(QStringLiteral("SELECT %1 FROM staff_users WHERE token_hash = ?").arg(Columns));
    q.addBindValue(hashToken(token));
    if (auto ran = Database::exec(q, "Checking a staff token"); !ran)
        return ran.problem();
    if (!q.next())
        return Problem::unauthorized(QStringLiteral("The staff token is not known. Sign in again."));
    const contract::StaffUser staff = staffUser(q);
    if (staff.revokedAt != 0)
        return Problem::unauthorized(QStringLiteral("The staff token was revoked. Sign in again."));
    if (staff.expiresAt != 0 && staff.expiresAt <= nowMs)
        return Problem::unauthorized(QStringLiteral("The staff token has expired. Sign in again."));
    return staff;
}

Result<QList<qint64>> StaffStore::failedSignIns(const QString &address, qint64 sinceMs, int limit)
{
    // The target index (target_id, seq) walks this address's events newest first.
    auto q =
        m_database->query(QStringLiteral("SELECT at FROM audit_events WHERE target_id = ? AND action = ? "
                                         "AND target_type = ? AND at > ? ORDER BY seq DESC LIMIT %1")
                              .arg(limit),
                          {address, contract::vocabulary::AuditAction::StaffSignInFailed,
                           contract::vocabulary::AuditTarget::ClientAddress, sinceMs},
                          "Counting failed sign-ins");
    if (!q)
        return q.problem();
    QList<qint64> times;
    while (q->next())
        times.prepend(q->value(0).toLongLong());
    return times;
}

} // namespace billing::store
