// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "platform/marketplace/marketplaceconfig.h"
#include "tests/support/fakeaws.h"
#include "tests/support/fakehttps.h"

#include <QHash>
#include <QJsonObject>
#include <QMutex>
#include <QStringList>

#include <memory>

namespace billing::test {

// Entra ID and the SaaS fulfillment API v2 as the platform sees them, over HTTPS on 127.0.0.1 with a
// certificate of the test CA. Entra ID issues client-credentials tokens (only for the right client id,
// secret and resource) and publishes the tenant's OpenID configuration and keys (JWKS); the
// fulfillment API checks the bearer token exactly and api-version, and answers resolve, activate,
// Get Subscription, Get Operation and PATCH operation from what the test told it, or with the failure
// the test queued. It also signs webhook tokens as the tenant does, with a key it can rotate. The
// metered billing API takes batches of at most 25 usage events, one per resource, dimension and hour
// (a second is a Duplicate naming the accepted one), within 24 hours of Microsoft's clock (else Expired).
class FakeAzure
{
public:
    static constexpr auto Tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    static constexpr auto ClientId = "6a3c1e2a-7d3f-4e8a-9c61-0b5e5a1f2d30";
    static constexpr auto ClientSecret = "fake~azure~client~secret";
    enum class Failure { Throttle, ServerError, NoAnswer, NotJson };

    FakeAzure();
    ~FakeAzure();

    QUrl url() const { return m_server.url(); }
    QByteArray authorityPem() const { return m_server.authorityPem(); }
    // A platform configuration whose azure section points here.
    marketplace::MarketplaceConfig config(int timeoutSeconds = 5) const;

    void addLandingToken(const QString &token, const QString &subscriptionId, const QString &name);
    // An operation the fulfillment API knows; `at` is its timeStamp (ms).
    void addOperation(const QString &subscriptionId, const QString &operationId, const QString &action,
                      const QString &status, qint64 at, int quantity = -1);
    // A webhook's body for that operation, and its Authorization header (claims replaced: a null removes).
    static QByteArray webhook(const QString &subscriptionId, const QString &operationId,
                              const QString &action, const QString &status, qint64 at, int quantity = -1);
    QByteArray bearer(qint64 nowMs, const QJsonObject &replaced = {}) const;
    // The tenant publishes a new key (a new kid) and signs with it from now on.
    void rotateKey();
    void failNext(int count, Failure failure);
    void clearFailures();

    // Metered billing: Microsoft's clock for the 24-hour window (0: the computer's); a resource whose
    // events are ResourceNotActive; the events accepted, each once.
    void setMeteringNow(qint64 ms);
    void deactivate(const QString &resourceId);
    QList<QJsonObject> usageEvents() const;

    int tokensIssued() const;
    int requests(const QString &operation) const;
    QStringList activated() const; // subscription ids
    QStringList patches() const;   // "operationId:Success|Failure"

private:
    struct State;
    std::optional<FakeHttps::Answer> answer(const FakeHttps::Request &request);
    FakeHttps::Answer meter(const QJsonObject &body);
    std::shared_ptr<State> m_state;
    FakeHttps m_server; // last: it stops before the state goes
};

// One platform configuration reaching every marketplace: AWS at `aws`, AWS China at `awsChina` (one
// fake may play both partitions), Azure at `azure`, each fake's test CA trusted.
marketplace::MarketplaceConfig everyMarketplace(const FakeAws &aws, const FakeAws &awsChina,
                                                const FakeAzure &azure, int timeoutSeconds);

} // namespace billing::test
