// SPDX-License-Identifier: Apache-2.0
#include "foundation/contract/vocabulary.h"
#include "platform/seeding/datasetseeder.h"
#include "platform/store/auditstore.h"
#include "platform/store/bulkinserter.h"
#include "platform/store/database.h"
#include "platform/store/migrations.h"
#include "platform/store/reportstore.h"
#include "platform/store/workspacestore.h"
#include "tests/support/testplatform.h"

#include <QCryptographicHash>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>

#include <gtest/gtest.h>

using namespace billing;
using billing::test::Backend;

namespace {

constexpr qint64 Now = test::TestPlatform::Now;

struct Seeded {
    test::TestDatabase database;
    std::shared_ptr<store::Database> db;
    seeding::DatasetSeeder::Counts counts;

    Seeded(Backend backend, qint64 workspaces, quint64 seed)
        : database(backend)
    {
        auto opened = store::Database::open(database.spec());
        EXPECT_TRUE(opened.ok());
        db = *opened;
        auto seeded = seeding::DatasetSeeder::seed(*db, {workspaces, seed, Now});
        EXPECT_TRUE(seeded.ok()) << (seeded ? "" : seeded.problem().message().toStdString());
        if (seeded)
            counts = *seeded;
    }

    qint64 count(const QString &sql)
    {
        QSqlQuery q(*db->connection());
        EXPECT_TRUE(q.exec(sql)) << sql.toStdString();
        return q.next() ? q.value(0).toLongLong() : -1;
    }

    // A digest of every row of a table in key order: equal digests, equal data.
    QByteArray digest(const QString &table, const QString &key)
    {
        QSqlQuery q(*db->connection());
        EXPECT_TRUE(q.exec(QStringLiteral("SELECT * FROM %1 ORDER BY %2").arg(table, key)));
        QCryptographicHash hash(QCryptographicHash::Sha256);
        while (q.next()) {
            for (int i = 0; i < q.record().count(); ++i)
                hash.addData(q.value(i).toString().toUtf8() + '\x1f');
        }
        return hash.result().toHex();
    }
};

// The first column of every row `sql` answers, in its order.
QStringList firstColumn(store::Database &db, const QString &sql)
{
    QSqlQuery q(*db.connection());
    EXPECT_TRUE(q.exec(sql)) << sql.toStdString();
    QStringList values;
    while (q.next())
        values << q.value(0).toString();
    return values;
}

// Whether a failed load's problem names the table it failed on.
bool namesTable(const contract::Problem &problem, const QString &table)
{
    return problem.detail.contains(table) || problem.message().contains(table);
}

} // namespace

class Seeder : public ::testing::TestWithParam<Backend>
{
};

TEST_P(Seeder, SameSeedSameData)
{
    Seeded a(GetParam(), 3000, 42);
    Seeded b(GetParam(), 3000, 42);
    for (const auto &[table, key] : {std::pair{"workspaces", "rid"},
                                     {"accounts", "id"},
                                     {"cloud_accounts", "id"},
                                     {"deployments", "id"},
                                     {"audit_events", "seq"}}) {
        EXPECT_EQ(a.digest(table, key), b.digest(table, key)) << table;
    }
    Seeded c(GetParam(), 3000, 43);
    EXPECT_NE(a.digest("workspaces", "rid"), c.digest("workspaces", "rid"));
}

