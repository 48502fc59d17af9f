// SPDX-License-Identifier: Apache-2.0
#include "foundation/contract/queryparameters.h"
#include "platform/seeding/datasetseeder.h"
#include "platform/store/transaction.h"
#include "platform/store/workspacestore.h"
#include "tests/support/testplatform.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QThread>

#include <gtest/gtest.h>

#include <functional>
#include <random>
#include <thread>
#include <tuple>

using namespace billing;
using billing::contract::WorkspaceQuery;
using billing::test::Backend;

namespace {

// The ids a plain ORDER BY ... LIMIT/OFFSET gives: what every page must agree with.
QStringList orderedIds(store::Database &database, const QString &column, const QString &where,
                       bool descending, qint64 offset, int limit)
{
    QSqlQuery q(*database.connection());
    const QString order = descending ? "DESC" : "ASC";
    EXPECT_TRUE(
        q.exec(QStringLiteral("SELECT id FROM workspaces %1 ORDER BY %2 %3, rid %3 LIMIT %4 OFFSET %5")
                   .arg(where, column, order)
                   .arg(limit)
                   .arg(offset)));
    QStringList ids;
    while (q.next())
        ids << q.value(0).toString();
    return ids;
}

QStringList idsOf(const contract::Page<contract::Workspace> &page)
{
    QStringList ids;
    for (const auto &w : page.items)
        ids << w.id;
    return ids;
}

class WorkspaceStoreTest : public ::testing::TestWithParam<Backend>
{
protected:
    static constexpr qint64 Workspaces = 3000;

    void SetUp() override
    {
        database = std::make_unique<test::TestDatabase>(GetParam());
        auto opened = store::Database::open(database->spec());
        ASSERT_TRUE(opened.ok());
        db = *opened;
        ASSERT_TRUE(seeding::DatasetSeeder::seed(*db, {Workspaces, 3, test::TestPlatform::Now}).ok());
        workspaces = std::make_unique<store::WorkspaceStore>(db);
    }

    QStringList expectedIds(const QString &column, const QString &where, bool descending, qint64 offset,
                            int limit)
    {
        return orderedIds(*db, column, where, descending, offset, limit);
    }

    // The query's page, read directly (the first ask) and then from its list's positions, each agreeing
    // with a plain ORDER BY over `where` and counting `total`.
    void expectBothReadsAgree(const WorkspaceQuery &query, const QString &column, const QString &where,
                              qint64 total)
    {
        for (int attempt = 0; attempt < 2; ++attempt) {
            if (attempt == 1)
                workspaces->awaitPositions(query);
            auto page = workspaces->page(query);
            ASSERT_TRUE(page.ok()) << page.problem().message().toStdString();
            EXPECT_EQ(page->total, total);
            EXPECT_EQ(idsOf(*page), expectedIds(column, where, query.descending, query.offset, query.limit))
                << where.toStdString() << " by " << query.sort.toStdString()
                << (query.descending ? " desc" : " asc") << " at " << query.offset << " attempt " << attempt;
        }
    }

    // A page of the workspaces that `term` finds.
    contract::Result<contract::Page<contract::Workspace>> searched(const QString &term, const QString &sort,
                                                                   bool descending, qint64 offset, int limit)
    {
        WorkspaceQuery query;
        query.q = term;
        query.sort = sort;
        query.descending = descending;
        query.offset = offset;
        query.limit = limit;
        return workspaces->page(query);
    }

    // A deep page of the name sort, whose positions are built once it is asked.
    WorkspaceQuery deepNamePage()
    {
        WorkspaceQuery query;
        query.sort = "name";
        query.offset = 2000;
        EXPECT_TRUE(workspaces->page(query).ok());
        workspaces->awaitPositions(query);
        return query;
    }
    // Moves 300 workspaces from the end of the name sort to its start, without the store's knowledge.
    void renameTheLast300BehindTheStoresBack()
    {
        QSqlQuery rename(*db->connection());
        ASSERT_TRUE(rename.exec("UPDATE workspaces SET name = 'AAAA first' WHERE rid IN "
                                "(SELECT rid FROM workspaces ORDER BY name DESC, rid DESC LIMIT 300)"));
    }

    void searchWithFiltersFindsWhatLikeAndTheFiltersFind();

    // More workspaces than ShallowRows, so that their lists' positions are stored.
    static constexpr qint64 Long = store::WorkspaceStore::ShallowRows + 1000;
    // `database` opened and seeded with Long workspaces (nothing if either failed).
    static std::shared_ptr<store::Database> seededLong(test::TestDatabase &database)
    {
        auto opened = store::Database::open(database.spec());
        EXPECT_TRUE(opened.ok());
        if (!opened)
            return {};
        if (!seeding::DatasetSeeder::seed(**opened, {Long, 3, test::TestPlatform::Now}).ok())
            return {};
        return *opened;
    }

    std::unique_ptr<test::TestDatabase> database;
    std::shared_ptr<store::Database> db;
    std::unique_ptr<store::WorkspaceStore> workspaces;
};

} // namespace

TEST_P(WorkspaceStoreTest, EveryPageOfEverySortAgreesWithAPlainOrderBy)
{
    for (const QString &sort : WorkspaceQuery::sortKeys()) {
        const QString column = sort == "purge_at" ? "lock_purge_at" : sort;
        for (const bool descending : {false, true}) {
            for (const qint64 offset : {qint64(0), qint64(255), qint64(256), qint64(1000), qint64(1450),
                                        qint64(1451), qint64(2950), Workspaces - 1}) {
                WorkspaceQuery query;
                query.sort = sort;
                query.descending = descending;
                query.offset = offset;
                query.limit = 100;
                // The first ask is served directly (from the nearer end past the middle).
                ASSERT_NO_FATAL_FAILURE(expectBothReadsAgree(query, column, {}, Workspaces));
            }
        }
    }
}

TEST_P(WorkspaceStoreTest, FiltersCombineAndCountExactly)
{
    WorkspaceQuery query;
    query.status = "locked";
    query.sort = "purge_at";
    auto page = workspaces->page(query);
    ASSERT_TRUE(page.ok());
    EXPECT_EQ(idsOf(*page), expectedIds("lock_purge_at", "WHERE status = 'locked'", false, 0, 100));
    for (const auto &w : page->items)
        EXPECT_EQ(w.status, "locked");

    query = {};
    query.billingMethod = "cloud_account";
    query.provider = "aws_cn";
    query.sort = "site";
    query.offset = 10;
    page = workspaces->page(query);
    ASSERT_TRUE(page.ok());
    const QString where = "WHERE billing_method = 'cloud_account' AND cloud_account_id IN "
                          "(SELECT id FROM cloud_accounts WHERE provider = 'aws_cn')";
    QSqlQuery count(*db->connection());
    ASSERT_TRUE(count.exec("SELECT COUNT(*) FROM workspaces " + where));
    ASSERT_TRUE(count.next());
    EXPECT_EQ(page->total, count.value(0).toLongLong());
    EXPECT_EQ(idsOf(*page), expectedIds("site", where, false, 10, 100));
    for (const auto &w : page->items)
        EXPECT_TRUE(w.site.startsWith("cn-")) << w.site.toStdString();
}

TEST_P(WorkspaceStoreTest, TheTallyHoldsWhatTheWorkspacesDoAfterEveryKindOfWrite)
{
    // Each group's workspaces as "status|method|site|reason|marketplace: n", from the tally and from
    // the workspaces themselves (a group a write emptied stays in the tally at 0).
    const auto groups = [&](const QString &sql) {
        QSqlQuery q(*db->connection());
        EXPECT_TRUE(q.exec(sql)) << q.lastError().text().toStdString();
        QStringList found;
        while (q.next()) {
            found << QStringLiteral("%1|%2|%3|%4|%5: %6")
                         .arg(q.value(0).toString(), q.value(1).toString(), q.value(2).toString(),
                              q.value(3).toString(), q.value(4).toString(), q.value(5).toString());
        }
        return found.join(QLatin1Char('\n')).toStdString();
    };
    const auto tally = [&] {
        return groups("SELECT status, billing_method, site, lock_reason, provider, workspaces FROM "
                      "workspace_tallies WHERE workspaces <> 0 ORDER BY 1, 2, 3, 4, 5");
    };
    const auto counted = [&] {
        return groups("SELECT w.status, w.billing_method, w.site, w.lock_reason, COALESCE(c.provider, ''), "
                      "COUNT(*) FROM workspaces w LEFT JOIN cloud_accounts c ON c.id = w.cloud_account_id "
                      "GROUP BY w.status, w.billing_method, w.site, w.lock_reason, COALESCE(c.provider, '') "
                      "ORDER BY 1, 2, 3, 4, 5");
    };
    const std::string seeded = counted();
    ASSERT_NE(seeded.find("locked|"), std::string::npos) << seeded;
    EXPECT_EQ(tally(), seeded) << "after the seed";

    const auto write = [&](const std::function<void(QSqlDatabase)> &change, bool commit = true) {
        auto tx = store::Transaction::begin(*db, store::Transaction::Mode::Write);
        ASSERT_TRUE(tx.ok());
        change((*tx)->connection());
        if (commit)
            ASSERT_TRUE((*tx)->commit().ok());
    };
    const auto exec = [](QSqlDatabase c, const QString &sql) {
        QSqlQuery q(c);
        EXPECT_TRUE(q.exec(sql)) << sql.toStdString() << ": " << q.lastError().text().toStdString();
        return q.numRowsAffected();
    };
    QString aws, azure;
    {
        QSqlQuery q(*db->connection());
        ASSERT_TRUE(q.exec("SELECT MIN(id) FROM cloud_accounts WHERE provider = 'aws'") && q.next());
        aws = q.value(0).toString();
        ASSERT_TRUE(q.exec("SELECT MIN(id) FROM cloud_accounts WHERE provider = 'azure'") && q.next());
        azure = q.value(0).toString();
    }
    // The store's bulk saves: 40 card-paying workspaces bound to an AWS account, then 25 of them locked
    // and moved to an Azure account in one batch.
    QList<contract::Workspace> cards;
    {
        WorkspaceQuery query;
        query.status = "active";
        query.billingMethod = "credit_card";
        query.limit = 40;
        auto page = workspaces->page(query);
        ASSERT_TRUE(page.ok());
        cards = page->items;
    }
    ASSERT_EQ(cards.size(), 40);
    QList<store::WorkspaceStore::Save> binds, locks;
    for (const contract::Workspace &before : std::as_const(cards)) {
        contract::Workspace after = before;
        after.billingMethod = "cloud_account";
        after.cloudAccountId = aws;
        after.version += 1;
        binds.append({before, after});
        if (locks.size() < 25) {
            contract::Workspace locked = after;
            locked.status = "locked";
            locked.lock = {"no_billing_method", 1000, "ops@example.com", "", 2000};
            locked.cloudAccountId = azure;
            locked.version += 1;
            locks.append({after, locked});
        }
    }
    write([&](QSqlDatabase c) { EXPECT_TRUE(workspaces->save(c, binds).ok()); });
    EXPECT_EQ(tally(), counted()) << "after a bulk bind";
    write([&](QSqlDatabase c) { EXPECT_TRUE(workspaces->save(c, locks).ok()); });
    EXPECT_EQ(tally(), counted()) << "after locks that moved between marketplaces";
    write([&](QSqlDatabase c) {
        EXPECT_GE(
            exec(c, QStringLiteral("UPDATE workspaces SET cloud_account_id = '%1' WHERE cloud_account_id "
                                   "= '%2'")
                        .arg(aws, azure)),
            25);
    });
    EXPECT_EQ(tally(), counted()) << "after a move to another marketplace's cloud account alone";

    // Rows written directly: new workspaces, a move of site, a rename (no group changes), deletions.
    write([&](QSqlDatabase c) {
        EXPECT_EQ(exec(c,
                       "INSERT INTO workspaces (id, name, account_id, site, language, plan, billing_method, "
                       "cloud_account_id, status, lock_reason, created_at, updated_at) SELECT 'tally-' || "
                       "id, name, account_id, site, language, plan, billing_method, cloud_account_id, "
                       "status, lock_reason, created_at, updated_at FROM workspaces WHERE rid <= 30"),
                  30);
    });
    EXPECT_EQ(tally(), counted()) << "after new workspaces";
    write([&](QSqlDatabase c) {
        EXPECT_GT(exec(c, "UPDATE workspaces SET site = 'us-east-1' WHERE id LIKE 'tally-%' AND site <> "
                          "'us-east-1'"),
                  0);
        exec(c, "UPDATE workspaces SET name = 'Tallied' WHERE id LIKE 'tally-%'");
    });
    EXPECT_EQ(tally(), counted()) << "after a move of site and a rename";
    const std::string beforeDeletion = tally();
    write([&](QSqlDatabase c) { EXPECT_EQ(exec(c, "DELETE FROM workspaces WHERE id LIKE 'tally-%'"), 30); },
          false);
    EXPECT_EQ(tally(), beforeDeletion) << "a rolled-back deletion leaves the tally as it was";
    write([&](QSqlDatabase c) { EXPECT_EQ(exec(c, "DELETE FROM workspaces WHERE id LIKE 'tally-%'"), 30); });
    EXPECT_EQ(tally(), counted()) << "after deletions";
}

