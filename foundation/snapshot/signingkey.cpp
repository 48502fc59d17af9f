// SPDX-License-Identifier: Apache-2.0
#include "foundation/snapshot/signingkey.h"

#include "foundation/contract/sha256.h"

#include <openssl/evp.h>
#include <openssl/pem.h>

#include <memory>

namespace billing::snapshot {

namespace {
struct KeyDeleter {
    void operator()(EVP_PKEY *key) const { EVP_PKEY_free(key); }
};
struct ContextDeleter {
    void operator()(EVP_MD_CTX *context) const { EVP_MD_CTX_free(context); }
};
using Key = std::unique_ptr<EVP_PKEY, KeyDeleter>;
using Context = std::unique_ptr<EVP_MD_CTX, ContextDeleter>;

const unsigned char *bytes(const QByteArray &data)
{
    return reinterpret_cast<const unsigned char *>(data.constData());
}

QByteArray rawPublicKey(EVP_PKEY *key)
{
    QByteArray raw(32, Qt::Uninitialized);
    size_t size = size_t(raw.size());
    if (EVP_PKEY_get_raw_public_key(key, reinterpret_cast<unsigned char *>(raw.data()), &size) != 1 ||
        size != 32)
        return {};
    return raw;
}
} // namespace

SigningKey SigningKey::generate()
{
    Key key(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"));
    QByteArray raw(32, Qt::Uninitialized);
    size_t size = size_t(raw.size());
    EVP_PKEY_get_raw_private_key(key.get(), reinterpret_cast<unsigned char *>(raw.data()), &size);
    return *fromPrivateKey(raw);
}

std::optional<SigningKey> SigningKey::fromPrivateKey(const QByteArray &privateKey)
{
    if (privateKey.size() != 32)
        return std::nullopt;
    Key key(EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, bytes(privateKey),
                                         size_t(privateKey.size())));
    if (!key)
        return std::nullopt;
    SigningKey signing;
    signing.m_private = privateKey;
    signing.m_public = rawPublicKey(key.get());
    return signing;
}

QByteArray SigningKey::sign(const QByteArray &message) const
{
    Key key(
        EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, bytes(m_private), size_t(m_private.size())));
    Context context(EVP_MD_CTX_new());
    QByteArray signature(64, Qt::Uninitialized);
    size_t size = size_t(signature.size());
    if (!key || EVP_DigestSignInit(context.get(), nullptr, nullptr, nullptr, key.get()) != 1 ||
        EVP_DigestSign(context.get(), reinterpret_cast<unsigned char *>(signature.data()), &size,
                       bytes(message), size_t(message.size())) != 1)
        return {};
    signature.resize(qsizetype(size));
    return signature;
}

bool SigningKey::verify(const QByteArray &publicKey, const QByteArray &message, const QByteArray &signature)
{
    if (publicKey.size() != 32 || signature.size() != 64)
        return false;
    Key key(
        EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, bytes(publicKey), size_t(publicKey.size())));
    Context context(EVP_MD_CTX_new());
    return key && EVP_DigestVerifyInit(context.get(), nullptr, nullptr, nullptr, key.get()) == 1 &&
           EVP_DigestVerify(context.get(), bytes(signature), size_t(signature.size()), bytes(message),
                            size_t(message.size())) == 1;
}

QByteArray SigningKey::toPem(const QByteArray &passphrase) const
{
    Key key(
        EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, bytes(m_private), size_t(m_private.size())));
    std::unique_ptr<BIO, decltype(&BIO_free)> out(BIO_new(BIO_s_mem()), &BIO_free);
    if (!key || !out)
        return {};
    const bool sealed = !passphrase.isEmpty();
    if (PEM_write_bio_PKCS8PrivateKey(out.get(), key.get(), sealed ? EVP_aes_256_cbc() : nullptr,
                                      sealed ? passphrase.constData() : nullptr, int(passphrase.size()),
                                      nullptr, nullptr) != 1)
        return {};
    char *data = nullptr;
    const long size = BIO_get_mem_data(out.get(), &data);
    return QByteArray(data, qsizetype(size));
}

std::optional<SigningKey> SigningKey::fromPem(const QByteArray &pem, const QByteArray &passphrase)
{
    std::unique_ptr<BIO, decltype(&BIO_free)> in(BIO_new_mem_buf(pem.constData(), int(pem.size())),
                                                 &BIO_free);
    // An empty passphrase is passed as such, so that a sealed key never waits on a terminal prompt.
    QByteArray secret = passphrase;
    Key key(PEM_read_bio_PrivateKey(in.get(), nullptr, nullptr, secret.data()));
    if (!key || EVP_PKEY_get_id(key.get()) != EVP_PKEY_ED25519)
        return std::nullopt;
    QByteArray raw(32, Qt::Uninitialized);
    size_t size = size_t(raw.size());
    if (EVP_PKEY_get_raw_private_key(key.get(), reinterpret_cast<unsigned char *>(raw.data()), &size) != 1)
        return std::nullopt;
    return fromPrivateKey(raw);
}

QString SigningKey::fingerprint(const QByteArray &publicKey)
{
    return QStringLiteral("SHA256:") + QString::fromLatin1(contract::Sha256::of(publicKey).toBase64(
                                           QByteArray::Base64Encoding | QByteArray::OmitTrailingEquals));
}

} // namespace billing::snapshot
