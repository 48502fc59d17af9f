// SPDX-License-Identifier: Apache-2.0
#include "console/services/serversentevents.h"

#include <gtest/gtest.h>

using billing::services::ServerSentEvents;

TEST(ServerSentEvents, ReadsFramesSplitAnywhereWithAnyLineEnding)
{
    const QByteArray stream =
        "retry: 2500\r\n\r\n: keep-alive\n\nid: 7\nevent: workspace\ndata: {\"a\":1}\n\n"
        "id: 8\revent: cloud_account\rdata: first\rdata:second\r\r";
    // Fed one byte at a time, as a slow network would: the same events as fed at once.
    ServerSentEvents whole, bytewise;
    const QList<ServerSentEvents::Event> atOnce = whole.feed(stream);
    QList<ServerSentEvents::Event> piecemeal;
    const QList<ServerSentEvents::Event> *both[] = {&atOnce, &piecemeal};
    for (char c : stream)
        piecemeal += bytewise.feed(QByteArray(1, c));
    ASSERT_EQ(atOnce.size(), 2);
    ASSERT_EQ(piecemeal.size(), 2);
    for (const auto *events : both) {
        EXPECT_EQ((*events)[0].id, "7");
        EXPECT_EQ((*events)[0].type, "workspace");
        EXPECT_EQ((*events)[0].data, "{\"a\":1}");
        EXPECT_EQ((*events)[1].id, "8");
        EXPECT_EQ((*events)[1].type, "cloud_account");
        EXPECT_EQ((*events)[1].data, "first\nsecond")
            << "data lines join with LF; one space after the colon goes";
    }
    EXPECT_EQ(whole.retryMs(), 2500);
    EXPECT_EQ(whole.lastEventId(), "8");
}

TEST(ServerSentEvents, AnUnfinishedEventIsNotDispatchedAndAReconnectDropsIt)
{
    ServerSentEvents events;
    EXPECT_EQ(events.feed("id: 3\ndata: x\n\nid: 4\ndata: half").size(), 1);
    EXPECT_EQ(events.lastEventId(), "3") << "event 4 has not ended";
    EXPECT_TRUE(events.feed("\n").isEmpty());
    EXPECT_EQ(events.lastEventId(), "3") << "an event ends with a blank line";
    events.reset(); // the connection dropped before it: a reconnect asks for what follows 3
    const auto after = events.feed("data: y\n\n");
    ASSERT_EQ(after.size(), 1);
    EXPECT_EQ(after[0].data, "y");
    EXPECT_EQ(after[0].id, "3") << "the last id is kept across connections; the half event's is not";
    EXPECT_EQ(after[0].type, "message");
    EXPECT_TRUE(events.feed("event: ping\n\n").isEmpty()) << "no data, no event";
}
