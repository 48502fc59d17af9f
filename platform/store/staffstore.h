#pragma once

#include "platform/store/database.h"

namespace billing::store {

struct StaffUser {
    qint64 id = 0;
    QString name;
    QString role;
};

// Staff users and their API tokens. A token is shown once, when made; only its SHA-256 is kept.
class StaffStore
{
public:
    explicit StaffStore(std::shared_ptr<Database> database);

    enum class IfExists { Refuse, ReplaceToken };
    // Adds a staff user and answers the new token.
    api::Result<QString> add(const QString &name, const QString &role, qint64 nowMs, IfExists ifExists = IfExists::Refuse);
    // The staff user a token belongs to; unauthorized when unknown, revoked or expired.
    api::Result<StaffUser> authenticate(const QString &token, qint64 nowMs);

    static QString hashToken(const QString &token);

private:
    std::shared_ptr<Database> m_database;
};

} // namespace billing::store
