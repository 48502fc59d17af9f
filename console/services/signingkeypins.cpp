// SPDX-License-Identifier: Apache-2.0
#include "console/services/signingkeypins.h"

#include <QSettings>

namespace billing::services {

namespace {
QString keyOf(const QString &platformId)
{
    // Settings keys treat '/' as a group separator; platform ids have none, but be sure.
    return QStringLiteral("signingKeys/") + QString(platformId).replace(QLatin1Char('/'), QLatin1Char('_'));
}
} // namespace

std::optional<QString> SigningKeyPins::pinned(const QString &platformId)
{
    const QString fingerprint = QSettings().value(keyOf(platformId)).toString();
    if (fingerprint.isEmpty())
        return std::nullopt;
    return fingerprint;
}

void SigningKeyPins::pin(const QString &platformId, const QString &fingerprint)
{
    QSettings settings;
    settings.setValue(keyOf(platformId), fingerprint);
    settings.sync();
}

} // namespace billing::services
