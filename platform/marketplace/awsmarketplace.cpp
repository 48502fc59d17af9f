// SPDX-License-Identifier: Apache-2.0
#include "platform/marketplace/awsmarketplace.h"

#include "platform/marketplace/sigv4.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace billing::marketplace {

using contract::Problem;
using contract::Result;

namespace {

// "com.amazonaws.marketplace#ThrottlingException" → "ThrottlingException"
QString errorType(const QJsonObject &answer)
{
    const QString type = answer.value("__type").toString();
    return type.mid(type.lastIndexOf('#') + 1);
}

} // namespace

AwsMarketplace::AwsMarketplace(MarketplaceConfig::Aws config, const OutboundHttp &http)
    : m_config(std::move(config))
    , m_http(http)
{
}

Result<QJsonObject> AwsMarketplace::call(const QString &endpoint, const QByteArray &target,
                                         const QString &operation, const QJsonObject &body) const
{
    const QUrl url = QUrl(endpoint).resolved(QUrl(QStringLiteral("/")));
    const QByteArray payload = QJsonDocument(body).toJson(QJsonDocument::Compact);
    OutboundHttp::Call c;
    c.marketplace = m_config.partition;
    c.operation = operation;
    c.requestIdHeader = "x-amzn-RequestId";
    c.prepare = [&] {
        QByteArray host = url.host().toLatin1();
        if (url.port() != -1 && url.port() != 443)
            host += ':' + QByteArray::number(url.port());
        sigv4::Request signing{
            "POST",
            "/",
            {},
            {{"Host", host}, {"Content-Type", "application/x-amz-json-1.1"}, {"X-Amz-Target", target}},
            payload};
        // AWS checks the signature's time against its own clock: the computer's, not the platform's.
        sigv4::sign(signing, {m_config.accessKeyId, m_config.secretAccessKey, m_config.sessionToken},
                    {m_config.region, QStringLiteral("aws-marketplace")}, QDateTime::currentDateTimeUtc());
        return OutboundHttp::Request{"POST", url, signing.headers, payload};
    };
    c.throttled = [](const OutboundHttp::Reply &reply) {
        return reply.status == 400 && errorType(QJsonDocument::fromJson(reply.body).object()) ==
                                          QLatin1String("ThrottlingException");
    };
    const OutboundHttp::Reply reply = m_http.send(c);
    const QString who = QStringLiteral("AWS %1 at %2").arg(operation, url.host());
    const QString requestId = QString::fromLatin1(reply.header("x-amzn-RequestId"));
    const QString tried =
        QStringLiteral(" (%1 attempts%2)")
            .arg(reply.attempts)
            .arg(requestId.isEmpty() ? QString() : QStringLiteral(", request %1").arg(requestId));
    if (reply.status == 0)
        return Problem{502,
                       "marketplace_unavailable",
                       QStringLiteral("Marketplace unavailable"),
                       QStringLiteral("%1 did not answer: %2%3").arg(who, reply.error, tried),
                       {}};
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(reply.body, &error);
    if (reply.status >= 200 && reply.status < 300) {
        if (error.error != QJsonParseError::NoError || !document.isObject())
            return Problem{
                502,
                "marketplace_bad_answer",
                QStringLiteral("Unreadable marketplace answer"),
                QStringLiteral("%1 answered something that is not a JSON object%2").arg(who, tried),
                {}};
        return document.object();
    }
    const QJsonObject problem = document.object();
    const QString type = errorType(problem);
    const QString message = problem.value("message").toString(problem.value("Message").toString());
    if (type == QLatin1String("InvalidTokenException") || type == QLatin1String("ExpiredTokenException"))
        return Problem{400,
                       "marketplace_token_invalid",
                       QStringLiteral("Registration token refused"),
                       QStringLiteral("%1 refused the token: %2 %3%4").arg(who, type, message, tried),
                       {}};
    return Problem{502,
                   reply.status >= 500 || reply.status == 429 || type == QLatin1String("ThrottlingException")
                       ? "marketplace_unavailable"
                       : "marketplace_refused",
                   QStringLiteral("Marketplace call failed"),
                   QStringLiteral("%1 answered HTTP %2 %3 %4%5")
                       .arg(who)
                       .arg(reply.status)
                       .arg(type, message, tried)
                       .simplified(),
                   {}};
}

