// SPDX-License-Identifier: Apache-2.0
#include "tests/support/testcertificates.h"

#include <QHostAddress>
#include <QUuid>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

namespace billing::test {

namespace {

using Key = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;
using Certificate = std::unique_ptr<X509, decltype(&X509_free)>;

Key newKey()
{
    return Key(EVP_EC_gen("P-256"), EVP_PKEY_free);
}

void addExtension(X509 *certificate, X509 *issuer, int nid, const QByteArray &value)
{
    X509V3_CTX context;
    X509V3_set_ctx_nodb(&context);
    X509V3_set_ctx(&context, issuer, certificate, nullptr, nullptr, 0);
    X509_EXTENSION *extension = X509V3_EXT_conf_nid(nullptr, &context, nid, value.constData());
    X509_add_ext(certificate, extension, -1);
    X509_EXTENSION_free(extension);
}

// `issuer` null: the certificate signs itself.
Certificate makeCertificate(EVP_PKEY *key, const QByteArray &commonName, const QStringList &hosts,
                            X509 *issuer, EVP_PKEY *issuerKey, bool authority)
{
    static long serial = 1;
    Certificate certificate(X509_new(), X509_free);
    X509_set_version(certificate.get(), 2);
    ASN1_INTEGER_set(X509_get_serialNumber(certificate.get()), serial++);
    X509_gmtime_adj(X509_getm_notBefore(certificate.get()), -3600);
    X509_gmtime_adj(X509_getm_notAfter(certificate.get()), 7 * 24 * 3600);
    X509_set_pubkey(certificate.get(), key);
    X509_NAME *name = X509_get_subject_name(certificate.get());
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                               reinterpret_cast<const unsigned char *>(commonName.constData()), -1, -1, 0);
    X509 *signer = issuer ? issuer : certificate.get();
    X509_set_issuer_name(certificate.get(), X509_get_subject_name(signer));
    addExtension(certificate.get(), signer, NID_basic_constraints,
                 authority ? "critical,CA:TRUE" : "critical,CA:FALSE");
    addExtension(certificate.get(), signer, NID_key_usage,
                 authority ? "critical,keyCertSign,cRLSign" : "critical,digitalSignature");
    if (!authority) {
        addExtension(certificate.get(), signer, NID_ext_key_usage, "serverAuth");
        QStringList names;
        for (const QString &host : hosts)
            names << (QHostAddress(host).isNull() ? QStringLiteral("DNS:") : QStringLiteral("IP:")) + host;
        addExtension(certificate.get(), signer, NID_subject_alt_name, names.join(',').toLatin1());
    }
    X509_sign(certificate.get(), issuerKey ? issuerKey : key, EVP_sha256());
    return certificate;
}

QByteArray pem(X509 *certificate)
{
    BIO *out = BIO_new(BIO_s_mem());
    PEM_write_bio_X509(out, certificate);
    char *data = nullptr;
    const long size = BIO_get_mem_data(out, &data);
    QByteArray text(data, int(size));
    BIO_free(out);
    return text;
}

QByteArray pem(EVP_PKEY *key)
{
    BIO *out = BIO_new(BIO_s_mem());
    PEM_write_bio_PrivateKey(out, key, nullptr, nullptr, 0, nullptr, nullptr);
    char *data = nullptr;
    const long size = BIO_get_mem_data(out, &data);
    QByteArray text(data, int(size));
    BIO_free(out);
    return text;
}

} // namespace

struct TestCertificates::Authority {
    Key key = newKey();
    // A name of its own: two fakes' authorities trusted at once must not be taken for one another.
    Certificate certificate = makeCertificate(
        key.get(), "Billing Test CA " + QUuid::createUuid().toByteArray(QUuid::Id128).left(12), {}, nullptr,
        nullptr, true);
};

TestCertificates::TestCertificates()
    : m_authority(std::make_unique<Authority>())
{
}

TestCertificates::~TestCertificates() = default;

QByteArray TestCertificates::authorityPem() const
{
    return pem(m_authority->certificate.get());
}

TestCertificates::Issued TestCertificates::issue(const QStringList &hosts) const
{
    Key key = newKey();
    Certificate certificate = makeCertificate(key.get(), hosts.value(0).toUtf8(), hosts,
                                              m_authority->certificate.get(), m_authority->key.get(), false);
    return {pem(certificate.get()), pem(key.get())};
}

TestCertificates::Issued TestCertificates::selfSigned(const QStringList &hosts)
{
    Key key = newKey();
    Certificate certificate =
        makeCertificate(key.get(), hosts.value(0).toUtf8(), hosts, nullptr, nullptr, false);
    return {pem(certificate.get()), pem(key.get())};
}

} // namespace billing::test
