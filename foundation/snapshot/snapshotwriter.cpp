// SPDX-License-Identifier: Apache-2.0
#include "foundation/snapshot/snapshotwriter.h"

#include "foundation/snapshot/signingkey.h"
#include "foundation/snapshot/snapshotstructure.h"
#include "foundation/sql/reportqueries.h"

#include <QFileInfo>
#include <QUrl>

namespace billing::snapshot {

using contract::Result;

Result<std::unique_ptr<SnapshotWriter>> SnapshotWriter::create(const QString &path)
{
    auto file = SqliteFile::open(path, SqliteFile::Mode::Create);
    if (!file)
        return file.problem();
    // A partial file is thrown away, never repaired: no journal, no syncs until the end.
    for (const QByteArray &sql : {QByteArray("PRAGMA journal_mode=OFF"), QByteArray("PRAGMA synchronous=OFF"),
                                  QByteArray("PRAGMA page_size=8192"), QByteArray("BEGIN")}) {
        if (auto ran = (*file)->exec(sql); !ran)
            return ran.problem();
    }
    for (const SnapshotTable &table : SnapshotSchema::tables()) {
        if (auto made = (*file)->exec(table.createStatement()); !made)
            return made.problem();
    }
    if (auto made = (*file)->exec(SnapshotSchema::manifestCreateStatement()); !made)
        return made.problem();
    return std::unique_ptr<SnapshotWriter>(new SnapshotWriter(std::move(file).value()));
}

SnapshotWriter::SnapshotWriter(std::unique_ptr<SqliteFile> file)
    : m_file(std::move(file))
{
}

SnapshotWriter::~SnapshotWriter()
{
    m_inserts.clear(); // statements before their connection
}

Result<contract::Done> SnapshotWriter::add(const SnapshotTable &table, const sql::ResultRow &row)
{
    auto &insert = m_inserts[table.name];
    if (!insert) {
        auto prepared = m_file->prepare(table.insertStatement());
        if (!prepared)
            return prepared.problem();
        insert = std::move(prepared).value();
    }
    for (int c = 0; c < int(table.columns.size()); ++c) {
        if (row.isNull(c))
            insert->bindNull(c + 1);
        else if (const auto inPlace = row.textInPlace(c))
            insert->bindTextInPlace(c + 1, *inPlace); // the row stays as it is until run() below
        else
            insert->bindText(c + 1, row.text(c).toUtf8());
    }
    return insert->run();
}

Result<SnapshotWriter::ChainHead> SnapshotWriter::copyFromSqlite(const QString &platformDatabase,
                                                                 const SnapshotFilter &filter)
{
    // ATTACH is refused inside a transaction: the schema is committed first.
    if (auto ran = m_file->exec("COMMIT"); !ran)
        return ran.problem();
    QString uri =
        QUrl::fromLocalFile(QFileInfo(platformDatabase).absoluteFilePath()).toString(QUrl::FullyEncoded);
    uri += QStringLiteral("?mode=ro");
    if (auto attached = m_file->attach(uri, "platform"); !attached)
        return attached.problem();
    m_attached = true;
    if (auto ran = m_file->exec("BEGIN"); !ran)
        return ran.problem();
    // The head first: the read transaction's view of the platform is fixed by its first read.
    auto head = m_file->prepare("SELECT seq, hash FROM platform.audit_events WHERE seq = (SELECT MAX(seq) "
                                "FROM platform.audit_events)");
    if (!head)
        return head.problem();
    ChainHead chainHead;
    auto row = (*head)->step();
    if (!row)
        return row.problem();
    if (*row)
        chainHead = {(*head)->integer(0), (*head)->text(1)};
    (*head)->reset();
    for (const SnapshotTable &table : SnapshotSchema::tables()) {
        const SnapshotFilter::Where where = filter.whereFor(table);
        auto copy = m_file->prepare("INSERT INTO main." + table.name + " (" + table.columnList() +
                                    ") SELECT " + table.columnList() + " FROM platform." + table.name +
                                    where.sql + " ORDER BY " + table.key);
        if (!copy)
            return copy.problem();
        for (int i = 0; i < where.binds.size(); ++i)
            (*copy)->bindInteger(i + 1, where.binds.at(i));
        if (auto ran = (*copy)->run(); !ran)
            return ran.problem();
    }
    return chainHead;
}

Result<SnapshotManifest> SnapshotWriter::finish(SnapshotManifest manifest, const SigningKey &key)
{
    m_inserts.clear();
    if (auto ran = m_file->exec("COMMIT"); !ran)
        return ran.problem();
    if (m_attached) {
        if (auto ran = m_file->exec("DETACH DATABASE platform"); !ran)
            return ran.problem();
        m_attached = false;
    }
    // Taken from the file as written, by the verifier's own reading of it.
    auto digests = SnapshotSchema::digestAll(m_file->path(), manifest.formatVersion);
    if (!digests)
        return digests.problem();
    manifest.tables = *digests;
    manifest.schemaSha256 = SnapshotStructure::schemaDigest(*m_file);
    auto ends = m_file->prepare(
        "SELECT seq, prev_hash, hash FROM audit_events WHERE seq IN "
        "((SELECT MIN(seq) FROM audit_events), (SELECT MAX(seq) FROM audit_events)) ORDER BY seq");
    if (!ends)
        return ends.problem();
    for (bool first = true;; first = false) {
        auto row = (*ends)->step();
        if (!row)
            return row.problem();
        if (!*row)
            break;
        if (first) {
            manifest.audit.firstSeq = (*ends)->integer(0);
            manifest.audit.firstPrevHash = (*ends)->text(1);
        }
        manifest.audit.lastSeq = (*ends)->integer(0);
        manifest.audit.lastHash = (*ends)->text(2);
    }
    (*ends)->reset();

    const QByteArray body = manifest.toBytes();
    auto insert = m_file->prepare("INSERT INTO manifest (body, signature, public_key) VALUES (?, ?, ?)");
    if (!insert)
        return insert.problem();
    (*insert)->bindText(1, body);
    (*insert)->bindText(2, key.sign(body).toBase64());
    (*insert)->bindText(3, key.publicKey().toBase64());
    if (auto ran = (*insert)->run(); !ran)
        return ran.problem();
    return manifest;
}

} // namespace billing::snapshot
