// SPDX-License-Identifier: Apache-2.0
#include "foundation/snapshot/snapshotmanifest.h"

#include "foundation/contract/jsonfields.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace billing::snapshot {

using contract::Problem;
using contract::Result;

QJsonObject SnapshotFilter::toJson() const
{
    QJsonObject json;
    if (auditFromSeq)
        json.insert("audit_from_seq", auditFromSeq);
    if (auditToSeq)
        json.insert("audit_to_seq", auditToSeq);
    if (auditFrom)
        json.insert("audit_from", contract::json::time(auditFrom));
    if (auditTo)
        json.insert("audit_to", contract::json::time(auditTo));
    return json;
}

SnapshotFilter::Where SnapshotFilter::whereFor(const SnapshotTable &table) const
{
    QList<std::pair<const char *, qint64>> bounds;
    if (table.name == SnapshotSchema::auditEvents().name)
        bounds = {{"seq >= ?", auditFromSeq},
                  {"seq <= ?", auditToSeq},
                  {"at >= ?", auditFrom},
                  {"at < ?", auditTo}};
    else if (table.name == "metering_records")
        bounds = {{"hour >= ?", auditFrom}, {"hour < ?", auditTo}};
    Where where;
    QByteArrayList conditions;
    for (const auto &[condition, value] : bounds) {
        if (value) {
            conditions.append(condition);
            where.binds.append(value);
        }
    }
    if (!conditions.isEmpty())
        where.sql = " WHERE " + conditions.join(" AND ");
    return where;
}

Result<SnapshotFilter> SnapshotFilter::fromJson(const QJsonObject &json)
{
    SnapshotFilter filter;
    for (auto it = json.begin(); it != json.end(); ++it) {
        const QString &name = it.key();
        const QJsonValue &value = it.value();
        if (name == QLatin1String("audit_from_seq") || name == QLatin1String("audit_to_seq")) {
            if (!value.isDouble() || value.toDouble() < 1 || value.toDouble() != double(value.toInteger()))
                return Problem::invalidRequest(
                    name, QStringLiteral("\"%1\" must be an audit sequence number (1 or more).").arg(name));
            (name == QLatin1String("audit_from_seq") ? filter.auditFromSeq : filter.auditToSeq) =
                value.toInteger();
        } else if (name == QLatin1String("audit_from") || name == QLatin1String("audit_to")) {
            const qint64 at = value.isString() ? contract::json::time(value) : 0;
            if (at <= 0)
                return Problem::invalidRequest(
                    name, QStringLiteral("\"%1\" must be an ISO 8601 time such as 2026-11-01T00:00:00Z.")
                              .arg(name));
            (name == QLatin1String("audit_from") ? filter.auditFrom : filter.auditTo) = at;
        } else {
            return Problem::invalidRequest(
                name, QStringLiteral("\"%1\" is not a snapshot filter; the filters are audit_from_seq, "
                                     "audit_to_seq, audit_from and audit_to.")
                          .arg(name));
        }
    }
    if (filter.auditFromSeq && filter.auditToSeq && filter.auditFromSeq > filter.auditToSeq)
        return Problem::invalidRequest("audit_to_seq",
                                       QStringLiteral("\"audit_to_seq\" is before \"audit_from_seq\"."));
    if (filter.auditFrom && filter.auditTo && filter.auditFrom > filter.auditTo)
        return Problem::invalidRequest("audit_to", QStringLiteral("\"audit_to\" is before \"audit_from\"."));
    return filter;
}

QJsonObject SnapshotManifest::toJson() const
{
    QJsonObject tableJson;
    for (auto it = tables.cbegin(); it != tables.cend(); ++it)
        tableJson.insert(QString::fromLatin1(it.key()),
                         QJsonObject{{"rows", it->rows}, {"sha256", it->sha256}});
    QJsonObject json{{"format", SnapshotSchema::FormatName},
                     {"format_version", formatVersion},
                     {"snapshot_id", snapshotId},
                     {"platform_id", platformId},
                     {"platform_version", platformVersion},
                     {"created_at", contract::json::time(createdAt)},
                     {"created_by", createdBy},
                     {"filters", filter.toJson()},
                     {"tables", tableJson},
                     {"audit", QJsonObject{{"first_seq", audit.firstSeq},
                                           {"first_prev_hash", audit.firstPrevHash},
                                           {"last_seq", audit.lastSeq},
                                           {"last_hash", audit.lastHash},
                                           {"platform_head_seq", audit.platformHeadSeq},
                                           {"platform_head_hash", audit.platformHeadHash}}}};
    if (!schemaSha256.isEmpty())
        json.insert("schema_sha256", schemaSha256);
    if (!keyAnnouncements.isEmpty()) {
        QJsonArray announced;
        for (const KeyAnnouncement &announcement : keyAnnouncements)
            announced.append(announcement.toJson());
        json.insert("key_announcements", announced);
    }
    return json;
}

