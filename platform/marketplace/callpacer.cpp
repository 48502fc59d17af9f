// SPDX-License-Identifier: Apache-2.0
#include "platform/marketplace/callpacer.h"

#include <chrono>
#include <thread>

namespace billing::marketplace {

namespace {
qint64 nowUs()
{
    return std::chrono::duration_cast<std::chrono::microseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}
} // namespace

CallPacer::CallPacer(double callsPerSecond)
    : m_intervalUs(qint64(1'000'000 / std::max(callsPerSecond, 0.001)))
{
}

void CallPacer::wait()
{
    qint64 slot = 0;
    {
        std::lock_guard guard(m_lock);
        slot = std::max(nowUs(), m_nextUs);
        m_nextUs = slot + m_intervalUs;
    }
    const qint64 wait = slot - nowUs();
    if (wait > 0)
        std::this_thread::sleep_for(std::chrono::microseconds(wait));
}

} // namespace billing::marketplace
