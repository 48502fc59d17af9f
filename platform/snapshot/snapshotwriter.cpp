#include "platform/snapshot/snapshotwriter.h"

#include "platform/snapshot/signingkey.h"

namespace billing::snapshot {

using api::Result;

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

Result<api::Done> SnapshotWriter::add(const SnapshotTable &table, const QVariantList &values)
{
    auto &insert = m_inserts[table.name];
    if (!insert) {
        auto prepared = m_file->prepare(table.insertStatement());
        if (!prepared)
            return prepared.problem();
        insert = std::move(prepared).value();
    }
    for (int i = 0; i < values.size(); ++i)
        insert->bind(i + 1, values.at(i));
    return insert->run();
}

Result<SnapshotManifest> SnapshotWriter::finish(SnapshotManifest manifest, const SigningKey &key)
{
    for (const SnapshotTable &table : SnapshotSchema::tables()) {
        auto digest = SnapshotSchema::digest(*m_file, table);
        if (!digest)
            return digest.problem();
        manifest.tables.insert(table.name, *digest);
    }
    auto ends = m_file->prepare("SELECT seq, prev_hash, hash FROM audit_events WHERE seq IN "
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
    m_inserts.clear();
    if (auto ran = m_file->exec("COMMIT"); !ran)
        return ran.problem();
    return manifest;
}

} // namespace billing::snapshot
