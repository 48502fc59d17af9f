// SPDX-License-Identifier: Apache-2.0
#include "console/services/platformaccess.h"

#include <QCoreApplication>
#include <QFile>
#include <QHostAddress>
#include <QSslCertificate>
#include <QSslSocket>

namespace billing::services {

namespace {

contract::Problem refused(const QString &detail)
{
    return contract::Problem::local(QStringLiteral("connection_refused_by_console"),
                                    QCoreApplication::translate("PlatformAccess", "Connection refused"),
                                    detail);
}

} // namespace

bool PlatformAccess::isThisMachine(const QUrl &url)
{
    const QString host = url.host();
    return host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0 ||
           QHostAddress(host).isLoopback();
}

contract::Result<PlatformAccess> PlatformAccess::secure(const QUrl &url, const QString &token,
                                                        const QString &caFile, bool allowPlainHttp)
{
    const auto tr = [](const char *text) { return QCoreApplication::translate("PlatformAccess", text); };
    if (!url.isValid() || url.host().isEmpty() ||
        (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https")))
        return refused(
            tr("The platform address must be an http:// or https:// URL, not \"%1\".").arg(url.toString()));
    PlatformAccess access{url, token};
    if (url.scheme() == QLatin1String("http")) {
        if (!isThisMachine(url) && !allowPlainHttp)
            return refused(tr("%1 is another machine, and plain HTTP would send the staff token unencrypted. "
                              "Use https://, or allow unencrypted HTTP for it explicitly.")
                               .arg(url.host()));
        return access;
    }
    if (!QSslSocket::supportsSsl())
        return refused(tr("HTTPS is not available: no TLS library (OpenSSL) could be loaded."));
    if (!caFile.isEmpty()) {
        QFile in(caFile);
        if (!in.open(QIODevice::ReadOnly))
            return refused(tr("Cannot read the CA certificate file %1: %2").arg(caFile, in.errorString()));
        const QList<QSslCertificate> authorities = QSslCertificate::fromData(in.readAll(), QSsl::Pem);
        if (authorities.isEmpty())
            return refused(tr("%1 holds no PEM certificate.").arg(caFile));
        access.tls.addCaCertificates(authorities);
    }
    access.tls.setPeerVerifyMode(QSslSocket::VerifyPeer);
    access.tls.setProtocol(QSsl::TlsV1_2OrLater);
    return access;
}

} // namespace billing::services
