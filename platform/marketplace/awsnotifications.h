// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "foundation/contract/marketplacenotice.h"
#include "foundation/contract/result.h"
#include "platform/marketplace/marketplacetrust.h"

#include <QJsonObject>

#include <functional>

namespace billing::marketplace {

// Reads what AWS Marketplace sends through Amazon SNS: the envelope (Type, MessageId, TopicArn, Message,
// Timestamp, SignatureVersion 1 or 2, Signature, SigningCertURL), verified against the operator's
// certificates, and the subscription message inside it.
class AwsNotifications
{
public:
    static constexpr qint64 MaxAgeMs = 3600LL * 1000; // older envelopes are refused as replays

    struct Envelope {
        QString type; // Notification, SubscriptionConfirmation, UnsubscribeConfirmation
        QString messageId;
        QString subscribeUrl; // confirmations only
        QJsonObject fields;
    };
    // Where a certificate the trust folder does not pin comes from (a connected platform fetches it).
    using CertificateSource = std::function<contract::Result<QByteArray>(const QString &signingCertUrl)>;
    // Parses and verifies; a bad signature, certificate URL, topic or age is a problem naming it. A
    // certificate is asked of `fetch` only for a message of an accepted topic.
    static contract::Result<Envelope> verify(const QByteArray &body, const MarketplaceTrust &trust,
                                             qint64 nowMs, const CertificateSource &fetch = {});
    // The marketplace message of a verified Notification.
    static contract::Result<contract::SubscriptionNotice> notice(const Envelope &envelope,
                                                                 const QByteArray &raw);

    // What SNS signs: the fields of the envelope's type, each name and value on its own line.
    static QByteArray stringToSign(const QJsonObject &envelope);
    // The certificate file a SigningCertURL names, when it is exactly
    // https://sns.<region>.amazonaws.com[.cn]/SimpleNotificationService-<id>.pem.
    static QString certificateFile(const QString &signingCertUrl);
};

} // namespace billing::marketplace
