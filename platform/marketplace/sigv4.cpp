// SPDX-License-Identifier: Apache-2.0
#include "platform/marketplace/sigv4.h"

#include <QCryptographicHash>
#include <QMap>
#include <QMessageAuthenticationCode>

#include <algorithm>

namespace billing::marketplace::sigv4 {

namespace {

constexpr auto Algorithm = "AWS4-HMAC-SHA256";

QByteArray sha256Hex(const QByteArray &data)
{
    return QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex();
}

QByteArray hmac(const QByteArray &key, const QByteArray &message)
{
    return QMessageAuthenticationCode::hash(message, key, QCryptographicHash::Sha256);
}

QByteArray day(const QDateTime &at)
{
    return at.toUTC().toString(QStringLiteral("yyyyMMdd")).toLatin1();
}

QByteArray credentialScope(const QDateTime &at, const Scope &scope)
{
    return day(at) + '/' + scope.region.toLatin1() + '/' + scope.service.toLatin1() + "/aws4_request";
}

// The path without empty, "." and ".." segments, each segment encoded once (services other than S3).
QByteArray canonicalUri(const QByteArray &path)
{
    QList<QByteArray> kept;
    for (const QByteArray &segment : QByteArray::fromPercentEncoding(path).split('/')) {
        if (segment.isEmpty() || segment == ".")
            continue;
        if (segment == "..") {
            if (!kept.isEmpty())
                kept.removeLast();
            continue;
        }
        kept.append(segment.toPercentEncoding());
    }
    QByteArray uri = '/' + kept.join('/');
    if (!kept.isEmpty() && path.endsWith('/'))
        uri += '/';
    return uri;
}

// Every parameter encoded alike, sorted by name then value.
QByteArray canonicalQuery(const QByteArray &query)
{
    QList<QPair<QByteArray, QByteArray>> parameters;
    for (const QByteArray &part : query.split('&')) {
        if (part.isEmpty())
            continue;
        const qsizetype equals = part.indexOf('=');
        const QByteArray name = equals < 0 ? part : part.left(equals);
        const QByteArray value = equals < 0 ? QByteArray() : part.mid(equals + 1);
        parameters.append({QByteArray::fromPercentEncoding(name).toPercentEncoding(),
                           QByteArray::fromPercentEncoding(value).toPercentEncoding()});
    }
    std::sort(parameters.begin(), parameters.end());
    QByteArray text;
    for (const auto &[name, value] : parameters)
        text += (text.isEmpty() ? "" : "&") + name + '=' + value;
    return text;
}

} // namespace

QByteArray Request::header(const QByteArray &name) const
{
    for (const auto &[key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

QByteArray canonicalRequest(const Request &request, QByteArray *signedHeaders)
{
    // A repeated header is one line, its values in the order sent; values trimmed, inner runs of
    // spaces made one.
    QMap<QByteArray, QList<QByteArray>> headers;
    for (const auto &[name, value] : request.headers)
        headers[name.toLower()].append(value.simplified());
    QByteArray lines;
    QByteArrayList names;
    for (auto it = headers.cbegin(); it != headers.cend(); ++it) {
        lines += it.key() + ':' + it.value().join(',') + '\n';
        names.append(it.key());
    }
    if (signedHeaders)
        *signedHeaders = names.join(';');
    return request.method + '\n' + canonicalUri(request.path) + '\n' + canonicalQuery(request.query) + '\n' +
           lines + '\n' + names.join(';') + '\n' + sha256Hex(request.body);
}

QByteArray stringToSign(const QByteArray &canonicalRequest, const QDateTime &at, const Scope &scope)
{
    return QByteArray(Algorithm) + '\n' + amzDate(at) + '\n' + credentialScope(at, scope) + '\n' +
           sha256Hex(canonicalRequest);
}

QByteArray signature(const QByteArray &stringToSign, const QString &secretAccessKey, const QDateTime &at,
                     const Scope &scope)
{
    const QByteArray date = hmac("AWS4" + secretAccessKey.toUtf8(), day(at));
    const QByteArray region = hmac(date, scope.region.toLatin1());
    const QByteArray service = hmac(region, scope.service.toLatin1());
    const QByteArray signing = hmac(service, "aws4_request");
    return hmac(signing, stringToSign).toHex();
}

QByteArray authorization(const Request &request, const Credentials &credentials, const Scope &scope,
                         const QDateTime &at)
{
    QByteArray signedHeaders;
    const QByteArray canonical = canonicalRequest(request, &signedHeaders);
    return QByteArray(Algorithm) + " Credential=" + credentials.accessKeyId.toLatin1() + '/' +
           credentialScope(at, scope) + ", SignedHeaders=" + signedHeaders + ", Signature=" +
           signature(stringToSign(canonical, at, scope), credentials.secretAccessKey, at, scope);
}

void sign(Request &request, const Credentials &credentials, const Scope &scope, const QDateTime &at)
{
    request.headers.removeIf([](const auto &header) {
        return header.first.compare("x-amz-date", Qt::CaseInsensitive) == 0 ||
               header.first.compare("x-amz-security-token", Qt::CaseInsensitive) == 0 ||
               header.first.compare("authorization", Qt::CaseInsensitive) == 0;
    });
    request.headers.append({"X-Amz-Date", amzDate(at)});
    if (!credentials.sessionToken.isEmpty())
        request.headers.append({"X-Amz-Security-Token", credentials.sessionToken.toLatin1()});
    request.headers.append({"Authorization", authorization(request, credentials, scope, at)});
}

QByteArray amzDate(const QDateTime &at)
{
    return at.toUTC().toString(QStringLiteral("yyyyMMdd'T'HHmmss'Z'")).toLatin1();
}

QDateTime fromAmzDate(const QByteArray &text)
{
    if (text.size() != 16)
        return {};
    QDateTime at = QDateTime::fromString(QString::fromLatin1(text), QStringLiteral("yyyyMMdd'T'HHmmss'Z'"));
    at.setTimeSpec(Qt::UTC);
    return at;
}

} // namespace billing::marketplace::sigv4
