// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QHash>
#include <QList>
#include <QSet>
#include <QString>
#include <QVariant>

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>

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
};

// Positions per (filters, sort column), shared by all request threads. Any write to workspaces
// calls invalidate(): positions shift, so they are rebuilt on next use.
class PagePositions
{
public:
    std::shared_ptr<const SortedPositions> find(const QString &key) const;
    void remember(const QString &key, quint64 generation, std::shared_ptr<const SortedPositions> positions);
    quint64 generation() const { return m_generation.load(); }
    // One background build per key: claim() answers false when one is already under way.
    bool claim(const QString &key);
    void release(const QString &key);
    // Waits while a build of `key` is under way; answers the positions it left, if any.
    std::shared_ptr<const SortedPositions> awaitBuild(const QString &key) const;
    void invalidate();

private:
    static constexpr int Capacity = 64;
    mutable std::mutex m_lock;
    QHash<QString, std::shared_ptr<const SortedPositions>> m_entries;
    QList<QString> m_recent; // least recently stored first
    QSet<QString> m_building;
    mutable std::condition_variable m_built;
    std::atomic<quint64> m_generation{1};
};

} // namespace billing::store