TEST_P(WorkspaceStoreTest, AListFilteredByTalliedColumnsAloneIsCountedFromTheTally)
{
    // The tally made to say 1,000 more locked card-paying workspaces in one site than there are: lists
    // filtered by those columns alone count them; a list with another filter counts its rows.
    QString site, account;
    qint64 locked = 0;
    {
        QSqlQuery q(*db->connection());
        ASSERT_TRUE(q.exec("SELECT site, account_id FROM workspaces WHERE status = 'locked' ORDER BY rid "
                           "LIMIT 1") &&
                    q.next());
        site = q.value(0).toString();
        account = q.value(1).toString();
        ASSERT_TRUE(q.exec(QStringLiteral("SELECT COUNT(*) FROM workspaces WHERE status = 'locked' AND site "
                                          "= '%1'")
                               .arg(site)) &&
                    q.next());
        locked = q.value(0).toLongLong();
        ASSERT_TRUE(q.exec(QStringLiteral("UPDATE workspace_tallies SET workspaces = workspaces + 1000 WHERE "
                                          "status = 'locked' AND site = '%1' AND workspaces > 0 AND rowid IN "
                                          "(SELECT rowid FROM workspace_tallies WHERE status = 'locked' AND "
                                          "site = '%1' AND workspaces > 0 LIMIT 1)")
                               .arg(site)
                               .replace("rowid", GetParam() == Backend::Sqlite ? "rowid" : "ctid")));
        ASSERT_EQ(q.numRowsAffected(), 1);
    }
    WorkspaceQuery query;
    query.status = "locked";
    query.site = site;
    auto page = workspaces->page(query);
    ASSERT_TRUE(page.ok());
    EXPECT_EQ(page->total, locked + 1000);
    query.accountId = account;
    page = workspaces->page(query);
    ASSERT_TRUE(page.ok());
    QSqlQuery q(*db->connection());
    ASSERT_TRUE(q.exec(QStringLiteral("SELECT COUNT(*) FROM workspaces WHERE status = 'locked' AND site = "
                                      "'%1' AND account_id = '%2'")
                           .arg(site, account)) &&
                q.next());
    EXPECT_EQ(page->total, q.value(0).toLongLong()) << "an owner's list is not tallied";
}

TEST_P(WorkspaceStoreTest, FilteredListsPageAsAPlainOrderByWhetherGatheredOrWalked)
{
    // A narrow list (a cloud account's or an owner's few workspaces) is gathered through its filters'
    // indexes and sorted, a wide one (the active workspaces) walked in its sort's index; a list whose
    // conditions no index narrows (a lock reason, a marketplace) is walked, and one sorted by a column
    // its filter fixes (the active ones by status) has a single key. Every page agrees with a plain
    // ORDER BY either way, read directly and from its positions. A marketplace's locked or dissolved
    // workspaces are gathered through the index of the bound ones not active: some are made so first
    // (the seed has one or two of each). The dissolved workspaces are then mostly the most recently
    // updated, as a change of state makes them: a first page by update time is not within the walk of
    // as many rows as the list holds, and is gathered after it. Some sorts are first read descending.
    QSqlQuery pick(*db->connection());
    for (const auto &[status, provider, rows] :
         {std::tuple{"locked", "aws", 300}, std::tuple{"dissolved", "azure", 40}}) {
        ASSERT_TRUE(
            pick.exec(QStringLiteral("UPDATE workspaces SET status = '%1' WHERE rid IN (SELECT rid FROM "
                                     "workspaces WHERE status = 'active' AND cloud_account_id IN (SELECT "
                                     "id FROM cloud_accounts WHERE provider = '%2') ORDER BY rid LIMIT %3)")
                          .arg(status, provider)
                          .arg(rows)));
    }
    ASSERT_TRUE(pick.exec("UPDATE workspaces SET status = 'dissolved', updated_at = (SELECT MAX(updated_at) "
                          "FROM workspaces) + rid WHERE rid IN (SELECT rid FROM workspaces WHERE status = "
                          "'active' AND cloud_account_id = '' ORDER BY rid DESC LIMIT 700)"));
    ASSERT_TRUE(pick.exec("SELECT cloud_account_id FROM workspaces WHERE cloud_account_id <> '' GROUP BY "
                          "cloud_account_id ORDER BY COUNT(*) DESC, cloud_account_id LIMIT 1"));
    ASSERT_TRUE(pick.next());
    const QString cloudAccount = pick.value(0).toString();
    ASSERT_TRUE(pick.exec("SELECT account_id FROM workspaces GROUP BY account_id ORDER BY COUNT(*) DESC, "
                          "account_id LIMIT 1"));
    ASSERT_TRUE(pick.next());
    const QString account = pick.value(0).toString();
    const QString aws = "cloud_account_id IN (SELECT id FROM cloud_accounts WHERE provider = 'aws')";
    struct List {
        WorkspaceQuery query;
        QString where;
    };
    QList<List> lists;
    const auto add = [&](auto fill, const QString &where) {
        List list;
        fill(list.query);
        list.where = "WHERE " + where;
        lists.append(list);
    };
    add([&](WorkspaceQuery &q) { q.cloudAccountId = cloudAccount; },
        QStringLiteral("cloud_account_id = '%1'").arg(cloudAccount));
    add([&](WorkspaceQuery &q) { q.accountId = account; }, QStringLiteral("account_id = '%1'").arg(account));
    add([](WorkspaceQuery &q) { q.status = "active"; }, "status = 'active'");
    add([](WorkspaceQuery &q) { q.status = "locked"; }, "status = 'locked'");
    add([](WorkspaceQuery &q) { q.status = "active", q.site = "us-east-1"; },
        "status = 'active' AND site = 'us-east-1'");
    add([](WorkspaceQuery &q) { q.status = "active", q.provider = "aws"; }, "status = 'active' AND " + aws);
    add([](WorkspaceQuery &q) { q.billingMethod = "cloud_account", q.site = "us-east-1"; },
        "billing_method = 'cloud_account' AND site = 'us-east-1'");
    add([](WorkspaceQuery &q) { q.provider = "aws"; }, aws);
    add([](WorkspaceQuery &q) { q.status = "locked", q.provider = "aws"; }, "status = 'locked' AND " + aws);
    add([](WorkspaceQuery &q) { q.status = "dissolved", q.provider = "azure"; },
        "status = 'dissolved' AND cloud_account_id IN (SELECT id FROM cloud_accounts WHERE provider = "
        "'azure')");
    add([](WorkspaceQuery &q) { q.lockReason = "no_billing_method"; }, "lock_reason = 'no_billing_method'");
    add([](WorkspaceQuery &q) { q.status = "dissolved"; }, "status = 'dissolved'");

    QList<qint64> sizes;
    for (const List &list : std::as_const(lists)) {
        QSqlQuery count(*db->connection());
        ASSERT_TRUE(count.exec("SELECT COUNT(*) FROM workspaces " + list.where));
        ASSERT_TRUE(count.next());
        const qint64 total = count.value(0).toLongLong();
        sizes << total;
        ASSERT_GT(total, 1) << list.where.toStdString();
        for (const QString sort : {"name", "updated_at", "id", "site", "status"}) {
            const bool descendingFirst = sort == "site" || sort == "status";
            for (const bool descending : {descendingFirst, !descendingFirst}) {
                for (const qint64 offset :
                     {qint64(0), qint64(1), total / 2, qint64(255), qint64(256), total - 1}) {
                    if (offset >= total)
                        continue;
                    WorkspaceQuery query = list.query;
                    query.sort = sort;
                    query.descending = descending;
                    query.offset = offset;
                    query.limit = 100;
                    ASSERT_NO_FATAL_FAILURE(expectBothReadsAgree(query, sort, list.where, total));
                }
            }
        }
    }
    // Narrow and wide lists both, or the test would read one way only (3,000 workspaces: gathered
    // below about 550 rows, walked above).
    EXPECT_LT(sizes.first(), 50) << ::testing::PrintToString(sizes);
    EXPECT_GT(sizes.at(2), 1000) << ::testing::PrintToString(sizes);
    // The dissolved: walked, but fewer than a page among as many rows as they are by update time.
    QSqlQuery spread(*db->connection());
    ASSERT_TRUE(spread.exec(QStringLiteral("SELECT COUNT(*) FROM (SELECT status FROM workspaces ORDER BY "
                                           "updated_at, rid LIMIT %1) AS walked WHERE status = 'dissolved'")
                                .arg(sizes.last())));
    ASSERT_TRUE(spread.next());
    EXPECT_GT(sizes.last(), 600);
    EXPECT_LT(spread.value(0).toLongLong(), 100);
}

