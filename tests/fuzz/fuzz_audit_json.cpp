// SPDX-License-Identifier: Apache-2.0
// Any bytes as an audit event's JSON or a snapshot manifest: decoding, the canonical encoding and the
// hash chain must answer values or problems, never crash or read out of bounds.
#include "foundation/contract/auditchain.h"
#include "foundation/snapshot/snapshotmanifest.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const QJsonDocument document = QJsonDocument::fromJson(bytes);
    const billing::contract::AuditEvent event = billing::contract::AuditEvent::fromJson(document.object());
    billing::contract::AuditChain chain(event.seq, event.prevHash);
    (void)chain.add(event);
    (void)event.toJson();
    (void)billing::snapshot::SnapshotManifest::fromBytes(bytes);
    return 0;
}
