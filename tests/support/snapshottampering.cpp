// SPDX-License-Identifier: Apache-2.0
#include "tests/support/snapshottampering.h"

#include <QFile>

#include <sqlite3.h>

namespace billing::test {

namespace {

bool run(const QString &path, const QByteArray &sql)
{
    sqlite3 *db = nullptr;
    bool ok = sqlite3_open(path.toUtf8().constData(), &db) == SQLITE_OK;
    char *error = nullptr;
    ok = ok && sqlite3_exec(db, sql.constData(), nullptr, nullptr, &error) == SQLITE_OK;
    if (!ok)
        qWarning("tampering failed: %s (%s)", error ? error : sqlite3_errmsg(db), sql.constData());
    sqlite3_free(error);
    sqlite3_close(db);
    return ok;
}

// The tampering the snapshot reader must not fall for: a partial index that hides every cloud-billed
// workspace from a site's report, then declared a full index so that the planner trusts it.
const QByteArray RewrittenIndex =
    "CREATE INDEX ix_site ON workspaces(site) WHERE billing_method <> 'cloud_account';"
    "PRAGMA writable_schema=ON;"
    "UPDATE sqlite_schema SET sql = 'CREATE INDEX ix_site ON workspaces(site)' WHERE name = 'ix_site';"
    "PRAGMA writable_schema=OFF;";

} // namespace

QList<SnapshotTampering> SnapshotTamperings::all()
{
    return {
        {QStringLiteral("extra index"), QStringLiteral("index ix_billing")},
        {QStringLiteral("rewritten index"), QStringLiteral("index ix_site")},
        {QStringLiteral("rewritten table"), QStringLiteral("table workspaces")},
        {QStringLiteral("trigger"), QStringLiteral("trigger tr_hide")},
        {QStringLiteral("view"), QStringLiteral("view v_workspaces")},
        {QStringLiteral("appended pages"), QStringLiteral("appended")},
        {QStringLiteral("garbage in the free list"), QStringLiteral("free pages")},
    };
}

bool SnapshotTamperings::apply(const SnapshotTampering &tampering, const QString &path, const QString &copy)
{
    QFile::remove(copy);
    if (!QFile::copy(path, copy))
        return false;
    const QString &name = tampering.name;
    if (name == QLatin1String("extra index"))
        return run(copy, "CREATE INDEX ix_billing ON workspaces(billing_method)");
    if (name == QLatin1String("rewritten index"))
        return run(copy, RewrittenIndex);
    if (name == QLatin1String("rewritten table"))
        // The same columns, one with a default: nothing a row shows, yet not the format's table.
        return run(copy, "PRAGMA writable_schema=ON;"
                         "UPDATE sqlite_schema SET sql = replace(sql, 'lock_reason TEXT', "
                         "'lock_reason TEXT DEFAULT ''none''') WHERE name = 'workspaces';"
                         "PRAGMA writable_schema=OFF;");
    if (name == QLatin1String("trigger"))
        return run(copy, "CREATE TRIGGER tr_hide AFTER INSERT ON audit_events BEGIN "
                         "DELETE FROM audit_events WHERE seq = new.seq; END");
    if (name == QLatin1String("view"))
        return run(copy, "CREATE VIEW v_workspaces AS SELECT * FROM workspaces WHERE billing_method <> "
                         "'cloud_account'");
    if (name == QLatin1String("appended pages")) {
        QFile file(copy);
        if (!file.open(QIODevice::Append))
            return false;
        return file.write(QByteArray(3 * 8192, 'x')) == 3 * 8192;
    }
    if (name == QLatin1String("garbage in the free list"))
        // A table filled and dropped with secure_delete off: its pages stay in the file, on the free
        // list, holding whatever was written.
        return run(copy, "PRAGMA secure_delete=OFF; CREATE TABLE hidden (x TEXT);"
                         "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200) "
                         "INSERT INTO hidden SELECT printf('%.500c', 'h') FROM n; DROP TABLE hidden;");
    return false;
}

} // namespace billing::test
