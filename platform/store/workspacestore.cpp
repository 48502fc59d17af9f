// SPDX-License-Identifier: Apache-2.0
#include "platform/store/workspacestore.h"

#include "foundation/contract/queryparameters.h"
#include "foundation/contract/storedrows.h"
#include "foundation/sql/sqlconditions.h"
#include "platform/store/repeatedstatement.h"

#include <QSet>
#include <QSqlQuery>

#include <algorithm>
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
}

WorkspaceStore::~WorkspaceStore()
{
    m_background.clear();
    m_background.waitForDone();
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
    };
    if (auto read = query.forEachRow(binds, visit); !read)
        return read.problem();
    return found;
}

WorkspaceStore::Filter WorkspaceStore::filterFor(const WorkspaceQuery &query) const
{
    QStringList conditions;
    Filter filter;
    const auto equal = [&](const char *column, const QString &value) {
        if (value.isEmpty())
            return;
        conditions.append(QStringLiteral("%1 = ?").arg(QLatin1String(column)));
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
        // Only locked workspaces carry a lock time: the status index narrows the search to them.
        conditions.append(QStringLiteral("status = 'locked' AND lock_at = ?"));
        filter.binds.append(query.lockedAt);
        filter.columns << QStringLiteral("status") << QStringLiteral("lock_at");
    }
    if (!query.provider.isEmpty()) {
        conditions.append(
            QStringLiteral("cloud_account_id IN (SELECT id FROM cloud_accounts WHERE provider = ?)"));
        filter.binds.append(query.provider);
        filter.columns.insert(QStringLiteral("cloud_account_id"));
    }
    if (!query.q.isEmpty()) {
        filter.search = contract::parameters::searchMode(query.q);
        if (filter.search == contract::SearchMode::Substring) {
            // The id, name, owner's email, cloud account's name and customer id that contain the term,
            // as LIKE would find them (the trigram index holds them lowered as LIKE compares them).
            if (m_database->isSqlite()) {
                // The term as one phrase: its trigrams, consecutive. %SEARCHED% is "rid" (each match is
                // looked up) or "+rid" (the sort's index is walked, probing the matches): pageByOffset()
                // chooses by how many there are.
                const QString phrase = QStringLiteral("'\"' || replace(lower(?), '\"', '\"\"') || '\"'");
                conditions.append(
                    QStringLiteral(
                        "%SEARCHED% IN (SELECT rowid FROM workspace_search WHERE workspace_search MATCH %1)")
                        .arg(phrase));
                filter.binds.append(query.q);
                filter.searchCount =
                    QStringLiteral("SELECT COUNT(*) FROM workspace_search WHERE workspace_search MATCH %1")
                        .arg(phrase);
            } else {
                conditions.append(QStringLiteral(
                    "%SEARCHED% IN (SELECT rid FROM workspace_search WHERE doc LIKE lower(?) ESCAPE '\\')"));
                filter.binds.append(contract::parameters::containsPattern(query.q));
                filter.searchCount = QStringLiteral(
                    "SELECT COUNT(*) FROM workspace_search WHERE doc LIKE lower(?) ESCAPE '\\'");
            }
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
        filter.searchCount.clear(); // only a search alone is counted from its index alone
    if (!conditions.isEmpty())
        filter.sql = QStringLiteral(" WHERE ") + conditions.join(QStringLiteral(" AND "));
    return filter;
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
        known = m_positions.awaitBuild(key); // a deep page right after a shallow one: wait, don't build twice
    if (!known && query.offset + query.limit <= ShallowRows) {
        if (m_positions.claim(key)) {
            m_background.start([this, key, column, filter] {
                (void)buildPositions(key, column, filter);
                m_positions.release(key);
            });
        }
        return pageByOffset(query, column, filter);
    }
    auto positions =
        known ? Result<std::shared_ptr<const SortedPositions>>(known) : buildPositions(key, column, filter);
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
    const SortedPositions::Key &from = index.keys.at(start / SortedPositions::Stride);
    const qint64 skip = start % SortedPositions::Stride;

    auto db = m_database->connection();
    if (!db)
        return db.problem();
    // "(column, rid) >= (key, rid)" as two exact index ranges: the rest of the key's own rows, then
    // the rows of greater keys. SQLite would seek a row-value comparison on its first column only and
    // walk every row of a low-cardinality column (plan, status) from there.
    const qint64 window = count + skip;
    const QString hint = m_database->isSqlite() && column != QLatin1String("id")
                             ? QStringLiteral(" INDEXED BY workspaces_by_%1")
                                   .arg(column) // the sort's own index, never a filter's
                             : QString();
    const QString where =
        filter.sql.isEmpty() ? QStringLiteral(" WHERE ") : filter.sql + QStringLiteral(" AND ");
    // The seek reads only (sort key, rid), which the sort's index covers; only the page's own rows are
    // then read from the table, not the up to Stride rows skipped before them.
    const QString part = QStringLiteral(
        "SELECT * FROM (SELECT rid, %1 AS sort_key FROM workspaces%2%3%4 ORDER BY %5 LIMIT %6) AS %7");
    const QString sameKey =
        part.arg(column, hint, where, column + QStringLiteral(" = ? AND rid >= ?"), QStringLiteral("rid"))
            .arg(window)
            .arg(QStringLiteral("same_key"));
    const QString greaterKeys =
        part.arg(column, hint, where, column + QStringLiteral(" > ?"), column + QStringLiteral(", rid"))
            .arg(window)
            .arg(QStringLiteral("greater_keys"));
    const QVariantList binds =
        filter.binds + QVariantList{from.sortValue, from.rid} + filter.binds + QVariantList{from.sortValue};
    auto items =
        read(*db,
             QStringLiteral(
                 "SELECT %1 FROM (SELECT rid, sort_key FROM (%2 UNION ALL %3) AS seek ORDER BY sort_key, "
                 "rid LIMIT %4 OFFSET %5) AS page JOIN workspaces ON workspaces.rid = page.rid ORDER BY "
                 "page.sort_key, page.rid")
                 .arg(selectColumns(), sameKey, greaterKeys)
                 .arg(count)
                 .arg(skip),
             binds, "Reading a page of workspaces", count);
    if (!items)
        return items.problem();
    page.items = std::move(*items);
    if (query.descending)
        std::reverse(page.items.begin(), page.items.end());
    return page;
}

void WorkspaceStore::prepareUnfilteredSorts()
{
    for (const QString &sortKey : WorkspaceQuery::sortKeys()) {
        WorkspaceQuery query;
        query.sort = sortKey;
        const QString column = columnFor(sortKey);
        const QString key = positionsKey(query, column);
        if (!m_positions.claim(key))
            continue;
        m_background.start([this, key, column] {
            (void)buildPositions(key, column, Filter{});
            m_positions.release(key);
        });
    }
}

QString WorkspaceStore::positionsKey(const WorkspaceQuery &query, const QString &column)
{
    return query.filterKey() + QChar(0x1e) + column;
}

void WorkspaceStore::committed()
{
    PagePositions::Columns changed;
    {
        std::lock_guard guard(m_changedLock);
        changed.swap(m_changed);
    }
    if (!changed.isEmpty())
        m_positions.invalidate(changed);
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

Result<std::shared_ptr<const SortedPositions>>
WorkspaceStore::buildPositions(const QString &key, const QString &column, const Filter &filter)
{
    // The list rests on its sort column and the columns its filters test: a change to any of them
    // moves its rows.
    PagePositions::Columns restsOn = filter.columns;
    restsOn.insert(column);
    const quint64 generation = m_positions.generation(restsOn);

    auto db = m_database->connection();
    if (!db)
        return db.problem();
    auto positions = std::make_shared<SortedPositions>();
    QSqlQuery sql(*db);
    sql.setForwardOnly(true);
    // The window runs inside the database over the (column, rid) index; only every Stride-th key
    // crosses into Qt. The last row number is the total.
    sql.prepare(
        QStringLiteral(
            "SELECT k, rid, rn FROM (SELECT %1 AS k, rid, ROW_NUMBER() OVER (ORDER BY %1, rid) - 1 AS rn, "
            "COUNT(*) OVER () AS total FROM workspaces%2) numbered "
            "WHERE rn % %3 = 0 OR rn = total - 1 ORDER BY rn")
            .arg(column, filter.sql)
            .arg(SortedPositions::Stride));
    bindAll(sql, filter.binds);
    if (auto ran = Database::exec(sql, "Indexing workspace positions"); !ran)
        return ran.problem();
    while (sql.next()) {
        const qint64 rn = sql.value(2).toLongLong();
        if (rn % SortedPositions::Stride == 0)
            positions->keys.append({sql.value(0), sql.value(1).toLongLong()});
        positions->total = rn + 1;
    }
    m_positions.remember(key, restsOn, generation, positions);
    return std::shared_ptr<const SortedPositions>(positions);
}

Result<Page<Workspace>> WorkspaceStore::pageByOffset(const WorkspaceQuery &query, const QString &column,
                                                     const Filter &filter)
{
    auto db = m_database->connection();
    if (!db)
        return db.problem();
    Page<Workspace> page;
    page.offset = query.offset;
    page.search = filter.search;
    QSqlQuery count(*db);
    if (!filter.searchCount.isEmpty()) {
        count.prepare(filter.searchCount);
        count.addBindValue(filter.binds.first());
    } else {
        count.prepare(QStringLiteral("SELECT COUNT(*) FROM workspaces") +
                      QString(filter.sql).replace(QLatin1String("%SEARCHED%"), QLatin1String("rid")));
        bindAll(count, filter.binds);
    }
    if (auto ran = Database::exec(count, "Counting workspaces"); !ran)
        return ran.problem();
    page.total = count.next() ? count.value(0).toLongLong() : 0;
    if (query.offset >= page.total)
        return page;

    // Many matches: walking the sort's index reaches the page after about (offset + limit) × all /
    // total entries, each a cheap probe. Few: each is looked up and the few are sorted.
    bool walk = false;
    if (m_database->isSqlite() && filter.sql.contains(QLatin1String("%SEARCHED%"))) {
        QSqlQuery last(*db);
        last.prepare(QStringLiteral("SELECT MAX(rid) FROM workspaces"));
        if (auto ran = Database::exec(last, "Counting workspaces"); !ran)
            return ran.problem();
        const double all = last.next() ? last.value(0).toDouble() : 0.0;
        walk = double(query.offset + query.limit) * all < 5.0 * double(page.total) * double(page.total);
    }
    const QString where =
        QString(filter.sql)
            .replace(QLatin1String("%SEARCHED%"), walk ? QLatin1String("+rid") : QLatin1String("rid"));
    const QString order = query.descending ? QStringLiteral("DESC") : QStringLiteral("ASC");
    auto items = read(*db,
                      QStringLiteral("SELECT %1 FROM workspaces%2 ORDER BY %3 %4, rid %4 LIMIT %5 OFFSET %6")
                          .arg(selectColumns(), where, column, order)
                          .arg(query.limit)
                          .arg(query.offset),
                      filter.binds, "Searching workspaces", query.limit);
    if (!items)
        return items.problem();
    page.items = std::move(*items);
    return page;
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
    // One prepared statement per set of altered columns; a bulk change has one or two. On PostgreSQL
    // each set's rows go in one statement (per 5,000) instead.
    std::map<quint32, std::unique_ptr<RepeatedStatement>> statements;
    std::map<quint32, QList<QVariantList>> batches;
    // In key order: neighbouring rows share pages, so each page is visited once.
    QList<const Save *> inKeyOrder;
    inKeyOrder.reserve(saves.size());
    for (const Save &save : saves)
        inKeyOrder.append(&save);
    std::sort(inKeyOrder.begin(), inKeyOrder.end(),
              [](const Save *a, const Save *b) { return a->after.id < b->after.id; });
    QStringList conflicts;
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
        if (!sqlite) {
            batches[altered].append(std::move(values));
            continue;
        }
        auto &update = statements[altered];
        if (!update) {
            QStringList assignments;
            for (quint32 i = 0; i < std::size(columns); ++i) {
                if (altered & (1u << i))
                    assignments << QLatin1String(columns[i].name) + QLatin1String(" = ?");
            }
            assignments << QStringLiteral("version = ?") << QStringLiteral("updated_at = ?");
            update = std::make_unique<RepeatedStatement>(
                transaction,
                QStringLiteral("UPDATE workspaces SET %1 WHERE id = ? AND version = ?")
                    .arg(assignments.join(", ")),
                "Saving a workspace");
        }
        auto changed = update->run(values);
        if (!changed)
            return changed.problem();
        if (*changed != 1)
            conflicts << save.after.id;
    }
    for (const auto &[altered, rows] : batches) {
        QStringList assignments, record, keys;
        for (quint32 i = 0; i < std::size(columns); ++i) {
            if (altered & (1u << i)) {
                const QLatin1String name(columns[i].name);
                assignments << name + QLatin1String(" = v.") + name;
                record << name + QLatin1Char(' ') + QLatin1String(columns[i].type);
                keys << name;
            }
        }
        assignments << QStringLiteral("version = v.version") << QStringLiteral("updated_at = v.updated_at");
        record << QStringLiteral("version bigint") << QStringLiteral("updated_at bigint")
               << QStringLiteral("id text") << QStringLiteral("old_version bigint");
        keys << QStringLiteral("version") << QStringLiteral("updated_at") << QStringLiteral("id")
             << QStringLiteral("old_version");
        const QString sql =
            QStringLiteral("UPDATE workspaces AS w SET %1 FROM json_to_recordset(CAST(? AS json)) "
                           "AS v(%2) WHERE w.id = v.id AND w.version = v.old_version RETURNING w.id")
                .arg(assignments.join(", "), record.join(", "));
        for (qsizetype at = 0; at < rows.size(); at += 5000) {
            const QList<QVariantList> chunk = rows.mid(at, 5000);
            QSqlQuery update(transaction);
            update.prepare(sql);
            update.addBindValue(Database::jsonRecords(keys, chunk));
            if (auto ran = Database::exec(update, "Saving workspaces"); !ran)
                return ran.problem();
            QSet<QString> saved;
            while (update.next())
                saved.insert(update.value(0).toString());
            for (const QVariantList &row : chunk) {
                if (const QString id = row.at(row.size() - 2).toString(); !saved.contains(id))
                    conflicts << id;
            }
        }
    }
    if (!saves.isEmpty()) {
        std::lock_guard guard(m_changedLock);
        m_changed << QStringLiteral("version") << QStringLiteral("updated_at");
        for (quint32 i = 0; i < std::size(columns); ++i) {
            if (alteredAny & (1u << i))
                m_changed << QLatin1String(columns[i].name);
        }
    }
    return conflicts;
}

} // namespace billing::store