TEST_P(Seeder, HoldsEveryStateTheRulesDistinguish)
{
    Seeded s(GetParam(), 4000, 7);
    EXPECT_EQ(s.counts.workspaces, 4000);
    namespace v = contract::vocabulary;
    for (const QString &state : v::SubscriptionState::all())
        EXPECT_GT(
            s.count(QStringLiteral("SELECT COUNT(*) FROM cloud_accounts WHERE subscription_state = '%1'")
                        .arg(state)),
            0)
            << state.toStdString();
    for (const QString &state : v::SyncState::all())
        EXPECT_GT(
            s.count(QStringLiteral("SELECT COUNT(*) FROM cloud_accounts WHERE sync_state = '%1'").arg(state)),
            0)
            << state.toStdString();
    for (const QString &provider : v::Provider::all())
        EXPECT_GT(
            s.count(
                QStringLiteral("SELECT COUNT(*) FROM cloud_accounts WHERE provider = '%1'").arg(provider)),
            0)
            << provider.toStdString();
    for (const QString &method : v::BillingMethod::all())
        EXPECT_GT(
            s.count(
                QStringLiteral("SELECT COUNT(*) FROM workspaces WHERE billing_method = '%1'").arg(method)),
            0)
            << method.toStdString();
    for (const QString &status : v::WorkspaceStatus::all())
        EXPECT_GT(s.count(QStringLiteral("SELECT COUNT(*) FROM workspaces WHERE status = '%1'").arg(status)),
                  0)
            << status.toStdString();
    for (const QString &reason : v::LockReason::all())
        EXPECT_GT(
            s.count(QStringLiteral("SELECT COUNT(*) FROM workspaces WHERE lock_reason = '%1'").arg(reason)),
            0)
            << reason.toStdString();
    for (const QString &state : v::DeploymentState::all())
        EXPECT_GT(s.count(QStringLiteral("SELECT COUNT(*) FROM deployments WHERE state = '%1'").arg(state)),
                  0)
            << state.toStdString();
    EXPECT_GT(s.count("SELECT COUNT(*) FROM accounts WHERE card_brand <> ''"), 0);
    EXPECT_GT(s.count("SELECT COUNT(*) FROM accounts WHERE credits_minor > 0"), 0);
    EXPECT_GT(s.count("SELECT COUNT(*) FROM accounts WHERE card_brand <> '' AND credits_minor > 0"), 0);
    EXPECT_GT(s.count("SELECT COUNT(*) FROM accounts WHERE linked_cloud_account_id IS NOT NULL"), 0);
    EXPECT_GT(s.count("SELECT COUNT(*) FROM accounts WHERE card_brand = '' AND credits_minor = 0 AND "
                      "linked_cloud_account_id IS NULL"),
              0);
    EXPECT_GT(s.count("SELECT COUNT(*) FROM accounts WHERE any_method_allowed = 1"), 0);
    EXPECT_GT(s.count("SELECT COUNT(*) FROM deployments WHERE trial = 1"), 0);
    EXPECT_GT(s.count("SELECT COUNT(DISTINCT site) FROM workspaces"), 5);
    // Locks at many points of the countdown.
    EXPECT_GT(s.count(QStringLiteral("SELECT COUNT(DISTINCT (lock_purge_at - %1) / 86400000) FROM workspaces "
                                     "WHERE status = 'locked'")
                          .arg(Now)),
              10);
}

TEST_P(Seeder, KeepsTheRulesItDescribes)
{
    Seeded s(GetParam(), 4000, 11);
    // Rule 2: bound workspaces belong to subscribed cloud accounts in their marketplace's partition.
    EXPECT_EQ(s.count("SELECT COUNT(*) FROM workspaces w JOIN cloud_accounts c ON c.id = w.cloud_account_id "
                      "WHERE c.sync_state <> 'synced' OR c.subscription_state IN ('pending', "
                      "'subscribe_failed', 'unsubscribed')"),
              0);
    EXPECT_EQ(s.count("SELECT COUNT(*) FROM workspaces w JOIN cloud_accounts c ON c.id = w.cloud_account_id "
                      "JOIN accounts a ON a.id = w.account_id WHERE a.any_method_allowed = 0 AND "
                      "((c.provider = 'aws_cn' AND w.site NOT LIKE 'cn-%') OR (c.provider = 'aws' AND w.site "
                      "LIKE 'cn-%'))"),
              0);
    EXPECT_EQ(s.count("SELECT COUNT(*) FROM workspaces WHERE (billing_method = 'cloud_account') <> "
                      "(cloud_account_id <> '')"),
              0);
    // Rule 1: a bound workspace's owner has no card, no credits, and is linked to that cloud account.
    EXPECT_EQ(s.count("SELECT COUNT(*) FROM workspaces w JOIN accounts a ON a.id = w.account_id WHERE "
                      "w.billing_method = 'cloud_account' "
                      "AND (a.card_brand <> '' OR a.credits_minor > 0 OR a.linked_cloud_account_id IS NULL "
                      "OR a.linked_cloud_account_id <> w.cloud_account_id)"),
              0);
    // Rule 5: cancelled workspaces are unlinked and locked; their paid deployments are stopped or
    // deleted 3 days after the lock, their trial deployments keep running.
    EXPECT_GT(s.count("SELECT COUNT(*) FROM workspaces WHERE lock_reason = 'cloud_subscription_cancelled' "
                      "AND status = 'locked'"),
              0);
    EXPECT_EQ(s.count("SELECT COUNT(*) FROM workspaces WHERE lock_reason = 'cloud_subscription_cancelled' "
                      "AND billing_method <> 'none'"),
              0);
    EXPECT_EQ(
        s.count(
            "SELECT COUNT(*) FROM deployments d JOIN workspaces w ON w.id = d.workspace_id "
            "WHERE w.status = 'locked' AND w.lock_reason = 'cloud_subscription_cancelled' AND d.trial = 0 "
            "AND (d.state = 'running' OR d.delete_at <> w.lock_at + 259200000)"),
        0);
    EXPECT_EQ(s.count("SELECT COUNT(*) FROM deployments d JOIN workspaces w ON w.id = d.workspace_id "
                      "WHERE w.status = 'locked' AND w.lock_reason = 'cloud_subscription_cancelled' AND "
                      "d.trial = 1 AND d.state <> 'running'"),
              0);
    // Rule 6: the countdown is 14 days; dissolved workspaces are past it, locked ones are not.
    EXPECT_EQ(s.count("SELECT COUNT(*) FROM workspaces WHERE status <> 'active' AND lock_purge_at <> lock_at "
                      "+ 1209600000"),
              0);
    EXPECT_EQ(s.count(QStringLiteral(
                          "SELECT COUNT(*) FROM workspaces WHERE status = 'locked' AND lock_purge_at <= %1")
                          .arg(Now)),
              0);
    EXPECT_EQ(s.count(QStringLiteral(
                          "SELECT COUNT(*) FROM workspaces WHERE status = 'dissolved' AND lock_purge_at > %1")
                          .arg(Now)),
              0);
    EXPECT_EQ(s.count("SELECT COUNT(*) FROM deployments d JOIN workspaces w ON w.id = d.workspace_id "
                      "WHERE w.status = 'dissolved' AND d.state <> 'deleted'"),
              0);
}

