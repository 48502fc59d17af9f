// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "foundation/contract/problem.h"
#include "foundation/snapshot/snapshotmanifest.h"

#include <QList>

#include <atomic>
#include <functional>
#include <optional>

namespace billing::snapshot {

// What verifying a snapshot found. Problems come in the order they are checked: the format, the
// signature (and the signer, when a key is pinned), the file's structure (schema, pages, SQLite's
// integrity check), the audit chain, each table's digest.
struct SnapshotVerification {
    std::optional<SnapshotManifest> manifest; // none when the file could not be read as a snapshot
    QString signerFingerprint;
    bool signatureValid = false;
    bool signerPinned = false; // signed by the key pinned for its platform
    QList<contract::Problem> problems;

    bool intact() const { return manifest && problems.isEmpty(); }
};

class SnapshotVerifier
{
public:
    // The fingerprint of the signing key trusted for a platform (by its id), if one is.
    using PinnedKey = std::function<std::optional<QString>(const QString &platformId)>;

    // A file signed by another key than the one `pinnedKey` names for its platform is reported
    // (signer_not_pinned). `cancel` stops early.
    static SnapshotVerification verify(const QString &path, const PinnedKey &pinnedKey = {},
                                       const std::atomic_bool *cancel = nullptr);
};

} // namespace billing::snapshot