TEST_P(WorkspaceStoreTest, SearchMatchesIdOrNameCaseInsensitivelyAndTreatsWildcardsLiterally)
{
    WorkspaceQuery query;
    query.q = "WS-00001";
    auto page = workspaces->page(query);
    ASSERT_TRUE(page.ok());
    EXPECT_EQ(page->total, 100) << "ws-0000100 to ws-0000199";
    EXPECT_EQ(page->search, "substring");
    for (const auto &w : page->items)
        EXPECT_TRUE(w.id.contains("ws-00001", Qt::CaseInsensitive));

    query.q = "%";
    page = workspaces->page(query);
    ASSERT_TRUE(page.ok());
    EXPECT_EQ(page->total, 0) << "a % in the search is a character, not a wildcard";
    EXPECT_EQ(page->search, "prefix");
    for (const QString &literal : {"_", "ws_0", "w%s", "a\\b"}) {
        query.q = literal;
        page = workspaces->page(query);
        ASSERT_TRUE(page.ok());
        EXPECT_EQ(page->total, 0) << literal.toStdString();
    }
}

// The search index (trigrams from three characters on) finds exactly what LIKE over the searched
// fields finds: case-insensitive as the backend's LIKE is, any term, Chinese included.
TEST_P(WorkspaceStoreTest, SearchFindsExactlyWhatLikeFindsInEverySearchedField)
{
    QStringList texts;
    {
        QSqlQuery q(*db->connection());
        ASSERT_TRUE(
            q.exec("SELECT w.name, a.email, COALESCE(c.display_name, ''), COALESCE(c.customer_identifier, "
                   "'') FROM workspaces w JOIN accounts a ON a.id = w.account_id LEFT JOIN cloud_accounts c "
                   "ON c.id = w.cloud_account_id ORDER BY w.rid LIMIT 400"));
        while (q.next())
            for (int i = 0; i < 4; ++i)
                if (!q.value(i).toString().isEmpty())
                    texts << q.value(i).toString();
    }
    ASSERT_GT(texts.size(), 800);
    const bool sqlite = GetParam() == Backend::Sqlite;
    const QString like = sqlite ? "LIKE" : "ILIKE";
    std::mt19937 random(7);
    QStringList terms{"ops",       "OPS", "Insurance Sa", "南京知", "zzzz",
                      "@customer", "ca-", "ws-000012",    "Ws-0000"};
    for (int i = 0; i < 60; ++i) {
        // A piece of a real value, 3 to 8 characters, its case changed now and then.
        const QString text = texts.at(int(random() % texts.size()));
        const int length = 3 + int(random() % 6);
        const int from = int(random() % std::max<qsizetype>(1, text.size() - length + 1));
        QString term = text.mid(from, length).trimmed();
        if (term.size() < 3)
            continue;
        if (random() % 3 == 0)
            term = term.toUpper();
        terms << term;
    }
    for (const QString &term : std::as_const(terms)) {
        WorkspaceQuery query;
        query.q = term;
        query.sort = "id";
        query.limit = 500;
        auto page = workspaces->page(query);
        ASSERT_TRUE(page.ok()) << page.problem().message().toStdString();
        EXPECT_EQ(page->search, "substring");

        // Every match, in id order: their number is the total, the first 500 the page.
        QSqlQuery reference(*db->connection());
        reference.prepare(
            QStringLiteral("SELECT w.id FROM workspaces w JOIN accounts a ON a.id = w.account_id LEFT "
                           "JOIN cloud_accounts c ON c.id = w.cloud_account_id WHERE w.id %1 :p ESCAPE "
                           "'\\' OR w.name %1 :p ESCAPE '\\' OR a.email %1 :p ESCAPE '\\' OR "
                           "c.display_name %1 :p ESCAPE '\\' OR c.customer_identifier %1 :p ESCAPE "
                           "'\\' ORDER BY w.id")
                .arg(like));
        reference.bindValue(":p", contract::parameters::containsPattern(term));
        ASSERT_TRUE(reference.exec());
        QStringList expected;
        while (reference.next())
            expected << reference.value(0).toString();
        EXPECT_EQ(page->total, expected.size()) << term.toStdString();
        EXPECT_EQ(idsOf(*page), expected.mid(0, 500)) << term.toStdString();
    }
}

// A workspace is found by its own text or by its cloud account's, once: a term in the texts of many
// cloud accounts (more than FewCloudAccounts) and of a few, and in the own names of some of their
// workspaces and of unbound ones, is counted and paged as LIKE over the fields finds it, in the orders
// a search walks and in the ones it gathers.
TEST_P(WorkspaceStoreTest, ATermInCloudAccountsAndInTheirWorkspacesOwnTextsFindsEachWorkspaceOnce)
{
    const QString like = GetParam() == Backend::Sqlite ? "LIKE" : "ILIKE";
    constexpr int Many = store::WorkspaceStore::FewCloudAccounts + 20;
    QSqlQuery q(*db->connection());
    ASSERT_TRUE(q.exec("SELECT COUNT(*) FROM cloud_accounts") && q.next());
    ASSERT_GT(q.value(0).toInt(), Many + 3);
    ASSERT_TRUE(
        q.exec(QStringLiteral("UPDATE cloud_accounts SET display_name = 'Kestrel ' || display_name WHERE "
                              "id IN (SELECT id FROM cloud_accounts ORDER BY id LIMIT %1)")
                   .arg(Many)));
    ASSERT_TRUE(
        q.exec("UPDATE cloud_accounts SET customer_identifier = 'osprey-' || customer_identifier WHERE id "
               "IN (SELECT id FROM cloud_accounts ORDER BY id DESC LIMIT 3)"));
    ASSERT_TRUE(q.exec("UPDATE workspaces SET name = name || ' kestrel' WHERE rid % 7 = 0"));
    ASSERT_TRUE(
        q.exec("UPDATE workspaces SET name = 'Osprey ' || name WHERE rid % 11 = 0 OR cloud_account_id = "
               "(SELECT MAX(id) FROM cloud_accounts)"));
    const auto where = [&](const QString &term) {
        const QString p = QStringLiteral("'%%1%'").arg(term);
        return QStringLiteral(
                   "WHERE id %1 %2 OR name %1 %2 OR account_id IN (SELECT id FROM accounts WHERE email "
                   "%1 %2) OR cloud_account_id IN (SELECT id FROM cloud_accounts WHERE display_name %1 "
                   "%2 OR customer_identifier %1 %2)")
            .arg(like, p);
    };
    const auto count = [&](const QString &sql) {
        EXPECT_TRUE(q.exec(sql) && q.next()) << q.lastError().text().toStdString();
        return q.value(0).toLongLong();
    };
    // Both kinds of match, and workspaces with both, are there to be found.
    EXPECT_GT(
        count("SELECT COUNT(*) FROM workspaces WHERE name LIKE '%kestrel%' AND cloud_account_id IN (SELECT "
              "id FROM cloud_accounts WHERE display_name LIKE 'Kestrel %')"),
        10);
    EXPECT_GT(
        count("SELECT COUNT(*) FROM workspaces WHERE name LIKE 'Osprey %' AND cloud_account_id IN (SELECT id "
              "FROM cloud_accounts WHERE customer_identifier LIKE 'osprey-%')"),
        0);
    for (const QString &term : {QStringLiteral("kestrel"), QStringLiteral("KESTREL"),
                                QStringLiteral("osprey"), QStringLiteral("Osprey-")}) {
        const qint64 total = count(QStringLiteral("SELECT COUNT(*) FROM workspaces ") + where(term));
        EXPECT_GT(total, 10) << term.toStdString();
        for (const QString &sort :
             {QStringLiteral("id"), QStringLiteral("name"), QStringLiteral("updated_at")}) {
            for (const bool descending : {false, true}) {
                for (const qint64 offset : {qint64(0), total / 2}) {
                    auto page = searched(term, sort, descending, offset, 20);
                    ASSERT_TRUE(page.ok()) << page.problem().message().toStdString();
                    EXPECT_EQ(page->total, total) << term.toStdString();
                    EXPECT_EQ(idsOf(*page), expectedIds(sort, where(term), descending, offset, 20))
                        << term.toStdString() << " by " << sort.toStdString() << (descending ? " desc" : "")
                        << " at " << offset;
                }
            }
        }
    }
}

// A search with filters finds what LIKE and the filters find, at any depth, in either order, whether
// the page looks its matches up (few) or walks the sort's index testing every condition (many), and on
// PostgreSQL whether its walk fills the page, stops with half of it or more (then it walks on), or
// stops with less (then every row that meets the conditions is gathered and sorted). The short walks
// of 80 and 160 rows find half a page or more in this fixture.
TEST_P(WorkspaceStoreTest, SearchWithFiltersFindsWhatLikeAndTheFiltersFind)
{
    for (const qint64 walked : {store::WorkspaceStore::WalkedRows, qint64(40), qint64(80), qint64(160)}) {
        SCOPED_TRACE(walked);
        workspaces->limitSearchWalks(walked);
        searchWithFiltersFindsWhatLikeAndTheFiltersFind();
    }
}

