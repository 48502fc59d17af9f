// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "foundation/snapshot/signingkey.h"

#include <QJsonObject>
#include <QList>
#include <QStringList>

#include <optional>

namespace billing::snapshot {

// "From now on this platform signs with this key", signed by the key it replaces: how a console that
// trusts the old key comes to trust the new one without taking it on first use. The platform keeps
// every announcement it made, serves them with its current key and puts them in every manifest, so a
// console follows a rotation online or from a snapshot file alike.
struct KeyAnnouncement {
    QString platformId;
    QByteArray previousPublicKey; // raw, 32 bytes: whose signature this is
    QByteArray publicKey;         // the new key, raw
    qint64 announcedAt = 0;       // ms since the epoch
    QByteArray signature;         // by the previous key, over signedBytes()

    static KeyAnnouncement make(const QString &platformId, const SigningKey &previous,
                                const QByteArray &newPublicKey, qint64 nowMs);
    // The exact bytes signed: compact JSON, keys sorted, without the signature.
    QByteArray signedBytes() const;
    bool signatureValid() const;
    QString previousFingerprint() const { return SigningKey::fingerprint(previousPublicKey); }
    QString fingerprint() const { return SigningKey::fingerprint(publicKey); }

    QJsonObject toJson() const;
    static std::optional<KeyAnnouncement> fromJson(const QJsonObject &json);

    // The fingerprints that `trusted` leads to through `announcements` (each valid, for `platformId`,
    // signed by a key already trusted), in the order they were reached; `trusted` itself not included.
    static QStringList follow(const QString &platformId, const QStringList &trusted,
                              const QList<KeyAnnouncement> &announcements);
};

} // namespace billing::snapshot
