// SPDX-License-Identifier: Apache-2.0
#include "platform/http/access.h"

#include "foundation/contract/vocabulary.h"

#include <QJsonArray>

namespace billing::http {

Access Access::anyStaff()
{
    return {};
}

Access Access::marketplace()
{
    Access access;
    access.m_staff = false;
    return access;
}

Access Access::anyone()
{
    Access access;
    access.m_staff = false;
    access.m_optionalStaff = true;
    return access;
}

Access Access::only(const QStringList &roles, const QString &what)
{
    Access access;
    access.m_roles = roles;
    access.m_what = what;
    return access;
}

Access Access::changingBilling()
{
    namespace role = contract::vocabulary::StaffRole;
    return only({role::Operator, role::Admin}, QStringLiteral("Changing billing"));
}

Access Access::lockingWorkspaces()
{
    return only({contract::vocabulary::StaffRole::Admin}, QStringLiteral("Locking and unlocking workspaces"));
}

Access Access::replayingMarketplaceMessages()
{
    return only({contract::vocabulary::StaffRole::Admin}, QStringLiteral("Replaying marketplace messages"));
}

Access Access::retryingMetering()
{
    namespace role = contract::vocabulary::StaffRole;
    return only({role::Operator, role::Admin}, QStringLiteral("Retrying metered hours"));
}

Access Access::runningTheScheduler()
{
    return only({contract::vocabulary::StaffRole::Admin}, QStringLiteral("Running the scheduler"));
}

Access Access::takingSnapshots()
{
    namespace role = contract::vocabulary::StaffRole;
    return only({role::Auditor, role::Admin}, QStringLiteral("Making and downloading audit snapshots"));
}

QStringList Access::roles() const
{
    if (!m_staff)
        return {};
    return m_roles.isEmpty() ? contract::vocabulary::StaffRole::all() : m_roles;
}

std::optional<contract::Problem> Access::refusal(const contract::StaffUser &staff) const
{
    if (!m_staff || m_roles.isEmpty() || m_roles.contains(staff.role))
        return std::nullopt;
    return contract::Problem{403,
                             contract::ErrorCode::Forbidden,
                             QStringLiteral("Forbidden"),
                             QStringLiteral("%1 needs the %2 role; %3 is %4.")
                                 .arg(m_what, m_roles.join(QStringLiteral(" or ")), staff.name, staff.role),
                             {{"required_roles", QJsonArray::fromStringList(m_roles)}}};
}

} // namespace billing::http