void WorkspaceStoreTest::searchWithFiltersFindsWhatLikeAndTheFiltersFind()
{
    const QString like = GetParam() == Backend::Sqlite ? "LIKE" : "ILIKE";
    struct Case {
        const char *term;
        QString status, billingMethod, provider, site, lockReason;
        const char *where; // the filters as SQL
    };
    const QList<Case> cases{
        {"ws-", "active", "cloud_account", "aws", "", "",
         "w.status = 'active' AND w.billing_method = 'cloud_account' AND w.cloud_account_id IN (SELECT id "
         "FROM cloud_accounts WHERE provider = 'aws')"},
        {"ops", "active", "", "", "", "", "w.status = 'active'"},
        {"@customer", "locked", "", "", "", "", "w.status = 'locked'"},
        {"ws-", "", "cloud_account", "azure", "", "",
         "w.billing_method = 'cloud_account' AND w.cloud_account_id IN "
         "(SELECT id FROM cloud_accounts WHERE provider = 'azure')"},
        {"ws-00", "", "credit_card", "", "us-east-1", "",
         "w.billing_method = 'credit_card' AND w.site = 'us-east-1'"},
        {"@customer", "", "", "", "", "no_billing_method", "w.lock_reason = 'no_billing_method'"},
    };
    for (const Case &c : cases) {
        QSqlQuery reference(*db->connection());
        reference.prepare(
            QStringLiteral("SELECT w.id FROM workspaces w JOIN accounts a ON a.id = w.account_id LEFT "
                           "JOIN cloud_accounts c ON c.id = w.cloud_account_id WHERE (w.id %1 :p ESCAPE '\\' "
                           "OR w.name %1 :p ESCAPE '\\' OR a.email %1 :p ESCAPE '\\' OR c.display_name %1 :p "
                           "ESCAPE '\\' OR c.customer_identifier %1 :p ESCAPE '\\') AND %2")
                .arg(like, QLatin1String(c.where)));
        reference.bindValue(":p", contract::parameters::containsPattern(QLatin1String(c.term)));
        ASSERT_TRUE(reference.exec()) << reference.lastError().text().toStdString();
        QStringList matches;
        while (reference.next())
            matches << reference.value(0).toString();
        ASSERT_GT(matches.size(), 20) << c.term << " " << c.where;
        for (const QString sort : {"id", "name"}) {
            for (const bool descending : {false, true}) {
                WorkspaceQuery query;
                query.q = QLatin1String(c.term);
                query.status = c.status;
                query.billingMethod = c.billingMethod;
                query.provider = c.provider;
                query.site = c.site;
                query.lockReason = c.lockReason;
                query.sort = sort;
                query.descending = descending;
                query.limit = 20;
                for (const qint64 offset : {qint64(0), qint64(matches.size() / 3)}) {
                    query.offset = offset;
                    auto page = workspaces->page(query);
                    ASSERT_TRUE(page.ok()) << page.problem().message().toStdString();
                    EXPECT_EQ(page->total, matches.size()) << c.term << " " << c.where;
                    const QString where = QStringLiteral("WHERE id IN ('%1')").arg(matches.join("', '"));
                    EXPECT_EQ(idsOf(*page), expectedIds(sort, where, descending, offset, 20))
                        << c.term << " " << c.where << " by " << sort.toStdString() << " at " << offset;
                }
            }
        }
    }
}

// A term in most workspaces (SQLite first walks a few rows testing each one's own text) finds what LIKE
// finds under every order, also where its matches sort last: Chinese names first, by name descending,
// and with them the emails of the China sites, which "customer.example" is not in.
TEST_P(WorkspaceStoreTest, ATermInMostWorkspacesFindsWhatLikeFindsWhereverItsMatchesSort)
{
    const QString like = GetParam() == Backend::Sqlite ? "LIKE" : "ILIKE";
    for (const QString term : {"@customer", "customer.example"}) {
        QSqlQuery reference(*db->connection());
        reference.prepare(
            QStringLiteral("SELECT w.id FROM workspaces w JOIN accounts a ON a.id = w.account_id "
                           "WHERE a.email %1 :p ESCAPE '\\'")
                .arg(like));
        reference.bindValue(":p", contract::parameters::containsPattern(term));
        ASSERT_TRUE(reference.exec()) << reference.lastError().text().toStdString();
        QStringList matches;
        while (reference.next())
            matches << reference.value(0).toString();
        ASSERT_GE(2 * matches.size(), Workspaces) << "in most workspaces";
        for (const QString sort : {"id", "name", "site"}) {
            for (const bool descending : {false, true}) {
                for (const qint64 offset : {qint64(0), qint64(40)}) {
                    auto page = searched(term, sort, descending, offset, 20);
                    ASSERT_TRUE(page.ok()) << page.problem().message().toStdString();
                    EXPECT_EQ(page->total, matches.size());
                    const QString where = QStringLiteral("WHERE id IN ('%1')").arg(matches.join("', '"));
                    EXPECT_EQ(idsOf(*page), expectedIds(sort, where, descending, offset, 20))
                        << term.toStdString() << " by " << sort.toStdString() << (descending ? " desc" : "")
                        << " at " << offset;
                }
            }
        }
    }
}

TEST_P(WorkspaceStoreTest, TermsOfOneOrTwoCharactersMatchTheStartOfAnIdOrName)
{
    for (const QString &term : {"n", "No", "WS", "南", "南京", "z", "é"}) {
        WorkspaceQuery query;
        query.q = term;
        query.sort = "id";
        query.limit = 500;
        auto page = workspaces->page(query);
        ASSERT_TRUE(page.ok());
        EXPECT_EQ(page->search, "prefix");
        QSqlQuery reference(*db->connection());
        reference.prepare(
            QStringLiteral("SELECT COUNT(*) FROM workspaces WHERE lower(id) LIKE lower(:p) ESCAPE "
                           "'\\' OR lower(name) LIKE lower(:p) ESCAPE '\\'"));
        reference.bindValue(":p", contract::parameters::prefixPattern(term));
        ASSERT_TRUE(reference.exec() && reference.next());
        EXPECT_EQ(page->total, reference.value(0).toLongLong()) << term.toStdString();
        for (const auto &w : page->items)
            EXPECT_TRUE(w.id.startsWith(term, Qt::CaseInsensitive) ||
                        w.name.startsWith(term, Qt::CaseInsensitive))
                << term.toStdString() << ": " << w.name.toStdString();
    }
}

// The index follows every write in the write's own transaction: a new workspace, a rename, an owner's
// new email, a cloud account renamed, a workspace bound; a rolled-back write leaves it as it was.
TEST_P(WorkspaceStoreTest, TheSearchIndexIsKeptInTheTransactionOfEveryWrite)
{
    const auto found = [&](const QString &term, QSqlDatabase on) {
        QSqlQuery q(on);
        const bool sqlite = GetParam() == Backend::Sqlite;
        // SQLite: workspaces' own texts and cloud accounts' (each account's workspaces found through it);
        // PostgreSQL: each workspace's text, its cloud account's within it.
        q.prepare(sqlite
                      ? "SELECT (SELECT COUNT(*) FROM workspace_search WHERE workspace_search MATCH '\"' || "
                        "lower(?) || '\"') + (SELECT COUNT(*) FROM cloud_account_search WHERE "
                        "cloud_account_search MATCH '\"' || lower(?) || '\"')"
                      : "SELECT COUNT(*) FROM workspace_search WHERE doc LIKE '%' || lower(?) || '%'");
        q.addBindValue(term);
        if (sqlite)
            q.addBindValue(term);
        EXPECT_TRUE(q.exec() && q.next()) << q.lastError().text().toStdString();
        return q.value(0).toLongLong();
    };
    const auto search = [&](const QString &term) {
        WorkspaceQuery query;
        query.q = term;
        auto page = workspaces->page(query);
        EXPECT_TRUE(page.ok());
        return page->total;
    };
    QString id, account, cloud;
    {
        QSqlQuery q(*db->connection());
        ASSERT_TRUE(q.exec("SELECT id, account_id FROM workspaces ORDER BY rid LIMIT 1") && q.next());
        id = q.value(0).toString();
        account = q.value(1).toString();
        ASSERT_TRUE(q.exec("SELECT id FROM cloud_accounts ORDER BY id LIMIT 1") && q.next());
        cloud = q.value(0).toString();
    }
    // Runs `statements` in one transaction, in which `term` (if any) is found at once; commits or rolls
    // back.
    const auto write = [&](const QStringList &statements, const QString &term, bool commit) {
        auto tx = store::Transaction::begin(*db, store::Transaction::Mode::Write);
        ASSERT_TRUE(tx.ok());
        for (const QString &sql : statements) {
            QSqlQuery q((*tx)->connection());
            ASSERT_TRUE(q.exec(sql)) << q.lastError().text().toStdString();
        }
        if (!term.isEmpty())
            EXPECT_GT(found(term, (*tx)->connection()), 0) << "seen inside the write's own transaction";
        if (commit)
            ASSERT_TRUE((*tx)->commit().ok());
    };
    write({QStringLiteral("UPDATE workspaces SET name = 'Quokka Rename' WHERE id = '%1'").arg(id)},
          "quokka rename", false);
    EXPECT_EQ(search("quokka"), 0) << "rolled back with its write";

    write({QStringLiteral("UPDATE workspaces SET name = 'Quokka Rename' WHERE id = '%1'").arg(id)},
          "quokka rename", true);
    EXPECT_EQ(search("quokka ren"), 1);
    write({QStringLiteral("UPDATE accounts SET email = 'quokka.owner@example.test' WHERE id = '%1'")
               .arg(account)},
          "quokka.owner", true);
    EXPECT_GE(search("QUOKKA.OWNER"), 1);
    write({QStringLiteral("UPDATE cloud_accounts SET display_name = 'Quokka Cloud', customer_identifier = "
                          "'cust-quokka-77' WHERE id = '%1'")
               .arg(cloud),
           QStringLiteral("UPDATE workspaces SET cloud_account_id = '%1' WHERE id = '%2'").arg(cloud, id)},
          "cust-quokka", true);
    EXPECT_GE(search("quokka cloud"), 1);
    EXPECT_GE(search("cust-quokka-77"), 1);
    QSqlQuery q(*db->connection());
    ASSERT_TRUE(
        q.exec(QStringLiteral("SELECT COUNT(*) FROM workspaces WHERE cloud_account_id = '%1'").arg(cloud)) &&
        q.next());
    EXPECT_EQ(search("cust-quokka-77"), q.value(0).toLongLong()) << "every workspace the account pays for";
    write({QStringLiteral(
               "INSERT INTO workspaces (id, name, account_id, site, language, plan, billing_method, status, "
               "created_at, updated_at) SELECT 'ws-quokka', 'Brand New Quokka', account_id, site, "
               "language, plan, billing_method, status, created_at, updated_at FROM workspaces WHERE id "
               "= '%1'")
               .arg(id)},
          "brand new", true);
    EXPECT_GE(search("new quokka"), 1);
    write({"DELETE FROM workspaces WHERE id = 'ws-quokka'"}, {}, true);
    EXPECT_EQ(search("new quokka"), 0);
}

