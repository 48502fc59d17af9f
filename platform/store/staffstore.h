// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "foundation/contract/staffuser.h"
#include "platform/store/database.h"

namespace billing::store {

// Staff users and their API tokens. A token is shown once, when made; only its SHA-256 is kept.
// Changes run on the caller's connection, inside its transaction, so that their audit event commits
// with them.
class StaffStore
{
public:
    explicit StaffStore(std::shared_ptr<Database> database);

    // Adds a staff user and answers the new token, which works for `lifetime` from `nowMs`.
    static contract::Result<QString> add(QSqlDatabase db, const QString &name, const QString &role,
                                         contract::TokenLifetime lifetime, qint64 nowMs);
    // A new token for a staff user (the old one stops working), not revoked, with the given role and
    // lifetime (kept as the user's from now on).
    static contract::Result<QString> replaceToken(QSqlDatabase db, const QString &name, const QString &role,
                                                  contract::TokenLifetime lifetime, qint64 nowMs);
    static contract::Result<contract::Done> revoke(QSqlDatabase db, const QString &name, qint64 nowMs);
    static contract::Result<contract::StaffUser> find(QSqlDatabase db, const QString &name);

    contract::Result<QList<contract::StaffUser>> list();
    // The staff user a token belongs to; unauthorized when unknown, revoked or expired.
    contract::Result<contract::StaffUser> authenticate(const QString &token, qint64 nowMs);
    // When the wrong tokens from `address` came since `sinceMs`, oldest first, at most `limit` (the newest):
    // read from the audit trail, which every instance on the database writes them to.
    contract::Result<QList<qint64>> failedSignIns(const QString &address, qint64 sinceMs, int limit);

    static QString hashToken(const QString &token);

private:
    std::shared_ptr<Database> m_database;
};

} // namespace billing::store