Result<contract::RegisteredCustomer> AwsMarketplace::resolveCustomer(const QString &registrationToken) const
{
    auto answer = call(m_config.meteringEndpoint, "AWSMPMeteringService.ResolveCustomer", "ResolveCustomer",
                       {{"RegistrationToken", registrationToken}});
    if (!answer)
        return answer.problem();
    contract::RegisteredCustomer c;
    c.provider = m_config.partition;
    c.externalId = answer->value("CustomerIdentifier").toString();
    c.customerAwsAccountId = answer->value("CustomerAWSAccountId").toString();
    c.productCode = answer->value("ProductCode").toString();
    c.licenseArn = answer->value("LicenseArn").toString();
    if (c.externalId.isEmpty() || c.productCode.isEmpty())
        return Problem{
            502,
            "marketplace_bad_answer",
            QStringLiteral("Unreadable marketplace answer"),
            QStringLiteral("AWS ResolveCustomer answered without CustomerIdentifier or ProductCode."),
            {}};
    // A token for another seller's product must not register a customer here.
    if (c.productCode != m_config.productCode)
        return Problem{
            400,
            "marketplace_token_invalid",
            QStringLiteral("Registration token refused"),
            QStringLiteral("The token is for product %1, not %2.").arg(c.productCode, m_config.productCode),
            {}};
    return c;
}

Result<QList<contract::Entitlement>> AwsMarketplace::entitlements(const QString &customerIdentifier) const
{
    if (m_config.entitlementEndpoint.isEmpty())
        return Problem{
            503,
            "marketplace_unavailable",
            QStringLiteral("No entitlement service"),
            QStringLiteral("No entitlement_endpoint is configured for %1.").arg(m_config.partition),
            {}};
    QList<contract::Entitlement> found;
    QString next;
    for (int page = 0; page < 20; ++page) { // a customer of one product has a handful
        QJsonObject body{{"ProductCode", m_config.productCode},
                         {"Filter", QJsonObject{{"CUSTOMER_IDENTIFIER", QJsonArray{customerIdentifier}}}},
                         {"MaxResults", 25}};
        if (!next.isEmpty())
            body.insert("NextToken", next);
        auto answer = call(m_config.entitlementEndpoint, "AWSMPEntitlementService.GetEntitlements",
                           "GetEntitlements", body);
        if (!answer)
            return answer.problem();
        if (!answer->value("Entitlements").isArray())
            return Problem{502,
                           "marketplace_bad_answer",
                           QStringLiteral("Unreadable marketplace answer"),
                           QStringLiteral("AWS GetEntitlements answered without an Entitlements list."),
                           {}};
        for (const QJsonValue &item : answer->value("Entitlements").toArray()) {
            const QJsonObject e = item.toObject();
            if (e.value("CustomerIdentifier").toString(customerIdentifier) != customerIdentifier)
                continue;
            const QJsonObject value = e.value("Value").toObject();
            QString text;
            for (const char *kind : {"IntegerValue", "DoubleValue", "BooleanValue", "StringValue"}) {
                if (value.contains(QLatin1String(kind)))
                    text = value.value(QLatin1String(kind)).toVariant().toString();
            }
            // JSON 1.1 timestamps are seconds since the epoch.
            const double expires = e.value("ExpirationDate").toDouble();
            found.append({e.value("Dimension").toString(), text, qint64(expires * 1000)});
        }
        next = answer->value("NextToken").toString();
        if (next.isEmpty())
            break;
    }
    return found;
}

} // namespace billing::marketplace
