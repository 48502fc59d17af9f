// SPDX-License-Identifier: Apache-2.0
#include "platform/marketplace/awsmarketplace.h"

#include "platform/marketplace/sigv4.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

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
    , m_meteringPace(std::make_shared<CallPacer>(m_config.metering.callsPerSecond))
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

namespace billing::marketplace {

namespace {

namespace State = contract::MeteringState;

bool knownByAgreement(const contract::MeteredCustomer &c)
{
    static const QRegularExpression digits(QStringLiteral("^[0-9]+$"));
    return !c.licenseArn.isEmpty() && digits.match(c.customerAwsAccountId).hasMatch();
}

// Who, what and when: how AWS names a record in its answer.
QString recordKey(const QJsonObject &r)
{
    const QString who = r.contains("CustomerAWSAccountId") ? r.value("CustomerAWSAccountId").toString() +
                                                                 '/' + r.value("LicenseArn").toString()
                                                           : r.value("CustomerIdentifier").toString();
    return QStringLiteral("%1|%2|%3")
        .arg(who, r.value("Dimension").toString())
        .arg(qint64(r.value("Timestamp").toDouble()));
}

// The workspaces a record came from, largest share first; beyond MaxAllocations, the rest share one.
QJsonArray allocations(const contract::MeteringRecord &record)
{
    QList<QPair<QString, qint64>> shares(record.allocations.keyValueBegin(),
                                         record.allocations.keyValueEnd());
    std::stable_sort(shares.begin(), shares.end(),
                     [](const auto &a, const auto &b) { return a.second > b.second; });
    QJsonArray out;
    qint64 rest = 0;
    for (int i = 0; i < shares.size(); ++i) {
        if (i >= AwsMarketplace::MaxAllocations - 1 && shares.size() > AwsMarketplace::MaxAllocations) {
            rest += shares[i].second;
            continue;
        }
        out.append(
            QJsonObject{{"AllocatedUsageQuantity", shares[i].second},
                        {"Tags", QJsonArray{QJsonObject{{"Key", "workspace"}, {"Value", shares[i].first}}}}});
    }
    if (rest > 0)
        out.append(QJsonObject{{"AllocatedUsageQuantity", rest},
                               {"Tags", QJsonArray{QJsonObject{{"Key", "workspace"}, {"Value", "other"}}}}});
    return out;
}

} // namespace

Result<QList<contract::MeteringAnswer>>
AwsMarketplace::meterUsage(const QList<contract::MeteredUsage> &batch) const
{
    QList<contract::MeteredUsage> byAgreement, byIdentifier;
    for (const contract::MeteredUsage &usage : batch)
        (knownByAgreement(usage.customer) ? byAgreement : byIdentifier).append(usage);
    QList<contract::MeteringAnswer> answers;
    if (!byAgreement.isEmpty())
        answers += batchMeterUsage(byAgreement, true);
    if (!byIdentifier.isEmpty())
        answers += batchMeterUsage(byIdentifier, false);
    return answers;
}

QList<contract::MeteringAnswer> AwsMarketplace::batchMeterUsage(const QList<contract::MeteredUsage> &records,
                                                                bool byAgreement) const
{
    QJsonArray usageRecords;
    QHash<QString, qint64> idOf; // record key → ledger id
    for (const contract::MeteredUsage &usage : records) {
        const contract::MeteringRecord &r = usage.record;
        QJsonObject record{{"Timestamp", double(r.hour / 1000)}, // JSON 1.1: seconds since the epoch
                           {"Dimension", r.dimension},
                           {"Quantity", r.quantity}};
        if (byAgreement) {
            record.insert("CustomerAWSAccountId", usage.customer.customerAwsAccountId);
            record.insert("LicenseArn", usage.customer.licenseArn);
        } else {
            record.insert("CustomerIdentifier", usage.customer.customerIdentifier);
        }
        if (!r.allocations.isEmpty())
            record.insert("UsageAllocations", allocations(r));
        idOf.insert(recordKey(record), r.id);
        usageRecords.append(record);
    }
    QJsonObject body{{"UsageRecords", usageRecords}};
    if (!byAgreement)
        body.insert("ProductCode", m_config.productCode);
    const auto allFailed = [&](const QString &why) {
        QList<contract::MeteringAnswer> failed;
        for (const contract::MeteredUsage &usage : records)
            failed.append({usage.record.id, State::Failed, {}, why});
        return failed;
    };
    m_meteringPace->wait();
    auto answer =
        call(m_config.meteringEndpoint, "AWSMPMeteringService.BatchMeterUsage", "BatchMeterUsage", body);
    if (!answer)
        return allFailed(answer.problem().detail);
    QList<contract::MeteringAnswer> answers;
    for (const QJsonValue &item : answer->value("Results").toArray()) {
        const QJsonObject result = item.toObject();
        const qint64 id = idOf.take(recordKey(result.value("UsageRecord").toObject()));
        if (id == 0)
            continue; // not one of ours: AWS names only what it was sent
        const QString status = result.value("Status").toString();
        contract::MeteringAnswer a{id, State::Failed, result.value("MeteringRecordId").toString(), {}};
        if (status == QLatin1String("Success")) {
            a.state = State::Accepted;
        } else if (status == QLatin1String("CustomerNotSubscribed")) {
            a.state = State::CustomerNotSubscribed;
            a.error = QStringLiteral(
                "AWS: CustomerNotSubscribed (no active agreement, or the account is suspended).");
        } else if (status == QLatin1String("DuplicateRecord")) {
            a.state = State::Duplicate;
            a.error = QStringLiteral(
                "AWS: DuplicateRecord (it holds this customer, dimension and hour with another "
                "quantity).");
        } else {
            a.error = QStringLiteral("AWS answered status %1.")
                          .arg(status.isEmpty() ? QStringLiteral("(none)") : status);
        }
        answers.append(a);
    }
    for (const QJsonValue &item : answer->value("UnprocessedRecords").toArray()) {
        const qint64 id = idOf.take(recordKey(item.toObject()));
        if (id != 0)
            answers.append(
                {id, State::Failed, {}, QStringLiteral("AWS left it unprocessed; it is sent again.")});
    }
    for (auto it = idOf.begin(); it != idOf.end(); ++it)
        answers.append(
            {it.value(), State::Failed, {}, QStringLiteral("AWS's answer did not name this record.")});
    return answers;
}

} // namespace billing::marketplace
