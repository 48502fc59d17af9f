// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "foundation/contract/result.h"
#include "platform/marketplace/outboundhttp.h"

#include <QHash>
#include <QMutex>

#include <functional>

namespace billing::marketplace {

// Amazon SNS's side of a connected platform: the certificates SNS signs with, fetched from the
// SigningCertURL a message names (only https://sns.<region>.amazonaws.com[.cn]/SimpleNotificationService-
// <id>.pem, over TLS verified as every outbound call is) and kept on disk, since AWS rotates them; and
// the confirmation of a topic subscription, by fetching its SubscribeURL on the same kind of host. The
// trust folder's certificates stay the operator's pin: one found there is never fetched.
class SnsCertificates
{
public:
    static constexpr int FetchesPerMinute = 10; // whatever the messages say: anyone can send one
    static constexpr qint64 MissMs =
        10 * 60 * 1000; // a certificate SNS does not have is not asked again soon

    // `endpoint`, when set, is where the requests go instead of the host the URL names (tests, proxies);
    // the URL itself must still be SNS's.
    SnsCertificates(const OutboundHttp &http, QString cacheDirectory, QString endpoint,
                    std::function<qint64()> now);

    contract::Result<QByteArray> certificate(const QString &signingCertUrl);
    // Fetches SubscribeURL; answers what SNS said, in a few words.
    contract::Result<QString> confirm(const QString &subscribeUrl, const QString &topicArn);

    // https://sns.<region>.amazonaws.com or .com.cn, and nothing else.
    static bool isSnsHost(const QUrl &url);

private:
    QUrl target(const QUrl &url) const;

    const OutboundHttp &m_http;
    QString m_cacheDirectory;
    QString m_endpoint;
    std::function<qint64()> m_now;
    QMutex m_mutex;
    QHash<QString, QByteArray> m_known; // file name → PEM
    QHash<QString, qint64> m_missUntil; // file name → when it may be asked again
    QList<qint64> m_fetches;            // when the last fetches were made
};

} // namespace billing::marketplace
