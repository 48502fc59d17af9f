// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "foundation/contract/page.h"
#include "foundation/contract/workspace.h"
#include "foundation/contract/workspacequery.h"
#include "platform/store/database.h"
#include "platform/store/pagepositions.h"
#include "platform/store/repeatedstatement.h"

#include <QThreadPool>

#include <atomic>
#include <chrono>
#include <condition_variable>

namespace billing::store {

// Reads workspaces: one page of any filtered, sorted list, and single workspaces.
class WorkspaceStore
{
public:
    explicit WorkspaceStore(std::shared_ptr<Database> database);
    ~WorkspaceStore();

    // Pages this shallow are read directly while the list's positions are built in the background,
    // so a new sort or filter shows its first page at once.
    static constexpr qint64 ShallowRows = 5000;
    // When a term is in the text of this many cloud accounts or fewer, a count tests each of their
    // workspaces in its own search text; beyond, against the set of the term's own matches (SQLite).
    static constexpr int FewCloudAccounts = 100;
    // How far PostgreSQL may walk a sort's index for a search's page (about 5 µs a row) before the rows
    // meeting its conditions are gathered and sorted instead. With other filters, a walk that found
    // half its page or more walks on, twice as far as that suggests, up to MaxWalkGrowth × WalkedRows.
    static constexpr qint64 WalkedRows = 30000;
    static constexpr qint64 MaxWalkGrowth = 4;
    // SQLite: a search matching half the workspaces or more first walks DenseWalk × the rows its page
    // needs, testing each row's search text, when that is at most MaxDenseWalk rows.
    static constexpr qint64 DenseWalk = 8;
    static constexpr qint64 MaxDenseWalk = 4000;

    contract::Result<contract::Page<contract::Workspace>> page(const contract::WorkspaceQuery &query);
    // How far a search's page may walk a sort's index: where PostgreSQL's walk stops, and how near SQLite
    // must expect the page of a search with other filters to walk rather than gather (tests make both
    // short, so that both ways are read).
    void limitSearchWalks(qint64 rows)
    {
        m_walkedRows = rows;
        m_shortWalk = rows;
    }
    // On `db` when given (inside a transaction), else on this thread's connection.
    contract::Result<contract::Workspace> find(const QString &id, QSqlDatabase db = {});
    contract::Result<QList<contract::Workspace>> findMany(const QStringList &ids, QSqlDatabase db);

    // Every workspace the cloud account pays for (a cancellation locks them all).
    contract::Result<QList<contract::Workspace>> boundTo(QSqlDatabase db, const QString &cloudAccountId);
    // Locked workspaces whose 14-day countdown ended by `nowMs` (rule 6).
    contract::Result<QList<contract::Workspace>> countdownEnded(QSqlDatabase db, qint64 nowMs, int limit);
    // Active workspaces whose admin override ended by `nowMs`.
    contract::Result<QList<contract::Workspace>> overrideEnded(QSqlDatabase db, qint64 nowMs, int limit);

    // Writes what each change altered if the stored workspace is still at `before.version`; answers the
    // ids another change got to first. Only the altered columns are written, so SQLite rewrites only the
    // indexes on them (a bind leaves the status, lock and override indexes alone). Inside a write
    // transaction.
    struct Save {
        contract::Workspace before; // as read in this transaction
        contract::Workspace after;
    };
    contract::Result<QStringList> save(QSqlDatabase transaction, const QList<Save> &saves);

    // Reads the stored positions of every unfiltered sort that hold, and builds the others in the
    // background, so that the console's first jumps deep into any sort are fast too.
    void prepareUnfilteredSorts();
    // Builds and stores them here, on this thread's connection and inside its transaction: a seed leaves
    // them with its indexes, so the first start after it pages at any depth like a restart.
    contract::Result<contract::Done> storeUnfilteredSorts();
    // Waits while the query's list has its positions built in the background (tests and benchmarks
    // that check or time the positions themselves).
    void awaitPositions(const contract::WorkspaceQuery &query);
    // Whether the query's list has its positions now (tests).
    bool hasPositions(const contract::WorkspaceQuery &query) const;

