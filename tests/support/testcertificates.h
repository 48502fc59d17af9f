// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>
#include <QStringList>

#include <memory>

namespace billing::test {

// Certificates made for one test with OpenSSL: a certificate authority, and server certificates it
// signs (or that sign themselves), each as PEM with its private key (EC P-256).
class TestCertificates
{
public:
    struct Issued {
        QByteArray certificatePem;
        QByteArray keyPem;
    };

    TestCertificates(); // makes the test CA
    ~TestCertificates();

    QByteArray authorityPem() const;
    // A server certificate for `hosts` (IP addresses or DNS names), signed by the test CA.
    Issued issue(const QStringList &hosts) const;
    // A server certificate for `hosts` that signs itself: no CA vouches for it.
    static Issued selfSigned(const QStringList &hosts);

private:
    struct Authority;
    std::unique_ptr<Authority> m_authority;
};

} // namespace billing::test
