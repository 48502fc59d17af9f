// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "platform/marketplace/marketplaceconfig.h"
#include "tests/support/fakehttps.h"

#include <QHash>
#include <QJsonArray>
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
// failure the test queued: throttling, a 500, no answer, or an answer that is not JSON. BatchMeterUsage
// is metered as AWS documents it: at most 25 records a call, each within 6 hours of AWS's clock, usage
// allocations adding up to the quantity, an identical record honoured once (the same MeteringRecordId
// again), the same customer, dimension and hour with another quantity a DuplicateRecord.
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
    void clearFailures();

    // BatchMeterUsage: AWS's clock for the 6-hour window (0: the computer's); a customer (identifier, or
    // "account/licenseArn") that is not subscribed; the next call's first `count` records left
    // unprocessed; how long each call takes.
    void setMeteringNow(qint64 ms);
    void refuseCustomer(const QString &customer);
    void leaveUnprocessed(int count);
    void setLatency(int ms);
    // BatchMeterUsage takes a call's records, then waits this long before it answers: a platform that
    // dies meanwhile never hears that AWS has them.
    void holdAnswers(int ms);
    // The records AWS honoured, each once: customer, dimension, Timestamp (s), quantity, record id.
    struct Metered {
        QString customer;
        QString dimension;
        qint64 timestamp = 0;
        qint64 quantity = 0;
        QString meteringRecordId;
        QJsonArray allocations;
    };
    QList<Metered> metered() const;
    int largestBatch() const;
    int recordsReceived() const; // every record of every BatchMeterUsage call, sent again or not

    int requests(const QString &operation) const; // signed correctly, by operation
    int refusedSignatures() const;

private:
    struct State;
    std::optional<FakeHttps::Answer> answer(const FakeHttps::Request &request);
    std::optional<FakeHttps::Answer> answerSns(const FakeHttps::Request &request);
    FakeHttps::Answer meter(const QJsonObject &body);
    std::shared_ptr<State> m_state;
    FakeHttps m_server; // last: it stops before the state goes
};

} // namespace billing::test
