// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QString>

namespace billing::contract {

// A staff user as the platform knows them once their token is checked: who acts, in which role.
struct StaffUser {
    qint64 id = 0;
    QString name;
    QString role;
    qint64 createdAt = 0;
    qint64 expiresAt = 0; // 0: never
    qint64 revokedAt = 0; // 0: not revoked
};

} // namespace billing::contract
