// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QHash>
#include <QList>
#include <QSet>
#include <QString>
#include <QVariant>

#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>

namespace billing::store {

// Keyset positions of one sorted, filtered list: the key of every Stride-th row and the total.
// A page at any offset starts from the nearest key at or before it and skips the rows between,
// instead of OFFSET walking the whole list (which is O(offset)).
struct SortedPositions {
    struct Key {
        QVariant sortValue;
        qint64 rid = 0; // the row key that breaks ties
    };
    // A row of the list whose sort value a commit changed.
    struct Move {
        Key from, to;
    };
    // What one commit did to the unfiltered list sorted by a column: its rows' moves, and how many times
    // it counted a change of that column (each save() once: the stamp grows by as much).
    struct Moves {
        bool integers = false; // the column's values are numbers
        qint64 counted = 0;
        QList<Move> rows;
    };
    static constexpr int Stride = 256;
    // How many rows moved positions may leave between two keys before the list is built again: a page
    // steps over at most this many in the sort's index (a few milliseconds at most).
    static constexpr qint64 MaxGap = 16384;
    qint64 total = 0;
    QList<Key> keys;      // ascending; as built, keys[i] is the row at position i * Stride
    QList<qint64> before; // how many rows sort before keys[i]: i * Stride as built
    qint64 stamp = -1;    // the change count of the columns they rest on, when they held (-1: unknown)

    // The index of the key a page at ascending position `start` seeks from (the last one at or before
    // it); start - before[index] rows lie between.
    qsizetype keyBefore(qint64 start) const;
    // These positions once `moves` are made, each key's count of rows before it kept exact: a key
    // counts the rows below it, whether or not its own row is still there. Nothing when they cannot
    // say: a text value none of the keys holds (they show the database's collation only for theirs),
    // a row moved before the first key, or a gap grown past MaxGap.
    std::optional<SortedPositions> moved(const Moves &moves) const;

    // As stored in page_positions.keys, with the counts; fromBytes() answers nothing for bytes it
    // cannot read whole.
    QByteArray toBytes() const;
    static std::optional<SortedPositions> fromBytes(const QByteArray &bytes, qint64 total);
    // Sets `before` for keys as built.
    void countAsBuilt();
    // Whether a page can seek in them: the first key opens the list, and each gap is one a page may
    // step over (at most MaxGap rows).
    bool pageable() const;
};

// Positions per (filters, sort column), shared by all request threads. Each list rests on a few
// columns (its sort column and those its filters test): a write that changes one of them shifts its
// positions, so they go and are rebuilt on next use; lists on other columns stay (a dissolution
// changes no name, so the list by name keeps its positions). An unfiltered list's positions follow
// this process's own commits instead, when the commit says how its rows moved.
class PagePositions
{
public:
    using Columns = QSet<QString>;
    // How a commit moved the rows of the unfiltered list sorted by each column it changed.
    using Moves = QHash<QString, SortedPositions::Moves>;

    std::shared_ptr<const SortedPositions> find(const QString &key) const;
    // The total of the list of `filters` under any sort (keys are filters, separator, sort column):
    // each sort counts the same rows.
    std::optional<qint64> total(const QString &filters, QChar separator) const;
    // Kept unless a column it rests on changed since `generation(columns)` was read. `unfilteredBy`: the
    // sort column of an unfiltered list, whose positions may follow moves; empty for the others.
    void remember(const QString &key, const Columns &columns, quint64 generation,
                  std::shared_ptr<const SortedPositions> positions, const QString &unfilteredBy = {});
    quint64 generation(const Columns &columns) const;
    // One background build per key: claim() answers false when one is already under way.
    bool claim(const QString &key);
    void release(const QString &key);
    // Waits while a build of `key` is under way; answers the positions it left, if any.
    std::shared_ptr<const SortedPositions> awaitBuild(const QString &key) const;
    // Everything goes (what changed is unknown).
    void invalidate();
    // The lists resting on any of `changed` go, except the unfiltered ones whose rows' moves `moves`
    // tells and whose positions can follow them: those lists' keys are answered.
    QSet<QString> invalidate(const Columns &changed, const Moves &moves = {});

    static constexpr int Capacity = 64; // lists kept

private:
    quint64 generationLocked(const Columns &columns) const;

    struct Entry {
        Columns columns;
        std::shared_ptr<const SortedPositions> positions;
        QString unfilteredBy;
    };
    mutable std::mutex m_lock;
    QHash<QString, Entry> m_entries;
    QHash<QString, quint64> m_columnChanges; // column → changes seen
    QList<QString> m_recent;                 // least recently stored first
    QSet<QString> m_building;
    mutable std::condition_variable m_built;
    quint64 m_generation = 1; // everything changed
};

} // namespace billing::store
