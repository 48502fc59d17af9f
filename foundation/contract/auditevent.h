// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>

namespace billing::contract {

// One audited change (rule 10). `hash` chains it to the event before it.
struct AuditEvent {
    qint64 seq = 0;
    qint64 at = 0;
    QString actor;
    QString action;
    QString targetType;
    QString targetId;
    QByteArray before; // the target's state before, as canonical JSON text (encodeState), or "null"
    QByteArray after;
    QString note;
    QString requestId;
    QString prevHash;
    QString hash;

    // A state as canonical JSON text: compact, keys sorted (QJsonObject keeps them sorted).
    static QByteArray encodeState(const QJsonValue &state);

    // The bytes the hash covers: every field but `hash`, in a fixed order, as one compact JSON array
    // [seq, at, actor, action, target_type, target_id, before, after, note, request_id, prev_hash].
    QByteArray canonicalBytes() const;
    // Lower-case hex SHA-256 of canonicalBytes().
    QString computeHash() const;

    QJsonObject toJson() const;
    static AuditEvent fromJson(const QJsonObject &json);
};

// Which part of the platform's trail a read asks for (GET /v1/audit-events, the event stream).
struct AuditEventQuery {
    qint64 afterSeq = 0;
    int limit = 100;
    QString actor;
    QString targetId;
    bool newestFirst = false;
    bool withTotal = true; // the event stream reads on from a sequence number and needs no count
};

} // namespace billing::contract
