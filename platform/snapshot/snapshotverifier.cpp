#include "platform/snapshot/snapshotverifier.h"

#include "platform/api/auditchain.h"
#include "platform/snapshot/snapshotfile.h"

#include <QLocale>
#include <QtConcurrent>

namespace billing::snapshot {

using api::Problem;

namespace {
QString number(qint64 n)
{
    return QLocale::c().toString(n);
}
} // namespace

SnapshotVerification SnapshotVerifier::verify(const QString &path, const PinnedKey &pinnedKey,
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
        verification.problems.append(Problem{422, "signature_invalid", QStringLiteral("Signature invalid"),
                                             QStringLiteral("The manifest's signature does not match it: the manifest was altered "
                                                            "or was not signed by the key in the file."),
                                             {}});
    }
    if (const auto pinnedFingerprint = pinnedKey ? pinnedKey(manifest.platformId) : std::nullopt) {
        verification.signerPinned = *pinnedFingerprint == verification.signerFingerprint;
        if (!verification.signerPinned)
            verification.problems.append(Problem{422, "signer_not_pinned", QStringLiteral("Unknown signer"),
                                                 QStringLiteral("The snapshot is signed by the key %1, but the key pinned for "
                                                                "platform %2 is %3.")
                                                     .arg(verification.signerFingerprint, manifest.platformId, *pinnedFingerprint),
                                                 {}});
    }

    // The chain is walked on a second core while this one takes the digests.
    QFuture<std::optional<Problem>> chain = QtConcurrent::run([path, manifest, cancel] {
        return verifyAuditChain(path, manifest, cancel);
    });
    QList<Problem> tableProblems;
    for (const SnapshotTable &table : SnapshotSchema::tables()) {
        auto digest = SnapshotSchema::digest((*file)->sqlite(), table, cancel);
        if (!digest) {
            tableProblems.append(digest.problem());
            break;
        }
        const TableDigest &signedDigest = manifest.tables.value(table.name);
        const QString name = QString::fromLatin1(table.name);
        if (digest->rows != signedDigest.rows)
            tableProblems.append(Problem{422, "digest_mismatch", QStringLiteral("Table altered"),
                                                 QStringLiteral("The table %1 has %2 rows; the manifest signs %3.")
                                                     .arg(name, number(digest->rows), number(signedDigest.rows)),
                                                 {{"table", name}}});
        else if (digest->sha256 != signedDigest.sha256)
            tableProblems.append(Problem{422, "digest_mismatch", QStringLiteral("Table altered"),
                                                 QStringLiteral("The table %1 does not match its signed digest: a row was altered.").arg(name),
                                                 {{"table", name}}});
    }
    if (auto broken = chain.result())
        verification.problems.append(*broken);
    verification.problems += tableProblems; // after the chain, which names the event where a table names only itself
    return verification;
}

std::optional<Problem> SnapshotVerifier::verifyAuditChain(const QString &path, const SnapshotManifest &manifest,
                                                          const std::atomic_bool *cancel)
{
    // Its own connection: SQLite connections are not shared across threads here.
    auto file = SqliteFile::open(path, SqliteFile::Mode::ReadOnly);
    if (!file)
        return file.problem();
    auto rows = (*file)->prepare(SnapshotSchema::auditEvents().selectStatement());
    if (!rows)
        return rows.problem();
    SqliteStatement &row = **rows;
    api::AuditChain chain(manifest.audit.firstSeq ? manifest.audit.firstSeq : 1, manifest.audit.firstPrevHash);
    for (;;) {
        auto next = row.step();
        if (!next)
            return next.problem();
        if (!*next)
            break;
        api::AuditEvent e;
        e.seq = row.integer(0);
        e.at = row.integer(1);
        e.actor = row.text(2);
        e.action = row.text(3);
        e.targetType = row.text(4);
        e.targetId = row.text(5);
        e.before = row.bytes(6);
        e.after = row.bytes(7);
        e.note = row.text(8);
        e.requestId = row.text(9);
        e.prevHash = row.text(10);
        e.hash = row.text(11);
        if (auto broken = chain.add(e))
            return broken;
        if (cancel && (chain.count() & 0xFFF) == 0 && cancel->load())
            return Problem{499, "cancelled", QStringLiteral("Cancelled"), QStringLiteral("Cancelled."), {}};
    }
    if (!manifest.audit.lastSeq && !chain.count())
        return std::nullopt;
    return chain.endsAt(manifest.audit.lastSeq, manifest.audit.lastHash);
}

} // namespace billing::snapshot
