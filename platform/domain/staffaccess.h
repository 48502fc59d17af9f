// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "foundation/contract/result.h"
#include "platform/domain/changeset.h"
#include "platform/domain/failurewindow.h"
#include "platform/store/staffstore.h"

#include <optional>

namespace billing::domain {

// Who may use the platform: staff users, their tokens, and the checks on every request. Each change
// to a staff user and each sign-in, failed or not, is an audit event (actions "staff.*").
class StaffAccess
{
public:
    StaffAccess(std::shared_ptr<store::Database> database, ChangeRunner &runner);

    // `actor` is who made the change (the operating-system user at the command line).
    contract::Result<QString> add(const QString &name, const QString &role, contract::TokenLifetime lifetime,
                                  const QString &actor);
    // A new token in place of the old one, which stops working at once; the role stays, and so does
    // the user's token lifetime unless another is given.
    contract::Result<QString> rotate(const QString &name, std::optional<contract::TokenLifetime> lifetime,
                                     const QString &actor);
    contract::Result<contract::Done> revoke(const QString &name, const QString &actor);
    // A fresh token, the user made or replaced as needed (the embedded console's own session).
    contract::Result<QString> issue(const QString &name, const QString &role, const QString &actor);
    contract::Result<QList<contract::StaffUser>> list() { return m_store.list(); }

    // The staff user a request's token belongs to. Failures are counted per client address and audited;
    // an address over the limit gets 429 without its token being looked at.
    contract::Result<contract::StaffUser> authenticate(const QString &token, const QString &address,
                                                       const QString &requestId);
    // A console signing in (it asks who it is once, at the start of its session).
    contract::Result<contract::Done> signedIn(const contract::StaffUser &staff, const QString &address,
                                              const QString &requestId);

private:
    contract::Result<contract::Done> audit(const QString &actor, const QString &requestId,
                                           const QString &action, const QString &targetType,
                                           const QString &targetId, const QJsonObject &after,
                                           const QString &note = {});

    store::StaffStore m_store;
    ChangeRunner &m_runner;
    FailureWindow m_attempts{10, 60'000}; // wrong tokens per address a minute
};

} // namespace billing::domain
