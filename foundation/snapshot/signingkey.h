// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

namespace billing::snapshot {

// The platform's Ed25519 key that signs snapshot manifests (OpenSSL). Raw keys are 32 bytes: the
// private one lives in a key file of its own, never in the database; the public one travels in every
// snapshot and at GET /v1/snapshots/signing-key.
class SigningKey
{
public:
    static SigningKey generate();
    // nullopt unless `privateKey` is 32 raw bytes.
    static std::optional<SigningKey> fromPrivateKey(const QByteArray &privateKey);

    QByteArray privateKey() const { return m_private; }
    QByteArray publicKey() const { return m_public; }
    QByteArray sign(const QByteArray &message) const; // 64 bytes

    // The private key as PKCS#8 PEM, sealed with `passphrase` (AES-256-CBC, PBKDF2) unless it is empty.
    QByteArray toPem(const QByteArray &passphrase) const;
    // nullopt unless `pem` holds an Ed25519 private key that `passphrase` opens (if it is sealed).
    static std::optional<SigningKey> fromPem(const QByteArray &pem, const QByteArray &passphrase);

    static bool verify(const QByteArray &publicKey, const QByteArray &message, const QByteArray &signature);
    // What staff compare and the console pins: "SHA256:" and the unpadded base64 of the public key's
    // SHA-256, as OpenSSH prints key fingerprints.
    static QString fingerprint(const QByteArray &publicKey);

private:
    QByteArray m_private;
    QByteArray m_public;
};

} // namespace billing::snapshot
