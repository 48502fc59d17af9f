// SPDX-License-Identifier: Apache-2.0
#include "platform/seeding/datasetseeder.h"
#include "platform/store/database.h"
#include "platform/store/migrations.h"
#include "platform/store/workspacestore.h"
#include "tests/support/testplatform.h"
#include "tests/support/wait.h"

#include <QFileInfo>
#include <QSqlQuery>

#include <gtest/gtest.h>

using namespace billing;
using billing::test::Backend;

namespace {

// A database seeded with `workspaces` (SQLite unless told), for its planner's statistics and indexes.
struct Seeded {
    explicit Seeded(qint64 workspaces, Backend backend = Backend::Sqlite)
        : database(backend)
    {
        auto opened = store::Database::open(database.spec());
        EXPECT_TRUE(opened.ok());
        if (!opened)
            return;
        db = *opened;
        EXPECT_TRUE(seeding::DatasetSeeder::seed(*db, {workspaces, 3, test::TestPlatform::Now}).ok());
    }
    // The first column of the first row `sql` reads, as a number (-1 if none).
    qint64 number(const QString &sql) const
    {
        QSqlQuery q(*db->connection());
        EXPECT_TRUE(q.exec(sql)) << sql.toStdString();
        return q.next() ? q.value(0).toLongLong() : -1;
    }
    test::TestDatabase database;
    std::shared_ptr<store::Database> db;
};

} // namespace

class Migrations : public ::testing::TestWithParam<Backend>
{
};

TEST_P(Migrations, BringAnEmptyDatabaseToTheLatestSchemaOnceAndOnlyOnce)
{
    test::TestDatabase database(GetParam());
    auto db = store::Database::open(database.spec());
    ASSERT_TRUE(db.ok()) << db.problem().message().toStdString();
    auto applied = store::Migrations::apply(**db);
    ASSERT_TRUE(applied.ok()) << applied.problem().message().toStdString();
    EXPECT_EQ(*applied, store::Migrations::latestVersion());
    auto again = store::Migrations::apply(**db);
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(*again, store::Migrations::latestVersion());

    auto connection = (*db)->connection();
    ASSERT_TRUE(connection.ok());
    for (const char *table :
         {"sites", "accounts", "workspaces", "cloud_accounts", "deployments", "marketplace_events",
          "audit_events", "staff_users", "idempotency_keys", "schema_version"})
        EXPECT_TRUE(connection->tables().contains(QLatin1String(table))) << table;
    QSqlQuery rows(*connection);
    ASSERT_TRUE(rows.exec("SELECT COUNT(*) FROM schema_version"));
    ASSERT_TRUE(rows.next());
    EXPECT_EQ(rows.value(0).toInt(), store::Migrations::latestVersion());
}

TEST_P(Migrations, RefuseADatabaseWrittenByANewerProgram)
{
    test::TestDatabase database(GetParam());
    auto db = store::Database::open(database.spec());
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE(store::Migrations::apply(**db).ok());
    {
        QSqlQuery newer(*(*db)->connection());
        ASSERT_TRUE(
            newer.exec(QStringLiteral("INSERT INTO schema_version (version, applied_at) VALUES (%1, 0)")
                           .arg(store::Migrations::latestVersion() + 1)));
    }
    auto refused = store::Migrations::apply(**db);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.problem().code, "schema_too_new");
    EXPECT_TRUE(refused.problem().detail.contains("newer billing-platform"));
}

