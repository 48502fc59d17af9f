// SPDX-License-Identifier: Apache-2.0
#include "tests/support/fakeaws.h"

#include "platform/marketplace/sigv4.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSslCertificate>
#include <QUrlQuery>
#include <QUuid>

#include <gtest/gtest.h>

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
          target == "AWSMPEntitlementService.GetEntitlements"))
        return json(400, error("UnknownOperationException", QStringLiteral("Unknown operation")));
    const QJsonObject body = QJsonDocument::fromJson(r.body).object();
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
