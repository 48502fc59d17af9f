// SPDX-License-Identifier: Apache-2.0
#include "platform/store/workspacestore.h"

#include "foundation/contract/queryparameters.h"
#include "foundation/contract/storedrows.h"
#include "foundation/contract/vocabulary.h"
#include "foundation/sql/sqlconditions.h"
#include "platform/store/migrations.h"
#include "platform/store/repeatedstatement.h"

#include <QDateTime>
#include <QSet>
#include <QSqlQuery>

#include <algorithm>
#include <future>
#include <map>
#include <memory>

namespace billing::store {

using contract::Page;
using contract::Problem;
using contract::Result;
using contract::Workspace;
using contract::WorkspaceQuery;

namespace {

QString columnFor(const QString &sortKey)
{
    return sortKey == QLatin1String("purge_at") ? QStringLiteral("lock_purge_at") : sortKey;
}

void bindAll(QSqlQuery &query, const QVariantList &values)
{
    for (const QVariant &value : values)
        query.addBindValue(value);
}

// Between the fields of the search index (migration 7).
constexpr QChar SearchSeparator(0x1f);

} // namespace

std::pair<QString, QString> WorkspaceStore::prefixRange(const QString &term) const
{
    // Lowered as the database lowers the indexed column: SQLite's lower() folds ASCII only.
    QString from = term;
    if (m_database->isSqlite()) {
        for (QChar &c : from)
            if (c >= QLatin1Char('A') && c <= QLatin1Char('Z'))
                c = QChar(c.unicode() + 32);
    } else {
        from = from.toLower();
    }
    // Every text that starts with `from` sorts before `from` with its last character's successor.
    QList<uint> to = from.toUcs4();
    if (!to.isEmpty() && to.back() < 0x10ffff)
        ++to.back();
    return {from, QString::fromUcs4(reinterpret_cast<const char32_t *>(to.constData()), to.size())};
}

WorkspaceStore::WorkspaceStore(std::shared_ptr<Database> database)
    : m_database(std::move(database))
{
    m_background.setMaxThreadCount(1);
    m_background.setExpiryTimeout(-1); // its database connection belongs to this thread
    m_counting.setMaxThreadCount(4);
    m_counting.setExpiryTimeout(-1); // each thread's connection too
    m_searchUpkeep.setMaxThreadCount(1);
    m_searchUpkeep.setExpiryTimeout(-1);
    m_storing.setMaxThreadCount(1);
    m_storing.setExpiryTimeout(-1);
}

WorkspaceStore::~WorkspaceStore()
{
    m_background.clear(); // builds not begun are dropped; positions built or followed are still stored
    m_background.waitForDone();
    {
        std::lock_guard guard(m_unstoredLock);
        m_endingNow = true;
    }
    m_ending.notify_all();
    m_storing.waitForDone();
    m_counting.waitForDone();
    m_searchUpkeep.waitForDone();
}

QString WorkspaceStore::selectColumns()
{
    // In WorkspaceRow's order, the one mapping a snapshot's workspaces are read through too.
    static const QString columns = QString::fromLatin1(contract::WorkspaceRow::columnList());
    return columns;
}

Result<QList<Workspace>> WorkspaceStore::read(QSqlDatabase db, const QString &sql, const QVariantList &binds,
                                              const char *what, qsizetype expected)
{
    auto connection = m_database->connection(db);
    if (!connection)
        return connection.problem();
    RepeatedStatement query(*connection, sql, what);
    QList<Workspace> found;
    found.reserve(expected);
    const auto visit = [&](const RepeatedStatement::Row &row) {
        found.append(contract::WorkspaceRow::read(row));
        return true;
    };
    if (auto read = query.forEachRow(binds, visit); !read)
        return read.problem();
    return found;
}

WorkspaceStore::Filter WorkspaceStore::filterFor(const WorkspaceQuery &query) const
{
    QStringList conditions;
    Filter filter;
    qsizetype searchAt = -1; // the search's condition
    TextSearch search;       // its forms (SQLite's walks have their own)
    // The conditions no index of their own narrows: a marketplace is an IN over thousands of cloud
    // accounts (SQLite would gather each one's workspaces: 330 ms for 137 rows).
    QSet<qsizetype> wide;
    // The same conditions on the workspaces' tally, while every one has a column there.
    QStringList tallied;
    QVariantList talliedBinds;
    bool tallies = true;
    const auto tally = [&](const char *column, const QVariant &value) {
        static const QSet<QString> columns{"status", "billing_method", "site", "lock_reason", "provider"};
        tallies = tallies && columns.contains(QLatin1String(column));
        tallied.append(QStringLiteral("%1 = ?").arg(QLatin1String(column)));
        talliedBinds.append(value);
    };
    const auto equal = [&](const char *column, const QString &value) {
        if (value.isEmpty())
            return;
        tally(column, value);
        filter.fixed.insert(QLatin1String(column));
        // The lock reason's index holds the locked workspaces alone (the others have no reason), and
        // the index of a status by update time those not active: their own condition is written out,
        // as neither backend infers it from a value bound later. Only for that sort: PostgreSQL then
        // read the locked by site through it too (a page at 2,000: 12 -> 29 ms).
        const bool notActive = qstrcmp(column, "status") == 0 &&
                               value != contract::vocabulary::WorkspaceStatus::Active &&
                               columnFor(query.sort) == QLatin1String("updated_at");
        conditions.append(qstrcmp(column, "lock_reason") == 0
                              ? QStringLiteral("(lock_reason = ? AND lock_reason <> '')")
                          : notActive ? QStringLiteral("(status = ? AND status <> 'active')")
                                      : QStringLiteral("%1 = ?").arg(QLatin1String(column)));
        if (notActive)
            filter.inOrder.insert(QStringLiteral("updated_at"));
        filter.binds.append(value);
        filter.columns.insert(QLatin1String(column));
    };
    equal("status", query.status);
    equal("billing_method", query.billingMethod);
    equal("site", query.site);
    equal("cloud_account_id", query.cloudAccountId);
    equal("account_id", query.accountId);
    equal("lock_reason", query.lockReason);
    if (query.lockedAt > 0) {
        tally("lock_at", query.lockedAt);
        // Only locked workspaces carry a lock time: the status index narrows the search to them.
        conditions.append(QStringLiteral("status = 'locked' AND lock_at = ?"));
        filter.binds.append(query.lockedAt);
        filter.columns << QStringLiteral("status") << QStringLiteral("lock_at");
        filter.fixed << QStringLiteral("status") << QStringLiteral("lock_at");
    }
    if (!query.provider.isEmpty()) {
        tally("provider", query.provider);
        wide.insert(conditions.size());
        conditions.append(
            QStringLiteral("cloud_account_id IN (SELECT id FROM cloud_accounts WHERE provider = ?)"));
        filter.binds.append(query.provider);
        filter.columns.insert(QStringLiteral("cloud_account_id"));
        if (!query.status.isEmpty() && query.status != contract::vocabulary::WorkspaceStatus::Active) {
            // A marketplace's locked or dissolved workspaces are few: the index of the bound workspaces
            // that are not active holds them, its condition written out as the lock reason's is.
            conditions.append(QStringLiteral("(status <> 'active' AND cloud_account_id <> '')"));
        }
    }
    if (!query.q.isEmpty()) {
        tallies = false;
        filter.search = contract::parameters::searchMode(query.q);
        if (filter.search == contract::SearchMode::Substring) {
            search = textSearch(query.q);
            searchAt = conditions.size();
            conditions.append(search.condition);
            filter.binds += search.binds;
            filter.count = search.count;
            filter.countBinds = search.countBinds;
            if (query.q.contains(SearchSeparator)) {
                // Such a term could span two fields of the index: each field is tested on its own.
                const auto [condition, values] =
                    sql::searchedFieldsContain(query.q, m_database->likeOperator());
                conditions.append(condition);
                filter.binds += values;
            }
        } else {
            // Too short for trigrams: the ids and names that start with the term, read from the lowered
            // indexes as ranges.
            const QString collate = m_database->isSqlite() ? QString() : QStringLiteral(" COLLATE \"C\"");
            const auto [from, to] = prefixRange(query.q);
            conditions.append(
                QStringLiteral("((lower(name)%1 >= ? AND lower(name)%1 < ?) OR (lower(id)%1 >= ? "
                               "AND lower(id)%1 < ?))")
                    .arg(collate));
            filter.binds << from << to << from << to;
        }
    }
    if (conditions.size() != 1 || query.q.contains(SearchSeparator))
        filter.count.clear(); // only a search alone is counted from its index alone
    if (tallies) {
        filter.count =
            QStringLiteral("SELECT CAST(COALESCE(SUM(workspaces), 0) AS BIGINT) FROM workspace_tallies");
        if (!tallied.isEmpty())
            filter.count += QStringLiteral(" WHERE ") + tallied.join(QStringLiteral(" AND "));
        filter.countBinds = talliedBinds;
    }
    filter.gathers = wide.size() < conditions.size();
    filter.inOrder += filter.fixed;
    if (!conditions.isEmpty()) {
        filter.sql = QStringLiteral(" WHERE ") + conditions.join(QStringLiteral(" AND "));
        filter.gatheredSql = filter.sql; // PostgreSQL's planner weighs a marketplace's IN itself
        if (m_database->isSqlite()) {
            QStringList walked, gathered;
            for (qsizetype i = 0; i < conditions.size(); ++i) {
                walked << (i == searchAt ? search.walked : QLatin1Char('+') + conditions.at(i));
                gathered << (wide.contains(i) ? walked.last() : conditions.at(i));
            }
            filter.walkedSql = QStringLiteral(" WHERE ") + walked.join(QStringLiteral(" AND "));
            filter.gatheredSql = QStringLiteral(" WHERE ") + gathered.join(QStringLiteral(" AND "));
            if (searchAt >= 0) {
                walked[searchAt] = search.tested;
                filter.testedSql = QStringLiteral(" WHERE ") + walked.join(QStringLiteral(" AND "));
            }
        }
    }
    return filter;
}

WorkspaceStore::TextSearch WorkspaceStore::textSearch(const QString &term) const
{
    // The id, name, owner's email, cloud account's name and customer id that contain the term, as LIKE
    // would find them (the trigram indexes hold them lowered as LIKE compares them).
    TextSearch search;
    if (!m_database->isSqlite()) {
        // One text per workspace, its cloud account's within it: PostgreSQL's planner probes the search
        // table for each row a page walks, and set operations over a workspace's own matches and its
        // cloud account's made pages 2 to 9 times slower (BENCHMARKS).
        search.condition =
            QStringLiteral("rid IN (SELECT rid FROM workspace_search WHERE doc LIKE lower(?) ESCAPE '\\')");
        search.count =
            QStringLiteral("SELECT COUNT(*) FROM workspace_search WHERE doc LIKE lower(?) ESCAPE '\\'");
        search.binds = search.countBinds = {contract::parameters::containsPattern(term)};
        return search;
    }
    // SQLite keeps each cloud account's text apart from its workspaces' (a bind rewrites no search row):
    // the workspaces whose own text holds the term, and the workspaces of the cloud accounts whose text
    // does. The term as one phrase: its trigrams, consecutive. Each match is looked up, or the sort's
    // index is walked, probing the set of the own matches and then, when the term is in any cloud account's
    // text, the row's cloud account: pageByOffset() chooses by how many matches there are. Most terms
    // are in no cloud account's text, and their walk reads the sort's index alone (a walk testing each
    // row's cloud account reads its row: 南京知 by name 4.4 times slower); a probe of the set of the
    // accounts' workspaces instead would first gather them (159,000 for "(AWS)": 3 times slower).
    // Every form binds the term three times, in one order.
    const QString phrase = QStringLiteral("'\"' || replace(lower(?), '\"', '\"\"') || '\"'");
    const QString own =
        QStringLiteral("SELECT rowid FROM workspace_search WHERE workspace_search MATCH ") + phrase;
    const QString accounts =
        QStringLiteral("SELECT id FROM cloud_account_search WHERE cloud_account_search MATCH ") + phrase;
    // `plus` "+" keeps the cloud account's index from driving a walk.
    const auto ofAccounts = [&accounts](QLatin1String plus) {
        return QStringLiteral("EXISTS (%1) AND %2cloud_account_id IN (%1)").arg(accounts, plus);
    };
    const QString ownText = QStringLiteral("(SELECT doc FROM workspace_search WHERE rowid = workspaces.rid)");
    search.condition =
        QStringLiteral("rid IN (%1 UNION ALL SELECT rid FROM workspaces WHERE %2)").arg(own, ofAccounts({}));
    const QString walkedOfAccounts = ofAccounts(QLatin1String("+"));
    search.walked = QStringLiteral("(+rid IN (%1) OR (%2))").arg(own, walkedOfAccounts);
    search.tested = QStringLiteral("(instr(%1, lower(?)) > 0 OR (%2))").arg(ownText, walkedOfAccounts);
    search.binds = {term, term, term};
    // Counted apart: the own matches, and the bound workspaces not among them. Of a few cloud accounts'
    // workspaces each is tested in its own text (5 µs); of more, against the set of own matches, whose
    // making costs about 0.5 µs a match (83,000 for Ops: 14 ms to test its 11 bound workspaces).
    search.count =
        QStringLiteral("SELECT (SELECT COUNT(*) FROM (%1) AS own) + CASE WHEN (SELECT COUNT(*) FROM "
                       "(%2 LIMIT %4) AS few) < %4 THEN (SELECT COUNT(*) FROM workspaces WHERE "
                       "cloud_account_id IN (%2) AND instr(%3, lower(?)) = 0) ELSE (SELECT COUNT(*) "
                       "FROM workspaces WHERE cloud_account_id IN (%2) AND rid NOT IN (%1)) END")
            .arg(own, accounts, ownText)
            .arg(FewCloudAccounts + 1);
    search.countBinds = QVariantList(6, term);
    return search;
}

Result<Page<Workspace>> WorkspaceStore::page(const WorkspaceQuery &query)
{
    const QString column = columnFor(query.sort);
    const Filter filter = filterFor(query);
    // A text search is narrow and changes with every keystroke: walk it directly. Everything else
    // is a handful of stable lists that keyset positions make O(page) at any depth.
    if (!query.q.isEmpty())
        return pageByOffset(query, column, filter);

    const QString key = positionsKey(query, column);
    auto known = m_positions.find(key);
    if (!known)
        known = storedPositions(key, column, filter); // built before a restart, or by another instance
    if (!known) {
        // No positions yet (the platform just started, or a change moved this list): they are built
        // in the background. A shallow page is read directly meanwhile.
        buildInBackground(key, column, filter);
        // The same filter under another sort counts the same rows.
        const std::optional<qint64> total = m_positions.total(query.filterKey(), PositionsKeySeparator);
        if (query.offset + query.limit <= ShallowRows)
            return pageByOffset(query, column, filter, total);
        // So is a deep page of an unfiltered list: a walk of the sort's own index from its nearer
        // end, tens of milliseconds at a million rows. One at a time: when a change moves a list
        // that many clients page through, each walking it while it is rebuilt would cost far more
        // than their waiting for it. A filtered list waits: its walk reads every row it skips.
        if (filter.sql.isEmpty()) {
            if (std::unique_lock turn(m_walking, std::try_to_lock); turn.owns_lock())
                return pageByOffset(query, column, filter, total);
        }
        known = m_positions.awaitBuild(key);
    }
    auto positions = known ? Result<std::shared_ptr<const SortedPositions>>(known)
                           : buildPositions(key, column, filter, Storing::InBackground);
    if (!positions)
        return positions.problem();
    const SortedPositions &index = **positions;
    Page<Workspace> page;
    page.total = index.total;
    page.offset = query.offset;
    if (query.offset >= index.total)
        return page;

    // Descending pages are ascending ranges read backwards, so one set of positions serves both orders.
    const qint64 count = std::min<qint64>(query.limit, index.total - query.offset);
    const qint64 start = query.descending ? index.total - query.offset - count : query.offset;
    const qsizetype cut = index.keyBefore(start);
    const SortedPositions::Key &from = index.keys.at(cut);
    const qint64 skip = start - index.before.at(cut);
    // Past its last key a followed list may hold thousands of rows (every save moves its workspace to
    // the end of the update-time order): a page nearer the list's end than its key is walked from there.
    if (filter.sql.isEmpty() && index.total - (start + count) < skip)
        return pageByOffset(query, column, filter, index.total);

    auto db = m_database->connection();
    if (!db)
        return db.problem();
    // "(column, rid) >= (key, rid)" as two exact index ranges: the rest of the key's own rows, then
    // the rows of greater keys. SQLite would seek a row-value comparison on its first column only and
    // walk every row of a low-cardinality column (plan, status) from there.
    const qint64 window = count + skip;
    // A wide list is walked in its sort's index from the position's key, each row tested; a narrow one
    // (a cloud account's few workspaces) is gathered through its filters' indexes and sorted. Each
    // backend is told which: SQLite walks the sort's index when it is named, and left to itself
    // PostgreSQL walks it whenever it expects the filters to leave more rows than they do (a
    // marketplace's locked workspaces by name: 1.3 s for a page of 137 rows).
    bool narrow = false;
    if (filter.gathers) {
        const auto all = indexedRows(*db);
        if (!all)
            return all.problem();
        narrow = isNarrow(window, index.total, *all);
    }
    QString rows = QStringLiteral("workspaces"), conditions = filter.sql, keyed;
    if (m_database->isSqlite() && !narrow) {
        // The sort's own index, named; the id's has no name of ours, so no filter's may drive instead.
        rows += sortIndex(column);
        if (column == QLatin1String("id"))
            conditions = filter.walkedSql;
    } else if (m_database->isSqlite()) {
        conditions = filter.gatheredSql;
        keyed = QStringLiteral("+"); // the key's conditions drive nothing: only the filters' indexes do
    } else if (narrow) {
        rows = gatheredRows(filter);
        conditions.clear();
    }
    const QString where =
        conditions.isEmpty() ? QStringLiteral(" WHERE ") : conditions + QStringLiteral(" AND ");
    // The seek reads only (sort key, rid), which the sort's index covers; only the page's own rows are
    // then read from the table, not the up to Stride rows skipped before them.
    const QString keyRows = QStringLiteral("SELECT rid, %1 AS sort_key FROM %2%3").arg(column, rows, where);
    const QString sameKey = keyRows + QStringLiteral("%1%2 = ? AND %1rid >= ? ORDER BY rid LIMIT %3")
                                          .arg(keyed, column, QString::number(window));
    QVariantList binds = filter.binds + QVariantList{from.sortValue, from.rid};
    // A list whose filter fixes its sort column (the workspaces of one site, by site) has no greater
    // key: PostgreSQL would not see that "site = ? AND site > ?" holds nothing, and read every row.
    QString seek = QStringLiteral("SELECT * FROM same_key");
    if (!filter.fixed.contains(column)) {
        // Only as many rows of greater keys as the key's own leave of the window: both backends stop
        // at a limit of 0 before their walk, which would otherwise step on to fill what was filled (the
        // AWS-billed by site: past the Chinese sites' 380,000 workspaces, 1,414 of them bound to AWS).
        seek += QStringLiteral(" UNION ALL SELECT * FROM (%1%2%3 > ? ORDER BY %3, rid LIMIT %4 - (SELECT "
                               "COUNT(*) FROM same_key)) AS greater_keys")
                    .arg(keyRows, keyed, column, QString::number(window));
        binds += filter.binds + QVariantList{from.sortValue};
    }
    auto items = read(
        *db,
        QStringLiteral("WITH same_key AS (%1) SELECT %2 FROM (SELECT rid, sort_key FROM (%3) AS seek ORDER "
                       "BY sort_key, rid LIMIT %4 OFFSET %5) AS page JOIN workspaces ON workspaces.rid = "
                       "page.rid ORDER BY page.sort_key, page.rid")
            .arg(sameKey, selectColumns(), seek, QString::number(count), QString::number(skip)),
        binds, "Reading a page of workspaces", count);
    if (!items)
        return items.problem();
    page.items = std::move(*items);
    if (query.descending)
        std::reverse(page.items.begin(), page.items.end());
    return page;
}

QList<std::pair<QString, QString>> WorkspaceStore::unfilteredSorts()
{
    QList<std::pair<QString, QString>> sorts;
    for (const QString &sortKey : WorkspaceQuery::sortKeys()) {
        WorkspaceQuery query;
        query.sort = sortKey;
        const QString column = columnFor(sortKey);
        sorts.append({positionsKey(query, column), column});
    }
    return sorts;
}

void WorkspaceStore::prepareUnfilteredSorts()
{
    // Those stored are read here, before the platform serves or sweeps: then they follow its first
    // commits (the start's own sweep) rather than being built again.
    for (const auto &[key, column] : unfilteredSorts()) {
        if (!m_positions.find(key) && !storedPositions(key, column, Filter{}))
            buildInBackground(key, column, Filter{});
    }
}

Result<contract::Done> WorkspaceStore::storeUnfilteredSorts()
{
    for (const auto &[key, column] : unfilteredSorts()) {
        if (auto built = buildPositions(key, column, Filter{}, Storing::Here); !built)
            return built.problem();
    }
    return contract::Done{};
}

void WorkspaceStore::awaitPositions(const WorkspaceQuery &query)
{
    (void)m_positions.awaitBuild(positionsKey(query, columnFor(query.sort)));
}

bool WorkspaceStore::hasPositions(const WorkspaceQuery &query) const
{
    return bool(m_positions.find(positionsKey(query, columnFor(query.sort))));
}

void WorkspaceStore::buildInBackground(const QString &key, const QString &column, const Filter &filter)
{
    if (!m_positions.claim(key))
        return; // built already, or being built
    m_background.start([this, key, column, filter] {
        if (!storedPositions(key, column, filter)) {
            // Several instances hear of one change at once: one builds the list, the others wait for
            // its turn to end and read what it stored.
            const bool turn = takeBuildTurn(key);
            // A commit that changed the list's columns meanwhile (the start's sweep) leaves a build
            // unremembered: it is built again, a few times at most.
            for (int attempt = 0; attempt < BuildAttempts && !m_positions.find(key); ++attempt) {
                if (turn && storedPositions(key, column, filter))
                    break;
                // No caller hears a failure here (a request meanwhile reads its page directly): logged.
                if (auto built = buildPositions(key, column, filter, Storing::Here); !built)
                    qWarning("billing-platform: %s", qPrintable(built.problem().message()));
            }
            if (turn)
                endBuildTurn(key);
        }
        m_positions.release(key);
    });
}

namespace {
// Runs one of PostgreSQL's advisory-lock functions on a list's key (727004: page positions' builds).
bool buildTurnLock(QSqlDatabase db, const char *function, const QString &key, const char *what)
{
    QSqlQuery lock(db);
    lock.prepare(QStringLiteral("SELECT %1(727004, hashtext(?))").arg(QLatin1String(function)));
    lock.addBindValue(key);
    return bool(Database::exec(lock, what));
}
} // namespace

bool WorkspaceStore::takeBuildTurn(const QString &key)
{
    if (m_database->isSqlite())
        return false; // one process per SQLite file
    auto db = m_database->connection();
    // A session lock of this thread's connection, keyed by the list.
    return db && buildTurnLock(*db, "pg_advisory_lock", key, "Waiting for another instance's page positions");
}

void WorkspaceStore::endBuildTurn(const QString &key)
{
    if (auto db = m_database->connection())
        (void)buildTurnLock(*db, "pg_advisory_unlock", key, "Ending a turn at page positions");
}

PagePositions::Columns WorkspaceStore::restsOn(const QString &column, const Filter &filter)
{
    // A change to the sort column or to a column a filter tests moves the list's rows.
    PagePositions::Columns columns = filter.columns;
    columns.insert(column);
    return columns;
}

QString WorkspaceStore::stampOf(const PagePositions::Columns &columns)
{
    // The columns are the store's own names, never a request's text.
    QStringList names(columns.begin(), columns.end());
    names.sort();
    return QStringLiteral("(SELECT CAST(COALESCE(SUM(changes), 0) AS BIGINT) FROM workspace_column_changes "
                          "WHERE column_name IN ('%1'))")
        .arg(names.join(QStringLiteral("', '")));
}

std::shared_ptr<const SortedPositions>
WorkspaceStore::storedPositions(const QString &key, const QString &column, const Filter &filter)
{
    const PagePositions::Columns columns = restsOn(column, filter);
    const quint64 generation = m_positions.generation(columns);
    auto db = m_database->connection();
    if (!db)
        return {};
    // Stored positions hold while no save has changed a column they rest on since they were built.
    QSqlQuery stored(*db);
    stored.setForwardOnly(true);
    stored.prepare(
        QStringLiteral("SELECT total, keys, stamp FROM page_positions WHERE list_key = ? AND stamp = %1")
            .arg(stampOf(columns)));
    stored.addBindValue(key);
    if (!Database::exec(stored, "Reading stored page positions") || !stored.next())
        return {};
    auto positions = SortedPositions::fromBytes(stored.value(1).toByteArray(), stored.value(0).toLongLong());
    if (!positions)
        return {};
    positions->stamp = stored.value(2).toLongLong();
    auto shared = std::make_shared<const SortedPositions>(std::move(*positions));
    m_positions.remember(key, columns, generation, shared, unfilteredBy(column, filter));
    return shared;
}

Result<contract::Done> WorkspaceStore::storePositions(const QString &key, qint64 stamp,
                                                      const std::shared_ptr<const SortedPositions> &positions)
{
    auto db = m_database->connection();
    if (!db)
        return db.problem();
    // SQLite's one writer: outside the writers' turn a store waits for the lock by polling, and lost it
    // to transactions that followed each other closely (the scheduler catching up after the platform
    // was down) until SQLite gave up: "database is locked", and the next start rebuilt the list. The
    // seed stores inside its own write transaction, whose turn it holds. So a thread holding the turn
    // must not wait for the storing or building threads (awaitBackground, a page awaiting a build).
    std::unique_lock<TurnLock> turn;
    if (m_database->isSqlite() && !m_database->writeLock().heldHere())
        turn = std::unique_lock(m_database->writeLock());
    // A newer build (a greater stamp) is never replaced by an older one; the 64 lists built last stay.
    QSqlQuery store(*db);
    store.prepare(QStringLiteral(
        "INSERT INTO page_positions (list_key, stamp, total, keys, built_at) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT (list_key) DO UPDATE SET stamp = excluded.stamp, total = excluded.total, keys = "
        "excluded.keys, built_at = excluded.built_at WHERE page_positions.stamp <= excluded.stamp"));
    store.addBindValue(key);
    store.addBindValue(stamp);
    store.addBindValue(positions->total);
    store.addBindValue(positions->toBytes());
    store.addBindValue(QDateTime::currentMSecsSinceEpoch());
    if (auto stored = Database::exec(store, "Storing page positions"); !stored)
        return stored;
    return Database::exec(
        *db,
        QStringLiteral("DELETE FROM page_positions WHERE list_key NOT IN (SELECT list_key FROM "
                       "page_positions ORDER BY built_at DESC LIMIT %1)")
            .arg(PagePositions::Capacity),
        "Forgetting old page positions");
}

QString WorkspaceStore::positionsKey(const WorkspaceQuery &query, const QString &column)
{
    return query.filterKey() + PositionsKeySeparator + column;
}

void WorkspaceStore::committed()
{
    if (m_searchPending.exchange(false)) {
        m_searchUpkeep.start([this] {
            auto db = m_database->connection();
            auto merged = db ? Database::exec(*db,
                                              QStringLiteral("SELECT gin_clean_pending_list("
                                                             "'workspace_search_trigrams'::regclass)"),
                                              "Merging the search index's pending entries")
                             : Result<contract::Done>(db.problem());
            if (!merged)
                qWarning("billing-platform: %s", qPrintable(merged.problem().message()));
        });
    }
    PagePositions::Columns changed;
    PagePositions::Moves moves;
    {
        std::lock_guard guard(m_changedLock);
        changed.swap(m_changed);
        moves.swap(m_moves);
    }
    if (changed.isEmpty())
        return;
    storeLater(m_positions.invalidate(changed, moves));
}

void WorkspaceStore::storeLater(const QSet<QString> &keys)
{
    // Lists that followed commits are stored again, as a build's are, so that the next start reads them:
    // at most once per FollowedStoreDelay, as each store writes to the database (after every commit,
    // single changes took twice as long on SQLite), and at once when the store goes.
    std::lock_guard guard(m_unstoredLock);
    m_unstored.unite(keys);
    if (m_unstored.isEmpty() || m_storeQueued)
        return;
    m_storeQueued = true;
    m_storing.start([this] {
        QSet<QString> due;
        {
            std::unique_lock lock(m_unstoredLock);
            m_ending.wait_for(lock, FollowedStoreDelay, [this] { return m_endingNow; });
            due.swap(m_unstored);
            m_storeQueued = false;
        }
        for (const QString &key : std::as_const(due)) {
            // As they are now: they may have followed more commits since, or gone.
            if (auto positions = m_positions.find(key);
                positions && positions->total > ShallowRows && positions->stamp >= 0)
                storeOrWarn(key, positions->stamp, positions);
        }
    });
}

void WorkspaceStore::storeOrWarn(const QString &key, qint64 stamp,
                                 const std::shared_ptr<const SortedPositions> &positions)
{
    if (auto stored = storePositions(key, stamp, positions); !stored)
        qWarning("billing-platform: %s", qPrintable(stored.problem().message()));
}

void WorkspaceStore::rolledBack()
{
    std::lock_guard guard(m_changedLock);
    m_changed.clear();
    m_moves.clear();
}

namespace {
// Returns once the tasks queued on `pool`'s one thread so far have run.
void drain(QThreadPool &pool)
{
    auto reached = std::make_shared<std::promise<void>>(); // outlives this call if the waiter wakes first
    std::future<void> done = reached->get_future();
    pool.start([reached] { reached->set_value(); });
    done.wait();
}
} // namespace

void WorkspaceStore::awaitSearchUpkeep()
{
    drain(m_searchUpkeep);
}

void WorkspaceStore::awaitBackground()
{
    drain(m_background);
    drain(m_storing);
}

QStringList WorkspaceStore::changedSinceCommit() const
{
    std::lock_guard guard(m_changedLock);
    QStringList columns(m_changed.begin(), m_changed.end());
    columns.sort();
    return columns;
}

void WorkspaceStore::changedElsewhere(const QStringList &columns)
{
    if (columns.isEmpty())
        m_positions.invalidate();
    else
        m_positions.invalidate(PagePositions::Columns(columns.begin(), columns.end()));
}

Result<std::shared_ptr<const SortedPositions>> WorkspaceStore::buildPositions(const QString &key,
                                                                              const QString &column,
                                                                              const Filter &filter,
                                                                              Storing storing)
{
    const PagePositions::Columns columns = restsOn(column, filter);
    const quint64 generation = m_positions.generation(columns);

    auto db = m_database->connection();
    if (!db)
        return db.problem();
    auto positions = std::make_shared<SortedPositions>();
    QSqlQuery sql(*db);
    sql.setForwardOnly(true);
    // The window runs inside the database over the (column, rid) index; only every Stride-th key
    // crosses into Qt. The total is counted by the same statement, so from the same data (from the
    // tally when the filter has one there); counting it as a second window (COUNT(*) OVER ()) would
    // hold every row until the last, twice as slow. The stamp of the columns it rests on comes from
    // the same statement too.
    const bool tallied = !filter.count.isEmpty();
    sql.prepare(
        QStringLiteral("SELECT k, rid, (%2), %5 FROM (SELECT %1 AS k, rid, ROW_NUMBER() OVER (ORDER "
                       "BY %1, rid) - 1 AS rn FROM workspaces%3) numbered WHERE rn % %4 = 0 ORDER BY rn")
            .arg(column,
                 tallied ? filter.count : QStringLiteral("SELECT COUNT(*) FROM workspaces") + filter.sql,
                 filter.sql)
            .arg(SortedPositions::Stride)
            .arg(stampOf(columns)));
    bindAll(sql, (tallied ? filter.countBinds : filter.binds) + filter.binds);
    if (auto ran = Database::exec(sql, "Indexing workspace positions"); !ran)
        return ran.problem();
    qint64 stamp = -1;
    while (sql.next()) {
        positions->keys.append({sql.value(0), sql.value(1).toLongLong()});
        positions->total = sql.value(2).toLongLong();
        stamp = sql.value(3).toLongLong();
    }
    // Its read ends here: storing on this connection inside a read begun before a commit elsewhere
    // fails at once on SQLite ("database is locked", whatever the busy timeout), as lists built while
    // the start's sweep committed did.
    sql.finish();
    positions->countAsBuilt();
    positions->stamp = stamp;
    m_positions.remember(key, columns, generation, positions, unfilteredBy(column, filter));
    // Only long lists are kept: a shorter one's pages are all read directly.
    // A list not stored only makes a restart's first deep pages slower: a request's build does not
    // fail for it.
    if (positions->total > ShallowRows) {
        if (storing == Storing::Here) {
            if (auto stored = storePositions(key, stamp, positions); !stored)
                return stored.problem();
        } else {
            m_storing.start([this, key, stamp, positions] { storeOrWarn(key, stamp, positions); });
        }
    }
    return std::shared_ptr<const SortedPositions>(positions);
}

Result<Page<Workspace>> WorkspaceStore::pageByOffset(const WorkspaceQuery &query, const QString &column,
                                                     const Filter &filter, std::optional<qint64> total)
{
    auto db = m_database->connection();
    if (!db)
        return db.problem();
    Page<Workspace> page;
    page.offset = query.offset;
    page.search = filter.search;
    // On PostgreSQL a first page does not depend on its total, and counting is most of a search's time:
    // the total is counted on another connection meanwhile (a search's count and page, 22 + 34 ms one
    // after the other, take the longer of the two). SQLite chooses the page's plan by the total, and so
    // does PostgreSQL for a list without a search that its filters may narrow (below). When every
    // counting thread is busy (many searches at once), the count is made here.
    const bool planByTotal = query.q.isEmpty() && filter.gathers;
    std::future<Result<qint64>> counted;
    if (!total && !m_database->isSqlite() && query.offset == 0 && !planByTotal) {
        auto counting = std::make_shared<std::packaged_task<Result<qint64>()>>([this, filter] {
            auto own = m_database->connection();
            return own ? countRows(*own, filter) : Result<qint64>(own.problem());
        });
        if (m_counting.tryStart([counting] { (*counting)(); }))
            counted = counting->get_future();
    }
    if (!total && !counted.valid()) {
        auto counts = countRows(*db, filter);
        if (!counts)
            return counts.problem();
        total = *counts;
    }
    // Until the count comes, a first page is read as if the list held at least its limit.
    page.total = total.value_or(query.limit);
    if (!counted.valid() && query.offset >= page.total)
        return page;

    // Past the middle the list is read from its other end, reversed: OFFSET steps over every row it
    // skips, so Ctrl+End costs what Ctrl+Home does.
    const qint64 count = std::min<qint64>(query.limit, page.total - query.offset);
    const bool fromEnd = 2 * query.offset + count > page.total;
    const qint64 skip = fromEnd ? page.total - query.offset - count : query.offset;
    const QString order = query.descending != fromEnd ? QStringLiteral("DESC") : QStringLiteral("ASC");
    const bool searched = filter.search == contract::SearchMode::Substring;

    // Many matches: walking the sort's index reaches the page after about (skip + count) × all /
    // total entries, each a cheap probe. Few: each is looked up and the few are sorted. The walk tests
    // every condition on the rows it steps over; left to itself SQLite would rather drive the
    // statement by a filter's index (a marketplace's 200,000 bound workspaces, sorted: 124 ms, where
    // the walk takes 17). A list without a search is planned below: this walk would not stop for a
    // list gathered in one part of the order (the locked workspaces, by update time: 1.2 s, where
    // gathering takes 43 ms).
    // The plans below that weigh a walk against the table read its size once.
    qint64 all = 0;
    if ((m_database->isSqlite() && searched) || planByTotal) {
        const auto rows = indexedRows(*db);
        if (!rows)
            return rows.problem();
        all = *rows;
    }
    bool walk = false, dense = false;
    if (m_database->isSqlite() && searched) {
        walk = walkIsShorter(skip + count, page.total, all, SearchStepsPerRow) ||
               isShortWalk(column, filter, skip + count, page.total, all);
        dense = walk && 2 * page.total >= all && DenseWalk * (skip + count) <= MaxDenseWalk;
    }
    const QString &where = walk ? filter.walkedSql : searched ? filter.sql : filter.gatheredSql;
    // The rows skipped are stepped over in the sort's index alone (it covers the sort key and rid);
    // only the page's own rows are read from the table. Unfiltered, the index is named, as for the
    // keyset pages: a filter may have a narrower one.
    const QString hint = filter.sql.isEmpty() ? sortIndex(column) : QString();
    // The page from `rows` (workspaces, or some of them, with their conditions).
    const auto pageFrom = [&](const QString &rows, const QVariantList &binds) {
        return read(
            *db,
            QStringLiteral("SELECT %1 FROM (SELECT rid, %3 AS sort_key FROM %2 ORDER BY %3 %4, rid %4 "
                           "LIMIT %5 OFFSET %6) AS page JOIN workspaces ON workspaces.rid = page.rid "
                           "ORDER BY page.sort_key %4, page.rid %4")
                .arg(selectColumns(), rows, column, order)
                .arg(count)
                .arg(skip),
            binds, searched ? "Searching workspaces" : "Reading a page of workspaces", count);
    };
    // The first `rows` of the sort's order, with their conditions: a walk that stops. Read from the
    // sort's index alone when it carries every column the conditions test.
    const bool indexAlone = walksIndexAlone(column, filter);
    const QString walkedColumns =
        indexAlone ? QStringLiteral("rid, %1, %2")
                         .arg(column, Migrations::updateTimeIndexCarries().join(QStringLiteral(", ")))
                   : QStringLiteral("*");
    const auto firstRows = [&](qint64 rows, const QString &conditions) {
        return QStringLiteral("(SELECT %6 FROM workspaces%1 ORDER BY %2 %3, rid %3 LIMIT %4) AS workspaces%5")
            .arg(sortIndex(column), column, order)
            .arg(rows)
            .arg(conditions, walkedColumns);
    };
    // PostgreSQL's planner walks the sort's index, testing each row, when it expects a search's matches
    // to fill a page soon. Matches gathered at one end of the order make that walk read most of the
    // table (Chinese names sort after Latin ones: 3 s for 南京知 by name at a million), and whether it
    // walks depends on the sample its statistics drew. So there the walk stops after m_walkedRows rows;
    // a page it did not fill is read from every row that meets the conditions, gathered and then
    // sorted. The fence (OFFSET 0) keeps the sort's order out of the gathering, which the planner
    // then drives by whichever is narrower: the matches, or another filter's index.
    const QString gathered = gatheredRows(filter);
    // A list without a search is planned by its total, as from its positions: a narrow one is gathered
    // (PostgreSQL's planner walked the sort's index for a marketplace's 132 locked workspaces by update
    // time: 1.1 s; SQLite's sampled statistics once made it gather all 940,000 active workspaces for
    // a page by name). A wider one is walked, but stops after as many rows as gathering it reads (its
    // total; CoveredStepsPerRow times that where the walk reads the index alone), so rows its filters
    // keep at the far end of the order cost at most a few times what gathering them does (the locked
    // workspaces, the most recently updated, by update time ascending: 1.9 s walked at a million, 0.1 s
    // gathered). Not where an index holds the list in the sort's order (a filter fixes the sort column;
    // the locked by update time): the planner walks it.
    bool gather = false, listWalkStops = false;
    if (planByTotal) {
        gather = isNarrow(skip + count, page.total, all);
        listWalkStops = !filter.inOrder.contains(column);
    }
    const bool walkStops = (searched && !m_database->isSqlite()) || listWalkStops;
    const qint64 walkedRows = searched     ? m_walkedRows
                              : indexAlone ? CoveredStepsPerRow * page.total
                                           : page.total;
    // A read that filled its page, or failed, is the answer; a short one hands on to the next way.
    const auto done = [&](const Result<QList<Workspace>> &items) { return !items || items->size() >= count; };
    const auto walked = [&]() -> Result<QList<Workspace>> {
        if (gather)
            return pageFrom(gathered, filter.binds);
        Result<QList<Workspace>> items = QList<Workspace>();
        if (listWalkStops && m_database->isSqlite()) {
            // SQLite sorts what a subquery yields before its LIMIT, so the walk of firstRows() would read
            // all of its rows: the walk is a plain one of the sort's index, bounded by the key it reaches
            // after walkedRows rows (read from the index alone). A list of half the table or more needs
            // no bound: the rows it steps over are fewer than its own.
            QString rows = QStringLiteral("workspaces") + sortIndex(column) + filter.walkedSql;
            QVariantList binds = filter.binds;
            if (2 * walkedRows < all) {
                const auto bound = keyAfter(*db, column, order, walkedRows);
                if (!bound)
                    return bound.problem();
                if (bound->rid != 0) {
                    const QString upTo =
                        order == QLatin1String("ASC") ? QStringLiteral("<") : QStringLiteral(">");
                    rows += QStringLiteral(" AND %1 %2= ? AND (%1 %2 ? OR rid %2= ?)").arg(column, upTo);
                    binds << bound->sortValue << bound->sortValue << bound->rid;
                }
            }
            items = pageFrom(rows, binds);
        } else {
            items = pageFrom(walkStops ? firstRows(walkedRows, where)
                                       : QStringLiteral("workspaces") + hint + where,
                             filter.binds);
        }
        if (!walkStops || done(items))
            return items;
        // A filter that keeps few of a search's matches leaves them spread along the order but sparse:
        // a walk that found half its page or more walks on, twice as far as that density needs. In an
        // order that follows the table (by id after a seed) that costs a quarter of gathering every
        // match; in another about as much (BENCHMARKS). A search alone that sparse has few matches.
        const qint64 found = items->isEmpty() ? 0 : skip + items->size();
        if (searched && !filter.columns.isEmpty() && 2 * (skip + count) <= MaxWalkGrowth * found) {
            items = pageFrom(firstRows(2 * m_walkedRows * (skip + count) / found, where), filter.binds);
            if (done(items))
                return items;
        }
        return pageFrom(gathered, filter.binds);
    };
    // SQLite: a term in most workspaces (in every owner's email, say) fills a shallow page within a
    // few hundred rows of the walk, where gathering the set of its matches first takes 315 ms at a
    // million. Such a walk first tests each row's own search text, read by its key (about 5 µs a row
    // against 0.2 µs for a probe of the set, so only this short: matches gathered at the far end of
    // the order leave the page to the walk above).
    auto items =
        dense ? pageFrom(firstRows(DenseWalk * (skip + count), filter.testedSql), filter.binds) : walked();
    if (dense && !done(items))
        items = walked();
    if (counted.valid()) {
        auto counts = counted.get();
        if (!counts)
            return counts.problem();
        page.total = *counts;
    }
    if (!items)
        return items.problem();
    page.items = std::move(*items);
    if (fromEnd)
        std::reverse(page.items.begin(), page.items.end());
    return page;
}

QString WorkspaceStore::sortIndex(const QString &column) const
{
    return m_database->isSqlite() && column != QLatin1String("id")
               ? QStringLiteral(" INDEXED BY workspaces_by_%1").arg(column)
               : QString();
}

bool WorkspaceStore::walksIndexAlone(const QString &column, const Filter &filter)
{
    return column == QLatin1String("updated_at") && filter.search.isEmpty() &&
           std::all_of(filter.columns.begin(), filter.columns.end(), [](const QString &tested) {
               return Migrations::updateTimeIndexCarries().contains(tested);
           });
}

QString WorkspaceStore::gatheredRows(const Filter &filter) const
{
    // SQLite takes no OFFSET without a LIMIT; a marketplace's condition stays behind its unary plus.
    return m_database->isSqlite()
               ? QStringLiteral("(SELECT * FROM workspaces%1 LIMIT -1 OFFSET 0) AS workspaces")
                     .arg(filter.gatheredSql)
               : QStringLiteral("(SELECT * FROM workspaces%1 OFFSET 0) AS workspaces").arg(filter.sql);
}

Result<SortedPositions::Key> WorkspaceStore::keyAfter(QSqlDatabase db, const QString &column,
                                                      const QString &order, qint64 rows) const
{
    QSqlQuery key(db);
    key.prepare(QStringLiteral("SELECT %1, rid FROM workspaces%2 ORDER BY %1 %3, rid %3 LIMIT 1 OFFSET %4")
                    .arg(column, sortIndex(column), order)
                    .arg(rows - 1));
    if (auto ran = Database::exec(key, "Reading a page of workspaces"); !ran)
        return ran.problem();
    return key.next() ? SortedPositions::Key{key.value(0), key.value(1).toLongLong()}
                      : SortedPositions::Key{};
}

Result<qint64> WorkspaceStore::indexedRows(QSqlDatabase db)
{
    QSqlQuery last(db);
    last.prepare(QStringLiteral("SELECT MAX(rid) FROM workspaces"));
    if (auto ran = Database::exec(last, "Counting workspaces"); !ran)
        return ran.problem();
    return last.next() ? last.value(0).toLongLong() : 0;
}

Result<qint64> WorkspaceStore::countRows(QSqlDatabase db, const Filter &filter)
{
    QSqlQuery counting(db);
    if (!filter.count.isEmpty()) {
        counting.prepare(filter.count);
        bindAll(counting, filter.countBinds);
    } else {
        counting.prepare(QStringLiteral("SELECT COUNT(*) FROM workspaces") + filter.sql);
        bindAll(counting, filter.binds);
    }
    if (auto ran = Database::exec(counting, "Counting workspaces"); !ran)
        return ran.problem();
    return counting.next() ? counting.value(0).toLongLong() : 0;
}

Result<Workspace> WorkspaceStore::find(const QString &id, QSqlDatabase db)
{
    auto found = read(db, QStringLiteral("SELECT %1 FROM workspaces WHERE id = ?").arg(selectColumns()), {id},
                      "Reading a workspace", 1);
    if (!found)
        return found.problem();
    if (found->isEmpty())
        return Problem::notFound(QStringLiteral("workspace"), id);
    return found->first();
}

} // namespace billing::store