// A search with filters counts what the filters find now: a lock, a bind, a cloud account moved to
// another marketplace, each seen at once; one rolled back leaves the counts as they were.
TEST_P(WorkspaceStoreTest, ASearchWithFiltersCountsWhatEveryWriteLeft)
{
    const QString like = GetParam() == Backend::Sqlite ? "LIKE" : "ILIKE";
    struct Filters {
        QString status, billingMethod, provider, site;
        QString where;
    };
    const QList<Filters> filters{
        {"active", "", "", "", "w.status = 'active'"},
        {"locked", "", "", "us-east-1", "w.status = 'locked' AND w.site = 'us-east-1'"},
        {"", "cloud_account", "azure", "",
         "w.billing_method = 'cloud_account' AND w.cloud_account_id IN (SELECT id FROM cloud_accounts WHERE "
         "provider = 'azure')"},
        {"", "", "aws_cn", "",
         "w.cloud_account_id IN (SELECT id FROM cloud_accounts WHERE provider = 'aws_cn')"},
    };
    const QString term = "ws-";
    const auto counts = [&] {
        QList<std::pair<qint64, qint64>> found; // the page's total, and the reference's
        for (const Filters &f : filters) {
            WorkspaceQuery query;
            query.q = term;
            query.status = f.status;
            query.billingMethod = f.billingMethod;
            query.provider = f.provider;
            query.site = f.site;
            auto page = workspaces->page(query);
            EXPECT_TRUE(page.ok());
            QSqlQuery reference(*db->connection());
            reference.prepare(
                QStringLiteral(
                    "SELECT COUNT(*) FROM workspaces w JOIN accounts a ON a.id = w.account_id LEFT "
                    "JOIN cloud_accounts c ON c.id = w.cloud_account_id WHERE (w.id %1 :p ESCAPE "
                    "'\\' OR w.name %1 :p ESCAPE '\\' OR a.email %1 :p ESCAPE '\\' OR "
                    "c.display_name %1 :p ESCAPE '\\' OR c.customer_identifier %1 :p ESCAPE '\\') "
                    "AND %2")
                    .arg(like, f.where));
            reference.bindValue(":p", contract::parameters::containsPattern(term));
            EXPECT_TRUE(reference.exec() && reference.next()) << reference.lastError().text().toStdString();
            found.append({page.ok() ? page->total : -1, reference.value(0).toLongLong()});
        }
        return found;
    };
    const auto expectAgreement = [&](const char *after) {
        const auto found = counts();
        for (qsizetype i = 0; i < found.size(); ++i)
            EXPECT_EQ(found[i].first, found[i].second) << after << ": " << filters[i].where.toStdString();
        return found;
    };
    const auto run = [&](const QString &sql, bool commit) {
        auto tx = store::Transaction::begin(*db, store::Transaction::Mode::Write);
        ASSERT_TRUE(tx.ok());
        QSqlQuery q((*tx)->connection());
        ASSERT_TRUE(q.exec(sql)) << q.lastError().text().toStdString();
        ASSERT_GT(q.numRowsAffected(), 0) << sql.toStdString();
        if (commit)
            ASSERT_TRUE((*tx)->commit().ok());
    };
    QString azure;
    {
        QSqlQuery q(*db->connection());
        ASSERT_TRUE(q.exec("SELECT id FROM cloud_accounts WHERE provider = 'azure' ORDER BY id LIMIT 1") &&
                    q.next());
        azure = q.value(0).toString();
    }
    const auto before = expectAgreement("as seeded");
    EXPECT_GT(before[0].first, 100);

    run("UPDATE workspaces SET status = 'locked' WHERE rid IN (SELECT rid FROM workspaces WHERE status = "
        "'active' AND site = 'us-east-1' ORDER BY rid LIMIT 40)",
        false);
    EXPECT_EQ(counts(), before) << "a rolled-back lock changes no count";

    run("UPDATE workspaces SET status = 'locked' WHERE rid IN (SELECT rid FROM workspaces WHERE status = "
        "'active' AND site = 'us-east-1' ORDER BY rid LIMIT 40)",
        true);
    const auto locked = expectAgreement("a lock");
    EXPECT_EQ(locked[0].first, before[0].first - 40);
    EXPECT_EQ(locked[1].first, before[1].first + 40);

    run(QStringLiteral(
            "UPDATE workspaces SET billing_method = 'cloud_account', cloud_account_id = '%1' WHERE "
            "rid IN (SELECT rid FROM workspaces WHERE billing_method = 'credit_card' ORDER BY rid "
            "LIMIT 30)")
            .arg(azure),
        true);
    const auto bound = expectAgreement("a bind");
    EXPECT_EQ(bound[2].first, locked[2].first + 30);

    run(QStringLiteral("UPDATE cloud_accounts SET provider = 'aws_cn' WHERE id = '%1'").arg(azure), true);
    const auto moved = expectAgreement("a cloud account in another marketplace");
    EXPECT_GE(moved[3].first, bound[3].first + 30);
}

// A cloud account saved whole (a cancellation, a subscription change) or an owner saved without a new
// email rewrites no search row; a new email rewrites its workspaces'. On SQLite a workspace's search row
// holds its own text alone (id, name, owner's email): a bind rewrites none, and a cloud account renamed
// rewrites its own (binding 10,000 workspaces once rewrote 10,000 rows: two thirds of the bind's time).
// On PostgreSQL each workspace's text holds its cloud account's, and both rewrite them.
TEST_P(WorkspaceStoreTest, ASearchRowIsRewrittenOnlyWhenItsTextChanges)
{
    const bool sqlite = GetParam() == Backend::Sqlite;
    QString cloud, account, unbound;
    {
        QSqlQuery q(*db->connection());
        ASSERT_TRUE(q.exec("SELECT id FROM cloud_accounts ORDER BY id LIMIT 1") && q.next());
        cloud = q.value(0).toString();
        ASSERT_TRUE(
            q.exec("SELECT id FROM workspaces WHERE cloud_account_id = '' ORDER BY rid DESC LIMIT 1") &&
            q.next());
        unbound = q.value(0).toString();
        ASSERT_TRUE(
            q.exec(QStringLiteral("UPDATE workspaces SET cloud_account_id = '%1' WHERE rid IN (SELECT "
                                  "rid FROM workspaces ORDER BY rid LIMIT 50)")
                       .arg(cloud)));
        ASSERT_TRUE(q.exec("SELECT account_id FROM workspaces ORDER BY rid LIMIT 1") && q.next());
        account = q.value(0).toString();
    }
    // How many search rows `sql` writes, in a transaction rolled back afterwards: SQLite counts every row
    // its statement and their triggers change (the FTS5 index's own rows too); PostgreSQL marks each row
    // version with the transaction that wrote it.
    const auto searchRowsWritten = [&](const QString &sql) -> qint64 {
        auto tx = store::Transaction::begin(*db, store::Transaction::Mode::Write);
        EXPECT_TRUE(tx.ok());
        QSqlQuery q((*tx)->connection());
        const QString written =
            sqlite ? QStringLiteral("SELECT total_changes()")
                   : QStringLiteral("SELECT COUNT(*) FROM workspace_search WHERE xmin::text::bigint = "
                                    "pg_current_xact_id()::text::bigint % 4294967296");
        EXPECT_TRUE(q.exec(sqlite ? written : QStringLiteral("SELECT pg_current_xact_id()")) && q.next());
        const qint64 before = sqlite ? q.value(0).toLongLong() : 0;
        EXPECT_TRUE(q.exec(sql)) << q.lastError().text().toStdString();
        EXPECT_EQ(q.numRowsAffected(), 1) << sql.toStdString();
        EXPECT_TRUE(q.exec(written) && q.next()) << q.lastError().text().toStdString();
        // SQLite's count includes the saved row itself.
        return q.value(0).toLongLong() - before - (sqlite ? 1 : 0);
    };
    EXPECT_EQ(
        searchRowsWritten(QStringLiteral("UPDATE cloud_accounts SET display_name = display_name, "
                                         "customer_identifier = customer_identifier, subscription_state "
                                         "= 'unsubscribed' WHERE id = '%1'")
                              .arg(cloud)),
        0);
    EXPECT_EQ(searchRowsWritten(
                  QStringLiteral("UPDATE accounts SET email = email, credits_minor = 7 WHERE id = '%1'")
                      .arg(account)),
              0);
    // The same measure sees the rows a change of a workspace's own text rewrites: one (SQLite counts
    // the FTS5 index's rows that its rewrite changes).
    const qint64 oneRow = searchRowsWritten(
        QStringLiteral("UPDATE workspaces SET name = 'Renamed Quokka' WHERE id = '%1'").arg(unbound));
    EXPECT_GT(oneRow, 0);
    const qint64 bind =
        searchRowsWritten(QStringLiteral("UPDATE workspaces SET billing_method = 'cloud_account', "
                                         "cloud_account_id = '%1' WHERE id = '%2'")
                              .arg(cloud, unbound));
    const qint64 renamed = searchRowsWritten(
        QStringLiteral("UPDATE cloud_accounts SET display_name = 'Renamed Cloud' WHERE id = '%1'")
            .arg(cloud));
    const qint64 newCustomer = searchRowsWritten(
        QStringLiteral("UPDATE cloud_accounts SET customer_identifier = 'cust-new' WHERE id = '%1'")
            .arg(cloud));
    if (sqlite) {
        EXPECT_EQ(bind, 2) << "the workspace moves between two groups of the tally, no search row";
        EXPECT_LE(renamed, oneRow) << "the cloud account's own row, none of its 50 workspaces'";
        EXPECT_LE(newCustomer, oneRow);
    } else {
        EXPECT_EQ(bind, 1);
        EXPECT_GE(renamed, 50);
        EXPECT_GE(newCustomer, 50);
    }
    EXPECT_GE(searchRowsWritten(
                  QStringLiteral("UPDATE accounts SET email = 'new.owner@example.test' WHERE id = '%1'")
                      .arg(account)),
              1);
}

