#include "platform/snapshot/sha256.h"

#include <openssl/evp.h>

namespace billing::snapshot {

struct Sha256::Context {
    EVP_MD_CTX *context = EVP_MD_CTX_new();
    ~Context() { EVP_MD_CTX_free(context); }
};

Sha256::Sha256()
    : m_context(std::make_unique<Context>())
{
    EVP_DigestInit_ex(m_context->context, EVP_sha256(), nullptr);
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
    EVP_DigestInit_ex(m_context->context, EVP_sha256(), nullptr);
    return digest;
}

QByteArray Sha256::of(const QByteArray &data)
{
    Sha256 hash;
    hash.add(data);
    return hash.finish();
}

} // namespace billing::snapshot