TEST_P(Seeder, WritesAnIntactAuditChain)
{
    Seeded s(GetParam(), 2000, 5);
    ASSERT_GT(s.counts.auditEvents, 100);
    store::AuditStore audit(s.db);
    QString prev;
    qint64 seq = 0;
    qint64 lastAt = 0;
    for (;;) {
        auto page = audit.events({seq, 1000, {}, {}, false});
        ASSERT_TRUE(page.ok());
        if (page->items.isEmpty())
            break;
        for (const contract::AuditEvent &e : page->items) {
            ASSERT_EQ(e.seq, seq + 1);
            ASSERT_EQ(e.prevHash, prev);
            ASSERT_EQ(e.computeHash(), e.hash) << "event " << e.seq;
            ASSERT_GE(e.at, lastAt);
            prev = e.hash;
            seq = e.seq;
            lastAt = e.at;
        }
    }
    EXPECT_EQ(seq, s.counts.auditEvents);
}

TEST_P(Seeder, RefusesADatabaseThatHoldsData)
{
    Seeded s(GetParam(), 100, 1);
    auto again = seeding::DatasetSeeder::seed(*s.db, {100, 1, Now});
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.problem().code, "database_not_empty");
    EXPECT_EQ(s.count("SELECT COUNT(*) FROM workspaces"), 100);
}

// What the seed builds from its rows is all there when it returns (on PostgreSQL two connections build
// it after the rows are committed): every index, the search filled and kept by its triggers, and no mark
// of an unfinished seed.
TEST_P(Seeder, BuildsEveryIndexAndTheSearchItKeeps)
{
    Seeded s(GetParam(), 2000, 3);
    const bool sqlite = GetParam() == Backend::Sqlite;
    QStringList indexes = store::Migrations::workspaceIndexNames();
    indexes << "workspaces_by_lower_name"
            << "workspaces_by_lower_id";
    if (!sqlite)
        indexes << "workspace_search_trigrams";
    const QString catalogue =
        sqlite ? QStringLiteral("SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' "
                                "AND name IN ('%1')")
               : QStringLiteral("SELECT COUNT(*) FROM pg_indexes WHERE indexname IN ('%1')");
    EXPECT_EQ(s.count(catalogue.arg(indexes.join("', '"))), indexes.size());
    EXPECT_EQ(s.count("SELECT COUNT(*) FROM workspace_search"), 2000);
    if (sqlite) {
        EXPECT_EQ(s.count("SELECT COUNT(*) FROM cloud_account_search"),
                  s.count("SELECT COUNT(*) FROM cloud_accounts"));
        EXPECT_GT(s.count("SELECT COUNT(*) FROM cloud_account_search"), 0);
    }
    EXPECT_EQ(s.count("SELECT COUNT(*) FROM unfinished_seed"), 0);
    // The triggers keep the search from the seed on: a renamed workspace is found by its new name, a
    // renamed cloud account by its.
    QSqlQuery q(*s.db->connection());
    ASSERT_TRUE(q.exec("UPDATE workspaces SET name = 'Quetzal Renamed' WHERE rid = 7"));
    ASSERT_TRUE(q.exec("UPDATE cloud_accounts SET display_name = 'Quetzal Cloud' WHERE id = (SELECT MIN(id) "
                       "FROM cloud_accounts)"));
    if (sqlite) {
        EXPECT_EQ(s.count("SELECT COUNT(*) FROM cloud_account_search WHERE cloud_account_search MATCH "
                          "'\"quetzal cloud\"'"),
                  1);
    } else {
        EXPECT_EQ(s.count("SELECT COUNT(*) FROM workspace_search WHERE doc LIKE '%quetzal cloud%'"),
                  s.count("SELECT COUNT(*) FROM workspaces WHERE cloud_account_id = (SELECT MIN(id) FROM "
                          "cloud_accounts)"));
    }
    const QString found = sqlite ? QStringLiteral("SELECT rowid FROM workspace_search WHERE workspace_search "
                                                  "MATCH '\"quetzal renamed\"'")
                                 : QStringLiteral("SELECT rid FROM workspace_search WHERE doc LIKE "
                                                  "'%quetzal renamed%'");
    EXPECT_EQ(s.count(found), 7);
}

