// SPDX-License-Identifier: Apache-2.0
#include "platform/store/pagepositions.h"

#include <QDataStream>
#include <QIODevice>

#include <algorithm>

namespace billing::store {

namespace {
constexpr quint32 BytesFormat = 1; // bumped when the layout below changes: older rows are not read
}

QByteArray SortedPositions::toBytes() const
{
    QByteArray bytes;
    QDataStream out(&bytes, QIODevice::WriteOnly);
    out.setVersion(QDataStream::Qt_6_4);
    out << BytesFormat << quint32(Stride) << quint32(keys.size());
    for (const Key &key : keys)
        out << key.sortValue << key.rid;
    return bytes;
}

std::optional<SortedPositions> SortedPositions::fromBytes(const QByteArray &bytes, qint64 total)
{
    QDataStream in(bytes);
    in.setVersion(QDataStream::Qt_6_4);
    quint32 format = 0, stride = 0, count = 0;
    in >> format >> stride >> count;
    // As many keys as the total needs, one per Stride rows: anything else is not these positions.
    if (in.status() != QDataStream::Ok || format != BytesFormat || stride != quint32(Stride) || total < 0 ||
        qint64(count) != (total + Stride - 1) / Stride)
        return std::nullopt;
    SortedPositions positions;
    positions.total = total;
    positions.keys.reserve(std::min<qsizetype>(count, bytes.size() / 12)); // 12 bytes a key at least
    for (quint32 i = 0; i < count; ++i) {
        Key key;
        in >> key.sortValue >> key.rid;
        positions.keys.append(std::move(key));
    }
    if (in.status() != QDataStream::Ok || !in.atEnd())
        return std::nullopt;
    return positions;
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
                             std::shared_ptr<const SortedPositions> positions)
{
    std::lock_guard guard(m_lock);
    if (generation != generationLocked(columns))
        return; // built from data that has changed since
    if (!m_entries.contains(key))
        m_recent.append(key);
    m_entries.insert(key, Entry{columns, std::move(positions)});
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

void PagePositions::invalidate(const Columns &changed)
{
    std::lock_guard guard(m_lock);
    for (const QString &column : changed)
        ++m_columnChanges[column];
    for (auto it = m_entries.begin(); it != m_entries.end();) {
        if (it->columns.intersects(changed)) {
            m_recent.removeOne(it.key());
            it = m_entries.erase(it);
        } else {
            ++it;
        }
    }
}

} // namespace billing::store
