// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QCoroTask>
#include <QElapsedTimer>
#include <QTest>

#include <functional>

namespace billing::test {

// Runs the event loop until the task is done (tests only; product code never blocks on a task).
template<typename T>
T await(QCoro::Task<T> &&task)
{
    return QCoro::waitFor(std::move(task));
}

// Spins the event loop until `done` holds or the time runs out; answers whether it held.
inline bool waitUntil(const std::function<bool()> &done, int timeoutMs = 20000)
{
    QElapsedTimer timer;
    timer.start();
    while (!done()) {
        if (timer.elapsed() > timeoutMs)
            return false;
        QTest::qWait(5);
    }
    return true;
}

} // namespace billing::test
