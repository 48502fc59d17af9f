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
// A page at any offset starts from the nearest position at or before it and skips fewer than
// Stride rows, instead of OFFSET walking the whole list (which is O(offset)).
struct SortedPositions {
    struct Key {
        QVariant sortValue;
        qint64 rid = 0; // the row key that breaks ties
    };
    static constexpr int Stride = 256;
    qint64 total = 0;
    QList<Key> keys; // keys[i] is the row at ascending position i * Stride

    // As stored in page_positions.keys; fromBytes() answers nothing for bytes it cannot read whole.
    QByteArray toBytes() const;
    static std::optional<SortedPositions> fromBytes(const QByteArray &bytes, qint64 total);
};

// Positions per (filters, sort column), shared by all request threads. Each list rests on a few
// columns (its sort column and those its filters test): a write that changes one of them shifts its
// positions, so they go and are rebuilt on next use; lists on other columns stay (a dissolution
// changes no name, so the list by name keeps its positions).
class PagePositions
{
public:
    using Columns = QSet<QString>;

    std::shared_ptr<const SortedPositions> find(const QString &key) const;
    // The total of the list of `filters` under any sort (keys are filters, separator, sort column):
    // each sort counts the same rows.
    std::optional<qint64> total(const QString &filters, QChar separator) const;
    // Kept unless a column it rests on changed since `generation(columns)` was read.
    void remember(const QString &key, const Columns &columns, quint64 generation,
                  std::shared_ptr<const SortedPositions> positions);
    quint64 generation(const Columns &columns) const;
    // One background build per key: claim() answers false when one is already under way.
    bool claim(const QString &key);
    void release(const QString &key);
    // Waits while a build of `key` is under way; answers the positions it left, if any.
    std::shared_ptr<const SortedPositions> awaitBuild(const QString &key) const;
    // Everything goes (what changed is unknown).
    void invalidate();
    // The lists resting on any of `changed` go.
    void invalidate(const Columns &changed);

    static constexpr int Capacity = 64; // lists kept

private:
    quint64 generationLocked(const Columns &columns) const;

    struct Entry {
        Columns columns;
        std::shared_ptr<const SortedPositions> positions;
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