namespace billing::store {

Result<QList<Workspace>> WorkspaceStore::findMany(const QStringList &ids, QSqlDatabase db)
{
    return read(
        db,
        QStringLiteral("SELECT %1 FROM workspaces WHERE %2").arg(selectColumns(), m_database->isAnyOf("id")),
        {Database::idList(ids)}, "Reading workspaces", ids.size());
}

Result<QList<Workspace>> WorkspaceStore::select(QSqlDatabase db, const QString &where,
                                                const QVariantList &binds, const char *what)
{
    return read(db, QStringLiteral("SELECT %1 FROM workspaces WHERE %2").arg(selectColumns(), where), binds,
                what);
}

Result<QList<Workspace>> WorkspaceStore::boundTo(QSqlDatabase db, const QString &cloudAccountId)
{
    return select(db, QStringLiteral("cloud_account_id = ? ORDER BY rid"), {cloudAccountId},
                  "Reading bound workspaces");
}

Result<QList<Workspace>> WorkspaceStore::countdownEnded(QSqlDatabase db, qint64 nowMs, int limit)
{
    return select(db,
                  QStringLiteral("lock_purge_at > 0 AND lock_purge_at <= ? AND status = 'locked' ORDER BY "
                                 "lock_purge_at, rid LIMIT %1")
                      .arg(limit),
                  {nowMs}, "Finding workspaces whose lock countdown ended");
}

Result<QList<Workspace>> WorkspaceStore::overrideEnded(QSqlDatabase db, qint64 nowMs, int limit)
{
    return select(db,
                  QStringLiteral("override_until > 0 AND override_until <= ? AND status = 'active' ORDER BY "
                                 "override_until, rid LIMIT %1")
                      .arg(limit),
                  {nowMs}, "Finding workspaces whose unlock override ended");
}

Result<QStringList> WorkspaceStore::save(QSqlDatabase transaction, const QList<Save> &saves)
{
    // The columns a change may alter besides version and updated_at, which every change does.
    struct Column {
        const char *name;
        const char *type; // on PostgreSQL, as json_to_recordset reads it
        QVariant (*value)(const Workspace &);
    };
    constexpr quint32 CloudAccountColumn = 1u << 1; // columns[1]
    static const Column columns[] = {
        {"billing_method", "text", [](const Workspace &w) -> QVariant { return w.billingMethod; }},
        {"cloud_account_id", "text", [](const Workspace &w) -> QVariant { return w.cloudAccountId; }},
        {"status", "text", [](const Workspace &w) -> QVariant { return w.status; }},
        {"lock_reason", "text", [](const Workspace &w) -> QVariant { return w.lock.reason; }},
        {"lock_at", "bigint", [](const Workspace &w) -> QVariant { return w.lock.at; }},
        {"lock_by", "text", [](const Workspace &w) -> QVariant { return w.lock.by; }},
        {"lock_note", "text", [](const Workspace &w) -> QVariant { return w.lock.note; }},
        {"lock_purge_at", "bigint", [](const Workspace &w) -> QVariant { return w.lock.purgeAt; }},
        {"override_until", "bigint", [](const Workspace &w) -> QVariant { return w.overrideUntil; }},
    };
    const bool sqlite = m_database->isSqlite();
    // The rows of each set of altered columns (a bulk change has one or two) go in one statement per
    // 5,000, read from JSON records: a statement per row cost SQLite its trigger programs' start for each
    // row (the tally's: 10,000 rows 0.33 -> 0.79 s, against 0.22 -> 0.23 s in one statement).
    std::map<quint32, QList<QVariantList>> batches;
    // In key order: neighbouring rows share pages, so each page is visited once.
    QList<const Save *> inKeyOrder;
    inKeyOrder.reserve(saves.size());
    for (const Save &save : saves)
        inKeyOrder.append(&save);
    std::sort(inKeyOrder.begin(), inKeyOrder.end(),
              [](const Save *a, const Save *b) { return a->after.id < b->after.id; });
    QStringList conflicts;
    QHash<QString, qint64> rids; // of the workspaces saved, by id
    quint32 alteredAny = 0;
    for (const Save *each : std::as_const(inKeyOrder)) {
        const Save &save = *each;
        quint32 altered = 0;
        QVariantList values;
        for (quint32 i = 0; i < std::size(columns); ++i) {
            QVariant value = columns[i].value(save.after);
            if (value != columns[i].value(save.before)) {
                altered |= 1u << i;
                values.append(std::move(value));
            }
        }
        alteredAny |= altered;
        values << save.after.version << save.after.updatedAt << save.after.id << save.before.version;
        batches[altered].append(std::move(values));
    }
    for (const auto &[altered, rows] : batches) {
        // The records' keys, and how each backend reads them: SQLite each key's value, PostgreSQL a
        // typed column of json_to_recordset.
        QStringList assignments, keys, fields;
        const auto field = [&](QLatin1String key, const char *type) {
            keys << key;
            fields << (sqlite ? QStringLiteral("value ->> '%1' AS %1").arg(key)
                              : key + QLatin1Char(' ') + QLatin1String(type));
        };
        for (quint32 i = 0; i < std::size(columns); ++i) {
            if (altered & (1u << i)) {
                const QLatin1String name(columns[i].name);
                assignments << name + QLatin1String(" = v.") + name;
                field(name, columns[i].type);
            }
        }
        assignments << QStringLiteral("version = v.version") << QStringLiteral("updated_at = v.updated_at");
        field(QLatin1String("version"), "bigint");
        field(QLatin1String("updated_at"), "bigint");
        field(QLatin1String("id"), "text");
        field(QLatin1String("old_version"), "bigint");
        if (!sqlite && rows.size() >= BulkSearchRows && (altered & CloudAccountColumn)) {
            // Each workspace's search text changes with its cloud account. Merging the rewritten
            // trigrams into the index each time the pending list filled took 0.3 s of a 5,000-row
            // statement (1.2-1.4 s); merged once after the commit, 10,000 rows take 0.25 s, off the
            // request's path (committed()).
            if (auto deferred =
                    Database::exec(transaction, QStringLiteral("SET LOCAL gin_pending_list_limit = '64MB'"),
                                   "Deferring the search index's upkeep");
                !deferred)
                return deferred.problem();
            m_searchPending = true;
        }
        const QString records =
            sqlite ? QStringLiteral("(SELECT %1 FROM json_each(?)) AS v").arg(fields.join(", "))
                   : QStringLiteral("json_to_recordset(CAST(? AS json)) AS v(%1)").arg(fields.join(", "));
        // SQLite's RETURNING names the updated table's columns alone, and unqualified.
        const QString sql = QStringLiteral("UPDATE workspaces AS w SET %1 FROM %2 WHERE w.id = v.id AND "
                                           "w.version = v.old_version RETURNING %3")
                                .arg(assignments.join(", "), records,
                                     sqlite ? QStringLiteral("id, rid") : QStringLiteral("w.id, w.rid"));
        for (qsizetype at = 0; at < rows.size(); at += 5000) {
            const QList<QVariantList> chunk = rows.mid(at, 5000);
            QSqlQuery update(transaction);
            update.prepare(sql);
            update.addBindValue(Database::jsonRecords(keys, chunk));
            if (auto ran = Database::exec(update, "Saving workspaces"); !ran)
                return ran.problem();
            while (update.next())
                rids.insert(update.value(0).toString(), update.value(1).toLongLong());
            for (const QVariantList &row : chunk) {
                if (const QString id = row.at(row.size() - 2).toString(); !rids.contains(id))
                    conflicts << id;
            }
        }
    }
    if (!saves.isEmpty()) {
        QStringList changed{QStringLiteral("updated_at"), QStringLiteral("version")};
        for (quint32 i = 0; i < std::size(columns); ++i) {
            if (alteredAny & (1u << i))
                changed << QLatin1String(columns[i].name);
        }
        changed.sort(); // every transaction takes the counters' rows in one order
        // Counted in this transaction: stored page positions resting on these columns no longer hold.
        const QString counts = QStringLiteral("('%1', 1)").arg(changed.join(QStringLiteral("', 1), ('")));
        if (auto counted = Database::exec(
                transaction,
                QStringLiteral(
                    "INSERT INTO workspace_column_changes (column_name, changes) VALUES %1 ON CONFLICT "
                    "(column_name) DO UPDATE SET changes = workspace_column_changes.changes + 1")
                    .arg(counts),
                "Counting changed workspace columns");
            !counted)
            return counted.problem();
        std::lock_guard guard(m_changedLock);
        m_changed.unite(PagePositions::Columns(changed.begin(), changed.end()));
        // How the saved rows move in the unfiltered lists sorted by the columns a save may change, and
        // the count each of those columns got.
        const auto follow = [&](const char *name, bool integers, auto value) {
            const QString column = QLatin1String(name);
            if (!changed.contains(column))
                return;
            SortedPositions::Moves &moves = m_moves[column];
            moves.integers = integers;
            moves.counted += 1;
            for (const Save &save : saves) {
                const qint64 rid = rids.value(save.after.id); // none: another change got to it first
                if (const QVariant from = value(save.before), to = value(save.after); rid != 0 && from != to)
                    moves.rows.append(SortedPositions::Move{{from, rid}, {to, rid}});
            }
        };
        using W = contract::Workspace;
        follow("updated_at", true, [](const W &w) { return QVariant(w.updatedAt); });
        follow("lock_purge_at", true, [](const W &w) { return QVariant(w.lock.purgeAt); });
        follow("status", false, [](const W &w) { return QVariant(w.status); });
        follow("billing_method", false, [](const W &w) { return QVariant(w.billingMethod); });
        follow("cloud_account_id", false, [](const W &w) { return QVariant(w.cloudAccountId); });
    }
    return conflicts;
}

} // namespace billing::store
