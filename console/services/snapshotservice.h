// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "foundation/contract/result.h"
#include "foundation/snapshot/snapshotmanifest.h"

#include <QCoroTask>
#include <QObject>

namespace billing::services {

class PlatformClient;

// Audit snapshots from the platform: its signing key, making one, and downloading it to a file.
// (Reading a snapshot needs no platform: see platform/snapshot.)
class SnapshotService final : public QObject
{
    Q_OBJECT
public:
    explicit SnapshotService(PlatformClient *client, QObject *parent = nullptr);

    struct SigningKeyInfo {
        QString platformId;
        QString fingerprint;
        QList<snapshot::KeyAnnouncement> announcements; // every rotation so far, oldest first
    };
    QCoro::Task<contract::Result<SigningKeyInfo>> signingKey();

    struct Made {
        QString id;
        qint64 sizeBytes = 0;
        QString signerFingerprint;
    };
    // Snapshots of a large platform take seconds: give the client a timeout to match.
    QCoro::Task<contract::Result<Made>> create(snapshot::SnapshotFilter filter);
    // Writes the snapshot to `path`; a refusal or a transfer that broke off is a problem, and what was
    // written of it is the caller's to remove.
    QCoro::Task<contract::Result<qint64>> download(QString id, QString path);

private:
    PlatformClient *m_client;
};

} // namespace billing::services
