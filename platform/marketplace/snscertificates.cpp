// SPDX-License-Identifier: Apache-2.0
#include "platform/marketplace/snscertificates.h"

#include "platform/marketplace/awsnotifications.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QSaveFile>
#include <QSslCertificate>
#include <QUrlQuery>

namespace billing::marketplace {

using contract::Problem;
using contract::Result;

namespace {

Problem refused(const QString &detail)
{
    return Problem{403, "signature_invalid", QStringLiteral("Marketplace message refused"), detail, {}};
}

} // namespace

SnsCertificates::SnsCertificates(const OutboundHttp &http, QString cacheDirectory, QString endpoint,
                                 std::function<qint64()> now)
    : m_http(http)
    , m_cacheDirectory(std::move(cacheDirectory))
    , m_endpoint(std::move(endpoint))
    , m_now(std::move(now))
{
}

bool SnsCertificates::isSnsHost(const QUrl &url)
{
    static const QRegularExpression host(QStringLiteral("^sns\\.[a-z0-9-]+\\.amazonaws\\.com(\\.cn)?$"));
    return url.scheme() == QLatin1String("https") && host.match(url.host()).hasMatch() &&
           (url.port() == -1 || url.port() == 443) && url.userInfo().isEmpty();
}

QUrl SnsCertificates::target(const QUrl &url) const
{
    if (m_endpoint.isEmpty())
        return url;
    QUrl redirected(m_endpoint);
    redirected.setPath(url.path());
    redirected.setQuery(url.query(QUrl::FullyEncoded), QUrl::StrictMode);
    return redirected;
}

Result<QByteArray> SnsCertificates::certificate(const QString &signingCertUrl)
{
    const QString file = AwsNotifications::certificateFile(signingCertUrl);
    if (file.isEmpty())
        return refused(QStringLiteral("SigningCertURL %1 is not an Amazon SNS certificate address.")
                           .arg(signingCertUrl));
    const qint64 now = m_now();
    {
        QMutexLocker lock(&m_mutex);
        if (m_known.contains(file))
            return m_known.value(file);
        if (QFile cached(QDir(m_cacheDirectory).filePath(file));
            !m_cacheDirectory.isEmpty() && cached.open(QIODevice::ReadOnly)) {
            const QByteArray pem = cached.readAll();
            if (!QSslCertificate(pem).isNull()) {
                m_known.insert(file, pem);
                return pem;
            }
        }
        if (m_missUntil.value(file) > now)
            return refused(QStringLiteral("SNS did not have certificate %1 when last asked.").arg(file));
        m_fetches.removeIf([now](qint64 at) { return at < now - 60'000; });
        if (m_fetches.size() >= FetchesPerMinute)
            return refused(
                QStringLiteral("Certificate %1 is unknown, and %2 certificates were fetched in the last "
                               "minute already.")
                    .arg(file)
                    .arg(FetchesPerMinute));
        m_fetches.append(now);
    }
    const QUrl url(signingCertUrl);
    OutboundHttp::Call call;
    call.marketplace = QStringLiteral("aws");
    call.operation = QStringLiteral("GetSigningCertificate");
    call.requestIdHeader = "x-amzn-RequestId";
    call.prepare = [&] { return OutboundHttp::Request{"GET", target(url), {}, {}}; };
    const OutboundHttp::Reply reply = m_http.send(call);
    const QSslCertificate certificate(reply.body);
    const QDateTime at =
        QDateTime::currentDateTimeUtc(); // a certificate's dates are the world's, not the platform's clock
    QString wrong;
    if (reply.status != 200)
        wrong = reply.status == 0 ? reply.error : QStringLiteral("HTTP %1").arg(reply.status);
    else if (certificate.isNull())
        wrong = QStringLiteral("not a PEM certificate");
    else if (certificate.effectiveDate() > at || certificate.expiryDate() < at)
        wrong = QStringLiteral("valid only from %1 to %2")
                    .arg(certificate.effectiveDate().toString(Qt::ISODate),
                         certificate.expiryDate().toString(Qt::ISODate));
    QMutexLocker lock(&m_mutex);
    if (!wrong.isEmpty()) {
        m_missUntil.insert(file, now + MissMs);
        return refused(QStringLiteral("Fetching SNS certificate %1 failed: %2.").arg(file, wrong));
    }
    const QByteArray pem = certificate.toPem();
    m_known.insert(file, pem);
    if (!m_cacheDirectory.isEmpty() && QDir().mkpath(m_cacheDirectory)) {
        QSaveFile cached(QDir(m_cacheDirectory).filePath(file));
        if (cached.open(QIODevice::WriteOnly) && cached.write(pem) == pem.size())
            cached.commit();
    }
    return pem;
}

Result<QString> SnsCertificates::confirm(const QString &subscribeUrl, const QString &topicArn)
{
    const QUrl url(subscribeUrl);
    const QUrlQuery query(url);
    if (!isSnsHost(url) || url.path() != QLatin1String("/") ||
        query.queryItemValue(QStringLiteral("Action")) != QLatin1String("ConfirmSubscription") ||
        query.queryItemValue(QStringLiteral("TopicArn"), QUrl::FullyDecoded) != topicArn)
        return refused(QStringLiteral("SubscribeURL %1 is not Amazon SNS's confirmation of topic %2.")
                           .arg(subscribeUrl, topicArn));
    OutboundHttp::Call call;
    call.marketplace = QStringLiteral("aws");
    call.operation = QStringLiteral("ConfirmSubscription");
    call.requestIdHeader = "x-amzn-RequestId";
    call.prepare = [&] { return OutboundHttp::Request{"GET", target(url), {}, {}}; };
    const OutboundHttp::Reply reply = m_http.send(call);
    if (reply.status != 200)
        return Problem{
            502,
            "marketplace_unavailable",
            QStringLiteral("Marketplace unavailable"),
            QStringLiteral("Confirming the SNS subscription to %1 failed: %2 (%3 attempts).")
                .arg(topicArn, reply.status == 0 ? reply.error : QStringLiteral("HTTP %1").arg(reply.status))
                .arg(reply.attempts),
            {}};
    static const QRegularExpression arn(QStringLiteral("<SubscriptionArn>([^<]+)</SubscriptionArn>"));
    const QString subscription = arn.match(QString::fromUtf8(reply.body)).captured(1);
    return QStringLiteral("confirmed%1")
        .arg(subscription.isEmpty() ? QString() : QStringLiteral(" as ") + subscription);
}

} // namespace billing::marketplace
