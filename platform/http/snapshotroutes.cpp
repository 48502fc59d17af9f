// SPDX-License-Identifier: Apache-2.0
#include "foundation/contract/vocabulary.h"
#include "platform/domain/billingplatform.h"
#include "platform/http/apiserver.h"
#include "platform/http/routes.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>

namespace billing::http {

using contract::Result;

namespace {

constexpr qint64 ChunkBytes = 1 << 20;
constexpr qint64 MaxUnsentBytes = 4 << 20;

// Sends a file in chunks as the reader takes them: at most MaxUnsentBytes wait in memory.
// `reading` keeps retention from deleting the file until the stream is done with it.
void sendFile(const QString &path, ServerStream *stream, std::shared_ptr<void> reading)
{
    auto *file = new QFile(path, stream);
    if (!reading || !file->open(QIODevice::ReadOnly)) {
        stream->abort();
        return;
    }
    const auto pump = [file, stream, reading] {
        while (stream->isOpen() && stream->unsentBytes() < MaxUnsentBytes) {
            const QByteArray chunk = file->read(ChunkBytes);
            if (chunk.isEmpty()) {
                if (file->atEnd())
                    stream->finish();
                else
                    stream->abort(); // a read error: the reader sees a body cut off, never a short whole one
                return;
            }
            stream->write(chunk);
        }
    };
    QObject::connect(stream, &ServerStream::sent, file, pump);
    pump();
}

} // namespace

void registerSnapshotRoutes(ApiServer &server, std::shared_ptr<domain::BillingPlatform> platform)
{
    // Before /v1/snapshots/{id}, which would otherwise take "signing-key" for an id.
    server.route("GET", "/v1/snapshots/signing-key", [platform](const ApiRequest &) {
        auto key = platform->snapshots().signingKey();
        if (!key)
            return ApiResponse::problem(key.problem());
        QJsonArray announcements;
        for (const snapshot::KeyAnnouncement &announcement : key->announcements)
            announcements.append(announcement.toJson());
        return ApiResponse::json({{"platform_id", key->platformId},
                                  {"algorithm", "Ed25519"},
                                  {"public_key", QString::fromLatin1(key->publicKey.toBase64())},
                                  {"fingerprint", key->fingerprint},
                                  {"announcements", announcements}});
    });

    const Access auditing = Access::takingSnapshots();

    server.route(
        "POST", "/v1/snapshots",
        [platform](const ApiRequest &request) {
            snapshot::SnapshotFilter filter;
            if (!request.body.trimmed().isEmpty()) {
                auto body = jsonBody(request);
                if (!body)
                    return ApiResponse::problem(body.problem());
                auto parsed = snapshot::SnapshotFilter::fromJson(*body);
                if (!parsed)
                    return ApiResponse::problem(parsed.problem());
                filter = *parsed;
            }
            auto made = platform->snapshots().create(filter, request.staff, request.requestId);
            if (!made)
                return ApiResponse::problem(made.problem());
            ApiResponse response = ApiResponse::json({{"id", made->id},
                                                      {"size_bytes", made->sizeBytes},
                                                      {"signer_fingerprint", made->signerFingerprint},
                                                      {"manifest", made->manifest.toJson()}},
                                                     201);
            response.headers.append({"Location", "/v1/snapshots/" + made->id.toLatin1()});
            return response;
        },
        auditing);

    server.stream(
        QStringLiteral("/v1/snapshots/{id}"), "application/vnd.sqlite3",
        [platform](const ApiRequest &request) -> Result<QVariant> {
            auto file = platform->snapshots().file(request.pathId);
            if (!file)
                return file.problem();
            return QVariant(*file);
        },
        [platform](const QVariant &path, ServerStream *stream) {
            const QString file = path.toString();
            sendFile(file, stream, platform->snapshots().beginReading(QFileInfo(file).completeBaseName()));
        },
        ServerStream::Framing::Chunked, auditing);
}

} // namespace billing::http