    // Called after every commit: the page positions of the lists resting on columns the transaction
    // changed are stale and are rebuilt on next use, except an unfiltered list's, which follow the
    // rows the commit moved (and are stored again). The rest stand: a commit that wrote no workspace
    // (a sign-in, an owner linked, a deployment deleted) leaves all of them, and a lock leaves the lists
    // by name; rebuilding one costs a second or more at a million rows. On PostgreSQL a bulk change of
    // cloud accounts (a bind, a cancellation) left its search rows' trigrams in the index's pending
    // list, which every search reads until they are merged: they are merged on a thread of their own.
    void committed();
    // Called when a transaction that may have saved workspaces ends without a commit: what save() noted
    // of it is forgotten.
    void rolledBack();
    // Tests: returns once the merges queued so far have run.
    void awaitSearchUpkeep();
    // Tests: returns once the positions' builds and stores queued so far have run.
    void awaitBackground();
    // From this many workspaces saved with a new cloud account in one statement on.
    static constexpr qint64 BulkSearchRows = 1000;
    // The columns the transaction being committed changed in workspaces (what the other instances are
    // told); empty when it saved none.
    QStringList changedSinceCommit() const;
    // Another instance changed these columns (empty: unknown, so all): positions resting on them go.
    void changedElsewhere(const QStringList &columns);

