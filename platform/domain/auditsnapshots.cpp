// SPDX-License-Identifier: Apache-2.0
#include "platform/domain/auditsnapshots.h"

#include "foundation/contract/vocabulary.h"
#include "foundation/snapshot/signingkey.h"
#include "foundation/snapshot/snapshotwriter.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QHash>
#include <QMutex>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QStandardPaths>

namespace billing::domain {

namespace v = contract::vocabulary;

using contract::Problem;
using contract::Result;

namespace {
const QString Suffix = QStringLiteral(".snapshot");
const QString IdTime = QStringLiteral("yyyyMMdd'T'HHmmss'Z'"); // an id begins with its making's time, UTC

QString defaultDirectory(const store::Database &database)
{
    if (database.isSqlite())
        return QFileInfo(database.sqlitePath()).absoluteDir().filePath(QStringLiteral("snapshots"));
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation))
        .filePath(QStringLiteral("snapshots"));
}
} // namespace

struct AuditSnapshots::Readers {
    QMutex mutex;
    QHash<QString, int> reading;
};

AuditSnapshots::AuditSnapshots(std::shared_ptr<store::Database> database, ChangeRunner &runner)
    : m_database(database)
    , m_store(database)
    , m_runner(runner)
    , m_readers(std::make_shared<Readers>())
{
}

std::shared_ptr<void> AuditSnapshots::beginReading(const QString &id)
{
    QMutexLocker locked(&m_readers->mutex);
    if (!file(id))
        return nullptr;
    ++m_readers->reading[id];
    struct Lease {
        Lease(std::shared_ptr<Readers> readers, QString id)
            : readers(std::move(readers))
            , id(std::move(id))
        {
        }
        Q_DISABLE_COPY_MOVE(Lease)
        std::shared_ptr<Readers> readers;
        QString id;
        ~Lease()
        {
            QMutexLocker locked(&readers->mutex);
            if (--readers->reading[id] == 0)
                readers->reading.remove(id);
        }
    };
    return std::make_shared<Lease>(m_readers, id);
}

Result<qint64> AuditSnapshots::applyRetention()
{
    if (m_retention.keep <= 0 && m_retention.maxAgeMs <= 0)
        return 0;
    // Newest first: an id begins with its making's time (snap-yyyyMMddTHHmmssZ-…).
    QStringList ids;
    for (const QString &name :
         QDir(directory()).entryList({QStringLiteral("snap-*") + Suffix}, QDir::Files)) {
        const QString id = name.chopped(Suffix.size());
        if (file(id))
            ids.append(id);
    }
    std::sort(ids.begin(), ids.end(), std::greater<>());
    const qint64 now = m_runner.clock().nowMs();
    qint64 deleted = 0;
    for (qsizetype i = 0; i < ids.size(); ++i) {
        const QString &id = ids.at(i);
        const QDateTime made = QDateTime::fromString(id.mid(5, 16), IdTime);
        const qint64 age = now - QDateTime(made.date(), made.time(), Qt::UTC).toMSecsSinceEpoch();
        const bool beyondCount = m_retention.keep > 0 && i >= m_retention.keep;
        const bool tooOld = m_retention.maxAgeMs > 0 && age > m_retention.maxAgeMs;
        if (!beyondCount && !tooOld)
            continue;
        // Set aside under the lock, so that no download begins on it; gone once the deletion is audited.
        const QString path = QDir(directory()).filePath(id + Suffix);
        const QString aside = path + QStringLiteral(".deleting");
        {
            QMutexLocker locked(&m_readers->mutex);
            if (m_readers->reading.contains(id) || !QFile::rename(path, aside))
                continue; // being downloaded: the next sweep tries again
        }
        const qint64 size = QFileInfo(aside).size();
        auto audited = m_runner.run(Actor::Platform, {}, [&](ChangeSet &change) -> Result<Outcome> {
            change.record(
                v::AuditAction::SnapshotDelete, v::AuditTarget::Snapshot, id,
                contract::AuditEvent::encodeState(QJsonObject{{"size_bytes", size}}),
                contract::AuditEvent::encodeState(QJsonObject{
                    {"deleted_by", QStringLiteral("retention")},
                    {"rule", beyondCount ? QStringLiteral("keep the newest %1").arg(m_retention.keep)
                                         : QStringLiteral("older than %1 days")
                                               .arg(m_retention.maxAgeMs / contract::vocabulary::DayMs)}}));
            return Outcome{};
        });
        if (!audited) {
            QFile::rename(aside, path); // never a deletion the trail does not show
            return audited.problem();
        }
        QFile::remove(aside);
        ++deleted;
    }
    return deleted;
}

QString AuditSnapshots::directory() const
{
    return m_directory.isEmpty() ? defaultDirectory(*m_database) : m_directory;
}

store::SnapshotStore::KeyFile AuditSnapshots::keyFileSetting() const
{
    return {m_keyPath, QFileInfo(directory()).absoluteDir().filePath(QStringLiteral("signing-keys")),
            qgetenv("BILLING_SNAPSHOT_KEY_PASSPHRASE")};
}