TEST_P(WorkspaceStoreTest, PagesPastTheEndAreEmptyWithTheTotal)
{
    WorkspaceQuery query;
    query.offset = Workspaces + 50;
    auto page = workspaces->page(query);
    ASSERT_TRUE(page.ok());
    EXPECT_EQ(page->total, Workspaces);
    EXPECT_TRUE(page->items.isEmpty());
}

TEST_P(WorkspaceStoreTest, PositionsStandThroughCommitsThatChangedNoneOfTheirColumnsAndFollowOnesThatDid)
{
    // A commit that saved no workspace (a sign-in's audit event, an owner linked), or saved workspaces
    // without touching the list's columns (a lock changes no name), keeps the positions: rebuilding
    // them costs a second or more at a million rows. The rename below goes behind the store's back,
    // so stale positions show: the page seeks from where the 300 renamed rows used to sort.
    const WorkspaceQuery query = deepNamePage();
    const QStringList before = idsOf(*workspaces->page(query));
    renameTheLast300BehindTheStoresBack();
    const QStringList renamed = expectedIds("name", {}, false, 2000, 100);
    ASSERT_NE(renamed, before);
    workspaces->committed();
    EXPECT_NE(idsOf(*workspaces->page(query)), renamed) << "no workspace was saved: the positions stand";

    // Positions of a filtered list by status, built now (after the rename, so they are right). (An
    // unfiltered list follows the rows a save moves instead: the test after this one.)
    QSqlQuery common(*db->connection());
    ASSERT_TRUE(common.exec("SELECT billing_method FROM workspaces GROUP BY billing_method ORDER BY "
                            "COUNT(*) DESC LIMIT 1") &&
                common.next());
    WorkspaceQuery byStatus;
    byStatus.sort = "status";
    byStatus.billingMethod = common.value(0).toString();
    const QString ofMethod = "WHERE billing_method = '" + byStatus.billingMethod + "'";
    ASSERT_TRUE(workspaces->page(byStatus).ok());
    workspaces->awaitPositions(byStatus);
    ASSERT_EQ(idsOf(*workspaces->page(byStatus)), expectedIds("status", ofMethod, false, 0, 100));
    // 200 statuses change behind the store's back, then the store saves one status change itself.
    QSqlQuery behind(*db->connection());
    ASSERT_TRUE(behind.exec("UPDATE workspaces SET status = 'aaa-moved' WHERE rid IN (SELECT rid FROM "
                            "workspaces ORDER BY status DESC, rid DESC LIMIT 200)"));
    auto one = workspaces->find(before.first());
    ASSERT_TRUE(one.ok());
    contract::Workspace after = *one;
    after.version += 1;
    after.status =
        after.status == QLatin1String("locked") ? QStringLiteral("active") : QStringLiteral("locked");
    {
        auto tx = store::Transaction::begin(*db, store::Transaction::Mode::Write);
        ASSERT_TRUE(tx.ok());
        ASSERT_TRUE(workspaces->save((*tx)->connection(), {{*one, after}}).ok());
        EXPECT_EQ(workspaces->changedSinceCommit(), (QStringList{"status", "updated_at", "version"}));
        ASSERT_TRUE((*tx)->commit().ok());
    }
    workspaces->committed();
    EXPECT_TRUE(workspaces->changedSinceCommit().isEmpty());
    EXPECT_EQ(idsOf(*workspaces->page(byStatus)), expectedIds("status", ofMethod, false, 0, 100))
        << "the filtered lists by status are rebuilt from what is stored now";
    EXPECT_NE(idsOf(*workspaces->page(query)), renamed)
        << "the list by name, whose column no save changed, stands";

    // Another instance's commit whose columns are unknown (a lost notification): everything goes.
    workspaces->changedElsewhere({});
    EXPECT_EQ(idsOf(*workspaces->page(query)), renamed);
    workspaces->committed();
    EXPECT_EQ(idsOf(*workspaces->page(query)), renamed) << "and stand again until the next change";
}

TEST_P(WorkspaceStoreTest, UnfilteredListsFollowTheRowsTheStoresOwnSavesMove)
{
    // Every save moves its workspace to the end of the update-time order, and a lock or a bind moves it
    // in the lists by status, purge date, method or cloud account. The positions of those unfiltered
    // lists follow the moves of this store's own commits instead of being built again (0.3-0.7 s each
    // at a million): every page of every such list agrees with a plain ORDER BY after each commit.
    const QStringList sorts{"updated_at", "status", "purge_at", "billing_method", "cloud_account_id"};
    const auto query = [](const QString &sort, bool descending, qint64 offset) {
        WorkspaceQuery q;
        q.sort = sort;
        q.descending = descending;
        q.offset = offset;
        return q;
    };
    for (const QString &sort : sorts) {
        ASSERT_TRUE(workspaces->page(query(sort, false, 2000)).ok());
        workspaces->awaitPositions(query(sort, false, 2000));
        ASSERT_TRUE(workspaces->hasPositions(query(sort, false, 0))) << sort.toStdString();
    }
    const auto everyPageAgrees = [&](const char *after) {
        for (const QString &sort : sorts) {
            const QString column = sort == "purge_at" ? QStringLiteral("lock_purge_at") : sort;
            for (const bool descending : {false, true}) {
                for (const qint64 offset : {0, 1, 255, 256, 700, 1333, 2048, 2600, 2899, 2999}) {
                    auto page = workspaces->page(query(sort, descending, offset));
                    ASSERT_TRUE(page.ok());
                    EXPECT_EQ(page->total, Workspaces);
                    EXPECT_EQ(idsOf(*page), expectedIds(column, {}, descending, offset, 100))
                        << after << ", by " << sort.toStdString() << (descending ? " desc" : " asc") << " at "
                        << offset;
                }
            }
        }
    };
    // Saves `edit` of each of `ids` in one transaction, committed or rolled back.
    qint64 now = test::TestPlatform::Now;
    const auto save = [&](const QString &where, const std::function<void(contract::Workspace &)> &edit,
                          bool commit = true) {
        now += 60'000;
        {
            auto tx = store::Transaction::begin(*db, store::Transaction::Mode::Write);
            ASSERT_TRUE(tx.ok());
            QList<store::WorkspaceStore::Save> saves;
            for (const QString &id : orderedIds(*db, "rid", where, false, 0, 10000)) {
                auto before = workspaces->find(id, (*tx)->connection());
                ASSERT_TRUE(before.ok());
                contract::Workspace after = *before;
                edit(after);
                after.version += 1;
                after.updatedAt = now;
                saves.append({*before, after});
            }
            auto saved = workspaces->save((*tx)->connection(), saves);
            ASSERT_TRUE(saved.ok());
            ASSERT_TRUE(saved->isEmpty());
            if (commit)
                ASSERT_TRUE((*tx)->commit().ok());
        } // rolled back here unless committed
        if (commit)
            workspaces->committed();
        else
            workspaces->rolledBack();
    };

    // 150 active workspaces locked, their countdowns started.
    save("WHERE status = 'active' AND rid % 17 = 3", [&](contract::Workspace &w) {
        w.status = QStringLiteral("locked");
        w.lock = {QStringLiteral("payment_overdue"), now, QStringLiteral("ada"), {}, now + 14 * 86'400'000};
    });
    EXPECT_TRUE(workspaces->hasPositions(query("updated_at", false, 0))) << "followed, not dropped";
    EXPECT_TRUE(workspaces->hasPositions(query("status", false, 0))) << "followed, not dropped";
    everyPageAgrees("a lock");

    // Workspaces of card-paying owners bound to one cloud account.
    QSqlQuery first(*db->connection());
    ASSERT_TRUE(first.exec("SELECT id FROM cloud_accounts ORDER BY id LIMIT 1") && first.next());
    const QString cloud = first.value(0).toString();
    save("WHERE status = 'active' AND billing_method <> 'cloud_account' AND rid % 13 = 5",
         [&](contract::Workspace &w) {
             w.billingMethod = QStringLiteral("cloud_account");
             w.cloudAccountId = cloud;
         });
    EXPECT_TRUE(workspaces->hasPositions(query("updated_at", false, 0))) << "followed, not dropped";
    everyPageAgrees("a bind");

    // A transaction that saved and rolled back moved nothing.
    save(
        "WHERE status = 'locked' AND rid % 5 = 1",
        [](contract::Workspace &w) { w.status = QStringLiteral("dissolved"); }, false);
    everyPageAgrees("a rollback");

    // Some of the locked unlocked again, one change each, in one transaction.
    save("WHERE status = 'locked' AND rid % 3 = 0", [](contract::Workspace &w) {
        w.status = QStringLiteral("active");
        w.lock = {};
    });
    everyPageAgrees("an unlock");
}

