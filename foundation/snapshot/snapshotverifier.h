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
    bool signerPinned = false; // signed by a key trusted for its platform, or one they announced
    QStringList keysFollowed;  // keys the file's announcements lead to from the trusted ones
    QList<contract::Problem> problems;

    bool intact() const { return manifest && problems.isEmpty(); }
};

class SnapshotVerifier
{
public:
    // The fingerprints of the signing keys trusted for a platform (by its id); none when none is.
    using TrustedKeys = std::function<QStringList(const QString &platformId)>;

    // A file signed by a key that is neither trusted for its platform nor announced, in the file, by
    // one that is, is reported (signer_not_pinned). `cancel` stops early.
    static SnapshotVerification verify(const QString &path, const TrustedKeys &trustedKeys = {},
                                       const std::atomic_bool *cancel = nullptr);
};

} // namespace billing::snapshot
