// SPDX-License-Identifier: Apache-2.0
#include "platform/domain/failurewindow.h"

namespace billing::domain {

void FailureWindow::forgetOld(QList<qint64> &failures, qint64 nowMs) const
{
    while (!failures.isEmpty() && failures.first() <= nowMs - m_windowMs)
        failures.removeFirst();
}

qint64 FailureWindow::waitMs(const QString &address, qint64 nowMs)
{
    std::lock_guard lock(m_mutex);
    auto found = m_failures.find(address);
    if (found == m_failures.end())
        return 0;
    forgetOld(*found, nowMs);
    if (found->size() < m_limit)
        return 0;
    return found->first() + m_windowMs - nowMs;
}

bool FailureWindow::failed(const QString &address, qint64 nowMs)
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
    return failures.size() == m_limit;
}

void FailureWindow::learn(const QString &address, QList<qint64> failures, qint64 nowMs)
{
    std::lock_guard lock(m_mutex);
    forgetOld(failures, nowMs);
    if (failures.isEmpty())
        m_failures.remove(address);
    else
        m_failures.insert(address, failures);
}

} // namespace billing::domain