TEST_P(WorkspaceStoreTest, ALongListsFollowedPositionsAreStoredForTheNextStart)
{
    // Positions that followed a commit are stored with the stamp of the data they now describe, so that
    // the next start (or another instance) reads them instead of building them again.
    test::TestDatabase longDatabase(GetParam());
    const std::shared_ptr<store::Database> longDb = seededLong(longDatabase);
    ASSERT_TRUE(longDb);
    const auto number = [&](const QString &sql) {
        QSqlQuery q(*longDb->connection());
        EXPECT_TRUE(q.exec(sql)) << sql.toStdString();
        return q.next() ? q.value(0).toLongLong() : -1;
    };
    const auto stampHolds = [&](const QString &column) {
        return number("SELECT COUNT(*) FROM page_positions WHERE list_key LIKE '%" + column +
                      "' AND stamp = (SELECT COALESCE(SUM(changes), 0) FROM workspace_column_changes WHERE "
                      "column_name = '" +
                      column + "')") == 1;
    };
    WorkspaceQuery byStatus;
    byStatus.sort = "status";
    byStatus.offset = Long - 700;
    {
        store::WorkspaceStore first(longDb);
        first.prepareUnfilteredSorts(); // the seed stored them: read here
        ASSERT_TRUE(first.hasPositions(byStatus));
        {
            auto tx = store::Transaction::begin(*longDb, store::Transaction::Mode::Write);
            ASSERT_TRUE(tx.ok());
            QList<store::WorkspaceStore::Save> saves;
            for (const QString &id :
                 orderedIds(*longDb, "rid", "WHERE status = 'active' AND rid % 41 = 7", false, 0, 1000)) {
                auto before = first.find(id, (*tx)->connection());
                ASSERT_TRUE(before.ok());
                contract::Workspace after = *before;
                after.status = QStringLiteral("locked");
                after.lock = {
                    QStringLiteral("admin_hold"), test::TestPlatform::Now, QStringLiteral("ada"), {}, 0};
                after.version += 1;
                after.updatedAt = test::TestPlatform::Now + 1000;
                saves.append({*before, after});
            }
            ASSERT_TRUE(first.save((*tx)->connection(), saves).ok());
            ASSERT_TRUE((*tx)->commit().ok());
            first.committed(); // within the writers' turn, as the change runner calls it
            EXPECT_TRUE(first.hasPositions(byStatus)) << "followed";
        } // the turn ends with the transaction: on SQLite the store waits for it
        first.awaitBackground();
    }
    EXPECT_TRUE(stampHolds("status"));
    EXPECT_TRUE(stampHolds("updated_at"));
    store::WorkspaceStore next(longDb);
    for (const QString &sort : {QStringLiteral("status"), QStringLiteral("updated_at")}) {
        for (const qint64 offset : {qint64(0), qint64(2500), Long - 700, Long - 100}) {
            WorkspaceQuery query;
            query.sort = sort;
            query.offset = offset;
            auto page = next.page(query);
            ASSERT_TRUE(page.ok());
            EXPECT_TRUE(next.hasPositions(query)) << "read as stored, not built";
            EXPECT_EQ(idsOf(*page), orderedIds(*longDb, sort, {}, false, offset, 100))
                << sort.toStdString() << " at " << offset;
        }
    }
}

TEST_P(WorkspaceStoreTest, LongListsKeepTheirPositionsAcrossRestartsUntilASaveChangesTheirColumns)
{
    test::TestDatabase longDatabase(GetParam());
    const std::shared_ptr<store::Database> longDb = seededLong(longDatabase);
    ASSERT_TRUE(longDb);
    const auto ids = [&](const QString &column, qint64 offset) {
        return orderedIds(*longDb, column, {}, false, offset, 100);
    };
    const auto stored = [&] {
        QSqlQuery q(*longDb->connection());
        EXPECT_TRUE(q.exec("SELECT COUNT(*) FROM page_positions"));
        return q.next() ? q.value(0).toLongLong() : -1;
    };
    WorkspaceQuery byName;
    byName.sort = "name";
    byName.offset = Long - 700;
    WorkspaceQuery byStatus;
    byStatus.sort = "status";
    byStatus.offset = Long - 700;
    // As a database that never stored any (the seed stores every unfiltered sort's).
    ASSERT_TRUE(QSqlQuery(*longDb->connection()).exec("DELETE FROM page_positions"));

    // The platform's first run builds both lists' positions and stores them.
    {
        store::WorkspaceStore first(longDb);
        for (const WorkspaceQuery &query : {byName, byStatus}) {
            ASSERT_TRUE(first.page(query).ok());
            first.awaitPositions(query);
        }
    }
    ASSERT_EQ(stored(), 2);

    // Behind any store's back (no save counts it), 300 names move to the front and 200 statuses
    // change: positions read back from the table show it, built ones would not.
    QSqlQuery behind(*longDb->connection());
    ASSERT_TRUE(behind.exec("UPDATE workspaces SET name = 'AAAA first' WHERE rid IN "
                            "(SELECT rid FROM workspaces ORDER BY name DESC, rid DESC LIMIT 300)"));
    ASSERT_TRUE(behind.exec("UPDATE workspaces SET status = 'aaa-moved' WHERE rid IN (SELECT rid FROM "
                            "workspaces ORDER BY status DESC, rid DESC LIMIT 200)"));
    {
        store::WorkspaceStore restarted(longDb);
        auto page = restarted.page(byName);
        ASSERT_TRUE(page.ok());
        EXPECT_EQ(page->total, Long);
        EXPECT_NE(idsOf(*page), ids("name", byName.offset)) << "read back, not built again";

        // One status saved through the store: the stored positions by status no longer hold; those
        // by name, whose column no save changed, do.
        auto one = restarted.find(page->items.first().id);
        ASSERT_TRUE(one.ok());
        contract::Workspace after = *one;
        after.version += 1;
        after.status = after.status == "locked" ? QStringLiteral("active") : QStringLiteral("locked");
        auto tx = store::Transaction::begin(*longDb, store::Transaction::Mode::Write);
        ASSERT_TRUE(tx.ok());
        ASSERT_TRUE(restarted.save((*tx)->connection(), {{*one, after}}).ok());
        ASSERT_TRUE((*tx)->commit().ok());
    }
    {
        // Another instance, or the next start, reads only what still holds.
        store::WorkspaceStore other(longDb);
        EXPECT_NE(idsOf(*other.page(byName)), ids("name", byName.offset));
        auto walked = other.page(byStatus);
        ASSERT_TRUE(walked.ok());
        EXPECT_EQ(walked->total, Long) << "the total the list by name counted";
        EXPECT_EQ(idsOf(*walked), ids("status", byStatus.offset));
        other.awaitPositions(byStatus);
        EXPECT_EQ(idsOf(*other.page(byStatus)), ids("status", byStatus.offset))
            << "built again from the data";
    }
    {
        store::WorkspaceStore next(longDb);
        EXPECT_EQ(idsOf(*next.page(byStatus)), ids("status", byStatus.offset)) << "and stored again";
    }

    // Bytes that are not positions (a damaged row) are not used: the list is read and built afresh.
    QSqlQuery damage(*longDb->connection());
    damage.prepare("UPDATE page_positions SET keys = ?");
    damage.addBindValue(QByteArray("not positions"));
    ASSERT_TRUE(damage.exec());
    store::WorkspaceStore damaged(longDb);
    EXPECT_EQ(idsOf(*damaged.page(byName)), ids("name", byName.offset));

    // Many clients at once on lists without positions: one walks, the others wait for the build;
    // every answer is the page.
    ASSERT_TRUE(behind.exec("DELETE FROM page_positions"));
    store::WorkspaceStore busy(longDb);
    std::vector<QStringList> answers(8);
    std::vector<std::thread> clients;
    for (size_t i = 0; i < answers.size(); ++i) {
        clients.emplace_back([&, i] {
            WorkspaceQuery query = i % 2 ? byStatus : byName;
            query.offset -= qint64(i);
            if (auto page = busy.page(query); page.ok())
                answers[i] = idsOf(*page);
        });
    }
    for (std::thread &client : clients)
        client.join();
    for (size_t i = 0; i < answers.size(); ++i)
        EXPECT_EQ(answers[i], ids(i % 2 ? "status" : "name", byName.offset - qint64(i))) << "client " << i;
}

// A bulk change of cloud accounts is found by the search at once after its commit, on both backends.
// On PostgreSQL its search entries wait in the trigram index's pending list (searched as they are
// written), and committed() merges them on its own thread; SQLite's FTS5 index has no such list.
TEST_P(WorkspaceStoreTest, ABulkBindsSearchEntriesAreFoundAtOnceAndMergedAfterItsCommit)
{
    const bool postgres = GetParam() == Backend::Postgres;
    QString cloud, name;
    QList<contract::Workspace> unbound;
    {
        QSqlQuery q(*db->connection());
        ASSERT_TRUE(q.exec("SELECT id, display_name FROM cloud_accounts ORDER BY id LIMIT 1") && q.next());
        cloud = q.value(0).toString();
        name = q.value(1).toString();
        ASSERT_TRUE(
            q.exec(QStringLiteral("SELECT id FROM workspaces WHERE cloud_account_id = '' ORDER BY rid "
                                  "LIMIT %1")
                       .arg(store::WorkspaceStore::BulkSearchRows)));
        QStringList ids;
        while (q.next())
            ids << q.value(0).toString();
        ASSERT_EQ(ids.size(), store::WorkspaceStore::BulkSearchRows);
        auto found = workspaces->findMany(ids, *db->connection());
        ASSERT_TRUE(found.ok());
        unbound = *found;
    }
    const auto searched = [&] {
        WorkspaceQuery query;
        query.q = name;
        query.limit = 1;
        auto page = workspaces->page(query);
        EXPECT_TRUE(page.ok());
        return page->total;
    };
    const qint64 before = searched();
    // Moves the workspaces to `to` (from `from`) in one transaction; `bound` is whether they pay with
    // the cloud account now.
    const auto move = [&](const QString &from, const QString &to, bool bound, bool told) {
        QList<store::WorkspaceStore::Save> saves;
        for (contract::Workspace &workspace : unbound) {
            contract::Workspace after = workspace;
            after.cloudAccountId = to;
            after.version = workspace.version + 1;
            EXPECT_EQ(workspace.cloudAccountId, from);
            saves.append({workspace, after});
            workspace = after;
        }
        auto tx = store::Transaction::begin(*db, store::Transaction::Mode::Write);
        ASSERT_TRUE(tx.ok());
        auto conflicts = workspaces->save((*tx)->connection(), saves);
        ASSERT_TRUE(conflicts.ok()) << conflicts.problem().message().toStdString();
        EXPECT_TRUE(conflicts->isEmpty());
        if (postgres) {
            QSqlQuery q((*tx)->connection());
            ASSERT_TRUE(q.exec("SHOW gin_pending_list_limit") && q.next());
            EXPECT_EQ(q.value(0).toString(), "64MB") << "the merge waits for the commit";
        }
        ASSERT_TRUE((*tx)->commit().ok());
        EXPECT_EQ(searched(), before + (bound ? unbound.size() : 0)) << "found at once";
        if (told)
            workspaces->committed();
    };
    // The measure: pages of the pending list the index holds, merged by the call itself.
    const auto pendingPages = [&] {
        QSqlQuery q(*db->connection());
        EXPECT_TRUE(q.exec("SELECT gin_clean_pending_list('workspace_search_trigrams'::regclass)") &&
                    q.next())
            << q.lastError().text().toStdString();
        return q.value(0).toLongLong();
    };
    move(QString(), cloud, true, false);
    if (postgres)
        EXPECT_GT(pendingPages(), 0) << "left pending by the bind, until merged";
    move(cloud, QString(), false, true);
    workspaces->awaitSearchUpkeep();
    if (postgres)
        EXPECT_EQ(pendingPages(), 0) << "merged after the commit";
}

