// SPDX-License-Identifier: Apache-2.0
#include "console/services/platformaccess.h"
#include "console/services/platformclient.h"
#include "platform/http/apiserver.h"
#include "tests/support/testcertificates.h"
#include "tests/support/testplatform.h"
#include "tests/support/wait.h"

#include <QFile>
#include <QTcpSocket>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace billing;

namespace {

QString write(const QTemporaryDir &dir, const QString &name, const QByteArray &contents)
{
    QFile out(dir.filePath(name));
    EXPECT_TRUE(out.open(QIODevice::WriteOnly));
    out.write(contents);
    return out.fileName();
}

// A TLS platform on 127.0.0.1 serving `issued`.
std::unique_ptr<test::TestPlatform> httpsPlatform(const QTemporaryDir &dir,
                                                  const test::TestCertificates::Issued &issued)
{
    auto tls = http::ApiServer::tlsConfiguration(write(dir, "server.pem", issued.certificatePem),
                                                 write(dir, "server.key", issued.keyPem));
    EXPECT_TRUE(tls.ok()) << (tls ? "" : tls.problem().message().toStdString());
    return std::make_unique<test::TestPlatform>(test::Backend::Sqlite, 20, 7,
                                                tls ? std::optional(*tls) : std::nullopt);
}

contract::Result<services::PlatformClient::Reply> session(const services::PlatformAccess &access)
{
    services::PlatformClient client(access);
    client.setRetryDelay(std::chrono::milliseconds(1));
    return test::await(client.get(QStringLiteral("/v1/session")));
}

} // namespace

TEST(PlatformAccess, TheConsoleTrustsAPlatformWhoseCertificateItsCaIssuedForThatHost)
{
    QTemporaryDir dir;
    test::TestCertificates certificates;
    auto platform = httpsPlatform(dir, certificates.issue({"127.0.0.1", "localhost"}));
    ASSERT_EQ(platform->url().scheme(), "https");
    const QString caFile = write(dir, "ca.pem", certificates.authorityPem());

    auto trusted = services::PlatformAccess::secure(platform->url(), platform->adminToken(), caFile);
    ASSERT_TRUE(trusted.ok());
    auto answer = session(*trusted);
    ASSERT_TRUE(answer.ok()) << answer.problem().message().toStdString();
    EXPECT_EQ(answer->body.value("role").toString(), "admin");

    // Without the CA file only the system's authorities are trusted, and none of them issued it.
    auto systemOnly = services::PlatformAccess::secure(platform->url(), platform->adminToken());
    ASSERT_TRUE(systemOnly.ok());
    auto refused = session(*systemOnly);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.problem().code, services::PlatformClient::CertificateRefused);
    EXPECT_TRUE(refused.problem().message().contains("did not prove who it is"))
        << refused.problem().message().toStdString();
}

TEST(PlatformAccess, PlainHttpSentToTheHttpsPortGetsNothingAndIsClosed)
{
    QTemporaryDir dir;
    test::TestCertificates certificates;
    auto platform = httpsPlatform(dir, certificates.issue({"127.0.0.1", "localhost"}));
    QTcpSocket socket;
    socket.connectToHost(platform->url().host(), quint16(platform->url().port()));
    ASSERT_TRUE(socket.waitForConnected(5000));
    socket.write("GET /v1/session HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
                 platform->adminToken().toUtf8() + "\r\n\r\n");
    QByteArray answer;
    while (socket.waitForReadyRead(3000))
        answer += socket.readAll();
    EXPECT_TRUE(answer.isEmpty()) << answer.toHex().left(200).toStdString();
    EXPECT_NE(socket.state(), QAbstractSocket::ConnectedState);
}

TEST(PlatformAccess, ACertificateForAnotherHostOrOneThatSignsItselfIsRefused)
{
    QTemporaryDir dir;
    test::TestCertificates certificates;
    const QString caFile = write(dir, "ca.pem", certificates.authorityPem());
    {
        auto platform = httpsPlatform(dir, certificates.issue({"platform.example.com"}));
        auto access = services::PlatformAccess::secure(platform->url(), platform->adminToken(), caFile);
        ASSERT_TRUE(access.ok());
        auto refused = session(*access);
        ASSERT_FALSE(refused.ok());
        EXPECT_EQ(refused.problem().code, services::PlatformClient::CertificateRefused);
        EXPECT_TRUE(refused.problem().message().contains("host name", Qt::CaseInsensitive))
            << refused.problem().message().toStdString();
    }
    {
        auto platform = httpsPlatform(dir, test::TestCertificates::selfSigned({"127.0.0.1"}));
        auto access = services::PlatformAccess::secure(platform->url(), platform->adminToken(), caFile);
        ASSERT_TRUE(access.ok());
        auto refused = session(*access);
        ASSERT_FALSE(refused.ok());
        EXPECT_EQ(refused.problem().code, services::PlatformClient::CertificateRefused);
        EXPECT_TRUE(refused.problem().message().contains("self signed", Qt::CaseInsensitive) ||
                    refused.problem().message().contains("self-signed", Qt::CaseInsensitive))
            << refused.problem().message().toStdString();
    }
}

TEST(PlatformAccess, PlainHttpIsForThisMachineUnlessAllowedExplicitly)
{
    EXPECT_TRUE(services::PlatformAccess::secure(QUrl("http://127.0.0.1:8080"), "t").ok());
    EXPECT_TRUE(services::PlatformAccess::secure(QUrl("http://localhost:8080"), "t").ok());
    EXPECT_TRUE(services::PlatformAccess::secure(QUrl("http://[::1]:8080"), "t").ok());
    auto remote = services::PlatformAccess::secure(QUrl("http://10.20.30.40:8080"), "t");
    ASSERT_FALSE(remote.ok());
    EXPECT_TRUE(remote.problem().message().contains("unencrypted"))
        << remote.problem().message().toStdString();
    EXPECT_FALSE(services::PlatformAccess::secure(QUrl("http://billing.example.com"), "t").ok());
    EXPECT_TRUE(services::PlatformAccess::secure(QUrl("http://10.20.30.40:8080"), "t", {}, true).ok());
    EXPECT_TRUE(services::PlatformAccess::secure(QUrl("https://billing.example.com"), "t").ok());
    EXPECT_FALSE(services::PlatformAccess::secure(QUrl("ftp://billing.example.com"), "t").ok());
    EXPECT_FALSE(
        services::PlatformAccess::secure(QUrl("https://billing.example.com"), "t", "/nonexistent/ca.pem")
            .ok());
}

TEST(PlatformAccess, ThePlatformRefusesACertificateAndKeyThatDoNotBelongTogether)
{
    QTemporaryDir dir;
    test::TestCertificates certificates;
    const auto one = certificates.issue({"127.0.0.1"});
    const auto other = certificates.issue({"127.0.0.1"});
    const QString certificate = write(dir, "one.pem", one.certificatePem);
    EXPECT_TRUE(http::ApiServer::tlsConfiguration(certificate, write(dir, "one.key", one.keyPem)).ok());
    auto mismatched = http::ApiServer::tlsConfiguration(certificate, write(dir, "other.key", other.keyPem));
    ASSERT_FALSE(mismatched.ok());
    EXPECT_TRUE(mismatched.problem().message().contains("not the certificate's"));
    EXPECT_FALSE(
        http::ApiServer::tlsConfiguration(dir.filePath("missing.pem"), dir.filePath("one.key")).ok());
    EXPECT_FALSE(http::ApiServer::tlsConfiguration(write(dir, "junk.pem", "not a certificate"),
                                                   dir.filePath("one.key"))
                     .ok());
}
