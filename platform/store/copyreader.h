// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "foundation/contract/result.h"

#include <QSqlDatabase>
#include <QVariantList>

#include <functional>

namespace billing::sql {
class ResultRow;
}

namespace billing::store {

// Reads a query's rows on PostgreSQL by `COPY (query) TO STDOUT`, through libpq on Qt's own connection
// (inside its transaction, if one is open), and hands each row to `visit` until it answers false.
// Each cell is the server's UTF-8 text, in place: a million rows read through Qt Sql spend more time
// making a QVariant and a QString of each cell than PostgreSQL spends on the query.
// COPY also keeps the query's parallel plan, which a cursor may not use.
// COPY takes no parameters: the `binds` replace the placeholders in `sql`, as literals libpq escapes.
// One statement: one consistent view.
contract::Result<contract::Done> readByCopy(QSqlDatabase db, const QString &sql, const QVariantList &binds,
                                            const char *what,
                                            const std::function<bool(const sql::ResultRow &)> &visit);

} // namespace billing::store
