// SPDX-License-Identifier: Apache-2.0
#include "foundation/contract/sha256.h"
#include "platform/store/marketplaceeventstore.h"
#include "platform/store/migrations.h"
#include "tests/support/testplatform.h"

#include <QSqlQuery>

#include <gtest/gtest.h>

using namespace billing;
using billing::test::Backend;

namespace {

// What the platform keeps of the marketplace messages it refuses: anyone may send them.
class MarketplaceEventStoreTest : public ::testing::TestWithParam<Backend>
{
protected:
    void SetUp() override
    {
        database = std::make_unique<test::TestDatabase>(GetParam());
        auto opened = store::Database::open(database->spec());
        ASSERT_TRUE(opened.ok()) << opened.problem().message().toStdString();
        db = *opened;
        ASSERT_TRUE(store::Migrations::apply(*db).ok());
    }
    qint64 number(const QString &sql)
    {
        QSqlQuery q(*db->connection());
        EXPECT_TRUE(q.exec(sql) && q.next()) << sql.toStdString();
        return q.value(0).toLongLong();
    }
    static constexpr qint64 Day = 24 * 3600 * 1000;
    static constexpr qint64 Now = 1'790'000'000'000;

    std::unique_ptr<test::TestDatabase> database;
    std::shared_ptr<store::Database> db;
};

} // namespace

TEST_P(MarketplaceEventStoreTest, ARefusalKeepsAnExcerptWithTheWholeBodysSizeAndDigest)
{
    store::MarketplaceEventStore events(db);
    const QByteArray body = R"({"MessageId":"junk","pad":")" + QByteArray(200'000, 'A') + R"("})";
    ASSERT_TRUE(events.recordRefusal({"aws", "junk", Now, body, "refused: invalid_request: junk"}).ok());
    const QByteArray noted = R"({"Type":"SubscriptionConfirmation"})";
    ASSERT_TRUE(events.record({"aws", "confirm-1", Now, noted, "SubscriptionConfirmation kept"}).ok());
    auto latest = events.latest(10);
    ASSERT_TRUE(latest.ok());
    ASSERT_EQ(latest->size(), 2);
    const auto &refusal = latest->at(1);
    EXPECT_TRUE(refusal.refused);
    EXPECT_EQ(refusal.raw, body.left(store::MarketplaceEventStore::RefusalExcerptBytes));
    EXPECT_EQ(refusal.rawBytes, body.size());
    EXPECT_EQ(refusal.rawSha256, QString::fromLatin1(contract::Sha256::of(body).toHex()));
    // What was not refused is kept whole.
    EXPECT_FALSE(latest->at(0).refused);
    EXPECT_EQ(latest->at(0).raw, noted);
    EXPECT_EQ(latest->at(0).rawBytes, noted.size());
}

TEST_P(MarketplaceEventStoreTest, RefusalsArePrunedByCountAndAgeAndNothingElseIs)
{
    store::MarketplaceEventStore events(db, {5, 30});
    ASSERT_TRUE(events.record({"aws", "accepted-old", Now - 90 * Day, "{}", "{}", true, "ca-1"}).ok());
    ASSERT_TRUE(events.record({"aws", "noted-old", Now - 90 * Day, "{}", "noted"}).ok());
    ASSERT_TRUE(events.recordRefusal({"aws", "refused-old", Now - 31 * Day, "x", "refused: old"}).ok());
    // One more refusal, a month later: the old one goes.
    ASSERT_TRUE(events.recordRefusal({"aws", "refused-1", Now, "x", "refused: 1"}).ok());
    EXPECT_EQ(number("SELECT COUNT(*) FROM marketplace_events WHERE message_id = 'refused-old'"), 0);
    for (int i = 2; i <= 9; ++i)
        ASSERT_TRUE(events
                        .recordRefusal({"aws", QStringLiteral("refused-%1").arg(i), Now + i, "x",
                                        QStringLiteral("refused: %1").arg(i)})
                        .ok());
    // The newest five refusals, and every message that was not a refusal, however old.
    QSqlQuery kept(*db->connection());
    ASSERT_TRUE(kept.exec("SELECT message_id FROM marketplace_events ORDER BY id"));
    QStringList ids;
    while (kept.next())
        ids << kept.value(0).toString();
    EXPECT_EQ(ids, (QStringList{"accepted-old", "noted-old", "refused-5", "refused-6", "refused-7",
                                "refused-8", "refused-9"}));
}

INSTANTIATE_TEST_SUITE_P(Backends, MarketplaceEventStoreTest,
                         ::testing::Values(Backend::Sqlite, Backend::Postgres),
                         [](const auto &info) { return std::string(test::backendName(info.param)); });
