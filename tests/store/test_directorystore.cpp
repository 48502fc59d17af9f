// SPDX-License-Identifier: Apache-2.0
#include "platform/seeding/datasetseeder.h"
#include "platform/store/directorystore.h"
#include "platform/store/transaction.h"
#include "tests/support/testplatform.h"

#include <QSqlQuery>

#include <gtest/gtest.h>

using namespace billing;
using billing::test::Backend;

namespace {

class DirectoryStoreTest : public ::testing::TestWithParam<Backend>
{
protected:
    void SetUp() override
    {
        database = std::make_unique<test::TestDatabase>(GetParam());
        auto opened = store::Database::open(database->spec());
        ASSERT_TRUE(opened.ok());
        db = *opened;
        ASSERT_TRUE(seeding::DatasetSeeder::seed(*db, {2000, 3, test::TestPlatform::Now}).ok());
        directory = std::make_unique<store::DirectoryStore>(db);
    }

    QStringList column(const QString &sql)
    {
        QSqlQuery q(*db->connection());
        EXPECT_TRUE(q.exec(sql)) << sql.toStdString();
        QStringList values;
        while (q.next())
            values << q.value(0).toString();
        return values;
    }

    std::unique_ptr<test::TestDatabase> database;
    std::shared_ptr<store::Database> db;
    std::unique_ptr<store::DirectoryStore> directory;
};

} // namespace

TEST_P(DirectoryStoreTest, ReadsManyAccountsAsStored)
{
    // A card holder, a credits holder, a linked account, an exempt one and a plain one at least.
    const QStringList ids =
        column("SELECT MIN(id) FROM accounts GROUP BY card_brand = '', credits_minor > 0, "
               "linked_cloud_account_id IS NULL, any_method_allowed");
    ASSERT_GE(ids.size(), 5);
    auto found = directory->accounts(ids + QStringList{"acc-none"});
    ASSERT_TRUE(found.ok());
    ASSERT_EQ(found->size(), ids.size()) << "an unknown id is left out";
    QSqlQuery q(*db->connection());
    ASSERT_TRUE(
        q.exec("SELECT id, email, card_brand, card_last4, credits_minor, credits_currency, "
               "COALESCE(linked_cloud_account_id, ''), any_method_allowed, created_at FROM accounts"));
    int compared = 0;
    while (q.next()) {
        if (!found->contains(q.value(0).toString()))
            continue;
        const contract::Account &a = found->value(q.value(0).toString());
        EXPECT_EQ(a.email, q.value(1).toString());
        EXPECT_EQ(a.hasCreditCard, !q.value(2).toString().isEmpty());
        EXPECT_EQ(a.creditCard.brand, q.value(2).toString());
        EXPECT_EQ(a.creditCard.last4, q.value(3).toString());
        EXPECT_EQ(a.availableCredits.amountMinor, q.value(4).toLongLong());
        EXPECT_EQ(a.availableCredits.currency, q.value(5).toString());
        EXPECT_EQ(a.linkedCloudAccountId, q.value(6).toString());
        EXPECT_EQ(a.anyMethodAllowed, q.value(7).toInt() != 0);
        EXPECT_EQ(a.createdAt, q.value(8).toLongLong());
        ++compared;
    }
    EXPECT_EQ(compared, ids.size());
}

TEST_P(DirectoryStoreTest, LinksAndUnlinksExactlyTheNamedAccounts)
{
    const QString cloud = column("SELECT id FROM cloud_accounts ORDER BY id LIMIT 1").first();
    const QStringList unlinked =
        column("SELECT id FROM accounts WHERE linked_cloud_account_id IS NULL ORDER BY id");
    const QStringList named = unlinked.mid(10, 200);
    const QString linkedBefore =
        "SELECT id || '=' || COALESCE(linked_cloud_account_id, '-') FROM accounts ORDER BY id";
    const QStringList before = column(linkedBefore);
    const auto link = [&](const QStringList &ids, const QString &to) {
        auto tx = store::Transaction::begin(*db, store::Transaction::Mode::Write);
        ASSERT_TRUE(tx.ok());
        ASSERT_TRUE(directory->setLinkedCloudAccount((*tx)->connection(), ids, to).ok());
        ASSERT_TRUE((*tx)->commit().ok());
    };

    link(named + QStringList{"acc-none"}, cloud);
    EXPECT_EQ(
        column(QStringLiteral("SELECT id FROM accounts WHERE linked_cloud_account_id = '%1' AND id IN ('%2')")
                   .arg(cloud, named.join("','"))),
        named);
    QStringList expected = before;
    for (QString &row : expected) {
        if (named.contains(row.section('=', 0, 0)))
            row = row.section('=', 0, 0) + '=' + cloud;
    }
    EXPECT_EQ(column(linkedBefore), expected) << "no other account changed";

    link(named, {});
    EXPECT_EQ(column(linkedBefore), before) << "unlinked again: NULL, as they were";
}

TEST_P(DirectoryStoreTest, ALinkToAnUnknownCloudAccountIsRefusedAndChangesNothing)
{
    const QStringList named =
        column("SELECT id FROM accounts WHERE linked_cloud_account_id IS NULL ORDER BY id LIMIT 50");
    const QString linked = "SELECT COUNT(*) FROM accounts WHERE linked_cloud_account_id IS NOT NULL";
    const QStringList before = column(linked);
    {
        auto tx = store::Transaction::begin(*db, store::Transaction::Mode::Write);
        ASSERT_TRUE(tx.ok());
        auto refused = directory->setLinkedCloudAccount((*tx)->connection(), named, "ca-none");
        ASSERT_FALSE(refused.ok()) << "the link is a foreign key";
        EXPECT_EQ(refused.problem().code, "storage_unavailable");
    } // not committed: rolled back
    EXPECT_EQ(column(linked), before);
}

INSTANTIATE_TEST_SUITE_P(Backends, DirectoryStoreTest, ::testing::Values(Backend::Sqlite, Backend::Postgres),
                         [](const auto &info) { return std::string(test::backendName(info.param)); });
