// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QStringList>

namespace billing::services {

// The snapshot signing keys this console trusts for each platform, by fingerprint, oldest first:
// pinned the first time the console meets the platform's key (when it makes a snapshot), then each key
// the platform announced with one already trusted (a rotation); the older ones stay for the snapshots
// they signed. Kept in the console's settings, shared by the GUI and the commands.
class SigningKeyPins
{
public:
    static QStringList trusted(const QString &platformId);
    static void trust(const QString &platformId, const QStringList &fingerprints);
};

} // namespace billing::services
