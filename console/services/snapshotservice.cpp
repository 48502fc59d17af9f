// SPDX-License-Identifier: Apache-2.0
#include "console/services/snapshotservice.h"

#include "console/services/platformclient.h"

#include <QCoroNetworkReply>
#include <QFile>
#include <QJsonArray>

#include <memory>

namespace billing::services {

namespace {
contract::Problem writeFailed(const QString &path, const QString &why)
{
    return contract::Problem::local(QStringLiteral("write_failed"), SnapshotService::tr("Cannot write"),
                                    SnapshotService::tr("Cannot write %1: %2").arg(path, why));
}
} // namespace

using contract::Result;

SnapshotService::SnapshotService(PlatformClient *client, QObject *parent)
    : QObject(parent)
    , m_client(client)
{
}

QCoro::Task<Result<SnapshotService::SigningKeyInfo>> SnapshotService::signingKey()
{
    auto reply = co_await m_client->get(QStringLiteral("/v1/snapshots/signing-key"));
    if (!reply)
        co_return reply.problem();
    SigningKeyInfo key{
        reply->body.value("platform_id").toString(), reply->body.value("fingerprint").toString(), {}};
    for (const QJsonValue &announced : reply->body.value("announcements").toArray()) {
        if (const auto announcement = snapshot::KeyAnnouncement::fromJson(announced.toObject()))
            key.announcements.append(*announcement);
    }
    co_return key;
}

QCoro::Task<Result<SnapshotService::Made>> SnapshotService::create(snapshot::SnapshotFilter filter)
{
    PlatformClient::Call call;
    call.method = "POST";
    call.path = QStringLiteral("/v1/snapshots");
    call.body = filter.toJson();
    auto reply = co_await m_client->call(call);
    if (!reply)
        co_return reply.problem();
    co_return Made{reply->body.value("id").toString(), reply->body.value("size_bytes").toInteger(),
                   reply->body.value("signer_fingerprint").toString()};
}

QCoro::Task<Result<qint64>> SnapshotService::download(QString id, QString path)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        co_return writeFailed(path, file.errorString());
    struct DeleteLater {
        void operator()(QObject *object) const { object->deleteLater(); }
    };
    std::unique_ptr<QNetworkReply, DeleteLater> reply(m_client->openStream(
        QStringLiteral("/v1/snapshots/") + PlatformClient::pathSegment(id), {}, "application/vnd.sqlite3"));
    QByteArray errorBody;
    bool diskFailed = false;
    QObject::connect(reply.get(), &QNetworkReply::readyRead, reply.get(), [&, r = reply.get()] {
        if (r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() != 200) {
            errorBody += r->readAll();
            return;
        }
        const QByteArray bytes = r->readAll();
        if (!diskFailed && file.write(bytes) != bytes.size()) {
            diskFailed = true;
            r->abort();
        }
    });
    co_await reply.get();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray rest = reply->readAll();
    if (status == 200 && !diskFailed)
        diskFailed = file.write(rest) != rest.size();
    if (diskFailed)
        co_return writeFailed(path, file.errorString());
    if (status != 200 || reply->error() != QNetworkReply::NoError)
        co_return m_client->failure(reply.get(), errorBody + rest);
    if (!file.flush())
        co_return writeFailed(path, file.errorString());
    co_return file.size();
}

} // namespace billing::services
