// SPDX-License-Identifier: Apache-2.0
#include "foundation/contract/sha256.h"

#include <openssl/evp.h>

namespace billing::contract {

namespace {
// Fetched once: OpenSSL 3 looks an implicit sha256() up again, under a lock, on every use.
const EVP_MD *sha256()
{
    static EVP_MD *md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    return md;
}
} // namespace

struct Sha256::Context {
    EVP_MD_CTX *context = EVP_MD_CTX_new();
    ~Context() { EVP_MD_CTX_free(context); }
};

Sha256::Sha256()
    : m_context(std::make_unique<Context>())
{
    EVP_DigestInit_ex(m_context->context, sha256(), nullptr);
}

Sha256::~Sha256() = default;

void Sha256::add(const char *data, qsizetype size)
{
    EVP_DigestUpdate(m_context->context, data, size_t(size));
}

QByteArray Sha256::finish()
{
    QByteArray digest(32, Qt::Uninitialized);
    unsigned int size = 0;
    EVP_DigestFinal_ex(m_context->context, reinterpret_cast<unsigned char *>(digest.data()), &size);
    EVP_DigestInit_ex(m_context->context, sha256(), nullptr);
    return digest;
}

QByteArray Sha256::of(const QByteArray &data)
{
    QByteArray digest(32, Qt::Uninitialized);
    unsigned int size = 0;
    EVP_Digest(data.constData(), size_t(data.size()), reinterpret_cast<unsigned char *>(digest.data()), &size,
               sha256(), nullptr);
    return digest;
}

} // namespace billing::contract