TEST_P(Migrations, TheTallyStepCountsADatabasesWorkspacesAndKeepsCountingThem)
{
    // A database from before step 23 (seeded, then the tally and its triggers taken away): the step
    // counts its workspaces, and its triggers count what comes after.
    Seeded seeded(500, GetParam());
    ASSERT_TRUE(seeded.db);
    const auto &db = seeded.db;
    QSqlQuery q(*db->connection());
    for (const QString &drop :
         store::Migrations::forDialect(store::Migrations::tallyTriggerDropStatements(), *db))
        ASSERT_TRUE(q.exec(drop)) << drop.toStdString();
    ASSERT_TRUE(q.exec("DROP TABLE workspace_tallies"));
    ASSERT_TRUE(q.exec("DELETE FROM schema_version WHERE version >= 23"));
    ASSERT_TRUE(store::Migrations::apply(*db).ok());

    const auto differences = [&] {
        // Groups whose tally differs from the workspaces' own count, either way.
        const QString counted =
            "SELECT w.status, w.billing_method, w.site, w.lock_reason, COALESCE(c.provider, '') AS provider, "
            "COUNT(*) AS workspaces FROM workspaces w LEFT JOIN cloud_accounts c ON c.id = "
            "w.cloud_account_id "
            "GROUP BY w.status, w.billing_method, w.site, w.lock_reason, COALESCE(c.provider, '')";
        const QString tallied = "SELECT status, billing_method, site, lock_reason, provider, workspaces FROM "
                                "workspace_tallies WHERE workspaces <> 0";
        qint64 found = 0;
        for (const auto &[from, less] : {std::pair{counted, tallied}, std::pair{tallied, counted}}) {
            EXPECT_TRUE(q.exec(QStringLiteral("SELECT COUNT(*) FROM (%1 EXCEPT %2) AS d").arg(from, less)) &&
                        q.next())
                << q.lastError().text().toStdString();
            found += q.value(0).toLongLong();
        }
        return found;
    };
    ASSERT_TRUE(q.exec("SELECT COUNT(*) FROM workspace_tallies WHERE workspaces > 0") && q.next());
    EXPECT_GT(q.value(0).toLongLong(), 10);
    EXPECT_EQ(differences(), 0);
    ASSERT_TRUE(q.exec("UPDATE workspaces SET status = 'locked', lock_reason = 'admin_hold' WHERE status = "
                       "'active' AND rid % 7 = 0"));
    ASSERT_GT(q.numRowsAffected(), 0);
    EXPECT_EQ(differences(), 0);
}

TEST(Migrations, GatherSqlitesPlannerStatisticsWhenThereAreNoneOrTheWorkspacesOutgrewThem)
{
    Seeded seeded(2000);
    ASSERT_TRUE(seeded.db);
    auto &db = seeded.db;
    QSqlQuery q(*db->connection());
    const auto stat = [&](const char *index) {
        EXPECT_TRUE(q.exec(QStringLiteral("SELECT stat FROM sqlite_stat1 WHERE idx = '%1'").arg(index)));
        return q.next() ? q.value(0).toString() : QString();
    };
    // A database made by use was never analysed: its start gathers them.
    ASSERT_TRUE(q.exec("DELETE FROM sqlite_stat1"));
    ASSERT_TRUE(store::Migrations::apply(*db).ok());
    EXPECT_EQ(stat("workspaces_by_name").section(' ', 0, 0), "2000");
    // Statistics that still hold are left as they are: a mark put in them stays.
    ASSERT_TRUE(q.exec("UPDATE sqlite_stat1 SET stat = '7 7' WHERE idx = 'accounts_linked'"));
    ASSERT_TRUE(store::Migrations::apply(*db).ok());
    EXPECT_EQ(stat("accounts_linked"), "7 7");
    // Taken when there were a fifth of today's workspaces: gathered again, the mark with them.
    ASSERT_TRUE(
        q.exec("UPDATE sqlite_stat1 SET stat = '400 1' WHERE tbl = 'workspaces' AND idx IS NOT NULL"));
    ASSERT_TRUE(store::Migrations::apply(*db).ok());
    EXPECT_EQ(stat("workspaces_by_name").section(' ', 0, 0), "2000");
    EXPECT_NE(stat("accounts_linked"), "7 7");
}

