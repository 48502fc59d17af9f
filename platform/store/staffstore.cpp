#include "platform/store/staffstore.h"

#include "platform/api/vocabulary.h"

#include <QCryptographicHash>
#include <QRandomGenerator>
#include <QSqlError>
#include <QSqlQuery>

namespace billing::store {

using api::Problem;
using api::Result;

StaffStore::StaffStore(std::shared_ptr<Database> database)
    : m_database(std::move(database))
{
}

QString StaffStore::hashToken(const QString &token)
{
    return QString::fromLatin1(QCryptographicHash::hash(token.toUtf8(), QCryptographicHash::Sha256).toHex());
}

Result<QString> StaffStore::add(const QString &name, const QString &role, qint64 nowMs, IfExists ifExists)
{
    if (name.trimmed().isEmpty())
        return Problem::invalidRequest("name", QStringLiteral("A staff user needs a name."));
    if (!api::vocabulary::StaffRole::all().contains(role))
        return Problem::invalidRequest("role", QStringLiteral("The role must be one of: %1.")
                                                   .arg(api::vocabulary::StaffRole::all().join(", ")));
    QByteArray secret(32, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(secret.data()), secret.size() / 4);
    const QString token = QStringLiteral("bcc_") + QString::fromLatin1(secret.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));

    auto db = m_database->connection();
    if (!db)
        return db.problem();
    if (ifExists == IfExists::ReplaceToken) {
        QSqlQuery replace(*db);
        replace.prepare(QStringLiteral("UPDATE staff_users SET role = ?, token_hash = ?, revoked_at = 0 WHERE name = ?"));
        replace.addBindValue(role);
        replace.addBindValue(hashToken(token));
        replace.addBindValue(name.trimmed());
        if (auto ran = Database::exec(replace, "Replacing a staff token"); !ran)
            return ran.problem();
        if (replace.numRowsAffected() > 0)
            return token;
    }
    QSqlQuery q(*db);
    q.prepare(QStringLiteral("INSERT INTO staff_users (name, role, token_hash, created_at) VALUES (?, ?, ?, ?)"));
    q.addBindValue(name.trimmed());
    q.addBindValue(role);
    q.addBindValue(hashToken(token));
    q.addBindValue(nowMs);
    if (!q.exec()) {
        const QString error = q.lastError().text();
        if (error.contains(QLatin1String("UNIQUE"), Qt::CaseInsensitive) || error.contains(QLatin1String("duplicate")))
            return Problem{409, "staff_exists", QStringLiteral("Staff user exists"),
                           QStringLiteral("A staff user named \"%1\" already exists.").arg(name.trimmed()), {}};
        return Problem{503, api::ErrorCode::StorageUnavailable, QStringLiteral("Storage unavailable"), error, {}};
    }
    return token;
}

Result<StaffUser> StaffStore::authenticate(const QString &token, qint64 nowMs)
{
    auto db = m_database->connection();
    if (!db)
        return db.problem();
    QSqlQuery q(*db);
    q.prepare(QStringLiteral("SELECT id, name, role, expires_at, revoked_at FROM staff_users WHERE token_hash = ?"));
    q.addBindValue(hashToken(token));
    if (auto ran = Database::exec(q, "Checking a staff token"); !ran)
        return ran.problem();
    if (!q.next())
        return Problem::unauthorized(QStringLiteral("The staff token is not known. Sign in again."));
    if (q.value(4).toLongLong() != 0)
        return Problem::unauthorized(QStringLiteral("The staff token was revoked. Sign in again."));
    if (const qint64 expires = q.value(3).toLongLong(); expires != 0 && expires <= nowMs)
        return Problem::unauthorized(QStringLiteral("The staff token has expired. Sign in again."));
    return StaffUser{q.value(0).toLongLong(), q.value(1).toString(), q.value(2).toString()};
}

} // namespace billing::store
