// SPDX-License-Identifier: Apache-2.0
#include "platform/store/snapshotstore.h"

#include "foundation/snapshot/snapshotwriter.h"
#include "foundation/sql/reportqueries.h"
#include "platform/store/copyreader.h"
#include "platform/store/transaction.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSqlQuery>
#include <QUuid>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace billing::store {

using contract::Result;

SnapshotStore::SnapshotStore(std::shared_ptr<Database> database)
    : m_database(std::move(database))
{
}

QString SnapshotStore::KeyFile::pathFor(const QString &platformId) const
{
    return path.isEmpty() ? QDir(folder).filePath(platformId + QStringLiteral(".pem")) : path;
}

Result<contract::Done> SnapshotStore::writeKeyFile(const QString &path, const snapshot::SigningKey &key,
                                                   const QByteArray &passphrase)
{
    const QByteArray pem = key.toPem(passphrase);
    QDir().mkpath(QFileInfo(path).absolutePath());
    const int fd = ::open(QFile::encodeName(path).constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    bool written =
        fd >= 0 && !pem.isEmpty() && ::write(fd, pem.constData(), size_t(pem.size())) == pem.size();
    written = fd >= 0 && ::fsync(fd) == 0 && written;
    if (fd >= 0)
        ::close(fd);
    if (!written) {
        if (fd >= 0)
            QFile::remove(path);
        return Database::storageProblem(
            QStringLiteral("The snapshot signing key file %1 could not be written.").arg(path));
    }
    return contract::Done{};
}

namespace {

Result<snapshot::SigningKey> readKeyFile(const QString &path, const QByteArray &passphrase)
{
    struct stat status {
    };
    if (::stat(QFile::encodeName(path).constData(), &status) != 0)
        return Database::storageProblem(
            QStringLiteral("The snapshot signing key file %1 is missing. It is not in the database: restore "
                           "it from a backup of that file.")
                .arg(path));
    if ((status.st_mode & 077) != 0)
        return Database::storageProblem(
            QStringLiteral("The snapshot signing key file %1 may be read by others than its owner; make it "
                           "mode 0600 (chmod 600).")
                .arg(path));
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Database::storageProblem(
            QStringLiteral("Cannot read the snapshot signing key file %1: %2").arg(path, file.errorString()));
    const QByteArray pem = file.readAll();
    auto key = snapshot::SigningKey::fromPem(pem, passphrase);
    if (!key)
        return Database::storageProblem(
            pem.contains("ENCRYPTED")
                ? QStringLiteral(
                      "The snapshot signing key file %1 is sealed and BILLING_SNAPSHOT_KEY_PASSPHRASE "
                      "does not open it.")
                      .arg(path)
                : QStringLiteral("The snapshot signing key file %1 holds no Ed25519 private key.").arg(path));
    return *key;
}

} // namespace

Result<SnapshotStore::Identity> SnapshotStore::identity(qint64 nowMs, const KeyFile &keyFile)
{
    struct Row {
        QString platformId;
        QByteArray legacyKey; // a private key stored before schema step 6
        QByteArray publicKey;
    };
    const auto read = [this]() -> Result<std::optional<Row>> {
        auto rows = m_database->query(
            QStringLiteral(
                "SELECT platform_id, signing_key, public_key FROM platform_identity WHERE slot = 'this'"),
            {}, "Reading the platform's identity");
        if (!rows)
            return rows.problem();
        if (!rows->next())
            return std::optional<Row>();
        return std::optional<Row>(Row{rows->value(0).toString(),
                                      QByteArray::fromBase64(rows->value(1).toByteArray()),
                                      QByteArray::fromBase64(rows->value(2).toByteArray())});
    };
    auto row = read();
    if (!row)
        return row.problem();
    if (!*row) {
        // The first use: a key file, then the row naming its public key. Two processes starting at once
        // both try; the first row wins, and the loser's key file (named by its own platform id) is unused.
        const QString platformId =
            QStringLiteral("platform-") + QUuid::createUuid().toString(QUuid::WithoutBraces).left(13);
        const snapshot::SigningKey key = snapshot::SigningKey::generate();
        if (auto written = writeKeyFile(keyFile.pathFor(platformId), key, keyFile.passphrase); !written)
            return written.problem();
        auto tx = Transaction::begin(*m_database, Transaction::Mode::Write);
        if (!tx)
            return tx.problem();
        auto insert = m_database->query(
            QStringLiteral(
                "INSERT INTO platform_identity (slot, platform_id, signing_key, public_key, created_at) "
                "VALUES ('this', ?, '', ?, ?) ON CONFLICT (slot) DO NOTHING"),
            {platformId, QString::fromLatin1(key.publicKey().toBase64()), nowMs},
            "Storing the platform's identity", (*tx)->connection());
        if (!insert)
            return insert.problem();
        if (auto done = (*tx)->commit(); !done)
            return done.problem();
        row = read();
        if (!row)
            return row.problem();
        if (!*row)
            return Database::storageProblem(QStringLiteral("The platform's identity could not be stored."));
        if ((*row)->platformId != platformId)
            QFile::remove(keyFile.pathFor(platformId));
    }
    Row current = **row;
    const QString path = keyFile.pathFor(current.platformId);
    if (!current.legacyKey.isEmpty()) {
        // From before the key file: moved there, then erased from the database.
        auto legacy = snapshot::SigningKey::fromPrivateKey(current.legacyKey);
        if (!legacy)
            return Database::storageProblem(
                QStringLiteral("The platform's stored signing key is not a valid Ed25519 key."));
        if (!QFileInfo::exists(path)) {
            if (auto written = writeKeyFile(path, *legacy, keyFile.passphrase); !written)
                return written.problem();
        }
        auto moved = readKeyFile(path, keyFile.passphrase);
        if (!moved)
            return moved.problem();
        if (moved->publicKey() != legacy->publicKey())
            return Database::storageProblem(
                QStringLiteral("The snapshot signing key file %1 holds another key than the database did.")
                    .arg(path));
        auto erased = m_database->query(
            QStringLiteral(
                "UPDATE platform_identity SET signing_key = '', public_key = ? WHERE slot = 'this'"),
            {QString::fromLatin1(legacy->publicKey().toBase64())},
            "Moving the signing key out of the database");
        if (!erased)
            return erased.problem();
        current.publicKey = legacy->publicKey();
    }
    // A rotation committed but not yet put in place (the process stopped between the two) is finished.
    const QString rotated = rotatedKeyPath(path);
    if (QFileInfo::exists(rotated)) {
        auto pending = readKeyFile(rotated, keyFile.passphrase);
        if (pending && pending->publicKey() == current.publicKey) {
            QFile::remove(path);
            QFile::rename(rotated, path);
        }
    }
    auto key = readKeyFile(path, keyFile.passphrase);
    if (!key)
        return key.problem();
    if (key->publicKey() != current.publicKey)
        return Database::storageProblem(
            QStringLiteral(
                "The snapshot signing key file %1 holds another key than the one this platform signs with "
                "(%2).")
                .arg(path, snapshot::SigningKey::fingerprint(current.publicKey)));
    Identity identity{current.platformId, *key, {}, path};
    auto announced =
        m_database->query(QStringLiteral("SELECT body FROM signing_key_announcements ORDER BY seq"), {},
                          "Reading the signing key's rotations");
    if (!announced)
        return announced.problem();
    while (announced->next()) {
        const auto announcement = snapshot::KeyAnnouncement::fromJson(
            QJsonDocument::fromJson(announced->value(0).toByteArray()).object());
        if (!announcement)
            return Database::storageProblem(
                QStringLiteral("A stored signing key announcement is malformed."));
        identity.announcements.append(*announcement);
    }
    return identity;
}

Result<contract::Done> SnapshotStore::recordRotation(QSqlDatabase db,
                                                     const snapshot::KeyAnnouncement &announcement)
{
    QSqlQuery insert(db);
    insert.prepare(QStringLiteral("INSERT INTO signing_key_announcements (seq, body, announced_at) "
                                  "SELECT COALESCE(MAX(seq), 0) + 1, ?, ? FROM signing_key_announcements"));
    insert.addBindValue(
        QString::fromUtf8(QJsonDocument(announcement.toJson()).toJson(QJsonDocument::Compact)));
    insert.addBindValue(announcement.announcedAt);
    if (auto ran = Database::exec(insert, "Recording a signing key rotation"); !ran)
        return ran.problem();
    QSqlQuery update(db);
    update.prepare(
        QStringLiteral("UPDATE platform_identity SET public_key = ? WHERE slot = 'this' AND public_key = ?"));
    update.addBindValue(QString::fromLatin1(announcement.publicKey.toBase64()));
    update.addBindValue(QString::fromLatin1(announcement.previousPublicKey.toBase64()));
    if (auto ran = Database::exec(update, "Recording a signing key rotation"); !ran)
        return ran.problem();
    if (update.numRowsAffected() != 1)
        return contract::Problem{409,
                                 "signing_key_changed",
                                 QStringLiteral("Signing key changed"),
                                 QStringLiteral("Another rotation of the signing key came first; try again."),
                                 {}};
    return contract::Done{};
}

Result<AuditStore::Head> SnapshotStore::copyInto(snapshot::SnapshotWriter &writer,
                                                 const snapshot::SnapshotFilter &filter)
{
    if (m_database->isSqlite()) {
        auto head = writer.copyFromSqlite(m_database->sqlitePath(), filter);
        if (!head)
            return head.problem();
        return AuditStore::Head{head->seq, head->hash};
    }
    // PostgreSQL: each table by COPY, its cells written as the server sends them, in one REPEATABLE READ
    // transaction (through Qt Sql, a QVariant per cell, a 1M-workspace snapshot took twice as long).
    auto tx = Transaction::begin(*m_database, Transaction::Mode::Read);
    if (!tx)
        return tx.problem();
    QSqlDatabase db = (*tx)->connection();
    // The head first: the transaction's view is fixed by its first read.
    auto head = AuditStore::head(db);
    if (!head)
        return head.problem();
    for (const snapshot::SnapshotTable &table : snapshot::SnapshotSchema::tables()) {
        const snapshot::SnapshotFilter::Where where = filter.whereFor(table);
        QVariantList binds;
        for (const qint64 bind : where.binds)
            binds.append(bind);
        Result<contract::Done> added = contract::Done{};
        auto read = readByCopy(db, QString::fromLatin1(table.selectAll() + where.sql), binds,
                               "Reading for a snapshot", [&](const sql::ResultRow &row) {
                                   added = writer.add(table, row);
                                   return added.ok();
                               });
        if (!read)
            return read.problem();
        if (!added)
            return added.problem();
    }
    return *head;
}

} // namespace billing::store