TEST(Migrations, SqlitesStatisticsCountTheWorkspacesWhole)
{
    // A sampled ANALYZE reads the first 2,000 entries of each index: there every workspace is active,
    // so each status looked as narrow as one site. The workspaces are counted whole, by the seed, at a
    // start that gathers statistics, and once by the step that came with it.
    Seeded seeded(5000);
    ASSERT_TRUE(seeded.db);
    auto &db = seeded.db;
    QSqlQuery q(*db->connection());
    const auto statOf = [&](const char *index) { // as text, so that a failure prints it
        EXPECT_TRUE(q.exec(QStringLiteral("SELECT stat FROM sqlite_stat1 WHERE idx = '%1'").arg(index)));
        return q.next() ? q.value(0).toString().toStdString() : std::string();
    };
    const qint64 rows = seeded.number("SELECT COUNT(*) FROM workspaces");
    const auto whole = [&](const char *column) {
        const qint64 values =
            seeded.number(QStringLiteral("SELECT COUNT(DISTINCT %1) FROM workspaces").arg(column));
        // Rows, then rows per value of the column (rounded up), then per (column, rid): one.
        return QStringLiteral("%1 %2 1").arg(rows).arg((rows + values - 1) / values).toStdString();
    };
    ASSERT_GT(seeded.number("SELECT COUNT(*) FROM workspaces WHERE status = 'active'"), 2000);
    EXPECT_EQ(statOf("workspaces_by_status"), whole("status"));
    EXPECT_EQ(statOf("workspaces_by_site"), whole("site"));

    ASSERT_TRUE(q.exec("DELETE FROM sqlite_stat1"));
    ASSERT_TRUE(store::Migrations::apply(*db).ok());
    EXPECT_EQ(statOf("workspaces_by_status"), whole("status"));

    // A database analysed by a sample before the step: the step counts them whole.
    ASSERT_TRUE(q.exec("PRAGMA analysis_limit = 2000"));
    ASSERT_TRUE(q.exec("ANALYZE"));
    ASSERT_TRUE(q.exec("PRAGMA analysis_limit = 0"));
    ASSERT_NE(statOf("workspaces_by_status"), whole("status"));
    ASSERT_TRUE(q.exec("DELETE FROM schema_version WHERE version >= 20"));
    ASSERT_TRUE(store::Migrations::apply(*db).ok());
    EXPECT_EQ(statOf("workspaces_by_status"), whole("status"));
}

TEST(Migrations, SqlitesUpdateTimeIndexAnswersTheListsFiltersAlone)
{
    // A walk of the update-time order tests a list's filters from that index, reading no table row for
    // the rows it steps over: after the seed, and after the step that widened the index.
    Seeded seeded(300);
    ASSERT_TRUE(seeded.db);
    auto &db = seeded.db;
    QSqlQuery q(*db->connection());
    const auto walk = [&] {
        EXPECT_TRUE(q.exec("EXPLAIN QUERY PLAN SELECT rid, updated_at FROM workspaces INDEXED BY "
                           "workspaces_by_updated_at WHERE +status = 'locked' AND +billing_method = "
                           "'cloud_account' AND +site = 'us-east-1' AND +cloud_account_id IN (SELECT id FROM "
                           "cloud_accounts WHERE provider = 'aws') ORDER BY updated_at, rid LIMIT 100"));
        QStringList plan;
        while (q.next())
            plan << q.value(3).toString();
        return plan.join(QLatin1Char('\n')).toStdString();
    };
    const std::string covering = "SCAN workspaces USING COVERING INDEX workspaces_by_updated_at";
    EXPECT_NE(walk().find(covering), std::string::npos) << walk();

    ASSERT_TRUE(q.exec("DROP INDEX workspaces_by_updated_at"));
    ASSERT_TRUE(q.exec("CREATE INDEX workspaces_by_updated_at ON workspaces (updated_at, rid)"));
    ASSERT_EQ(walk().find(covering), std::string::npos) << walk();
    ASSERT_TRUE(q.exec("DELETE FROM schema_version WHERE version >= 21"));
    ASSERT_TRUE(store::Migrations::apply(*db).ok());
    EXPECT_NE(walk().find(covering), std::string::npos) << walk();
}

TEST(Migrations, ALockedListIsHeldInUpdateTimeOrderByItsOwnIndex)
{
    // A list of one status that is not active, by update time, as the platform asks for it (the status's
    // own condition written out): SQLite walks the partial index of those workspaces in that order,
    // sorting nothing, reading no other workspace.
    Seeded seeded(3000);
    ASSERT_TRUE(seeded.db);
    QSqlQuery q(*seeded.db->connection());
    ASSERT_TRUE(
        q.prepare("EXPLAIN QUERY PLAN SELECT rid, updated_at FROM workspaces WHERE (status = ? AND status "
                  "<> 'active') ORDER BY updated_at ASC, rid ASC LIMIT 100"));
    q.addBindValue(QStringLiteral("locked"));
    ASSERT_TRUE(q.exec());
    QStringList plan;
    while (q.next())
        plan << q.value(3).toString();
    const std::string text = plan.join(QLatin1Char('\n')).toStdString();
    EXPECT_NE(text.find("workspaces_by_status_updated_at"), std::string::npos) << text;
    EXPECT_EQ(text.find("TEMP B-TREE"), std::string::npos) << text;
}

