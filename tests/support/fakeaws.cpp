// SPDX-License-Identifier: Apache-2.0
#include "tests/support/fakeaws.h"

#include "platform/marketplace/sigv4.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSet>
#include <QSslCertificate>
#include <QThread>
#include <QUrlQuery>
#include <QUuid>

namespace billing::test {

struct FakeAws::State {
    mutable QMutex mutex;
    QHash<QString, QJsonObject> tokens;      // token → ResolveCustomer's answer
    QHash<QString, QJsonArray> entitlements; // customer → GetEntitlements' items
    QList<Failure> failures;                 // queued, first first
    QHash<QString, int> requests;            // by operation
    int refusedSignatures = 0;
    QHash<QString, QByteArray> snsCertificates; // file name → PEM
    int snsRequests = 0;
    QStringList confirmedTopics;
    // BatchMeterUsage
    qint64 meteringNow = 0;
    QSet<QString> refusedCustomers;
    int unprocessed = 0;
    int latencyMs = 0;
    int holdAnswerMs = 0;
    int largestBatch = 0;
    int recordsReceived = 0;
    QHash<QString, Metered> metered; // customer|dimension|timestamp → the honoured record
    QList<QString> meteredOrder;
};

namespace {

using Request = FakeHttps::Request;
using Answer = FakeHttps::Answer;

Answer json(int status, const QByteArray &body)
{
    return {status,
            body,
            {{"Content-Type", "application/x-amz-json-1.1"},
             {"x-amzn-RequestId", QUuid::createUuid().toByteArray(QUuid::WithoutBraces)}}};
}

QByteArray error(const char *type, const QString &message)
{
    return QJsonDocument(QJsonObject{{"__type", QStringLiteral("com.amazonaws.marketplace#%1").arg(type)},
                                     {"message", message}})
        .toJson(QJsonDocument::Compact);
}

// Signature Version 4 as AWS checks it; an empty answer means it checks out.
QString signatureProblem(const Request &r)
{
    static const QRegularExpression form(
        QStringLiteral("^AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request, "
                       "SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$"));
    const auto m = form.match(QString::fromLatin1(r.header("authorization")));
    if (!m.hasMatch())
        return QStringLiteral("Authorization is not a Signature Version 4 header.");
    if (m.captured(1) != QLatin1String(FakeAws::AccessKeyId))
        return QStringLiteral("The security token included in the request is invalid.");
    if (m.captured(3) != QLatin1String("us-east-1") || m.captured(4) != QLatin1String("aws-marketplace"))
        return QStringLiteral("Credential should be scoped to us-east-1/aws-marketplace.");
    const QDateTime at = marketplace::sigv4::fromAmzDate(r.header("x-amz-date"));
    if (!at.isValid() || std::abs(at.secsTo(QDateTime::currentDateTimeUtc())) > 300)
        return QStringLiteral("Signature expired or X-Amz-Date missing.");
    if (at.toString(QStringLiteral("yyyyMMdd")) != m.captured(2))
        return QStringLiteral("Credential date does not match X-Amz-Date.");
    const QStringList signedNames = m.captured(5).split(';');
    if (!signedNames.contains(QLatin1String("host")) || !signedNames.contains(QLatin1String("x-amz-date")))
        return QStringLiteral("Host and X-Amz-Date must be signed.");
    marketplace::sigv4::Request request{r.method, r.path, r.query, {}, r.body};
    for (const auto &[name, value] : r.headers) {
        if (signedNames.contains(QString::fromLatin1(name.toLower())))
            request.headers.append({name, value});
    }
    const QByteArray expected = marketplace::sigv4::authorization(
        request, {QLatin1String(FakeAws::AccessKeyId), QLatin1String(FakeAws::SecretAccessKey), {}},
        {m.captured(3), m.captured(4)}, at);
    if (expected != r.header("authorization"))
        return QStringLiteral(
            "The request signature we calculated does not match the signature you provided.");
    return {};
}

} // namespace

// SNS: unsigned GETs for a certificate or a subscription confirmation.
std::optional<FakeHttps::Answer> FakeAws::answerSns(const FakeHttps::Request &r)
{
    QMutexLocker lock(&m_state->mutex);
    ++m_state->snsRequests;
    const QString file = QString::fromLatin1(r.path.mid(1));
    if (m_state->snsCertificates.contains(file))
        return Answer{200, m_state->snsCertificates.value(file), {}};
    const QUrlQuery query(QString::fromLatin1(r.query));
    if (r.path == "/" && query.queryItemValue("Action") == QLatin1String("ConfirmSubscription")) {
        const QString topic = query.queryItemValue("TopicArn", QUrl::FullyDecoded);
        m_state->confirmedTopics.append(topic);
        return Answer{200,
                      "<ConfirmSubscriptionResponse><ConfirmSubscriptionResult><SubscriptionArn>" +
                          topic.toUtf8() +
                          ":fake-subscription</SubscriptionArn></ConfirmSubscriptionResult>"
                          "</ConfirmSubscriptionResponse>",
                      {}};
    }
    return Answer{404, "<Error><Code>NotFound</Code></Error>", {}};
}

std::optional<FakeHttps::Answer> FakeAws::answer(const FakeHttps::Request &r)
{
    if (r.method == "GET")
        return answerSns(r);
    if (const QString problem = signatureProblem(r); !problem.isEmpty()) {
        QMutexLocker lock(&m_state->mutex);
        ++m_state->refusedSignatures;
        return json(403, error("InvalidSignatureException", problem));
    }
    const QByteArray target = r.header("x-amz-target");
    const QString operation = QString::fromLatin1(target.mid(target.indexOf('.') + 1));
    if (r.method != "POST" || r.header("content-type") != "application/x-amz-json-1.1" ||
        !(target == "AWSMPMeteringService.ResolveCustomer" ||
          target == "AWSMPEntitlementService.GetEntitlements" ||
          target == "AWSMPMeteringService.BatchMeterUsage"))
        return json(400, error("UnknownOperationException", QStringLiteral("Unknown operation")));
    const QJsonObject body = QJsonDocument::fromJson(r.body).object();
    int latency = 0;
    {
        QMutexLocker lock(&m_state->mutex);
        latency = operation == QLatin1String("BatchMeterUsage") ? m_state->latencyMs : 0;
    }
    if (latency > 0)
        QThread::msleep(latency);
    QMutexLocker lock(&m_state->mutex);
    ++m_state->requests[operation];
    if (!m_state->failures.isEmpty()) {
        switch (m_state->failures.takeFirst()) {
        case Failure::Throttle:
            return json(400, error("ThrottlingException", QStringLiteral("Rate exceeded")));
        case Failure::ServerError:
            return json(500, error("InternalServiceErrorException", QStringLiteral("Internal error")));
        case Failure::NoAnswer:
            return std::nullopt;
        case Failure::NotJson:
            return json(200, "<html>gateway</html>");
        }
    }
    if (operation == QLatin1String("BatchMeterUsage")) {
        const Answer answer = meter(body);
        const int hold = m_state->holdAnswerMs;
        lock.unlock();
        if (hold > 0)
            QThread::msleep(hold);
        return answer;
    }
    if (operation == QLatin1String("ResolveCustomer")) {
        const QString token = body.value("RegistrationToken").toString();
        if (!m_state->tokens.contains(token))
            return json(400, error("InvalidTokenException", QStringLiteral("Registration token is invalid")));
        return json(200, QJsonDocument(m_state->tokens.value(token)).toJson(QJsonDocument::Compact));
    }
    const QJsonArray customers = body.value("Filter").toObject().value("CUSTOMER_IDENTIFIER").toArray();
    QJsonArray items;
    for (const QJsonValue &customer : customers) {
        for (const QJsonValue &item : m_state->entitlements.value(customer.toString())) {
            if (item.toObject().value("ProductCode").toString() == body.value("ProductCode").toString())
                items.append(item);
        }
    }
    return json(200, QJsonDocument(QJsonObject{{"Entitlements", items}}).toJson(QJsonDocument::Compact));
}

// Called with the state locked.
FakeHttps::Answer FakeAws::meter(const QJsonObject &body)
{
    const QJsonArray records = body.value("UsageRecords").toArray();
    if (records.isEmpty() || records.size() > 25)
        return json(400, error("ValidationException", QStringLiteral("UsageRecords holds 1 to 25 records.")));
    m_state->largestBatch = std::max(m_state->largestBatch, int(records.size()));
    m_state->recordsReceived += int(records.size());
    const qint64 now = m_state->meteringNow > 0 ? m_state->meteringNow : QDateTime::currentMSecsSinceEpoch();
    for (const QJsonValue &item : records) {
        const QJsonObject r = item.toObject();
        const bool byAgreement = r.contains("CustomerAWSAccountId");
        if (byAgreement == body.contains("ProductCode") || byAgreement == r.contains("CustomerIdentifier") ||
            byAgreement != r.contains("LicenseArn"))
            return json(400,
                        error("ValidationException",
                              QStringLiteral("Either ProductCode with CustomerIdentifier, or "
                                             "CustomerAWSAccountId with LicenseArn and no ProductCode.")));
        if (!byAgreement && body.value("ProductCode").toString() != QLatin1String(ProductCode))
            return json(400, error("InvalidProductCodeException", QStringLiteral("Unknown product code")));
        const qint64 at = qint64(r.value("Timestamp").toDouble()) * 1000;
        if (at < now - 6 * 3'600'000LL || at > now + 3'600'000LL)
            return json(400, error("TimestampOutOfBoundsException",
                                   QStringLiteral("The timestamp is more than 6 hours in the past.")));
        if (r.contains("UsageAllocations")) {
            qint64 allocated = 0;
            const QJsonArray allocations = r.value("UsageAllocations").toArray();
            if (allocations.size() > 2500)
                return json(
                    400, error("InvalidUsageAllocationsException", QStringLiteral("Too many allocations")));
            for (const QJsonValue &a : allocations)
                allocated += a.toObject().value("AllocatedUsageQuantity").toInteger();
            if (allocated != r.value("Quantity").toInteger())
                return json(400, error("InvalidUsageAllocationsException",
                                       QStringLiteral("The allocations do not add up to the quantity.")));
        }
    }
    QJsonArray results, unprocessed;
    for (const QJsonValue &item : records) {
        const QJsonObject r = item.toObject();
        if (m_state->unprocessed > 0) {
            --m_state->unprocessed;
            unprocessed.append(r);
            continue;
        }
        const QString customer =
            r.contains("CustomerAWSAccountId")
                ? r.value("CustomerAWSAccountId").toString() + '/' + r.value("LicenseArn").toString()
                : r.value("CustomerIdentifier").toString();
        const qint64 timestamp = qint64(r.value("Timestamp").toDouble());
        QJsonObject result{{"UsageRecord", r}};
        if (m_state->refusedCustomers.contains(customer)) {
            result.insert("Status", "CustomerNotSubscribed");
        } else {
            const QString key =
                QStringLiteral("%1|%2|%3").arg(customer, r.value("Dimension").toString()).arg(timestamp);
            const qint64 quantity = r.value("Quantity").toInteger();
            if (auto it = m_state->metered.find(key); it != m_state->metered.end()) {
                result.insert("Status", it->quantity == quantity ? "Success" : "DuplicateRecord");
                if (it->quantity == quantity)
                    result.insert("MeteringRecordId", it->meteringRecordId);
            } else {
                Metered m{customer,
                          r.value("Dimension").toString(),
                          timestamp,
                          quantity,
                          QUuid::createUuid().toString(QUuid::WithoutBraces),
                          r.value("UsageAllocations").toArray()};
                m_state->metered.insert(key, m);
                m_state->meteredOrder.append(key);
                result.insert("Status", "Success");
                result.insert("MeteringRecordId", m.meteringRecordId);
            }
        }
        results.append(result);
    }
    return json(200, QJsonDocument(QJsonObject{{"Results", results}, {"UnprocessedRecords", unprocessed}})
                         .toJson(QJsonDocument::Compact));
}

void FakeAws::setMeteringNow(qint64 ms)
{
    QMutexLocker lock(&m_state->mutex);
    m_state->meteringNow = ms;
}

void FakeAws::refuseCustomer(const QString &customer)
{
    QMutexLocker lock(&m_state->mutex);
    m_state->refusedCustomers.insert(customer);
}

void FakeAws::leaveUnprocessed(int count)
{
    QMutexLocker lock(&m_state->mutex);
    m_state->unprocessed = count;
}

void FakeAws::setLatency(int ms)
{
    QMutexLocker lock(&m_state->mutex);
    m_state->latencyMs = ms;
}

void FakeAws::holdAnswers(int ms)
{
    QMutexLocker lock(&m_state->mutex);
    m_state->holdAnswerMs = ms;
}

QList<FakeAws::Metered> FakeAws::metered() const
{
    QMutexLocker lock(&m_state->mutex);
    QList<Metered> all;
    for (const QString &key : m_state->meteredOrder)
        all.append(m_state->metered.value(key));
    return all;
}

int FakeAws::recordsReceived() const
{
    QMutexLocker lock(&m_state->mutex);
    return m_state->recordsReceived;
}

int FakeAws::largestBatch() const
{
    QMutexLocker lock(&m_state->mutex);
    return m_state->largestBatch;
}

FakeAws::FakeAws()
    : m_state(std::make_shared<State>())
    , m_server([this](const FakeHttps::Request &r) { return answer(r); })
{
}

FakeAws::~FakeAws() = default;

QUrl FakeAws::url() const
{
    return m_server.url();
}

marketplace::MarketplaceConfig FakeAws::config(int timeoutSeconds) const
{
    marketplace::MarketplaceConfig config;
    marketplace::MarketplaceConfig::Aws aws;
    aws.partition = QStringLiteral("aws");
    aws.accessKeyId = QLatin1String(AccessKeyId);
    aws.secretAccessKey = QLatin1String(SecretAccessKey);
    aws.region = QStringLiteral("us-east-1");
    aws.productCode = QLatin1String(ProductCode);
    aws.meteringEndpoint = url().toString();
    aws.entitlementEndpoint = url().toString();
    aws.snsEndpoint = url().toString();
    config.aws = aws;
    config.extraAuthorities = QSslCertificate::fromData(authorityPem());
    config.timeoutSeconds = timeoutSeconds;
    return config;
}

void FakeAws::addToken(const QString &token, const QString &customerIdentifier, const QString &productCode,
                       const QString &licenseArn)
{
    QMutexLocker lock(&m_state->mutex);
    m_state->tokens.insert(
        token, {{"CustomerIdentifier", customerIdentifier},
                {"CustomerAWSAccountId", "1234" + customerIdentifier.right(8)},
                {"ProductCode", productCode},
                {"LicenseArn", !licenseArn.isEmpty() ? licenseArn
                                                     : "arn:aws:license-manager::294406891311:license:l-" +
                                                           customerIdentifier.toLower()}});
}

void FakeAws::addEntitlement(const QString &customerIdentifier, const QString &dimension,
                             qint64 expiresSeconds)
{
    QMutexLocker lock(&m_state->mutex);
    QJsonObject item{{"ProductCode", QLatin1String(ProductCode)},
                     {"CustomerIdentifier", customerIdentifier},
                     {"Dimension", dimension},
                     {"Value", QJsonObject{{"IntegerValue", 1}}}};
    if (expiresSeconds > 0)
        item.insert("ExpirationDate", double(expiresSeconds));
    m_state->entitlements[customerIdentifier].append(item);
}

void FakeAws::clearFailures()
{
    QMutexLocker lock(&m_state->mutex);
    m_state->failures.clear();
}

void FakeAws::failNext(int count, Failure failure)
{
    QMutexLocker lock(&m_state->mutex);
    for (int i = 0; i < count; ++i)
        m_state->failures.append(failure);
}

int FakeAws::requests(const QString &operation) const
{
    QMutexLocker lock(&m_state->mutex);
    return m_state->requests.value(operation);
}

int FakeAws::refusedSignatures() const
{
    QMutexLocker lock(&m_state->mutex);
    return m_state->refusedSignatures;
}

void FakeAws::addSnsCertificate(const QString &fileName, const QByteArray &pem)
{
    QMutexLocker lock(&m_state->mutex);
    m_state->snsCertificates.insert(fileName, pem);
}

int FakeAws::snsRequests() const
{
    QMutexLocker lock(&m_state->mutex);
    return m_state->snsRequests;
}

QStringList FakeAws::confirmedTopics() const
{
    QMutexLocker lock(&m_state->mutex);
    return m_state->confirmedTopics;
}

} // namespace billing::test
