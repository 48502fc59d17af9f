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

QStringList SigningKeyPins::trusted(const QString &platformId)
{
    // One fingerprint (as consoles before rotations kept it) reads as a list of one.
    return QSettings().value(keyOf(platformId)).toStringList();
}

void SigningKeyPins::trust(const QString &platformId, const QStringList &fingerprints)
{
    QStringList known = trusted(platformId);
    for (const QString &fingerprint : fingerprints) {
        if (!fingerprint.isEmpty() && !known.contains(fingerprint))
            known.append(fingerprint);
    }
    QSettings settings;
    settings.setValue(keyOf(platformId), known);
    settings.sync();
}

} // namespace billing::services