TEST_P(Migrations, TheUpdateTimeIndexCarriesTheColumnsTheStoreWalksItFor)
{
    // A list filtered by the columns the store counts as carried by the update-time index walks that
    // index alone (its walk then goes further before the list is gathered), as the store writes the
    // walk: SQLite with each condition behind the unary plus and the index named, PostgreSQL as the
    // first rows of that order with only the carried columns (an index-only scan, once vacuumed). A
    // column it does not carry (the lock reason) reads the rows, which shows the check can fail.
    Seeded seeded(2000, GetParam());
    ASSERT_TRUE(seeded.db);
    const auto &db = seeded.db;
    QSqlQuery q(*db->connection());
    const bool sqlite = db->isSqlite();
    if (!sqlite) {
        // Vacuumed sooner than by default, so that its changed pages are soon read from the index alone.
        ASSERT_TRUE(
            q.exec("SELECT array_to_string(reloptions, ',') FROM pg_class WHERE relname = 'workspaces'") &&
            q.next());
        EXPECT_TRUE(q.value(0).toString().contains("autovacuum_vacuum_scale_factor=0.02"))
            << q.value(0).toString().toStdString();
        ASSERT_TRUE(q.exec("VACUUM ANALYZE workspaces"));
        ASSERT_TRUE(q.exec("SET enable_seqscan = off"));
        ASSERT_TRUE(q.exec("SET enable_sort = off"));
    }
    const QStringList &carried = store::Migrations::updateTimeIndexCarries();
    const auto plan = [&](const QString &column) {
        const QString sql =
            sqlite
                ? QStringLiteral("EXPLAIN QUERY PLAN SELECT rid, updated_at FROM workspaces INDEXED BY "
                                 "workspaces_by_updated_at WHERE +%1 = 'x' ORDER BY updated_at ASC, rid "
                                 "ASC LIMIT 100")
                      .arg(column)
                : QStringLiteral("EXPLAIN SELECT rid FROM (SELECT rid, updated_at, %2 FROM workspaces "
                                 "ORDER BY updated_at ASC, rid ASC LIMIT 1000) AS workspaces WHERE %1 = 'x' "
                                 "ORDER BY updated_at ASC, rid ASC LIMIT 100")
                      .arg(column,
                           (carried.contains(column) ? carried : carried + QStringList{column}).join(", "));
        QStringList steps; // (PostgreSQL prepares no EXPLAIN: the value is written in, run unprepared)
        if (!q.exec(sql))
            steps << q.lastError().text();
        while (q.next())
            steps << q.value(sqlite ? 3 : 0).toString();
        return steps.join(QLatin1Char('\n')).toStdString();
    };
    const std::string indexAlone =
        sqlite ? "COVERING INDEX workspaces_by_updated_at" : "Index Only Scan using workspaces_by_updated_at";
    ASSERT_FALSE(carried.isEmpty());
    for (const QString &column : carried)
        EXPECT_NE(plan(column).find(indexAlone), std::string::npos)
            << column.toStdString() << ": " << plan(column);
    const std::string uncovered = plan(QStringLiteral("lock_reason"));
    EXPECT_NE(uncovered.find("workspaces_by_updated_at"), std::string::npos) << uncovered;
    EXPECT_EQ(uncovered.find(indexAlone), std::string::npos) << uncovered;
}

