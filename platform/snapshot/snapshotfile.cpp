#include "platform/snapshot/snapshotfile.h"

#include "platform/snapshot/signingkey.h"

#include <QFile>

namespace billing::snapshot {

using api::Problem;
using api::Result;

namespace {
Problem notASnapshot(const QString &why)
{
    return Problem{422, "not_a_snapshot", QStringLiteral("Not a snapshot"),
                   QStringLiteral("The file is not a Billing Center snapshot: %1.").arg(why), {}};
}
} // namespace

Result<std::unique_ptr<SnapshotFile>> SnapshotFile::open(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return SqliteFile::damaged(path, file.errorString());
    // SQLite would open any file and fail at the first read; the magic header says it plainly.
    if (file.read(16) != QByteArray("SQLite format 3\0", 16))
        return notASnapshot(QStringLiteral("it is not an SQLite database"));
    file.close();

    auto sqlite = SqliteFile::open(path, SqliteFile::Mode::ReadOnly);
    if (!sqlite)
        return sqlite.problem();
    auto rows = (*sqlite)->prepare("SELECT body, signature, public_key FROM manifest");
    if (!rows) {
        const QString error = (*sqlite)->lastError();
        if (error.contains(QLatin1String("no such table")))
            return notASnapshot(QStringLiteral("it has no manifest"));
        return rows.problem();
    }
    auto first = (*rows)->step();
    if (!first)
        return first.problem();
    if (!*first)
        return Problem{422, "manifest_invalid", QStringLiteral("Manifest invalid"),
                       QStringLiteral("The snapshot's manifest table is empty."), {}};
    const QByteArray body = (*rows)->bytes(0);
    const QByteArray signature = QByteArray::fromBase64((*rows)->bytes(1));
    const QByteArray publicKey = QByteArray::fromBase64((*rows)->bytes(2));
    auto second = (*rows)->step();
    if (!second)
        return second.problem();
    if (*second)
        return Problem{422, "manifest_invalid", QStringLiteral("Manifest invalid"),
                       QStringLiteral("The snapshot has more than one manifest."), {}};
    (*rows)->reset();

    auto manifest = SnapshotManifest::fromBytes(body);
    if (!manifest)
        return manifest.problem();
    // Every table the format names, with its columns: a reader below never meets a missing one.
    for (const SnapshotTable &table : SnapshotSchema::tables()) {
        if (!(*sqlite)->prepare("SELECT " + table.columnList() + " FROM " + table.name + " LIMIT 0"))
            return notASnapshot(QStringLiteral("the table %1 is missing or lacks a column").arg(QString::fromLatin1(table.name)));
    }

    std::unique_ptr<SnapshotFile> snapshot(new SnapshotFile);
    snapshot->m_path = path;
    snapshot->m_sqlite = std::move(sqlite).value();
    snapshot->m_manifest = *manifest;
    snapshot->m_publicKey = publicKey;
    snapshot->m_signatureValid = SigningKey::verify(publicKey, body, signature);
    return snapshot;
}

QString SnapshotFile::signerFingerprint() const
{
    return SigningKey::fingerprint(m_publicKey);
}

} // namespace billing::snapshot
