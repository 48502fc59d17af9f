// SPDX-License-Identifier: Apache-2.0
// Signature Version 4 against AWS's published test suite: every request of tests/marketplace/sigv4-suite
// gives the suite's canonical request, string to sign and Authorization header, step by step.
#include "platform/marketplace/sigv4.h"

#include <QDir>
#include <QFile>

#include <gtest/gtest.h>

using namespace billing::marketplace;

namespace {

const QString Suite = QStringLiteral(BILLING_SOURCE_DIR "/tests/marketplace/sigv4-suite");
const sigv4::Credentials Example{
    QStringLiteral("AKIDEXAMPLE"), QStringLiteral("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"), {}};
const sigv4::Scope ExampleScope{QStringLiteral("us-east-1"), QStringLiteral("service")};
const QDateTime ExampleTime = QDateTime::fromString(QStringLiteral("2015-08-30T12:36:00Z"), Qt::ISODate);

QByteArray read(const QString &name)
{
    QFile file(Suite + '/' + name);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// A .req file: "METHOD target HTTP/1.1", header lines (a line that starts with a space continues the
// header above as one more of its values), a blank line, the body.
sigv4::Request parse(const QByteArray &text)
{
    sigv4::Request request;
    const QList<QByteArray> lines = text.split('\n');
    const QByteArray first = lines.value(0);
    request.method = first.left(first.indexOf(' '));
    const QByteArray target =
        first.mid(request.method.size() + 1, first.lastIndexOf(" HTTP/") - request.method.size() - 1);
    const qsizetype question = target.indexOf('?');
    request.path = question < 0 ? target : target.left(question);
    request.query = question < 0 ? QByteArray() : target.mid(question + 1);
    qsizetype i = 1;
    for (; i < lines.size() && !lines.at(i).isEmpty(); ++i) {
        const QByteArray &line = lines.at(i);
        if (line.startsWith(' ') && !request.headers.isEmpty()) {
            request.headers.append({request.headers.last().first, line.trimmed()});
            continue;
        }
        const qsizetype colon = line.indexOf(':');
        request.headers.append({line.left(colon), line.mid(colon + 1)});
    }
    request.body = lines.mid(i + 1).join('\n');
    return request;
}

// The request the suite's .sts and .authz were made from. For the two form posts the suite disagrees
// with itself: its .creq signs Content-Length, but its .sts and .authz were made without it (and,
// with parameters, with the charset spelled "utf8"). AWS's own SDKs test these two the same way.
sigv4::Request signedAsTheSuite(const QString &name)
{
    sigv4::Request request = parse(read(name + ".req"));
    if (name.startsWith(QLatin1String("post-x-www-form-urlencoded"))) {
        request.headers.removeIf([](const auto &h) { return h.first == "Content-Length"; });
        for (auto &[header, value] : request.headers)
            value.replace("charset=utf-8", "charset=utf8");
    }
    return request;
}

std::string signatureOf(const QByteArray &authorization)
{
    return authorization.mid(authorization.indexOf("Signature=")).toStdString();
}

QStringList suiteCases()
{
    QStringList names;
    for (const QString &file : QDir(Suite).entryList({QStringLiteral("*.req")}, QDir::Files, QDir::Name))
        names.append(file.chopped(4));
    return names;
}

} // namespace

TEST(SignatureV4, EveryCaseOfAwsPublishedSuiteSignsAsAwsDoes)
{
    const QStringList cases = suiteCases();
    ASSERT_GE(cases.size(), 30) << "the suite is in " << Suite.toStdString();
    for (const QString &name : cases) {
        SCOPED_TRACE(name.toStdString());
        EXPECT_EQ(sigv4::canonicalRequest(parse(read(name + ".req"))).toStdString(),
                  read(name + ".creq").toStdString());
        const sigv4::Request request = signedAsTheSuite(name);
        const QByteArray canonical = sigv4::canonicalRequest(request);
        const QByteArray toSign = sigv4::stringToSign(canonical, ExampleTime, ExampleScope);
        EXPECT_EQ(toSign.toStdString(), read(name + ".sts").toStdString());
        const QByteArray authorization = sigv4::authorization(request, Example, ExampleScope, ExampleTime);
        if (name == QLatin1String("post-x-www-form-urlencoded-parameters")) // its SignedHeaders still lists
            EXPECT_EQ(signatureOf(authorization), signatureOf(read(name + ".authz"))); // content-length
        else
            EXPECT_EQ(authorization.toStdString(), read(name + ".authz").toStdString());
    }
}

TEST(SignatureV4, SigningAddsTheDateTheSessionTokenAndTheAuthorization)
{
    // The suite's requests carry X-Amz-Date already; sign() puts it (and any old one is replaced).
    sigv4::Request vanilla = parse(read("get-vanilla.req"));
    vanilla.headers.removeIf([](const auto &h) { return h.first == "X-Amz-Date"; });
    vanilla.headers.append({QByteArray("X-Amz-Date"), QByteArray("20000101T000000Z")});
    sigv4::sign(vanilla, Example, ExampleScope, ExampleTime);
    EXPECT_EQ(vanilla.header("x-amz-date"), "20150830T123600Z");
    EXPECT_EQ(vanilla.header("authorization"), read("get-vanilla.authz"));

    // Temporary credentials: the token is signed with the rest (the suite's "header before" case).
    sigv4::Request withToken = parse(read("post-vanilla.req"));
    sigv4::Credentials temporary = Example;
    temporary.sessionToken =
        QString::fromLatin1(parse(read("post-sts-header-before.req")).header("x-amz-security-token"));
    sigv4::sign(withToken, temporary, ExampleScope, ExampleTime);
    EXPECT_EQ(withToken.header("authorization"), read("post-sts-header-before.authz"));

    // One byte of the body changed, or another day, region or secret: another signature.
    sigv4::Request form = signedAsTheSuite("post-x-www-form-urlencoded");
    const QByteArray signedForm = sigv4::authorization(form, Example, ExampleScope, ExampleTime);
    EXPECT_EQ(signedForm, read("post-x-www-form-urlencoded.authz"));
    form.body[0] = 'p';
    EXPECT_NE(sigv4::authorization(form, Example, ExampleScope, ExampleTime), signedForm);
    form.body[0] = 'P';
    EXPECT_NE(sigv4::authorization(form, Example, {"us-west-2", "service"}, ExampleTime), signedForm);
    EXPECT_NE(sigv4::authorization(form, Example, ExampleScope, ExampleTime.addDays(1)), signedForm);
    EXPECT_NE(sigv4::authorization(form, {"AKIDEXAMPLE", "another", {}}, ExampleScope, ExampleTime),
              signedForm);
}

TEST(SignatureV4, AmzDatesReadBackAndAnythingElseIsNoDate)
{
    EXPECT_EQ(sigv4::amzDate(ExampleTime), "20150830T123600Z");
    EXPECT_EQ(sigv4::fromAmzDate("20150830T123600Z"), ExampleTime);
    for (const QByteArray bad : {"", "2015-08-30T12:36:00Z", "20150830T123600", "20151330T123600Z"})
        EXPECT_FALSE(sigv4::fromAmzDate(bad).isValid()) << bad.constData();
}
