// SPDX-License-Identifier: Apache-2.0
#include "foundation/snapshot/snapshotverifier.h"

#include "foundation/contract/auditchain.h"
#include "foundation/snapshot/snapshotfile.h"
#include "foundation/snapshot/snapshotstructure.h"

#include <QLocale>

namespace billing::snapshot {

using contract::Problem;

namespace {
QString number(qint64 n)
{
    return QLocale::c().toString(n);
}
} // namespace

SnapshotVerification SnapshotVerifier::verify(const QString &path, const TrustedKeys &trustedKeys,
                                              const std::atomic_bool *cancel)
{
    SnapshotVerification verification;
    auto file = SnapshotFile::open(path);
    if (!file) {
        verification.problems.append(file.problem());
        return verification;
    }
    const SnapshotManifest manifest = (*file)->manifest();
    verification.manifest = manifest;
    verification.signerFingerprint = (*file)->signerFingerprint();
    verification.signatureValid = (*file)->signatureValid();
    if (!verification.signatureValid) {
        verification.problems.append(
            Problem{422,
                    "signature_invalid",
                    QStringLiteral("Signature invalid"),
                    QStringLiteral("The manifest's signature does not match it: the manifest was altered "
                                   "or was not signed by the key in the file."),
                    {}});
    }
    if (const QStringList trusted = trustedKeys ? trustedKeys(manifest.platformId) : QStringList();
        !trusted.isEmpty()) {
        verification.keysFollowed =
            KeyAnnouncement::follow(manifest.platformId, trusted, manifest.keyAnnouncements);
        verification.signerPinned = trusted.contains(verification.signerFingerprint) ||
                                    verification.keysFollowed.contains(verification.signerFingerprint);
        if (!verification.signerPinned)
            verification.problems.append(Problem{
                422,
                "signer_not_pinned",
                QStringLiteral("Unknown signer"),
                QStringLiteral("The snapshot is signed by the key %1, which is not the key pinned for "
                               "platform %2 (%3) nor one it announced.")
                    .arg(verification.signerFingerprint, manifest.platformId, trusted.last()),
                {}});
    }

    // The file around the rows: nothing but the format's tables, as the manifest signs them, and no
    // page beside them. The rows of a file that fails here prove nothing (an index can answer for its
    // table), so they are not read.
    verification.problems.append((*file)->structureProblems());
    if (!manifest.schemaSha256.isEmpty() &&
        manifest.schemaSha256 != SnapshotStructure::schemaDigest((*file)->sqlite()))
        verification.problems.append(
            Problem{422,
                    "schema_altered",
                    QStringLiteral("Schema altered"),
                    QStringLiteral("The file's schema is not the one its manifest signs."),
                    {}});
    if (!(*file)->isReadable())
        return verification;
    // SQLite's own check of every page and b-tree, once the smaller tables are digested, while the
    // audit trail still is.
    QList<Problem> integrity;
    const auto checkIntegrity = [&] {
        if (auto own = SqliteFile::open(path, SqliteFile::Mode::ReadOnly))
            integrity = SnapshotStructure::checkIntegrity(**own, cancel);
        else
            integrity = {own.problem()};
    };

    // The audit chain in the file: consecutive sequence numbers from the manifest's first to its last,
    // each event chained to the one before and hashed over its own fields; walked as its digest is taken.
    contract::AuditChain chain(manifest.audit.firstSeq ? manifest.audit.firstSeq : 1,
                               manifest.audit.firstPrevHash);
    std::optional<Problem> broken;
    auto digests = SnapshotSchema::digestAll(
        path, manifest.formatVersion,
        [&](const SqliteStatement &row) {
            if (!broken)
                broken = chain.add(SnapshotSchema::auditEvent(row));
        },
        cancel, checkIntegrity);
    verification.problems.append(integrity);
    if (!digests) {
        verification.problems.append(digests.problem());
        return verification;
    }
    if (!broken && (manifest.audit.lastSeq || chain.count()))
        broken = chain.endsAt(manifest.audit.lastSeq, manifest.audit.lastHash);
    // The chain first: it names the event where a table's digest names only the table.
    if (broken)
        verification.problems.append(*broken);
    for (const SnapshotTable &table : SnapshotSchema::tables(manifest.formatVersion)) {
        const TableDigest &found = digests->value(table.name);
        const TableDigest &signedDigest = manifest.tables.value(table.name);
        const QString name = QString::fromLatin1(table.name);
        if (found.rows != signedDigest.rows)
            verification.problems.append(
                Problem{422,
                        "digest_mismatch",
                        QStringLiteral("Table altered"),
                        QStringLiteral("The table %1 has %2 rows; the manifest signs %3.")
                            .arg(name, number(found.rows), number(signedDigest.rows)),
                        {{"table", name}}});
        else if (found.sha256 != signedDigest.sha256)
            verification.problems.append(Problem{
                422,
                "digest_mismatch",
                QStringLiteral("Table altered"),
                QStringLiteral("The table %1 does not match its signed digest: a row was altered.").arg(name),
                {{"table", name}}});
    }
    return verification;
}

} // namespace billing::snapshot
