// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QString>
#include <QStringList>
#include <QVariantList>

#include <utility>

namespace billing::sql {

// A WHERE clause built condition by condition, with its values in the order of their '?' placeholders
// (which Qt Sql on SQLite and PostgreSQL, and SQLite's C API, all take).
class SqlConditions
{
public:
    // `column = value`; no condition when the value is empty (that filter was not asked for).
    void equal(const QString &column, const QString &value);
    // `column` in [from, to); an end of 0 is open.
    void period(const QString &column, qint64 from, qint64 to);
    // Any other condition, with the values of its placeholders.
    void add(const QString &condition, const QVariantList &values = {});

    // " WHERE a AND b …", or nothing when there is no condition.
    QString where() const;
    const QVariantList &binds() const { return m_binds; }

private:
    QStringList m_conditions;
    QVariantList m_binds;
};

// The workspace search over its fields one by one: the workspace's id or name, its owner's email, or
// its cloud account's display name or customer id contains `term`, as `like` (LIKE or ILIKE) finds
// it. The platform's trigram index (migration 7) holds the same fields; a snapshot file searches with
// this directly. The condition, and the values of its placeholders.
std::pair<QString, QVariantList> searchedFieldsContain(const QString &term, const QString &like);

} // namespace billing::sql
