// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QString>

#include <optional>

namespace billing::services {

// The snapshot signing key this console trusts for each platform, by fingerprint: pinned the first
// time the console meets the platform's key (when it makes a snapshot), and compared with the signer
// of every snapshot it opens. Kept in the console's settings, shared by the GUI and the commands.
class SigningKeyPins
{
public:
    static std::optional<QString> pinned(const QString &platformId);
    static void pin(const QString &platformId, const QString &fingerprint);
};

} // namespace billing::services
