// SPDX-License-Identifier: Apache-2.0
#include "platform/marketplace/signatures.h"

#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include <memory>

namespace billing::marketplace::signatures {

namespace {

template<typename T, void (*Free)(T *)>
struct Freer {
    void operator()(T *p) const { Free(p); }
};
using Key = std::unique_ptr<EVP_PKEY, Freer<EVP_PKEY, EVP_PKEY_free>>;
using Certificate = std::unique_ptr<X509, Freer<X509, X509_free>>;
using Bio = std::unique_ptr<BIO, Freer<BIO, BIO_free_all>>;
using DigestContext = std::unique_ptr<EVP_MD_CTX, Freer<EVP_MD_CTX, EVP_MD_CTX_free>>;

const EVP_MD *md(Digest digest)
{
    return digest == Digest::Sha1 ? EVP_sha1() : EVP_sha256();
}

Bio reading(const QByteArray &pem)
{
    return Bio(BIO_new_mem_buf(pem.constData(), int(pem.size())));
}

QByteArray drain(BIO *bio)
{
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    return QByteArray(data, int(size));
}

bool verify(EVP_PKEY *key, Digest digest, const QByteArray &data, const QByteArray &signature)
{
    if (!key || signature.isEmpty())
        return false;
    DigestContext context(EVP_MD_CTX_new());
    if (!context || EVP_DigestVerifyInit(context.get(), nullptr, md(digest), nullptr, key) != 1)
        return false;
    return EVP_DigestVerify(context.get(), reinterpret_cast<const unsigned char *>(signature.constData()),
                            size_t(signature.size()),
                            reinterpret_cast<const unsigned char *>(data.constData()),
                            size_t(data.size())) == 1;
}

} // namespace

bool verifyWithCertificate(const QByteArray &certificatePem, Digest digest, const QByteArray &data,
                           const QByteArray &signature)
{
    Bio bio = reading(certificatePem);
    Certificate certificate(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
    if (!certificate)
        return false;
    Key key(X509_get_pubkey(certificate.get()));
    return verify(key.get(), digest, data, signature);
}

bool verifyWithPublicKey(const QByteArray &publicKeyPem, Digest digest, const QByteArray &data,
                         const QByteArray &signature)
{
    Bio bio = reading(publicKeyPem);
    Key key(PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr));
    return verify(key.get(), digest, data, signature);
}

QByteArray hmacSha256(const QByteArray &key, const QByteArray &data)
{
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    HMAC(EVP_sha256(), key.constData(), int(key.size()),
         reinterpret_cast<const unsigned char *>(data.constData()), size_t(data.size()), out, &length);
    return QByteArray(reinterpret_cast<const char *>(out), int(length));
}

bool sameBytes(const QByteArray &a, const QByteArray &b)
{
    return a.size() == b.size() && CRYPTO_memcmp(a.constData(), b.constData(), size_t(a.size())) == 0;
}

SigningKey generateSigningKey(const QString &commonName)
{
    SigningKey made;
    Key key(EVP_RSA_gen(2048));
    if (!key)
        return made;
    Certificate certificate(X509_new());
    X509_set_version(certificate.get(), 2);
    ASN1_INTEGER_set(X509_get_serialNumber(certificate.get()), 1);
    X509_gmtime_adj(X509_getm_notBefore(certificate.get()), -24 * 3600);
    X509_gmtime_adj(X509_getm_notAfter(certificate.get()), 10LL * 365 * 24 * 3600);
    X509_set_pubkey(certificate.get(), key.get());
    X509_NAME *name = X509_get_subject_name(certificate.get());
    const QByteArray cn = commonName.toUtf8();
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                               reinterpret_cast<const unsigned char *>(cn.constData()), -1, -1, 0);
    X509_set_issuer_name(certificate.get(), name);
    if (X509_sign(certificate.get(), key.get(), EVP_sha256()) == 0)
        return made;
    Bio privatePem(BIO_new(BIO_s_mem())), publicPem(BIO_new(BIO_s_mem())),
        certificatePem(BIO_new(BIO_s_mem()));
    PEM_write_bio_PrivateKey(privatePem.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr);
    PEM_write_bio_PUBKEY(publicPem.get(), key.get());
    PEM_write_bio_X509(certificatePem.get(), certificate.get());
    made.privateKeyPem = drain(privatePem.get());
    made.publicKeyPem = drain(publicPem.get());
    made.certificatePem = drain(certificatePem.get());
    return made;
}

QByteArray sign(const QByteArray &privateKeyPem, Digest digest, const QByteArray &data)
{
    Bio bio = reading(privateKeyPem);
    Key key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
    DigestContext context(EVP_MD_CTX_new());
    if (!key || !context || EVP_DigestSignInit(context.get(), nullptr, md(digest), nullptr, key.get()) != 1)
        return {};
    size_t length = 0;
    const auto *in = reinterpret_cast<const unsigned char *>(data.constData());
    if (EVP_DigestSign(context.get(), nullptr, &length, in, size_t(data.size())) != 1)
        return {};
    QByteArray signature(qsizetype(length), Qt::Uninitialized);
    if (EVP_DigestSign(context.get(), reinterpret_cast<unsigned char *>(signature.data()), &length, in,
                       size_t(data.size())) != 1)
        return {};
    signature.resize(qsizetype(length));
    return signature;
}

} // namespace billing::marketplace::signatures
