// SPDX-License-Identifier: Apache-2.0
#include "platform/store/pagepositions.h"

#include <QDataStream>
#include <QIODevice>

#include <algorithm>

namespace billing::store {

namespace {
// Bumped when the layout below changes. 1: the keys alone, each Stride rows after the last; 2: each
// key with the rows before it (positions that followed moves).
constexpr quint32 BytesFormat = 2;
} // namespace

QByteArray SortedPositions::toBytes() const
{
    QByteArray bytes;
    QDataStream out(&bytes, QIODevice::WriteOnly);
    out.setVersion(QDataStream::Qt_6_4);
    out << BytesFormat << quint32(Stride) << quint32(keys.size());
    for (qsizetype i = 0; i < keys.size(); ++i)
        out << keys.at(i).sortValue << keys.at(i).rid << before.at(i);
    return bytes;
}

std::optional<SortedPositions> SortedPositions::fromBytes(const QByteArray &bytes, qint64 total)
{
    QDataStream in(bytes);
    in.setVersion(QDataStream::Qt_6_4);
    quint32 format = 0, stride = 0, count = 0;
    in >> format >> stride >> count;
    // As many keys as the total needs, one per Stride rows as built: anything else is not these positions.
    if (in.status() != QDataStream::Ok || (format != 1 && format != BytesFormat) ||
        stride != quint32(Stride) || total < 0 || qint64(count) != (total + Stride - 1) / Stride)
        return std::nullopt;
    SortedPositions positions;
    positions.total = total;
    positions.keys.reserve(std::min<qsizetype>(count, bytes.size() / 12)); // 12 bytes a key at least
    for (quint32 i = 0; i < count; ++i) {
        Key key;
        qint64 before = qint64(i) * Stride;
        in >> key.sortValue >> key.rid;
        if (format == BytesFormat)
            in >> before;
        positions.keys.append(std::move(key));
        positions.before.append(before);
    }
    if (in.status() != QDataStream::Ok || !in.atEnd() || !positions.pageable())
        return std::nullopt;
    return positions;
}

bool SortedPositions::pageable() const
{
    // The first key opens the list, and no gap is negative or wider than a page may step over.
    if (!before.isEmpty() && before.first() != 0)
        return false;
    for (qsizetype i = 0; i < before.size(); ++i) {
        const qint64 next = i + 1 < before.size() ? before.at(i + 1) : total;
        if (next < before.at(i) || next - before.at(i) > MaxGap)
            return false;
    }
    return true;
}

void SortedPositions::countAsBuilt()
{
    before.resize(keys.size());
    for (qsizetype i = 0; i < keys.size(); ++i)
        before[i] = qint64(i) * Stride;
}

qsizetype SortedPositions::keyBefore(qint64 start) const
{
    return std::upper_bound(before.cbegin(), before.cend(), start) - before.cbegin() - 1;
}

std::optional<SortedPositions> SortedPositions::moved(const Moves &moves) const
{
    if (keys.isEmpty())
        return std::nullopt;
    const bool integers = moves.integers;
    // Keys and moved rows as (the value's rank, rid): a number is its own rank; a text's is where the
    // keys, in the database's order, first hold it.
    QHash<QString, qint64> ranks;
    if (!integers) {
        for (const Key &key : keys) {
            if (const QString value = key.sortValue.toString(); !ranks.contains(value))
                ranks.insert(value, ranks.size());
        }
    }
    const auto ranked = [&](const Key &key) -> std::optional<std::pair<qint64, qint64>> {
        if (integers)
            return std::pair{key.sortValue.toLongLong(), key.rid};
        const auto rank = ranks.constFind(key.sortValue.toString());
        if (rank == ranks.cend())
            return std::nullopt;
        return std::pair{*rank, key.rid};
    };
    QList<std::pair<qint64, qint64>> left, arrived;
    left.reserve(moves.rows.size());
    arrived.reserve(moves.rows.size());
    for (const Move &move : moves.rows) {
        const auto from = ranked(move.from), to = ranked(move.to);
        if (!from || !to)
            return std::nullopt;
        left.append(*from);
        arrived.append(*to);
    }
    std::sort(left.begin(), left.end());
    std::sort(arrived.begin(), arrived.end());
    // Each key counts the rows that now sort below it and no longer count those that left from there.
    SortedPositions after = *this;
    after.stamp = stamp < 0 ? -1 : stamp + moves.counted;
    for (qsizetype i = 0; i < keys.size(); ++i) {
        const auto key = *ranked(keys.at(i));
        after.before[i] += (std::lower_bound(arrived.cbegin(), arrived.cend(), key) - arrived.cbegin()) -
                           (std::lower_bound(left.cbegin(), left.cend(), key) - left.cbegin());
    }
    if (!after.pageable())
        return std::nullopt; // a row now sorts before the first key, or a gap grew too wide
    return after;
}

std::shared_ptr<const SortedPositions> PagePositions::find(const QString &key) const
{
    std::lock_guard guard(m_lock);
    return m_entries.value(key).positions;
}

std::optional<qint64> PagePositions::total(const QString &filters, QChar separator) const
{
    std::lock_guard guard(m_lock);
    for (auto it = m_entries.cbegin(); it != m_entries.cend(); ++it) {
        // The sort column is the part after the last separator (a filter's value may hold one).
        if (QStringView(it.key()).left(it.key().lastIndexOf(separator)) == filters)
            return it->positions->total;
    }
    return std::nullopt;
}

quint64 PagePositions::generation(const Columns &columns) const
{
    std::lock_guard guard(m_lock);
    return generationLocked(columns);
}

quint64 PagePositions::generationLocked(const Columns &columns) const
{
    // Counters only grow, so the sum changes whenever one of them does.
    quint64 sum = m_generation;
    for (const QString &column : columns)
        sum += m_columnChanges.value(column);
    return sum;
}

void PagePositions::remember(const QString &key, const Columns &columns, quint64 generation,
                             std::shared_ptr<const SortedPositions> positions, const QString &unfilteredBy)
{
    std::lock_guard guard(m_lock);
    if (generation != generationLocked(columns))
        return; // built from data that has changed since
    if (!m_entries.contains(key))
        m_recent.append(key);
    m_entries.insert(key, Entry{columns, std::move(positions), unfilteredBy});
    while (m_recent.size() > Capacity)
        m_entries.remove(m_recent.takeFirst());
}

bool PagePositions::claim(const QString &key)
{
    std::lock_guard guard(m_lock);
    if (m_building.contains(key) || m_entries.contains(key))
        return false;
    m_building.insert(key);
    return true;
}

void PagePositions::release(const QString &key)
{
    {
        std::lock_guard guard(m_lock);
        m_building.remove(key);
    }
    m_built.notify_all();
}

std::shared_ptr<const SortedPositions> PagePositions::awaitBuild(const QString &key) const
{
    std::unique_lock guard(m_lock);
    m_built.wait(guard, [&] { return !m_building.contains(key); });
    return m_entries.value(key).positions;
}

void PagePositions::invalidate()
{
    std::lock_guard guard(m_lock);
    ++m_generation;
    m_entries.clear();
    m_recent.clear();
}

QSet<QString> PagePositions::invalidate(const Columns &changed, const Moves &moves)
{
    QSet<QString> followed;
    std::lock_guard guard(m_lock);
    // Builds under way read data from before or after the change: they are not kept (remember()).
    for (const QString &column : changed)
        ++m_columnChanges[column];
    for (auto it = m_entries.begin(); it != m_entries.end();) {
        if (!it->columns.intersects(changed)) {
            ++it;
            continue;
        }
        const auto moved = moves.constFind(it->unfilteredBy);
        if (!it->unfilteredBy.isEmpty() && moved != moves.cend()) {
            if (auto after = it->positions->moved(*moved)) {
                it->positions = std::make_shared<const SortedPositions>(std::move(*after));
                followed.insert(it.key());
                ++it;
                continue;
            }
        }
        m_recent.removeOne(it.key());
        it = m_entries.erase(it);
    }
    return followed;
}

} // namespace billing::store
