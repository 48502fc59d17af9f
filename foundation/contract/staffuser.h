// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QString>

namespace billing::contract {

// How long a staff token works from the moment it is made: a span, or never (only when said so).
// A staff user keeps the lifetime their token was made with, and a rotated token gets it again.
struct TokenLifetime {
    static constexpr qint64 DefaultDays = 90;
    qint64 ms = DefaultDays * 24LL * 3600 * 1000; // 0: never

    static TokenLifetime days(qint64 count) { return {count * 24LL * 3600 * 1000}; }
    static TokenLifetime never() { return {0}; }
    bool isNever() const { return ms == 0; }
    qint64 expiresAt(qint64 nowMs) const { return isNever() ? 0 : nowMs + ms; }
};

// A staff user as the platform knows them once their token is checked: who acts, in which role.
struct StaffUser {
    qint64 id = 0;
    QString name;
    QString role;
    qint64 createdAt = 0;
    qint64 expiresAt = 0; // 0: never
    qint64 revokedAt = 0; // 0: not revoked
    TokenLifetime tokenLifetime;
};

} // namespace billing::contract
