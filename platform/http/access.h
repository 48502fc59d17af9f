// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "foundation/contract/result.h"
#include "foundation/contract/staffuser.h"

#include <QStringList>

#include <optional>

namespace billing::http {

// Who may call a route (viewer, operator, admin, auditor). Every route states it where it is registered and
// the server checks it before the handler runs; docs/access.md lists each route's, and a test holds the
// server to that table.
class Access
{
public:
    // Every staff user with a valid token.
    static Access anyStaff();
    // No staff token: the marketplaces, which prove who they are by their own signatures.
    static Access marketplace();
    // Anyone, a load balancer's health check among them; a staff token, when given, is checked (a wrong
    // one is 401) and the route may answer staff more.
    static Access anyone();
    // Only these roles; `what` names the work for the 403's sentence ("Changing billing").
    static Access only(const QStringList &roles, const QString &what);
    // The audiences of docs/access.md: operators and admins change billing; admins lock, unlock and
    // run the scheduler; auditors and admins take audit snapshots.
    static Access changingBilling();
    static Access lockingWorkspaces();
    static Access runningTheScheduler();
    static Access retryingMetering();
    static Access replayingMarketplaceMessages();
    static Access takingSnapshots();

    bool needsStaff() const { return m_staff; }
    // A token is checked when one is given, though none is needed (anyone()).
    bool checksGivenStaff() const { return m_staff || m_optionalStaff; }
    // The roles allowed; every role when the route takes any staff user.
    QStringList roles() const;
    // The 403 for a staff user whose role may not call the route.
    std::optional<contract::Problem> refusal(const contract::StaffUser &staff) const;

private:
    bool m_staff = true;
    bool m_optionalStaff = false;
    QStringList m_roles; // empty: any role
    QString m_what;
};

} // namespace billing::http
