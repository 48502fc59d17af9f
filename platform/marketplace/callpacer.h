// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QtGlobal>

#include <mutex>

namespace billing::marketplace {

// Keeps calls to one marketplace operation within its documented rate (AWS: 10 BatchMeterUsage calls a
// second per account and region): each caller is given the next free slot and sleeps until it comes, so
// that batches sent in parallel never go out faster than the rate.
class CallPacer
{
public:
    explicit CallPacer(double callsPerSecond);
    void wait();

private:
    std::mutex m_lock;
    qint64 m_intervalUs;
    qint64 m_nextUs = 0; // monotonic clock, µs
};

} // namespace billing::marketplace
