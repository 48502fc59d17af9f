// SPDX-License-Identifier: Apache-2.0
#include "platform/store/database.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <thread>
#include <vector>

using billing::store::TurnLock;

// The writers' turn goes to those waiting in the order they asked: a thread that writes transaction
// after transaction (the scheduler catching up after the platform was down) does not take it again
// before a writer already waiting (a staff change), as a plain mutex let it.
TEST(TurnLock, AWriterWaitingGoesBeforeOneThatAsksAgain)
{
    TurnLock turn;
    std::vector<char> order; // written under the turn
    turn.lock();
    std::thread staff([&] {
        turn.lock();
        order.push_back('s');
        turn.unlock();
    });
    while (turn.waiting() == 0)
        std::this_thread::yield();
    for (int batch = 0; batch < 50; ++batch) {
        order.push_back('b');
        turn.unlock();
        turn.lock();
    }
    turn.unlock();
    staff.join();
    ASSERT_EQ(order.size(), 51u);
    EXPECT_EQ(std::count(order.begin(), order.begin() + 2, 's'), 1)
        << "the staff change waited for " << std::count(order.begin(), order.end(), 'b')
        << " batches, not one: " << std::string(order.begin(), order.end());
    EXPECT_EQ(turn.waiting(), 0u);
}

// A store made inside the thread's own write transaction must not wait for the turn it holds.
TEST(TurnLock, KnowsWhetherTheCallingThreadHoldsIt)
{
    TurnLock turn;
    EXPECT_FALSE(turn.heldHere());
    turn.lock();
    EXPECT_TRUE(turn.heldHere());
    bool elsewhere = true;
    std::thread([&] { elsewhere = turn.heldHere(); }).join();
    EXPECT_FALSE(elsewhere);
    turn.unlock();
    EXPECT_FALSE(turn.heldHere());
}
