#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>

namespace billing::api {

// One audited change (rule 10). `hash` chains it to the event before it.
struct AuditEvent {
    qint64 seq = 0;
    qint64 at = 0;
    QString actor;
    QString action;
    QString targetType;
    QString targetId;
    QJsonValue before;
    QJsonValue after;
    QString note;
    QString requestId;
    QString prevHash;
    QString hash;

    // The bytes the hash covers: every field but `hash`, in a fixed order, as compact JSON
    // (QJsonObject sorts keys, so nested states encode the same way every time).
    QByteArray canonicalBytes() const;
    // Lower-case hex SHA-256 of canonicalBytes().
    QString computeHash() const;

    QJsonObject toJson() const;
    static AuditEvent fromJson(const QJsonObject &json);
};

} // namespace billing::api