Result<AuditSnapshots::SigningKeyInfo> AuditSnapshots::signingKey()
{
    auto identity = m_store.identity(m_runner.clock().nowMs(), keyFileSetting());
    if (!identity)
        return identity.problem();
    return SigningKeyInfo{identity->platformId, identity->key.publicKey(),
                          snapshot::SigningKey::fingerprint(identity->key.publicKey()),
                          identity->announcements, identity->keyPath};
}

Result<AuditSnapshots::SigningKeyInfo> AuditSnapshots::rotateKey(const QString &actor)
{
    const auto setting = keyFileSetting();
    auto identity = m_store.identity(m_runner.clock().nowMs(), setting);
    if (!identity)
        return identity.problem();
    // The new key's file first, beside the old one; the rotation commits with its audit event; then
    // identity(), on its next read, finds the committed key beside the old one and puts it in place.
    const snapshot::SigningKey next = snapshot::SigningKey::generate();
    const QString pending = store::SnapshotStore::rotatedKeyPath(identity->keyPath);
    QFile::remove(pending);
    if (auto written = store::SnapshotStore::writeKeyFile(pending, next, setting.passphrase); !written)
        return written.problem();
    const auto announcement = snapshot::KeyAnnouncement::make(identity->platformId, identity->key,
                                                              next.publicKey(), m_runner.clock().nowMs());
    auto done = m_runner.run(actor, {}, [&](ChangeSet &change) -> Result<Outcome> {
        if (auto recorded = store::SnapshotStore::recordRotation(change.db, announcement); !recorded)
            return recorded.problem();
        change.record(
            v::AuditAction::SnapshotKeyRotated, v::AuditTarget::Snapshot, identity->platformId,
            contract::AuditEvent::encodeState(
                QJsonObject{{"fingerprint", announcement.previousFingerprint()}}),
            contract::AuditEvent::encodeState(QJsonObject{{"fingerprint", announcement.fingerprint()}}));
        return Outcome{};
    });
    if (!done) {
        QFile::remove(pending);
        return done.problem();
    }
    return signingKey(); // which puts the new key's file in place, as after a stop between the two
}

Result<QString> AuditSnapshots::file(const QString &id) const
{
    static const QRegularExpression wellFormed(QStringLiteral("^snap-[0-9]{8}T[0-9]{6}Z-[0-9a-f]{8}$"));
    const QString path = QDir(directory()).filePath(id + Suffix);
    if (!wellFormed.match(id).hasMatch() || !QFileInfo::exists(path))
        return Problem::notFound(QStringLiteral("snapshot"), id);
    return path;
}

Result<AuditSnapshots::Made> AuditSnapshots::create(const snapshot::SnapshotFilter &filter,
                                                    const contract::StaffUser &by, const QString &requestId)
{
    auto identity = m_store.identity(m_runner.clock().nowMs(), keyFileSetting());
    if (!identity)
        return identity.problem();
    if (!QDir().mkpath(directory()))
        return store::Database::storageProblem(
            QStringLiteral("The snapshot folder %1 cannot be made.").arg(directory()));

    const qint64 now = m_runner.clock().nowMs();
    const QString id = QStringLiteral("snap-%1-%2")
                           .arg(QDateTime::fromMSecsSinceEpoch(now, Qt::UTC).toString(IdTime))
                           .arg(QRandomGenerator::system()->generate(), 8, 16, QLatin1Char('0'));
    const QString path = QDir(directory()).filePath(id + Suffix);
    const QString partial = path + QStringLiteral(".partial");
    QFile::remove(partial);
    const auto failed = [&partial](const Problem &problem) {
        QFile::remove(partial);
        return problem;
    };

    snapshot::SnapshotManifest manifest;
    manifest.snapshotId = id;
    manifest.platformId = identity->platformId;
    manifest.platformVersion = QStringLiteral(BILLING_VERSION);
    manifest.createdAt = now;
    manifest.createdBy = by.name;
    manifest.filter = filter;
    manifest.keyAnnouncements = identity->announcements;
    {
        auto writer = snapshot::SnapshotWriter::create(partial);
        if (!writer)
            return failed(writer.problem());
        auto head = m_store.copyInto(**writer, filter);
        if (!head)
            return failed(head.problem());
        manifest.audit.platformHeadSeq = head->seq;
        manifest.audit.platformHeadHash = head->hash;
        auto finished = (*writer)->finish(manifest, identity->key);
        if (!finished)
            return failed(finished.problem());
        manifest = *finished;
    }
    if (!QFile::rename(partial, path))
        return failed(store::Database::storageProblem(
            QStringLiteral("The snapshot could not be renamed into %1.").arg(path)));

    // Who took which snapshot is part of the trail; it follows the snapshot, which it does not hold.
    auto audited = m_runner.run(by.name, requestId, [&](ChangeSet &change) -> Result<Outcome> {
        change.record(v::AuditAction::SnapshotCreate, v::AuditTarget::Snapshot, id, QByteArrayLiteral("null"),
                      contract::AuditEvent::encodeState(QJsonObject{
                          {"filters", filter.toJson()}, {"audit_head_seq", manifest.audit.platformHeadSeq}}));
        return Outcome{};
    });
    if (!audited) {
        QFile::remove(path);
        return audited.problem();
    }
    return Made{id, path, QFileInfo(path).size(), manifest,
                snapshot::SigningKey::fingerprint(identity->key.publicKey())};
}

} // namespace billing::domain