// The seed stores every unfiltered sort's page positions, so the first start after it reads them as a
// restart does: a deep page at once, without walking the list while it builds them.
TEST_P(Seeder, StoresEverySortsPositionsForTheFirstStart)
{
    constexpr qint64 Long = store::WorkspaceStore::ShallowRows + 1000; // long lists are stored
    Seeded s(GetParam(), Long, 4);
    const QStringList sorts = contract::WorkspaceQuery::sortKeys();
    EXPECT_EQ(s.count(QStringLiteral("SELECT COUNT(*) FROM page_positions WHERE total = %1").arg(Long)),
              sorts.size());
    const auto ids = [&](const QString &column, qint64 offset) {
        return firstColumn(*s.db,
                           QStringLiteral("SELECT id FROM workspaces ORDER BY %1 DESC, rid DESC LIMIT 100 "
                                          "OFFSET %2")
                               .arg(column)
                               .arg(offset));
    };
    const auto idsOf = [](const contract::Page<contract::Workspace> &page) {
        QStringList ids;
        for (const contract::Workspace &w : page.items)
            ids << w.id;
        return ids;
    };
    {
        // Every sort, deep and descending, as the data orders it.
        store::WorkspaceStore first(s.db);
        for (const QString &sort : sorts) {
            contract::WorkspaceQuery query;
            query.sort = sort;
            query.descending = true;
            query.offset = Long - 1300;
            auto page = first.page(query);
            ASSERT_TRUE(page.ok()) << sort.toStdString();
            EXPECT_EQ(page->total, Long);
            const QString column = sort == "purge_at" ? QStringLiteral("lock_purge_at") : sort;
            EXPECT_EQ(idsOf(*page), ids(column, query.offset)) << sort.toStdString();
        }
    }
    // Read back, not built: behind any store's back (no save counts it) the first names move to the
    // end, and a new start still pages by the positions the seed stored.
    QSqlQuery behind(*s.db->connection());
    ASSERT_TRUE(behind.exec("UPDATE workspaces SET name = 'zzzz last' WHERE rid IN (SELECT rid FROM "
                            "workspaces ORDER BY name, rid LIMIT 300)"));
    store::WorkspaceStore next(s.db);
    contract::WorkspaceQuery byName;
    byName.sort = "name";
    byName.descending = true;
    byName.offset = Long - 1300;
    auto page = next.page(byName);
    ASSERT_TRUE(page.ok());
    EXPECT_NE(idsOf(*page), ids("name", byName.offset));
}