    // Every stored column of a workspace, in the order WorkspaceRow::read() reads them.
    static QString selectColumns();

private:
    struct Filter {
        QString sql; // "WHERE ..." or empty
        // The same conditions each behind SQLite's unary plus, which keeps a filter's index from driving
        // the statement: a walk of the sort's index tests each row against all of them instead (a
        // search's against the set of its own matches and that of its cloud accounts).
        QString walkedSql;
        // SQLite: the same with the search tested in each row's own search text, read by its key.
        QString testedSql;
        // The conditions for a list gathered through its filters' indexes: on SQLite with those behind
        // the unary plus that no index of their own narrows; and whether any condition can.
        QString gatheredSql;
        bool gathers = false;
        QVariantList binds;
        QString search; // how the text term was matched (contract::SearchMode), empty without one
        // Counted without the workspaces' rows when it can be: a search alone from its indexes, a list
        // filtered only by tallied columns from workspace_tallies (empty: COUNT(*) with the conditions).
        QString count;
        QVariantList countBinds;
        PagePositions::Columns columns; // the workspace columns it tests, which its positions rest on
        PagePositions::Columns fixed;   // those it fixes to one value ("site = ?")
        // The sort columns an index holds its list in order by: those it fixes, and the update time
        // for a status that is not active (workspaces_by_status_updated_at)
        PagePositions::Columns inOrder;
    };
    // A substring search's condition and its forms (Filter says what each is for).
    struct TextSearch {
        QString condition, walked, tested, count;
        QVariantList binds, countBinds;
    };
    TextSearch textSearch(const QString &term) const;
    // [from, to): the range of lowered ids and names that start with `term`.
    std::pair<QString, QString> prefixRange(const QString &term) const;
    Filter filterFor(const contract::WorkspaceQuery &query) const;
    static QString positionsKey(const contract::WorkspaceQuery &query, const QString &column);
    // Each unfiltered sort's positions key and column.
    static QList<std::pair<QString, QString>> unfilteredSorts();
    // Starts building the list's positions on the background thread unless they exist or are under way
    // (reading them from page_positions when they are stored there and hold).
    void buildInBackground(const QString &key, const QString &column, const Filter &filter);
    // How often a background build is made again when a commit overtook it.
    static constexpr int BuildAttempts = 3;
    // On PostgreSQL, the list's build turn among instances (waits while another holds it); false
    // when there is none to take (SQLite) or it could not be had.
    bool takeBuildTurn(const QString &key);
    void endBuildTurn(const QString &key);
    // The columns a list's positions rest on, and the SQL of their change counters' sum (the stamp).
    static PagePositions::Columns restsOn(const QString &column, const Filter &filter);
    // Queues a store of these lists' positions (those that followed commits), at most one a while.
    void storeLater(const QSet<QString> &keys);
    static constexpr std::chrono::milliseconds FollowedStoreDelay{1000};
    // Stores them from a background thread, where no caller hears a failure: it is logged.
    void storeOrWarn(const QString &key, qint64 stamp,
                     const std::shared_ptr<const SortedPositions> &positions);
    // The sort column of an unfiltered list, whose positions follow this process's saves (empty if not).
    static QString unfilteredBy(const QString &column, const Filter &filter)
    {
        return filter.sql.isEmpty() ? column : QString();
    }
    static QString stampOf(const PagePositions::Columns &columns);
    // The list's positions from page_positions if they hold (remembered then); nothing otherwise.
    std::shared_ptr<const SortedPositions> storedPositions(const QString &key, const QString &column,
                                                           const Filter &filter);
    contract::Result<contract::Done> storePositions(const QString &key, qint64 stamp,
                                                    const std::shared_ptr<const SortedPositions> &positions);
    // Builds and remembers the list's positions, and stores a long list's in page_positions: here (on
    // the background thread), or queued on the storing thread (from a request's, which is not kept waiting).
    enum class Storing { Here, InBackground };
    contract::Result<std::shared_ptr<const SortedPositions>>
    buildPositions(const QString &key, const QString &column, const Filter &filter, Storing storing);
    // The workspaces a query of selectColumns() answers, in its order; on `db` when given, else on
    // this thread's connection.
    contract::Result<QList<contract::Workspace>> read(QSqlDatabase db, const QString &sql,
                                                      const QVariantList &binds, const char *what,
                                                      qsizetype expected = 0);
    contract::Result<QList<contract::Workspace>> select(QSqlDatabase db, const QString &where,
                                                        const QVariantList &binds, const char *what);
    // OFFSET through the list, from its nearer end; counted unless its total is given.
    contract::Result<contract::Page<contract::Workspace>> pageByOffset(const contract::WorkspaceQuery &query,
                                                                       const QString &column,
                                                                       const Filter &filter,
                                                                       std::optional<qint64> total = {});
    // The rows the filter selects, on `db`.
    static contract::Result<qint64> countRows(QSqlDatabase db, const Filter &filter);
    // About how many entries a sort's index holds: the highest key (one step of the key's index).
    static contract::Result<qint64> indexedRows(QSqlDatabase db);
    // SQLite: " INDEXED BY" the sort column's own index (the id's has no name of ours: empty).
    QString sortIndex(const QString &column) const;
    // The rows meeting the filter, gathered behind a fence (OFFSET 0) that keeps the sort's order out of
    // the gathering: the planner drives it by the narrowest condition and sorts what it gathered.
    QString gatheredRows(const Filter &filter) const;
    // The key of the sort's `rows`-th row in `order` (ASC or DESC); none (rid 0) when there are fewer.
    contract::Result<SortedPositions::Key> keyAfter(QSqlDatabase db, const QString &column,
                                                    const QString &order, qint64 rows) const;
    // Whether a list without a search that its filters' indexes may gather (Filter::gathers; no other
    // is ever gathered) is narrow enough to gather rather than walk for its first `reach` rows of
    // `listed` among `all`.
    static bool isNarrow(qint64 reach, qint64 listed, qint64 all)
    {
        return !walkIsShorter(reach, listed, all, FilterStepsPerRow);
    }
    // Whether the first `reach` rows of a list of `listed` among `all` are found sooner by walking the
    // sort's index, testing each row it steps over (about reach × all / listed of them), than by
    // gathering the whole list through its filters' indexes and sorting it. `stepsPerRow`: how many of
    // the walk's steps cost what one gathered row does.
    static bool walkIsShorter(qint64 reach, qint64 listed, qint64 all, double stepsPerRow)
    {
        return double(reach) * double(all) < stepsPerRow * double(listed) * double(listed);
    }
    // A search with other filters is gathered through the search's matches, each looked up to test the
    // filters, which may be many more rows than the list (SQLite, 1M workspaces: issue 22's combined
    // filters with the site list 3,268 of Ops's 83,513 matches: its page gathered in 70 ms, walked in 28). A
    // walk of at most ShortWalk steps costs little whatever they are, so such a search walks when its page is
    // that near, in an order its filters do not gather at one end or in one part: not by update time
    // (a change of billing method or status updates the workspace, so the rows those filters keep are
    // the last ones: that request took 175 ms walked, 156 gathered), nor by a column a filter fixes (the walk
    // would step over every other value's rows first).
    bool isShortWalk(const QString &column, const Filter &filter, qint64 reach, qint64 listed,
                     qint64 all) const
    {
        return !filter.columns.isEmpty() && column != QLatin1String("updated_at") &&
               !filter.fixed.contains(column) &&
               double(reach) * double(all) <= double(m_shortWalk) * double(listed);
    }
    static constexpr qint64 ShortWalk = 50000;
    // Whether a list's walk of the sort's index tests every filter from the index alone, reading no row
    // (Migrations::updateTimeIndexCarries(); a search's walk reads the rows). Such a step costs a
    // fraction of a gathered row (1M workspaces, the 51,989 cloud-billed in one site gathered and
    // sorted: SQLite 76 ms, where the whole index walked testing a billing method and site takes 63, a
    // marketplace's IN 259; PostgreSQL 120 ms, 51,769 steps 11), so such a walk goes
    // CoveredStepsPerRow times the list's total before it is gathered: those workspaces, updated when
    // they were bound, fill a first page after 72,000 steps.
    static bool walksIndexAlone(const QString &column, const Filter &filter);
    static constexpr qint64 CoveredStepsPerRow = 4;
    // A search's step probes the gathered matches (SQLite, about 0.2 µs); a filter's reads the row it
    // tests, about what a gathered row costs (SQLite, 1M workspaces, a list of 64,077 by name: 33,000
    // steps in 39 ms, the list gathered and sorted in 183; of the 58,777 locked: 36,000 in 49, 57).
    static constexpr double SearchStepsPerRow = 5.0;
    static constexpr double FilterStepsPerRow = 1.0;
    static constexpr QChar PositionsKeySeparator{0x1e}; // between a list's filters and its sort column

    std::shared_ptr<Database> m_database;
    PagePositions m_positions;
    mutable std::mutex m_changedLock;
    PagePositions::Columns m_changed; // the columns save() changed since the last commit()
    PagePositions::Moves m_moves;     // and how the saved rows moved in the unfiltered lists
    QThreadPool m_background;         // one thread that builds positions ahead of deep pages
    QThreadPool m_counting;           // counts first pages' totals beside them (PostgreSQL)
    QThreadPool m_searchUpkeep;       // merges a bulk change's pending search entries (PostgreSQL)
    QThreadPool m_storing;            // stores positions built or followed, finished at the end
    std::mutex m_unstoredLock;
    QSet<QString> m_unstored;   // lists that followed commits since they were last stored
    bool m_storeQueued = false; // a store of them is waiting on m_storing
    bool m_endingNow = false;   // the store goes: what waits is stored at once
    std::condition_variable m_ending;
    std::atomic_bool m_searchPending{false}; // a bulk change deferred its merge since the last commit()
    qint64 m_walkedRows = WalkedRows;
    qint64 m_shortWalk = ShortWalk;
    std::mutex m_walking; // held by the one deep page walked while its list has no positions
};

} // namespace billing::store
