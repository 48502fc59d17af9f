// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "platform/marketplace/marketplaceconfig.h"
#include "tests/support/fakehttps.h"

#include <QHash>
#include <QJsonObject>
#include <QMutex>
#include <QStringList>
#include <QUrl>

#include <memory>

class QSslServer;

namespace billing::test {

// AWS Marketplace's Metering and Entitlement services as the platform sees them, over HTTPS on
// 127.0.0.1 with a certificate of the test CA, on a thread of its own. It checks each request as AWS
// does: the JSON 1.1 content type and target, and the Signature Version 4 signature exactly (known key,
// scope, service "aws-marketplace", a date within 5 minutes), answering InvalidSignatureException
// otherwise; then answers ResolveCustomer and GetEntitlements from what the test told it, or with the
// failure the test queued: throttling, a 500, no answer, or an answer that is not JSON.
class FakeAws
{
public:
    static constexpr auto AccessKeyId = "AKIDFAKEAWS";
    static constexpr auto SecretAccessKey = "fake/aws/secret/key";
    static constexpr auto ProductCode = "bcc-platform-payg";
    enum class Failure { Throttle, ServerError, NoAnswer, NotJson };

    FakeAws();
    ~FakeAws();

    QUrl url() const;
    QByteArray authorityPem() const { return m_server.authorityPem(); }
    // A platform configuration (partition "aws") pointing both services here.
    marketplace::MarketplaceConfig config(int timeoutSeconds = 5) const;

    // ResolveCustomer answers this customer for `token` (its agreement's LicenseArn made up when not given).
    void addToken(const QString &token, const QString &customerIdentifier,
                  const QString &productCode = ProductCode, const QString &licenseArn = {});
    // GetEntitlements answers this entitlement for the customer (expiry in seconds since the epoch; 0: none).
    void addEntitlement(const QString &customerIdentifier, const QString &dimension, qint64 expiresSeconds);
    // Amazon SNS's side, on the same server (unsigned GETs): a signing certificate at
    // /<fileName>, and topic subscription confirmations at /?Action=ConfirmSubscription.
    void addSnsCertificate(const QString &fileName, const QByteArray &pem);
    int snsRequests() const; // certificate downloads and confirmations
    QStringList confirmedTopics() const;
    // The next `count` requests fail this way (after their signature checks out).
    void failNext(int count, Failure failure);

    int requests(const QString &operation) const; // signed correctly, by operation
    int refusedSignatures() const;

private:
    struct State;
    std::optional<FakeHttps::Answer> answer(const FakeHttps::Request &request);
    std::optional<FakeHttps::Answer> answerSns(const FakeHttps::Request &request);
    std::shared_ptr<State> m_state;
    FakeHttps m_server; // last: it stops before the state goes
};

} // namespace billing::test
