// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QHash>
#include <QList>
#include <QString>

#include <mutex>

namespace billing::domain {

// Failed sign-ins per client address in a sliding window. An address that failed `limit` times within
// the window has its wrong tokens refused with 429, unrecorded, until its oldest failure leaves the
// window; a valid token from it still passes (StaffAccess checks it first). Kept in memory: a restart
// forgets it.
class SignInAttempts
{
public:
    static constexpr int Limit = 10;
    static constexpr qint64 WindowMs = 60'000;

    // Milliseconds until the address may try again; 0 when it may now.
    qint64 waitMs(const QString &address, qint64 nowMs);
    // Counts a failure; answers whether this one reached the limit (the address is refused from now on).
    bool failed(const QString &address, qint64 nowMs);

private:
    void forgetOld(QList<qint64> &failures, qint64 nowMs) const;

    std::mutex m_mutex;
    QHash<QString, QList<qint64>> m_failures; // address → failure times, oldest first
};

} // namespace billing::domain
