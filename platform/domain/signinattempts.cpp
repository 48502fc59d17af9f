// SPDX-License-Identifier: Apache-2.0
#include "platform/domain/signinattempts.h"

namespace billing::domain {

void SignInAttempts::forgetOld(QList<qint64> &failures, qint64 nowMs) const
{
    while (!failures.isEmpty() && failures.first() <= nowMs - WindowMs)
        failures.removeFirst();
}

qint64 SignInAttempts::waitMs(const QString &address, qint64 nowMs)
{
    std::lock_guard lock(m_mutex);
    auto found = m_failures.find(address);
    if (found == m_failures.end())
        return 0;
    forgetOld(*found, nowMs);
    if (found->size() < Limit)
        return 0;
    return found->first() + WindowMs - nowMs;
}

bool SignInAttempts::failed(const QString &address, qint64 nowMs)
{
    std::lock_guard lock(m_mutex);
    // Addresses that stopped failing are dropped now and then, so the table cannot grow without bound.
    if (m_failures.size() > 10'000) {
        for (auto it = m_failures.begin(); it != m_failures.end();) {
            forgetOld(*it, nowMs);
            it = it->isEmpty() ? m_failures.erase(it) : std::next(it);
        }
    }
    QList<qint64> &failures = m_failures[address];
    forgetOld(failures, nowMs);
    failures.append(nowMs);
    return failures.size() == Limit;
}

} // namespace billing::domain
