// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QPair>
#include <QString>

// AWS Signature Version 4, written once for every AWS call the platform makes (Metering Service,
// Entitlement Service) and for the fake AWS endpoints in the tests, which check it. Held to AWS's
// published Signature Version 4 test suite (tests/marketplace/sigv4-suite).
namespace billing::marketplace::sigv4 {

struct Credentials {
    QString accessKeyId;
    QString secretAccessKey;
    QString sessionToken; // temporary credentials only; sent as X-Amz-Security-Token and signed
};

// Where a signature is valid: "us-east-1" and "aws-marketplace", say.
struct Scope {
    QString region;
    QString service;
};

// A request as it goes on the wire: the path and query as written (encoded or not), every header line
// in order (a name may repeat), and the body.
struct Request {
    QByteArray method;
    QByteArray path = "/";
    QByteArray query; // without the '?'
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;

    QByteArray header(const QByteArray &name) const; // the first of that name, any case
};

// The steps of the signing process, each checkable against the suite.
QByteArray canonicalRequest(const Request &request, QByteArray *signedHeaders = nullptr);
QByteArray stringToSign(const QByteArray &canonicalRequest, const QDateTime &at, const Scope &scope);
QByteArray signature(const QByteArray &stringToSign, const QString &secretAccessKey, const QDateTime &at,
                     const Scope &scope);
QByteArray authorization(const Request &request, const Credentials &credentials, const Scope &scope,
                         const QDateTime &at);

// Adds X-Amz-Date (and X-Amz-Security-Token) to the request, then its Authorization header.
void sign(Request &request, const Credentials &credentials, const Scope &scope, const QDateTime &at);

// The time in X-Amz-Date's form, 20150830T123600Z, and back (invalid when it is not one).
QByteArray amzDate(const QDateTime &at);
QDateTime fromAmzDate(const QByteArray &text);

} // namespace billing::marketplace::sigv4
