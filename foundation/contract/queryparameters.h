// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "foundation/contract/result.h"

#include <QStringList>
#include <QUrlQuery>

// Reading URL query parameters with one validation rule: a bad one is a 400 problem naming it.
namespace billing::contract::parameters {

Result<Done> onlyKnown(const QUrlQuery &query, const QStringList &known);
Result<QString> oneOf(const QUrlQuery &query, const char *name, const QStringList &allowed);
Result<qint64> integer(const QUrlQuery &query, const char *name, qint64 fallback, qint64 min, qint64 max);
QString text(const QUrlQuery &query, const char *name);
// A period [from, to) from "from" and "to" as ISO 8601 times in ms since the epoch, each `fallback`'s
// when absent (0: that end open); a bad time, or an end not after the start, is a 400 naming it.
Result<QPair<qint64, qint64>> period(const QUrlQuery &query, QPair<qint64, qint64> fallback = {0, 0});
// A search string, trimmed, at most MaxSearchLength characters.
inline constexpr int MaxSearchLength = 200;
Result<QString> search(const QUrlQuery &query, const char *name);
// A LIKE pattern matching a search anywhere, its %, _ and \ literal; use with ESCAPE '\'. Every
// store of the contract (the platform's, a snapshot file) searches with it, so a search finds the same.
QString containsPattern(QString search);
// A LIKE pattern matching what starts with `search`, its wildcards literal.
QString prefixPattern(const QString &search);
// How a workspace search `q` matches (contract::SearchMode): a substring of the workspace's id,
// name, owner's email, cloud account's name or customer id from three characters on; the start of
// its id or name below (too short for a trigram index).
QString searchMode(const QString &search);

} // namespace billing::contract::parameters