// A seed that fails while building from its rows leaves no half-made database to open. SQLite's seed is
// one transaction, so nothing of it stays. PostgreSQL's rows were committed before the building: the
// database is refused, saying why, by every opener and by a second seed.
TEST_P(Seeder, AnInterruptedSeedLeavesNothingHalfMadeToOpen)
{
    test::TestDatabase database(GetParam());
    auto opened = store::Database::open(database.spec());
    ASSERT_TRUE(opened.ok());
    store::Database &db = **opened;
    ASSERT_TRUE(store::Migrations::apply(db).ok());
    // The metering history is the last thing built from the rows.
    QSqlQuery q(*db.connection());
    if (GetParam() == Backend::Sqlite) {
        ASSERT_TRUE(q.exec("CREATE TRIGGER refuse_metering BEFORE INSERT ON metering_records BEGIN SELECT "
                           "RAISE(ABORT, 'metering refused'); END"));
    } else {
        ASSERT_TRUE(q.exec("CREATE FUNCTION refuse_metering() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                           "RAISE EXCEPTION 'metering refused'; END $$"));
        ASSERT_TRUE(q.exec("CREATE TRIGGER refuse_metering BEFORE INSERT ON metering_records FOR EACH ROW "
                           "EXECUTE FUNCTION refuse_metering()"));
    }
    q.finish();
    auto seeded = seeding::DatasetSeeder::seed(db, {1000, 4, Now});
    ASSERT_FALSE(seeded.ok()); // the refusal, as SQLite or PostgreSQL words it

    auto reopened = store::Database::open(database.spec());
    ASSERT_TRUE(reopened.ok());
    auto migrated = store::Migrations::apply(**reopened);
    if (GetParam() == Backend::Sqlite) {
        ASSERT_TRUE(migrated.ok()) << migrated.problem().message().toStdString();
        QSqlQuery rows(*(*reopened)->connection());
        ASSERT_TRUE(rows.exec("SELECT (SELECT COUNT(*) FROM workspaces) + (SELECT COUNT(*) FROM accounts)"));
        ASSERT_TRUE(rows.next());
        EXPECT_EQ(rows.value(0).toLongLong(), 0);
        return;
    }
    ASSERT_FALSE(migrated.ok());
    EXPECT_EQ(migrated.problem().code, contract::ErrorCode::StorageUnavailable);
    EXPECT_TRUE(migrated.problem().detail.contains("seed did not finish"))
        << migrated.problem().message().toStdString();
    auto again = seeding::DatasetSeeder::seed(**reopened, {1000, 4, Now});
    ASSERT_FALSE(again.ok());
    EXPECT_TRUE(again.problem().detail.contains("seed did not finish"))
        << again.problem().message().toStdString();
}

TEST(SeederSqlite, LeavesForeignKeysIntactAndWalOn)
{
    Seeded s(Backend::Sqlite, 3000, 9);
    QSqlQuery q(*s.db->connection());
    ASSERT_TRUE(q.exec("PRAGMA foreign_key_check"));
    EXPECT_FALSE(q.next()) << "a row breaks a foreign key in table " << q.value(0).toString().toStdString();
    test::expectWalAndForeignKeys(*s.db->connection());
}

// What a bulk load writes is exactly what it was given, whatever the backend's way of loading (PostgreSQL:
// COPY's text format, which escapes tabs, line ends and backslashes): several loads taking turns on one
// connection, more rows than one COPY carries, and a failure that names the table and leaves nothing.
TEST_P(Seeder, ABulkLoadWritesExactlyTheRowsItWasGiven)
{
    test::TestDatabase database(GetParam());
    auto opened = store::Database::open(database.spec());
    ASSERT_TRUE(opened.ok());
    QSqlDatabase db = *(*opened)->connection();
    QSqlQuery q(db);
    ASSERT_TRUE(q.exec("CREATE TABLE probe (id BIGINT PRIMARY KEY, label TEXT, amount BIGINT, note TEXT)"));
    ASSERT_TRUE(q.exec("CREATE TABLE other (id BIGINT PRIMARY KEY, label TEXT NOT NULL)"));
    const QList<QVariantList> tricky{
        {1, "tab\there", -9223372036854775807LL, QVariant()},
        {2, "line\nend\r\nand \\ backslash \\N", 0, ""},
        {3, QStringLiteral("北京数据 – ünïcode 🙂"), 42, QByteArray("bytes as UTF-8 \xe5\x8c\x97")},
        {4, QString(), 7, "\\N"},
    };
    ASSERT_TRUE(db.transaction());
    {
        store::BulkInserter probe(db, "probe", {"id", "label", "amount", "note"});
        store::BulkInserter other(db, "other", {"id", "label"});
        for (const QVariantList &row : tricky)
            ASSERT_TRUE(probe.add(row).ok());
        // 60,000 rows of 120 bytes: more than one COPY's worth, the other table's rows in between.
        for (qint64 i = 10; i < 60010; ++i) {
            ASSERT_TRUE(probe.add({i, QString(100, QChar(u'a' + int(i % 26))), i * 3, QVariant()}).ok());
            if (i % 1000 == 0)
                ASSERT_TRUE(other.add({i, QStringLiteral("other %1").arg(i)}).ok());
        }
        ASSERT_TRUE(probe.finish().ok());
        ASSERT_TRUE(other.finish().ok());
        EXPECT_EQ(probe.rowsWritten(), 60004);
        EXPECT_EQ(other.rowsWritten(), 60);
    }
    ASSERT_TRUE(db.commit());
    ASSERT_TRUE(q.exec("SELECT id, label, amount, note, note IS NULL FROM probe WHERE id < 10 ORDER BY id"));
    for (const QVariantList &row : tricky) {
        ASSERT_TRUE(q.next());
        EXPECT_EQ(q.value(0).toLongLong(), row.at(0).toLongLong());
        EXPECT_EQ(q.value(1).toString(), row.at(1).toString()) << "a null string is the empty string";
        EXPECT_EQ(q.value(2).toLongLong(), row.at(2).toLongLong());
        const QString note = row.at(3).typeId() == QMetaType::QByteArray
                                 ? QString::fromUtf8(row.at(3).toByteArray())
                                 : row.at(3).toString();
        EXPECT_EQ(q.value(3).toString(), note) << row.at(0).toInt();
        EXPECT_EQ(q.value(4).toBool(), !row.at(3).isValid()) << "only an invalid QVariant is NULL";
    }
    q.finish();
    ASSERT_TRUE(q.exec("SELECT COUNT(*), SUM(amount), SUM(LENGTH(label)) FROM probe WHERE id >= 10"));
    ASSERT_TRUE(q.next());
    EXPECT_EQ(q.value(0).toLongLong(), 60000);
    EXPECT_EQ(q.value(1).toLongLong(), 3 * (60009LL * 60010 / 2 - 9 * 10 / 2));
    EXPECT_EQ(q.value(2).toLongLong(), 6000000);
    q.finish();

    // A row the table refuses: the load fails naming it, and the transaction takes nothing.
    ASSERT_TRUE(db.transaction());
    {
        store::BulkInserter probe(db, "probe", {"id", "label", "amount", "note"});
        ASSERT_TRUE(probe.add({100000, "new", 1, QVariant()}).ok());
        const auto added = probe.add({1, "duplicate key", 1, QVariant()});
        const auto finished = added ? probe.finish() : contract::Result<contract::Done>(added.problem());
        ASSERT_FALSE(finished.ok());
        EXPECT_TRUE(namesTable(finished.problem(), "probe")) << finished.problem().message().toStdString();
    }
    db.rollback();
    ASSERT_TRUE(q.exec("SELECT COUNT(*) FROM probe WHERE id = 100000"));
    ASSERT_TRUE(q.next());
    EXPECT_EQ(q.value(0).toLongLong(), 0);
}

// On PostgreSQL a COPY goes out while the next rows are made: a refusal reaches the caller on a later
// turn (at the latest at finish()), naming the table refused, and an inserter given up with its COPY
// still in flight leaves the connection fit for the rollback and the next statement.
TEST_P(Seeder, ACopyInFlightReportsItsRefusalAndLeavesTheConnectionWhole)
{
    test::TestDatabase database(GetParam());
    auto opened = store::Database::open(database.spec());
    ASSERT_TRUE(opened.ok());
    QSqlDatabase db = *(*opened)->connection();
    QSqlQuery q(db);
    ASSERT_TRUE(q.exec("CREATE TABLE probe (id BIGINT PRIMARY KEY, label TEXT)"));
    ASSERT_TRUE(q.exec("CREATE TABLE other (id BIGINT PRIMARY KEY, label TEXT)"));
    const QString label(200, QLatin1Char('x')); // 5 MiB of rows in 25,000: more than one COPY's worth

    // The duplicate is in the probe's first COPY; the other table's inserter takes the next turn.
    ASSERT_TRUE(db.transaction());
    {
        store::BulkInserter probe(db, "probe", {"id", "label"});
        store::BulkInserter other(db, "other", {"id", "label"});
        contract::Result<contract::Done> outcome = contract::Done{};
        for (qint64 i = 0; i < 25'000 && outcome; ++i)
            outcome = probe.add({i == 10 ? 0 : i, label});
        for (qint64 i = 0; i < 25'000 && outcome; ++i)
            outcome = other.add({i, label});
        if (outcome)
            outcome = other.finish();
        ASSERT_FALSE(outcome.ok());
        EXPECT_TRUE(namesTable(outcome.problem(), "probe")) << outcome.problem().message().toStdString();
    }
    db.rollback();

    // Given up halfway, a COPY in flight: the inserter waits for it as it ends. (On PostgreSQL the
    // first row takes a second, so the COPY is surely still in flight when the inserter ends.)
    if (GetParam() == Backend::Postgres) {
        ASSERT_TRUE(q.exec("CREATE FUNCTION probe_slowly() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF "
                           "NEW.id = 0 THEN PERFORM pg_sleep(1); END IF; RETURN NEW; END $$"));
        ASSERT_TRUE(q.exec("CREATE TRIGGER probe_slowly BEFORE INSERT ON probe FOR EACH ROW EXECUTE "
                           "FUNCTION probe_slowly()"));
    }
    ASSERT_TRUE(db.transaction());
    {
        store::BulkInserter probe(db, "probe", {"id", "label"});
        for (qint64 i = 0; i < 25'000; ++i)
            ASSERT_TRUE(probe.add({i, label}).ok());
    }
    ASSERT_TRUE(db.rollback()) << db.lastError().text().toStdString();
    ASSERT_TRUE(q.exec("SELECT (SELECT COUNT(*) FROM probe) + (SELECT COUNT(*) FROM other)"));
    ASSERT_TRUE(q.next());
    EXPECT_EQ(q.value(0).toLongLong(), 0);
}

// A report reads exactly what is stored (on PostgreSQL by COPY's text format, whose escapes it undoes),
// stops when its reader does, and leaves the connection as it found it for the next statement.
TEST_P(Seeder, AReportReadsWhatIsStoredAndStopsWhenItsReaderDoes)
{
    Seeded s(GetParam(), 3000, 3);
    const QString name = QStringLiteral(
        "tab\there, line\nend\r\n, back\\slash, \\N, \\101, \b\f\v, 北京, 'quoted' ?, ends in \\");
    {
        QSqlQuery rename(*s.db->connection());
        rename.prepare("UPDATE workspaces SET name = ? WHERE id = 'ws-0000002'");
        rename.addBindValue(name);
        ASSERT_TRUE(rename.exec());
    }
    store::ReportStore reports(s.db);
    contract::ReportQuery query; // subscriptions, in id order
    QList<QStringList> rows;
    auto all = reports.run(query, Now, [&](const contract::ReportCells &row) {
        rows.append(row.texts());
        return true;
    });
    ASSERT_TRUE(all.ok()) << all.problem().message().toStdString();
    EXPECT_EQ(*all, 3000);
    ASSERT_GE(rows.size(), 2);
    EXPECT_EQ(rows.at(1).at(1), name);
    EXPECT_EQ(rows.at(1).at(0), "ws-0000002");
    // Empty cells and NULLs (no cloud account) read as empty text.
    const auto card =
        std::find_if(rows.begin(), rows.end(), [](const QStringList &r) { return r.at(10).isEmpty(); });
    ASSERT_NE(card, rows.end());
    EXPECT_TRUE(card->at(11).isEmpty());

    // A filter's value is a value, never SQL.
    contract::ReportQuery bySite;
    bySite.site = QStringLiteral("x' OR '1'='1");
    auto none = reports.run(bySite, Now, [](const contract::ReportCells &) { return true; });
    ASSERT_TRUE(none.ok()) << none.problem().message().toStdString();
    EXPECT_EQ(*none, 0);

    // The reader goes after ten rows; the next report and statement on this connection are whole.
    qint64 seen = 0;
    auto stopped = reports.run(query, Now, [&](const contract::ReportCells &) { return ++seen < 10; });
    ASSERT_TRUE(stopped.ok()) << stopped.problem().message().toStdString();
    EXPECT_EQ(*stopped, 9);
    auto again = reports.run(query, Now, [](const contract::ReportCells &) { return true; });
    ASSERT_TRUE(again.ok()) << again.problem().message().toStdString();
    EXPECT_EQ(*again, 3000);
    EXPECT_EQ(s.count("SELECT COUNT(*) FROM workspaces"), 3000);
}

// PostgreSQL's foreign keys are set aside for the load and checked once after it: they come back
// exactly as the migrations made them (a deferred one deferred), and they hold.
TEST(SeederPostgres, PutsBackEveryForeignKeyAsTheMigrationsMadeIt)
{
    if (qEnvironmentVariableIsEmpty("BILLING_TEST_POSTGRES"))
        GTEST_SKIP() << "BILLING_TEST_POSTGRES is not set";
    const auto keys = [](store::Database &db) {
        return firstColumn(db, "SELECT conrelid::regclass::text || ' ' || conname || ' ' || "
                               "pg_get_constraintdef(oid) FROM pg_constraint WHERE contype = 'f' ORDER BY 1");
    };
    test::TestDatabase empty(Backend::Postgres);
    auto migrated = store::Database::open(empty.spec());
    ASSERT_TRUE(migrated.ok());
    ASSERT_TRUE(store::Migrations::apply(**migrated).ok());
    Seeded seeded(Backend::Postgres, 3000, 5);
    const QStringList made = keys(**migrated);
    EXPECT_GE(made.size(), 4);
    EXPECT_TRUE(made.join('\n').contains("DEFERRABLE INITIALLY DEFERRED"));
    EXPECT_EQ(keys(*seeded.db), made);
    // And they hold: a workspace of an owner nobody has is refused.
    QSqlQuery q(*seeded.db->connection());
    EXPECT_FALSE(q.exec("UPDATE workspaces SET account_id = 'acct-nobody' WHERE rid = 1"));
}

// The indexes the seed sets aside for its load (the deployments' and the audit trail's) and the ones it
// drops and builds again come back exactly as the migrations made them.
TEST(SeederPostgres, PutsBackEveryIndexAsTheMigrationsMadeIt)
{
    if (qEnvironmentVariableIsEmpty("BILLING_TEST_POSTGRES"))
        GTEST_SKIP() << "BILLING_TEST_POSTGRES is not set";
    const auto indexes = [](store::Database &db) {
        return firstColumn(db, "SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1");
    };
    test::TestDatabase empty(Backend::Postgres);
    auto migrated = store::Database::open(empty.spec());
    ASSERT_TRUE(migrated.ok());
    ASSERT_TRUE(store::Migrations::apply(**migrated).ok());
    Seeded seeded(Backend::Postgres, 3000, 6);
    const QStringList made = indexes(**migrated);
    EXPECT_TRUE(made.join('\n').contains("deployments_workspace ON public.deployments"));
    EXPECT_TRUE(made.join('\n').contains("audit_events_target ON public.audit_events"));
    EXPECT_EQ(indexes(*seeded.db), made);
}

// The tables the seed finds empty get their rows frozen and all-visible, so the first reader sets no hint
// bits and index-only scans skip the heap before any vacuum; a table holding rows of its own keeps them.
TEST(SeederPostgres, WritesItsRowsFrozenIntoEmptyTablesAndKeepsRowsItFinds)
{
    if (qEnvironmentVariableIsEmpty("BILLING_TEST_POSTGRES"))
        GTEST_SKIP() << "BILLING_TEST_POSTGRES is not set";
    test::TestDatabase database(Backend::Postgres);
    auto opened = store::Database::open(database.spec());
    ASSERT_TRUE(opened.ok());
    std::shared_ptr<store::Database> db = *opened;
    ASSERT_TRUE(store::Migrations::apply(*db).ok());
    QSqlQuery q(*db->connection());
    ASSERT_TRUE(
        q.exec("INSERT INTO sites (id, display_name, china) VALUES ('kept', 'A site of its own', 0)"));
    ASSERT_TRUE(seeding::DatasetSeeder::seed(*db, {3000, 2, Now}).ok());

    ASSERT_TRUE(q.exec("SELECT display_name FROM sites WHERE id = 'kept'"));
    ASSERT_TRUE(q.next()) << "a row the seed found stays";
    EXPECT_EQ(q.value(0).toString(), "A site of its own");
    // The seed's ANALYZE counts the all-visible pages from the visibility map, which only a vacuum or
    // COPY FREEZE fills.
    ASSERT_TRUE(q.exec("SELECT relname, relpages, relallvisible FROM pg_class WHERE relname IN "
                       "('workspaces', 'deployments', 'accounts', 'cloud_accounts') ORDER BY relname"));
    int tables = 0;
    while (q.next()) {
        ++tables;
        EXPECT_GT(q.value(1).toInt(), 0) << q.value(0).toString().toStdString();
        EXPECT_EQ(q.value(2).toInt(), q.value(1).toInt()) << q.value(0).toString().toStdString();
    }
    EXPECT_EQ(tables, 4);
    ASSERT_TRUE(q.exec("EXPLAIN (ANALYZE, FORMAT JSON) SELECT name, rid FROM workspaces ORDER BY name, rid"));
    ASSERT_TRUE(q.next());
    EXPECT_TRUE(q.value(0).toString().contains("\"Heap Fetches\": 0")) << q.value(0).toString().toStdString();
}

// The same seed makes the same rows on SQLite and PostgreSQL, however each loads them.
TEST(SeederBackends, TheSameSeedMakesTheSameRowsOnBothBackends)
{
    if (qEnvironmentVariableIsEmpty("BILLING_TEST_POSTGRES"))
        GTEST_SKIP() << "BILLING_TEST_POSTGRES is not set";
    Seeded sqlite(Backend::Sqlite, 3000, 42);
    Seeded postgres(Backend::Postgres, 3000, 42);
    for (const auto &[table, key] : {std::pair{"workspaces", "rid"},
                                     {"accounts", "id"},
                                     {"cloud_accounts", "id"},
                                     {"deployments", "id"},
                                     {"audit_events", "seq"},
                                     {"metering_records", "id"}}) {
        EXPECT_EQ(sqlite.digest(table, key), postgres.digest(table, key)) << table;
    }
}

INSTANTIATE_TEST_SUITE_P(Backends, Seeder, ::testing::Values(Backend::Sqlite, Backend::Postgres),
                         [](const auto &info) { return std::string(test::backendName(info.param)); });