TEST(Migrations, SqlitesStepKeepingCloudAccountsTextApartRebuildsTheWholeSearch)
{
    // Step 22 makes SQLite's search again from the rows: each workspace's own text, and each cloud
    // account's, found through it. Here it runs over a search emptied of both.
    Seeded seeded(300);
    ASSERT_TRUE(seeded.db);
    auto &db = seeded.db;
    QSqlQuery q(*db->connection());
    ASSERT_TRUE(q.exec("SELECT c.display_name, COUNT(*) FROM workspaces w JOIN cloud_accounts c ON c.id = "
                       "w.cloud_account_id GROUP BY c.id ORDER BY COUNT(*) DESC LIMIT 1") &&
                q.next());
    const QString cloudName = q.value(0).toString();
    const qint64 bound = q.value(1).toLongLong();
    ASSERT_TRUE(q.exec("DELETE FROM workspace_search"));
    ASSERT_TRUE(q.exec("DROP TABLE cloud_account_search"));
    for (const char *trigger :
         {"cloud_account_search_insert", "cloud_account_search_update", "cloud_account_search_delete"})
        ASSERT_TRUE(q.exec(QStringLiteral("DROP TRIGGER %1").arg(QLatin1String(trigger))));
    ASSERT_TRUE(q.exec("DELETE FROM schema_version WHERE version >= 22"));
    ASSERT_TRUE(store::Migrations::apply(*db).ok());

    EXPECT_EQ(seeded.number("SELECT COUNT(*) FROM workspace_search"), 300);
    EXPECT_EQ(seeded.number("SELECT COUNT(*) FROM cloud_account_search"),
              seeded.number("SELECT COUNT(*) FROM cloud_accounts"));
    EXPECT_EQ(seeded.number(
                  "SELECT COUNT(*) FROM workspace_search WHERE instr(doc, (SELECT lower(display_name) FROM "
                  "cloud_accounts LIMIT 1)) > 0"),
              0)
        << "no workspace's own text holds its cloud account's";
    store::WorkspaceStore workspaces(db);
    contract::WorkspaceQuery byCloudAccount;
    byCloudAccount.q = cloudName;
    auto found = workspaces.page(byCloudAccount);
    ASSERT_TRUE(found.ok());
    EXPECT_GE(found->total, bound);
    contract::WorkspaceQuery byName;
    byName.q = QStringLiteral("ws-000012");
    found = workspaces.page(byName);
    ASSERT_TRUE(found.ok());
    EXPECT_GT(found->total, 0);
    // The triggers stand again: a cloud account renamed is found by its new name.
    ASSERT_TRUE(q.exec("UPDATE cloud_accounts SET display_name = 'Quokka Heights' WHERE id = (SELECT "
                       "cloud_account_id FROM workspaces WHERE cloud_account_id <> '' LIMIT 1)"));
    contract::WorkspaceQuery renamed;
    renamed.q = QStringLiteral("quokka heights");
    found = workspaces.page(renamed);
    ASSERT_TRUE(found.ok());
    EXPECT_GT(found->total, 0);
}

TEST(Database, AnUnreachablePostgresIsAClearProblem)
{
    auto db = store::Database::open("postgresql://nobody:nothing@127.0.0.1:1/none");
    ASSERT_FALSE(db.ok());
    EXPECT_EQ(db.problem().code, "storage_unavailable");
    EXPECT_TRUE(db.problem().detail.contains("postgresql")) << db.problem().detail.toStdString();
}

TEST(Database, AMalformedSpecIsRefused)
{
    auto db = store::Database::open("postgresql://");
    ASSERT_FALSE(db.ok());
    EXPECT_EQ(db.problem().code, "invalid_request");
}

TEST(Database, SqliteRunsInWriteAheadLogMode)
{
    test::TestDatabase database(Backend::Sqlite);
    auto db = store::Database::open(database.spec());
    ASSERT_TRUE(db.ok());
    test::expectWalAndForeignKeys(*(*db)->connection());
}

TEST(Database, ACommitThatFillsTheLogIsCheckpointedAfterItAnswers)
{
    test::TestDatabase database(Backend::Sqlite);
    auto db = store::Database::open(database.spec());
    ASSERT_TRUE(db.ok());
    const QString file = database.spec().mid(QStringLiteral("sqlite:").size());
    auto connection = *(*db)->connection();
    QSqlQuery q(connection);
    ASSERT_TRUE(q.exec("CREATE TABLE filler (text TEXT)"));
    const qint64 before = QFileInfo(file).size();
    // About 2,000 pages of 16 KiB: past the 1,000 at which a checkpoint is due.
    ASSERT_TRUE(connection.transaction());
    q.prepare("INSERT INTO filler VALUES (?)");
    for (int i = 0; i < 2000; ++i) {
        q.addBindValue(QString(16000, QLatin1Char('a' + i % 26)));
        ASSERT_TRUE(q.exec());
    }
    ASSERT_TRUE(connection.commit());
    // Nobody here checkpoints, and SQLite's own checkpoint-on-commit is replaced: only the platform's
    // background checkpoint can move the pages into the database file.
    EXPECT_TRUE(test::waitUntil([&] { return QFileInfo(file).size() > before + 2000 * 16000; }))
        << QFileInfo(file).size();
}

INSTANTIATE_TEST_SUITE_P(Backends, Migrations, ::testing::Values(Backend::Sqlite, Backend::Postgres),
                         [](const auto &info) { return std::string(test::backendName(info.param)); });
