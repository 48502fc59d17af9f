// SPDX-License-Identifier: Apache-2.0
#include "platform/marketplace/awsnotifications.h"

#include "foundation/contract/jsonfields.h"
#include "platform/marketplace/signatures.h"

#include <QJsonDocument>
#include <QRegularExpression>

namespace billing::marketplace {

using contract::Problem;
using contract::Result;
namespace act = contract::SubscriptionAction;

namespace {

Problem refused(int status, const char *code, const QString &detail)
{
    return {status, QLatin1String(code), QStringLiteral("Marketplace message refused"), detail, {}};
}

} // namespace

QString AwsNotifications::certificateFile(const QString &signingCertUrl)
{
    static const QRegularExpression allowed(
        QStringLiteral("^https://sns\\.[a-z0-9-]+\\.amazonaws\\.com(\\.cn)?/"
                       "(SimpleNotificationService-[A-Za-z0-9]+\\.pem)$"));
    const auto match = allowed.match(signingCertUrl);
    return match.hasMatch() ? match.captured(2) : QString();
}

QByteArray AwsNotifications::stringToSign(const QJsonObject &e)
{
    const QString type = e.value("Type").toString();
    const QStringList names =
        type == QLatin1String("Notification")
            ? QStringList{"Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"}
            : QStringList{"Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"};
    QByteArray text;
    for (const QString &name : names) {
        if (name == QLatin1String("Subject") && !e.contains(name))
            continue;
        text += name.toUtf8() + '\n' + e.value(name).toString().toUtf8() + '\n';
    }
    return text;
}

Result<AwsNotifications::Envelope> AwsNotifications::verify(const QByteArray &body,
                                                            const MarketplaceTrust &trust, qint64 nowMs,
                                                            const CertificateSource &fetch)
{
    QJsonParseError error{};
    const QJsonObject e = QJsonDocument::fromJson(body, &error).object();
    if (error.error != QJsonParseError::NoError || e.isEmpty())
        return Problem::invalidRequest("body",
                                       QStringLiteral("The body is not an SNS message (JSON object)."));
    for (const char *field : {"Type", "MessageId", "TopicArn", "Message", "Timestamp", "SignatureVersion",
                              "Signature", "SigningCertURL"}) {
        if (!e.value(QLatin1String(field)).isString() || e.value(QLatin1String(field)).toString().isEmpty())
            return Problem::invalidRequest(
                QLatin1String(field),
                QStringLiteral("The SNS message has no \"%1\".").arg(QLatin1String(field)));
    }
    Envelope envelope{e.value("Type").toString(), e.value("MessageId").toString(),
                      e.value("SubscribeURL").toString(), e};
    if (!QStringList{"Notification", "SubscriptionConfirmation", "UnsubscribeConfirmation"}.contains(
            envelope.type))
        return Problem::invalidRequest("Type",
                                       QStringLiteral("Unknown SNS message type %1.").arg(envelope.type));

    const QString version = e.value("SignatureVersion").toString();
    if (version != QLatin1String("1") && version != QLatin1String("2"))
        return refused(403, "signature_invalid",
                       QStringLiteral("SignatureVersion %1 is not supported (1 or 2).").arg(version));
    const QString file = certificateFile(e.value("SigningCertURL").toString());
    if (file.isEmpty())
        return refused(403, "signature_invalid",
                       QStringLiteral("SigningCertURL %1 is not an Amazon SNS certificate address.")
                           .arg(e.value("SigningCertURL").toString()));
    QByteArray certificate = trust.snsCertificates.value(file); // the operator's pin comes first
    if (certificate.isEmpty()) {
        // Only a message of an accepted topic makes the platform fetch anything.
        if (!fetch || !trust.snsTopics.contains(e.value("TopicArn").toString()))
            return refused(
                403, "signature_invalid",
                QStringLiteral("The certificate %1 is not among those this platform trusts.").arg(file));
        auto fetched = fetch(e.value("SigningCertURL").toString());
        if (!fetched)
            return fetched.problem();
        certificate = *fetched;
    }
    const QByteArray signature = QByteArray::fromBase64(e.value("Signature").toString().toLatin1());
    const auto digest = version == QLatin1String("1") ? signatures::Digest::Sha1 : signatures::Digest::Sha256;
    if (!signatures::verifyWithCertificate(certificate, digest, stringToSign(e), signature))
        return refused(403, "signature_invalid",
                       QStringLiteral("The SNS signature does not match the message."));
    if (!trust.snsTopics.contains(e.value("TopicArn").toString()))
        return refused(
            403, "topic_not_allowed",
            QStringLiteral("Messages from topic %1 are not accepted.").arg(e.value("TopicArn").toString()));
    const qint64 sent = contract::json::time(e.value("Timestamp"));
    if (sent <= 0)
        return Problem::invalidRequest("Timestamp", QStringLiteral("\"Timestamp\" is not a date-time."));
    if (nowMs - sent > MaxAgeMs || sent - nowMs > 5 * 60 * 1000)
        return refused(403, "message_expired",
                       QStringLiteral("The message was sent at %1, too far from now to be accepted.")
                           .arg(e.value("Timestamp").toString()));
    return envelope;
}

Result<contract::SubscriptionNotice> AwsNotifications::notice(const Envelope &envelope, const QByteArray &raw)
{
    QJsonParseError error{};
    const QJsonObject m =
        QJsonDocument::fromJson(envelope.fields.value("Message").toString().toUtf8(), &error).object();
    if (error.error != QJsonParseError::NoError || m.isEmpty())
        return Problem::invalidRequest(
            "Message", QStringLiteral("The SNS Message is not a marketplace message (JSON object)."));
    // AWS has spelled the customer both ways.
    const QString customer = m.contains("customer-identifier") ? m.value("customer-identifier").toString()
                                                               : m.value("CustomerIdentifier").toString();
    if (customer.isEmpty())
        return Problem::invalidRequest("customer-identifier",
                                       QStringLiteral("The message names no customer-identifier."));
    static const QHash<QString, QString> actions{{"subscribe-success", act::SubscribeSuccess},
                                                 {"subscribe-fail", act::SubscribeFail},
                                                 {"unsubscribe-pending", act::UnsubscribePending},
                                                 {"unsubscribe-success", act::Cancel},
                                                 {"entitlement-updated", act::EntitlementUpdated}};
    const QString action = m.value("action").toString();
    if (!actions.contains(action))
        return Problem::invalidRequest("action",
                                       QStringLiteral("Unknown AWS Marketplace action \"%1\".").arg(action));
    const QJsonValue trial = m.value("isFreeTrialTermPresent");
    if (!trial.isUndefined() && !trial.isBool() &&
        !(trial.isString() && QStringList{"true", "false"}.contains(trial.toString())))
        return Problem::invalidRequest("isFreeTrialTermPresent",
                                       QStringLiteral("\"isFreeTrialTermPresent\" must be true or false."));
    contract::SubscriptionNotice n;
    n.marketplace = QStringLiteral("aws");
    n.messageId = envelope.messageId;
    n.externalId = customer;
    n.action = actions.value(action);
    n.offerId = m.value("offer-identifier").toString();
    n.productCode = m.value("product-code").toString();
    n.raw = raw;
    n.sentAt = contract::json::time(envelope.fields.value("Timestamp")); // verify() made sure it is one
    return n;
}

} // namespace billing::marketplace
