// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTcpSocket>
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
    QByteArray retryAfter;
    QByteArray head; // the status line and headers as sent (raw requests only)
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
    if (answer.status == 0) // no answer: the body says why, for the test's message
        answer.body = reply->errorString().toUtf8();
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

// A request on a socket of its own, written as given, the body sent while the answer is read: a
// server may answer (413) and close before the body is all sent, which an HTTP client library reports
// as a failed upload. The answer is read to the end of its Content-Length.
inline HttpAnswer rawRequest(const QUrl &base, const QByteArray &method, const QByteArray &path,
                             const QByteArray &body, const QByteArray &extraHeaders)
{
    QTcpSocket socket;
    socket.connectToHost(base.host(), quint16(base.port()));
    HttpAnswer answer;
    if (!socket.waitForConnected(5000))
        return answer;
    socket.write(
        method + " " + path + " HTTP/1.1\r\nHost: " + base.host().toUtf8() + "\r\n" + extraHeaders +
        (body.isEmpty() ? QByteArray() : "Content-Length: " + QByteArray::number(body.size()) + "\r\n") +
        "Connection: close\r\n\r\n");
    QByteArray received;
    for (qsizetype sent = 0; sent < body.size() && socket.state() == QAbstractSocket::ConnectedState;) {
        sent += socket.write(body.mid(sent, 64 * 1024));
        socket.waitForBytesWritten(1000);
        received += socket.readAll();
        if (received.contains("\r\n\r\n"))
            break;
    }
    // Until the head and the Content-Length it names have arrived, or the server closes.
    qsizetype headEnd = -1;
    qsizetype length = -1;
    for (;;) {
        received += socket.readAll();
        if (headEnd < 0 && (headEnd = received.indexOf("\r\n\r\n")) >= 0) {
            for (const QByteArray &line : received.left(headEnd).split('\n')) {
                const QByteArray lower = line.toLower();
                if (lower.startsWith("retry-after:"))
                    answer.retryAfter = line.mid(12).trimmed();
                else if (lower.startsWith("content-type:"))
                    answer.contentType = line.mid(13).trimmed();
                else if (lower.startsWith("content-length:"))
                    length = line.mid(15).trimmed().toLongLong();
            }
        }
        if (headEnd >= 0 && length >= 0 && received.size() >= headEnd + 4 + length)
            break;
        if (socket.state() != QAbstractSocket::ConnectedState || !socket.waitForReadyRead(5000))
            break;
    }
    received += socket.readAll();
    if (!received.startsWith("HTTP/1.1 ") || headEnd < 0)
        return answer;
    answer.status = received.mid(9, 3).toInt();
    answer.head = received.left(headEnd);
    answer.body = received.mid(headEnd + 4, length);
    answer.json = QJsonDocument::fromJson(answer.body).object();
    return answer;
}

inline HttpAnswer rawPost(const QUrl &base, const QByteArray &path, const QByteArray &body,
                          const QByteArray &extraHeaders = "Content-Type: application/json\r\n")
{
    return rawRequest(base, "POST", path, body, extraHeaders);
}

} // namespace billing::test
