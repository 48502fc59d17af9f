#pragma once

#include "platform/store/database.h"

#include <QVariantList>

struct sqlite3_stmt;

namespace billing::store {

// One prepared statement run many times inside the caller's transaction (bulk writes: a seed, a
// 10,000-workspace bind, its audit events). Qt Sql spends about 2 µs binding each value, so on SQLite
// the statement runs through the SQLite C API on Qt's own connection handle; on PostgreSQL it is a
// prepared QSqlQuery.
class RepeatedStatement
{
public:
    RepeatedStatement(QSqlDatabase db, const QString &sql, const char *what);
    ~RepeatedStatement();
    Q_DISABLE_COPY_MOVE(RepeatedStatement)

    // Binds `values` in order and runs the statement; answers the rows it changed.
    // An invalid QVariant() is SQL NULL; a null QString is the empty string; a QByteArray is UTF-8 text.
    api::Result<int> run(const QVariantList &values);

    // The same conversion for callers that bind through Qt Sql themselves.
    static QVariant storable(const QVariant &value);

private:
    api::Result<int> runSqlite(const QVariantList &values);

    const char *m_what;
    sqlite3_stmt *m_statement = nullptr;
    QString m_prepareError;
    QSqlQuery m_query;
    bool m_sqlite = false;
};

} // namespace billing::store
