// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>
#include <QString>

// The signatures marketplace messages carry, on OpenSSL: RSA over SHA-1 or SHA-256 (AWS SNS
// SignatureVersion 1 and 2, Azure's RS256 bearer tokens), and HMAC-SHA256 (the offline gateway's tokens).
namespace billing::marketplace::signatures {

enum class Digest { Sha1, Sha256 };

// Whether `signature` is the signature of `data` by the key of the PEM certificate / public key.
bool verifyWithCertificate(const QByteArray &certificatePem, Digest digest, const QByteArray &data,
                           const QByteArray &signature);
bool verifyWithPublicKey(const QByteArray &publicKeyPem, Digest digest, const QByteArray &data,
                         const QByteArray &signature);

QByteArray hmacSha256(const QByteArray &key, const QByteArray &data);
// Compares in time independent of where the two differ.
bool sameBytes(const QByteArray &a, const QByteArray &b);

// The marketplace's side, for `billing-platform simulate` and tests: an RSA key with a self-signed
// certificate, and signing with it.
struct SigningKey {
    QByteArray privateKeyPem;
    QByteArray publicKeyPem;
    QByteArray certificatePem;
};
SigningKey generateSigningKey(const QString &commonName);
QByteArray sign(const QByteArray &privateKeyPem, Digest digest, const QByteArray &data);

} // namespace billing::marketplace::signatures