QByteArray SnapshotManifest::toBytes() const
{
    return QJsonDocument(toJson()).toJson(QJsonDocument::Compact);
}

Result<SnapshotManifest> SnapshotManifest::fromBytes(const QByteArray &bytes)
{
    const auto invalid = [](const QString &detail) {
        return Problem{422, "manifest_invalid", QStringLiteral("Manifest invalid"), detail, {}};
    };
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return invalid(QStringLiteral("The manifest is not a JSON object."));
    const QJsonObject json = document.object();
    if (json.value("format").toString() != QLatin1String(SnapshotSchema::FormatName))
        return Problem{422,
                       "not_a_snapshot",
                       QStringLiteral("Not a snapshot"),
                       QStringLiteral("The file is an SQLite database but not a Billing Center snapshot."),
                       {}};
    SnapshotManifest manifest;
    const QJsonValue version = json.value("format_version");
    if (!version.isDouble() || version.toInteger() < 1)
        return invalid(QStringLiteral("The manifest has no format version."));
    manifest.formatVersion = int(version.toInteger());
    if (manifest.formatVersion > SnapshotSchema::FormatVersion)
        return Problem{
            422,
            "snapshot_format_too_new",
            QStringLiteral("Newer snapshot format"),
            QStringLiteral("The snapshot has format version %1; this console reads up to version %2. "
                           "Open it with a newer Billing Center Console.")
                .arg(manifest.formatVersion)
                .arg(SnapshotSchema::FormatVersion),
            {}};
    manifest.snapshotId = json.value("snapshot_id").toString();
    manifest.platformId = json.value("platform_id").toString();
    manifest.platformVersion = json.value("platform_version").toString();
    manifest.createdAt = contract::json::time(json.value("created_at"));
    manifest.createdBy = json.value("created_by").toString();
    auto filter = SnapshotFilter::fromJson(json.value("filters").toObject());
    if (!filter)
        return invalid(QStringLiteral("The manifest's filters are invalid: %1").arg(filter.problem().detail));
    manifest.filter = *filter;
    const QJsonObject tables = json.value("tables").toObject();
    for (const SnapshotTable &table : SnapshotSchema::tables(manifest.formatVersion)) {
        const QJsonObject digest = tables.value(QString::fromLatin1(table.name)).toObject();
        if (digest.isEmpty() || !digest.value("rows").isDouble() ||
            digest.value("sha256").toString().size() != 64)
            return invalid(QStringLiteral("The manifest has no digest for the table %1.")
                               .arg(QString::fromLatin1(table.name)));
        manifest.tables.insert(
            table.name, TableDigest{digest.value("rows").toInteger(), digest.value("sha256").toString()});
    }
    if (json.contains("schema_sha256")) {
        manifest.schemaSha256 = json.value("schema_sha256").toString();
        if (manifest.schemaSha256.size() != 64)
            return invalid(QStringLiteral("The manifest's schema digest is not a SHA-256."));
    }
    for (const QJsonValue &announced : json.value("key_announcements").toArray()) {
        const auto announcement = KeyAnnouncement::fromJson(announced.toObject());
        if (!announcement)
            return invalid(QStringLiteral("The manifest's key announcements are malformed."));
        manifest.keyAnnouncements.append(*announcement);
    }
    const QJsonObject audit = json.value("audit").toObject();
    manifest.audit.firstSeq = audit.value("first_seq").toInteger();
    manifest.audit.firstPrevHash = audit.value("first_prev_hash").toString();
    manifest.audit.lastSeq = audit.value("last_seq").toInteger();
    manifest.audit.lastHash = audit.value("last_hash").toString();
    manifest.audit.platformHeadSeq = audit.value("platform_head_seq").toInteger();
    manifest.audit.platformHeadHash = audit.value("platform_head_hash").toString();
    if (manifest.createdAt <= 0 || manifest.snapshotId.isEmpty())
        return invalid(QStringLiteral("The manifest names no snapshot id or creation time."));
    return manifest;
}

} // namespace billing::snapshot