TEST_P(WorkspaceStoreTest, SavesWriteEachChangeWhateverColumnsItAltersAndRefuseAStaleVersion)
{
    const auto read = [&](const QString &id) {
        auto found = workspaces->find(id);
        EXPECT_TRUE(found.ok());
        return *found;
    };
    const auto save = [&](const QList<store::WorkspaceStore::Save> &saves) {
        auto tx = store::Transaction::begin(*db, store::Transaction::Mode::Write);
        EXPECT_TRUE(tx.ok());
        auto conflicts = workspaces->save((*tx)->connection(), saves);
        EXPECT_TRUE(conflicts.ok());
        EXPECT_TRUE((*tx)->commit().ok());
        return *conflicts;
    };
    QStringList ids;
    {
        QSqlQuery q(*db->connection());
        ASSERT_TRUE(q.exec("SELECT id FROM workspaces WHERE status = 'active' AND billing_method = "
                           "'credit_card' ORDER BY rid LIMIT 3"));
        while (q.next())
            ids << q.value(0).toString();
    }
    ASSERT_EQ(ids.size(), 3);

    // One batch, three kinds of change: a lock (status and every lock column), a move to cloud billing
    // (method and account only), and one whose version is stale.
    const contract::Workspace first = read(ids[0]), second = read(ids[1]), third = read(ids[2]);
    contract::Workspace locked = first;
    locked.status = "locked";
    locked.lock = {"no_billing_method", 1000, "ops@example.com", "card expired", 2000};
    locked.version += 1;
    locked.updatedAt = 1000;
    contract::Workspace billed = second;
    billed.billingMethod = "cloud_account";
    billed.cloudAccountId = "ca-any";
    billed.version += 1;
    billed.updatedAt = 1000;
    contract::Workspace staleBefore = third;
    staleBefore.version -= 1;
    contract::Workspace stale = third;
    stale.status = "locked";
    stale.version += 1;
    EXPECT_EQ(save({{first, locked}, {second, billed}, {staleBefore, stale}}), QStringList{ids[2]});
    EXPECT_EQ(read(ids[0]).toJson(), locked.toJson());
    EXPECT_EQ(read(ids[1]).toJson(), billed.toJson());
    EXPECT_EQ(read(ids[2]).toJson(), third.toJson()) << "a refused save leaves the row as it was";

    // Back again: the lock's columns emptied and an override written.
    contract::Workspace unlocked = locked;
    unlocked.status = "active";
    unlocked.lock = {};
    unlocked.overrideUntil = 5000;
    unlocked.version += 1;
    unlocked.updatedAt = 3000;
    EXPECT_TRUE(save({{locked, unlocked}}).isEmpty());
    EXPECT_EQ(read(ids[0]).toJson(), unlocked.toJson());
}

TEST_P(WorkspaceStoreTest, ReadsEveryFieldAsStoredWhateverItsState)
{
    // Workspaces in every state the rules distinguish, read through the store and, independently,
    // through Qt Sql column by column.
    QStringList ids;
    QHash<QString, QStringList> stored;
    {
        QSqlQuery q(*db->connection());
        ASSERT_TRUE(q.exec(
            "SELECT id, name, account_id, site, language, plan, billing_method, cloud_account_id, status, "
            "lock_reason, lock_at, lock_by, lock_note, lock_purge_at, version, created_at, updated_at, "
            "override_until FROM workspaces WHERE rid IN "
            "(SELECT MIN(rid) FROM workspaces GROUP BY status, billing_method, lock_reason, override_until > "
            "0)"));
        while (q.next()) {
            QStringList columns;
            for (int i = 0; i < 18; ++i)
                columns << q.value(i).toString();
            ids << columns.first();
            stored.insert(columns.first(), columns);
        }
    }
    ASSERT_GE(ids.size(), 6) << "the dataset holds active, locked and dissolved workspaces on every method";
    const auto columnsOf = [](const contract::Workspace &w) {
        return QStringList{w.id,
                           w.name,
                           w.accountId,
                           w.site,
                           w.language,
                           w.plan,
                           w.billingMethod,
                           w.cloudAccountId,
                           w.status,
                           w.lock.reason,
                           QString::number(w.lock.at),
                           w.lock.by,
                           w.lock.note,
                           QString::number(w.lock.purgeAt),
                           QString::number(w.version),
                           QString::number(w.createdAt),
                           QString::number(w.updatedAt),
                           QString::number(w.overrideUntil)};
    };
    auto many = workspaces->findMany(ids + QStringList{"ws-none"}, *db->connection());
    ASSERT_TRUE(many.ok());
    ASSERT_EQ(many->size(), ids.size()) << "an unknown id is left out";
    for (const contract::Workspace &w : *many)
        EXPECT_EQ(columnsOf(w), stored.value(w.id));
    for (const QString &id : std::as_const(ids)) {
        auto one = workspaces->find(id);
        ASSERT_TRUE(one.ok());
        EXPECT_EQ(columnsOf(*one), stored.value(id));
    }
}

TEST_P(WorkspaceStoreTest, AFailedReadIsAStorageProblemNamingWhatFailed)
{
    store::RepeatedStatement broken(*db->connection(), "SELECT no_such_column FROM workspaces",
                                    "Reading the impossible");
    auto read = broken.forEachRow({}, [](const store::RepeatedStatement::Row &) {
        ADD_FAILURE() << "no row";
        return false;
    });
    ASSERT_FALSE(read.ok());
    EXPECT_EQ(read.problem().status, 503);
    EXPECT_EQ(read.problem().code, "storage_unavailable");
    EXPECT_TRUE(read.problem().detail.startsWith("Reading the impossible failed"))
        << read.problem().detail.toStdString();
}

TEST_P(WorkspaceStoreTest, UnknownIdIsNotFound)
{
    auto found = workspaces->find("ws-none");
    ASSERT_FALSE(found.ok());
    EXPECT_EQ(found.problem().status, 404);
    EXPECT_EQ(found.problem().code, "not_found");
    auto known = workspaces->find("ws-0000042");
    ASSERT_TRUE(known.ok());
    EXPECT_EQ(known->id, "ws-0000042");
}

INSTANTIATE_TEST_SUITE_P(Backends, WorkspaceStoreTest, ::testing::Values(Backend::Sqlite, Backend::Postgres),
                         [](const auto &info) { return std::string(test::backendName(info.param)); });

TEST(WorkspaceStorePostgres, InstancesTakeTurnsBuildingAListAndTheOthersReadWhatWasStored)
{
    if (qEnvironmentVariableIsEmpty("BILLING_TEST_POSTGRES"))
        GTEST_SKIP() << "BILLING_TEST_POSTGRES is not set";
    constexpr qint64 Long = store::WorkspaceStore::ShallowRows + 1000;
    test::TestDatabase database(Backend::Postgres);
    auto opened = store::Database::open(database.spec());
    ASSERT_TRUE(opened.ok());
    std::shared_ptr<store::Database> db = *opened;
    ASSERT_TRUE(seeding::DatasetSeeder::seed(*db, {Long, 3, test::TestPlatform::Now}).ok());
    WorkspaceQuery byName;
    byName.sort = "name";
    byName.offset = Long - 700;
    QSqlQuery sql(*db->connection());
    ASSERT_TRUE(sql.exec("DELETE FROM page_positions")); // as a database that never stored any

    // One instance built and stored the list's positions; they are set aside, and 300 names move
    // behind every store's back, so that positions read back show it and built ones do not.
    {
        store::WorkspaceStore first(db);
        ASSERT_TRUE(first.page(byName).ok());
        first.awaitPositions(byName);
    }
    ASSERT_TRUE(sql.exec("SELECT list_key, stamp, total, keys FROM page_positions"));
    ASSERT_TRUE(sql.next());
    const QVariantList stored{sql.value(0), sql.value(1), sql.value(2), sql.value(3)};
    ASSERT_TRUE(sql.exec("DELETE FROM page_positions"));
    ASSERT_TRUE(sql.exec("UPDATE workspaces SET name = 'AAAA first' WHERE rid IN "
                         "(SELECT rid FROM workspaces ORDER BY name DESC, rid DESC LIMIT 300)"));
    const QStringList fresh = orderedIds(*db, "name", {}, false, byName.offset, 100);

    // Another instance holds the list's build turn.
    QSqlQuery turn(*db->connection());
    turn.prepare("SELECT pg_advisory_lock(727004, hashtext(?))");
    turn.addBindValue(stored.at(0));
    ASSERT_TRUE(turn.exec());

    // This one answers by walking, and its background build waits for the turn.
    store::WorkspaceStore second(db);
    auto walked = second.page(byName);
    ASSERT_TRUE(walked.ok());
    EXPECT_EQ(idsOf(*walked), fresh);
    bool waiting = false;
    for (int i = 0; i < 200 && !waiting; ++i) {
        ASSERT_TRUE(sql.exec("SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = 727004 "
                             "AND NOT granted"));
        waiting = sql.next() && sql.value(0).toInt() == 1;
        if (!waiting)
            QThread::msleep(50);
    }
    ASSERT_TRUE(waiting) << "the second instance did not wait for the turn";

    // The holder stores its positions and ends its turn: the waiting one reads them.
    QSqlQuery put(*db->connection());
    put.prepare("INSERT INTO page_positions (list_key, stamp, total, keys, built_at) VALUES (?, ?, ?, ?, 1)");
    for (const QVariant &value : stored)
        put.addBindValue(value);
    ASSERT_TRUE(put.exec()) << put.lastError().text().toStdString();
    turn.prepare("SELECT pg_advisory_unlock(727004, hashtext(?))");
    turn.addBindValue(stored.at(0));
    ASSERT_TRUE(turn.exec());
    second.awaitPositions(byName);
    EXPECT_NE(idsOf(*second.page(byName)), fresh) << "read what the other instance stored, not built again";
}
