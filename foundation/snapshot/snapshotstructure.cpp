// SPDX-License-Identifier: Apache-2.0
#include "foundation/snapshot/snapshotstructure.h"

#include "foundation/contract/sha256.h"
#include "foundation/snapshot/snapshotschema.h"
#include "foundation/snapshot/sqlitefile.h"

#include <QFileInfo>
#include <QLocale>

#include <sqlite3.h>

#include <array>

namespace billing::snapshot {

using contract::Problem;

namespace {

struct SchemaObject {
    QString type;
    QString name;
    QString table;
    QString sql;
    bool operator==(const SchemaObject &) const = default;
};

// Every object of the file's schema, by name. A schema SQLite cannot read is itself a problem.
contract::Result<QList<SchemaObject>> objects(SqliteFile &file)
{
    auto rows = file.prepare("SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY name");
    if (!rows)
        return rows.problem();
    QList<SchemaObject> all;
    auto read = (*rows)->forEachRow([&](const SqliteStatement &row) {
        all.append({row.text(0), row.text(1), row.text(2), row.text(3)});
        return true;
    });
    if (!read)
        return read.problem();
    return all;
}

// The schema a version of the format defines, as SQLite records it: the writer's own statements run on
// an empty in-memory database.
const QList<SchemaObject> &formatObjects(int formatVersion)
{
    static const auto versions = [] {
        std::array<QList<SchemaObject>, SnapshotSchema::FormatVersion + 1> all;
        for (int version = 1; version <= SnapshotSchema::FormatVersion; ++version) {
            auto memory = SqliteFile::open(QStringLiteral(":memory:"), SqliteFile::Mode::Create);
            QByteArrayList statements{SnapshotSchema::manifestCreateStatement()};
            for (const SnapshotTable &table : SnapshotSchema::tables(version))
                statements.append(table.createStatement());
            for (const QByteArray &statement : statements) {
                if (!(*memory)->exec(statement))
                    qFatal("The snapshot format's own schema does not build: %s", statement.constData());
            }
            all[version] = objects(**memory).value();
        }
        return all;
    }();
    return versions[std::clamp(formatVersion, 1, SnapshotSchema::FormatVersion)];
}

QString digestOf(const QList<SchemaObject> &schema)
{
    contract::Sha256 hash;
    for (const SchemaObject &object : schema)
        hash.add(
            (QStringList{object.type, object.name, object.table, object.sql}.join(QChar(0)) + '\n').toUtf8());
    return QString::fromLatin1(hash.finish().toHex());
}

Problem schemaAltered(const SchemaObject &object, const QString &detail)
{
    return Problem{422,
                   "schema_altered",
                   QStringLiteral("Schema altered"),
                   detail,
                   {{"object", object.name}, {"type", object.type}}};
}

Problem fileAltered(const QString &detail)
{
    return Problem{422, "file_altered", QStringLiteral("File altered"), detail, {}};
}

qint64 pragma(SqliteFile &file, const QByteArray &name)
{
    auto row = file.prepare("PRAGMA " + name);
    if (!row)
        return -1;
    const auto stepped = (*row)->step();
    return stepped && *stepped ? (*row)->integer(0) : -1;
}

QString number(qint64 n)
{
    return QLocale::c().toString(n);
}

} // namespace

QList<Problem> SnapshotStructure::check(SqliteFile &file, int formatVersion)
{
    const QList<SchemaObject> &format = formatObjects(formatVersion);
    QList<Problem> problems;
    auto schema = objects(file);
    if (!schema)
        return {schema.problem()};
    for (const SchemaObject &found : *schema) {
        const auto defined = std::find_if(format.begin(), format.end(),
                                          [&](const SchemaObject &o) { return o.name == found.name; });
        if (defined == format.end())
            problems.append(schemaAltered(
                found, QStringLiteral("The file holds the %1 %2, which the snapshot format does not define.")
                           .arg(found.type, found.name)));
        else if (*defined != found)
            problems.append(schemaAltered(
                found, QStringLiteral("The definition of the %1 %2 is not the snapshot format's.")
                           .arg(found.type, found.name)));
    }
    for (const SchemaObject &defined : format) {
        if (std::none_of(schema->begin(), schema->end(),
                         [&](const SchemaObject &o) { return o.name == defined.name; }))
            problems.append(schemaAltered(
                defined, QStringLiteral("The file has no %1 %2.").arg(defined.type, defined.name)));
    }

    // The header's page count is what SQLite reads; bytes past it are invisible to every query.
    const qint64 pages = pragma(file, "page_count");
    const qint64 databaseBytes = pages * pragma(file, "page_size");
    const qint64 fileBytes = QFileInfo(file.path()).size();
    if (pages > 0 && fileBytes > databaseBytes)
        problems.append(fileAltered(QStringLiteral("The file runs %1 bytes past the end of its database: "
                                                   "data was appended after the last page.")
                                        .arg(number(fileBytes - databaseBytes))));
    else if (pages > 0 && fileBytes < databaseBytes)
        problems.append(fileAltered(QStringLiteral("The file is %1 bytes shorter than its database: it was "
                                                   "cut short.")
                                        .arg(number(databaseBytes - fileBytes))));
    if (const qint64 free = pragma(file, "freelist_count"); free > 0)
        problems.append(
            fileAltered(QStringLiteral("The file holds %1 free pages; the platform writes none, so "
                                       "something was written into the file and removed.")
                            .arg(number(free))));
    return problems;
}

QList<Problem> SnapshotStructure::checkIntegrity(SqliteFile &file, const std::atomic_bool *cancel)
{
    auto rows = file.prepare("PRAGMA integrity_check(20)");
    if (!rows)
        return {rows.problem()};
    if (cancel)
        sqlite3_progress_handler(
            file.handle(), 100000,
            [](void *flag) { return int(static_cast<const std::atomic_bool *>(flag)->load()); },
            const_cast<std::atomic_bool *>(cancel));
    QStringList messages;
    auto read = (*rows)->forEachRow([&](const SqliteStatement &row) {
        messages.append(row.text(0));
        return true;
    });
    sqlite3_progress_handler(file.handle(), 0, nullptr, nullptr);
    if (cancel && cancel->load())
        return {};
    if (!read)
        return {read.problem()};
    if (messages == QStringList{QStringLiteral("ok")})
        return {};
    const qsizetype shown = std::min<qsizetype>(messages.size(), 3);
    return {
        Problem{422,
                "file_damaged",
                QStringLiteral("File damaged"),
                QStringLiteral("The file fails SQLite's integrity check (%1%2): it was damaged or altered.")
                    .arg(messages.mid(0, shown).join(QStringLiteral("; ")),
                         messages.size() > shown ? QStringLiteral("; %1 more").arg(messages.size() - shown)
                                                 : QString()),
                {}}};
}

QString SnapshotStructure::schemaDigest(SqliteFile &file)
{
    auto schema = objects(file);
    return schema ? digestOf(*schema) : QString();
}

QString SnapshotStructure::formatDigest(int formatVersion)
{
    return digestOf(formatObjects(formatVersion));
}

} // namespace billing::snapshot
