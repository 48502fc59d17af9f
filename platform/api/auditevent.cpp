#include "platform/api/auditevent.h"

#include "platform/api/jsonfields.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>

namespace billing::api {

QByteArray AuditEvent::canonicalBytes() const
{
    const QJsonArray fields{seq, json::time(at), actor, action, targetType, targetId, before,
                            after, note, requestId, prevHash};
    return QJsonDocument(fields).toJson(QJsonDocument::Compact);
}

QString AuditEvent::computeHash() const
{
    return QString::fromLatin1(QCryptographicHash::hash(canonicalBytes(), QCryptographicHash::Sha256).toHex());
}

QJsonObject AuditEvent::toJson() const
{
    return {{"seq", seq},
            {"at", json::time(at)},
            {"actor", actor},
            {"action", action},
            {"target_type", targetType},
            {"target_id", targetId},
            {"before", before},
            {"after", after},
            {"note", json::nullable(note)},
            {"request_id", json::nullable(requestId)},
            {"prev_hash", prevHash},
            {"hash", hash}};
}

AuditEvent AuditEvent::fromJson(const QJsonObject &o)
{
    AuditEvent e;
    e.seq = o.value("seq").toInteger();
    e.at = json::time(o.value("at"));
    e.actor = o.value("actor").toString();
    e.action = o.value("action").toString();
    e.targetType = o.value("target_type").toString();
    e.targetId = o.value("target_id").toString();
    e.before = o.value("before");
    e.after = o.value("after");
    e.note = json::text(o.value("note"));
    e.requestId = json::text(o.value("request_id"));
    e.prevHash = o.value("prev_hash").toString();
    e.hash = o.value("hash").toString();
    return e;
}

} // namespace billing::api
