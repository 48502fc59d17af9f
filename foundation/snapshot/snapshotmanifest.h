// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "foundation/contract/result.h"
#include "foundation/snapshot/keyannouncement.h"
#include "foundation/snapshot/snapshotschema.h"

#include <QJsonObject>
#include <QMap>
#include <QUrlQuery>

namespace billing::snapshot {

// Which part of the audit trail a snapshot holds; 0 leaves a bound open. The period also bounds the
// metering ledger, by the hour metered (a ledger grows by every cloud account every hour). The
// billing state is always whole.
struct SnapshotFilter {
    qint64 auditFromSeq = 0;
    qint64 auditToSeq = 0;
    qint64 auditFrom = 0; // ms since the epoch
    qint64 auditTo = 0;

    bool isWholeTrail() const { return !auditFromSeq && !auditToSeq && !auditFrom && !auditTo; }

    // The rows of `table` the filter keeps, as SQL: " WHERE …" with its values in order, or nothing
    // (every table but the audit trail is copied whole). One definition for every copier.
    struct Where {
        QByteArray sql;
        QList<qint64> binds;
    };
    Where whereFor(const SnapshotTable &table) const;
    QJsonObject toJson() const;
    // A bad field is named (400 invalid_request); unknown fields are refused, not ignored.
    static contract::Result<SnapshotFilter> fromJson(const QJsonObject &json);
};

// What the platform signs: the file's format, who made it and when, and what it holds, down to a
// digest of every table and both ends of the audit chain it carries. The chain's head at the
// platform is signed too, so a file cut off at the tail of the trail is told from a whole one.
struct SnapshotManifest {
    int formatVersion = SnapshotSchema::FormatVersion;
    QString snapshotId;
    QString platformId;
    QString platformVersion;
    qint64 createdAt = 0;
    QString createdBy;
    SnapshotFilter filter;
    QMap<QByteArray, TableDigest> tables;
    QString schemaSha256; // SnapshotStructure::schemaDigest of the file; empty in files made before it
    // Every rotation of the platform's signing key so far, oldest first: a console that trusts an
    // earlier key follows them to the one that signed this file.
    QList<KeyAnnouncement> keyAnnouncements;
    struct Audit {
        qint64 firstSeq = 0;   // 0 when the file holds no event
        QString firstPrevHash; // the hash the first event in the file chains to
        qint64 lastSeq = 0;
        QString lastHash;
        qint64 platformHeadSeq = 0; // the platform's chain head when the snapshot was taken
        QString platformHeadHash;
    } audit;

    // The exact bytes signed: compact JSON, keys sorted.
    QByteArray toBytes() const;
    QJsonObject toJson() const;
    static contract::Result<SnapshotManifest> fromBytes(const QByteArray &bytes);
};

} // namespace billing::snapshot
