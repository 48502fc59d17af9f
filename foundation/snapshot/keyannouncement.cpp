// SPDX-License-Identifier: Apache-2.0
#include "foundation/snapshot/keyannouncement.h"

#include "foundation/contract/jsonfields.h"

#include <QJsonDocument>

namespace billing::snapshot {

namespace {
QString base64(const QByteArray &raw)
{
    return QString::fromLatin1(raw.toBase64());
}
} // namespace

KeyAnnouncement KeyAnnouncement::make(const QString &platformId, const SigningKey &previous,
                                      const QByteArray &newPublicKey, qint64 nowMs)
{
    KeyAnnouncement announcement{platformId, previous.publicKey(), newPublicKey, nowMs, {}};
    announcement.signature = previous.sign(announcement.signedBytes());
    return announcement;
}

QByteArray KeyAnnouncement::signedBytes() const
{
    // QJsonObject keeps its keys sorted: the same fields always make the same bytes.
    return QJsonDocument(QJsonObject{{"platform_id", platformId},
                                     {"previous_public_key", base64(previousPublicKey)},
                                     {"public_key", base64(publicKey)},
                                     {"announced_at", contract::json::time(announcedAt)}})
        .toJson(QJsonDocument::Compact);
}

bool KeyAnnouncement::signatureValid() const
{
    return SigningKey::verify(previousPublicKey, signedBytes(), signature);
}

QJsonObject KeyAnnouncement::toJson() const
{
    return {{"platform_id", platformId},
            {"previous_public_key", base64(previousPublicKey)},
            {"previous_fingerprint", previousFingerprint()},
            {"public_key", base64(publicKey)},
            {"fingerprint", fingerprint()},
            {"announced_at", contract::json::time(announcedAt)},
            {"signature", base64(signature)}};
}

std::optional<KeyAnnouncement> KeyAnnouncement::fromJson(const QJsonObject &json)
{
    KeyAnnouncement announcement{
        json.value("platform_id").toString(),
        QByteArray::fromBase64(json.value("previous_public_key").toString().toLatin1()),
        QByteArray::fromBase64(json.value("public_key").toString().toLatin1()),
        contract::json::time(json.value("announced_at")),
        QByteArray::fromBase64(json.value("signature").toString().toLatin1())};
    if (announcement.platformId.isEmpty() || announcement.previousPublicKey.size() != 32 ||
        announcement.publicKey.size() != 32 || announcement.signature.size() != 64 ||
        announcement.announcedAt <= 0)
        return std::nullopt;
    return announcement;
}

QStringList KeyAnnouncement::follow(const QString &platformId, const QStringList &trusted,
                                    const QList<KeyAnnouncement> &announcements)
{
    QStringList known = trusted;
    QStringList reached;
    // Announcements come oldest first; one pass per link at most, so a chain in any order is followed.
    for (bool moved = true; moved;) {
        moved = false;
        for (const KeyAnnouncement &announcement : announcements) {
            if (announcement.platformId != platformId || known.contains(announcement.fingerprint()) ||
                !known.contains(announcement.previousFingerprint()) || !announcement.signatureValid())
                continue;
            known.append(announcement.fingerprint());
            reached.append(announcement.fingerprint());
            moved = true;
        }
    }
    return reached;
}

} // namespace billing::snapshot
