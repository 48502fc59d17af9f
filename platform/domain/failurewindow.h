// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QHash>
#include <QList>
#include <QString>

#include <mutex>

namespace billing::domain {

// Failures per client address in a sliding window: wrong staff tokens (10 a minute), refused
// marketplace messages (20 a minute). An address that failed `limit` times within the window is
// refused with 429 until its oldest failure leaves the window; what is valid from it still passes
// (the caller checks validity first), so one person's mistakes or an attacker behind an office's NAT
// never lock others out. Kept in memory; learn() brings in what a shared record (the audit trail) knows.
class FailureWindow
{
public:
    FailureWindow(int limit, qint64 windowMs)
        : m_limit(limit)
        , m_windowMs(windowMs)
    {
    }

    // Milliseconds until the address may fail again; 0 when it may now.
    qint64 waitMs(const QString &address, qint64 nowMs);
    // Counts a failure; answers whether this one reached the limit (the address is refused from now on).
    bool failed(const QString &address, qint64 nowMs);
    // Takes the address's failures as a shared record has them (oldest first), other instances' included.
    void learn(const QString &address, QList<qint64> failures, qint64 nowMs);
    int limit() const { return m_limit; }
    qint64 windowMs() const { return m_windowMs; }

private:
    void forgetOld(QList<qint64> &failures, qint64 nowMs) const;

    const int m_limit;
    const qint64 m_windowMs;
    std::mutex m_mutex;
    QHash<QString, QList<qint64>> m_failures; // address → failure times, oldest first
};

} // namespace billing::domain
