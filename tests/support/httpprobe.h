// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QUrl>

namespace billing::test {

// A plain HTTP exchange with the platform, for tests that check the wire itself (status, headers,
// body) rather than what the console's client makes of it.
struct HttpAnswer {
    int status = 0;
    QJsonObject json;
    QByteArray contentType;
    QByteArray etag;
    QByteArray body;
};

// Sends a prepared request and waits for the whole answer.
inline HttpAnswer exchange(const QNetworkRequest &request, const QByteArray &method,
                           const QByteArray &body = {})
{
    QNetworkAccessManager network;
    QNetworkReply *reply = network.sendCustomRequest(request, method, body);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    HttpAnswer answer;
    answer.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    answer.body = reply->readAll();
    answer.json = QJsonDocument::fromJson(answer.body).object();
    answer.contentType = reply->header(QNetworkRequest::ContentTypeHeader).toByteArray();
    answer.etag = reply->rawHeader("ETag");
    reply->deleteLater();
    return answer;
}

inline HttpAnswer exchange(const QByteArray &method, const QUrl &url, const QString &token,
                           const QByteArray &body = {})
{
    QNetworkRequest request(url);
    if (!token.isNull())
        request.setRawHeader("Authorization", "Bearer " + token.toUtf8());
    if (!body.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
    return exchange(request, method, body);
}

inline QUrl endpoint(const QUrl &base, const QString &pathAndQuery)
{
    return base.resolved(QUrl(pathAndQuery));
}

} // namespace billing::test
