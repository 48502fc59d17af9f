// SPDX-License-Identifier: Apache-2.0
#include "tests/support/fakeaws.h"

#include "platform/marketplace/sigv4.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSslCertificate>
#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>
#include <QUuid>

#include <gtest/gtest.h>

namespace billing::test {

struct FakeAws::State {
    mutable QMutex mutex;
    QHash<QString, QJsonObject> tokens;      // token → ResolveCustomer's answer
    QHash<QString, QJsonArray> entitlements; // customer → GetEntitlements' items
    QList<Failure> failures;                 // queued, first first
    QHash<QString, int> requests;            // by operation
    int refusedSignatures = 0;
};

class FakeAws::Server : public QObject
{
public:
    Server(std::shared_ptr<State> state, const TestCertificates::Issued &identity)
        : m_state(std::move(state))
    {
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.setLocalCertificate(QSslCertificate(identity.certificatePem));
        tls.setPrivateKey(QSslKey(identity.keyPem, QSsl::Ec));
        tls.setPeerVerifyMode(QSslSocket::VerifyNone);
        m_server.setSslConfiguration(tls);
        QObject::connect(&m_server, &QTcpServer::pendingConnectionAvailable, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection())
                serve(socket);
        });
        m_server.listen(QHostAddress::LocalHost, 0);
    }
    quint16 port() const { return m_server.serverPort(); }

private:
    struct Received {
        QByteArray method, path, query, body;
        QList<QPair<QByteArray, QByteArray>> headers;
        QByteArray header(const QByteArray &name) const
        {
            for (const auto &[key, value] : headers) {
                if (key.compare(name, Qt::CaseInsensitive) == 0)
                    return value;
            }
            return {};
        }
    };

    void serve(QTcpSocket *socket)
    {
        socket->setParent(this);
        auto buffer = std::make_shared<QByteArray>();
        QObject::connect(socket, &QTcpSocket::readyRead, this, [this, socket, buffer] {
            buffer->append(socket->readAll());
            const qsizetype end = buffer->indexOf("\r\n\r\n");
            if (end < 0)
                return;
            Received r;
            const QList<QByteArray> lines = buffer->left(end).split('\n');
            const QList<QByteArray> start = lines.value(0).trimmed().split(' ');
            r.method = start.value(0);
            const QByteArray target = start.value(1);
            const qsizetype question = target.indexOf('?');
            r.path = question < 0 ? target : target.left(question);
            r.query = question < 0 ? QByteArray() : target.mid(question + 1);
            for (qsizetype i = 1; i < lines.size(); ++i) {
                const QByteArray line = lines.at(i).trimmed();
                const qsizetype colon = line.indexOf(':');
                if (colon > 0)
                    r.headers.append({line.left(colon).trimmed(), line.mid(colon + 1).trimmed()});
            }
            const qsizetype length = r.header("content-length").toLongLong();
            if (buffer->size() < end + 4 + length)
                return;
            r.body = buffer->mid(end + 4, length);
            buffer->clear();
            answer(socket, r);
        });
    }

    static void reply(QTcpSocket *socket, int status, const QByteArray &body)
    {
        socket->write("HTTP/1.1 " + QByteArray::number(status) + (status == 200 ? " OK" : " Error") +
                      "\r\nContent-Type: application/x-amz-json-1.1\r\nx-amzn-RequestId: " +
                      QUuid::createUuid().toByteArray(QUuid::WithoutBraces) + "\r\nContent-Length: " +
                      QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
        socket->disconnectFromHost();
    }
    static QByteArray error(const char *type, const QString &message)
    {
        return QJsonDocument(QJsonObject{{"__type", QStringLiteral("com.amazonaws.marketplace#%1").arg(type)},
                                         {"message", message}})
            .toJson(QJsonDocument::Compact);
    }

    // Signature Version 4 as AWS checks it; an empty answer means it checks out.
    QString signatureProblem(const Received &r) const
    {
        static const QRegularExpression form(
            QStringLiteral("^AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([^/]+)/([^/]+)/aws4_request, "
                           "SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$"));
        const auto m = form.match(QString::fromLatin1(r.header("authorization")));
        if (!m.hasMatch())
            return QStringLiteral("Authorization is not a Signature Version 4 header.");
        if (m.captured(1) != QLatin1String(AccessKeyId))
            return QStringLiteral("The security token included in the request is invalid.");
        if (m.captured(3) != QLatin1String("us-east-1") || m.captured(4) != QLatin1String("aws-marketplace"))
            return QStringLiteral("Credential should be scoped to us-east-1/aws-marketplace.");
        const QDateTime at = marketplace::sigv4::fromAmzDate(r.header("x-amz-date"));
        if (!at.isValid() || std::abs(at.secsTo(QDateTime::currentDateTimeUtc())) > 300)
            return QStringLiteral("Signature expired or X-Amz-Date missing.");
        if (at.toString(QStringLiteral("yyyyMMdd")) != m.captured(2))
            return QStringLiteral("Credential date does not match X-Amz-Date.");
        const QStringList signedNames = m.captured(5).split(';');
        if (!signedNames.contains(QLatin1String("host")) ||
            !signedNames.contains(QLatin1String("x-amz-date")))
            return QStringLiteral("Host and X-Amz-Date must be signed.");
        marketplace::sigv4::Request request{r.method, r.path, r.query, {}, r.body};
        for (const auto &[name, value] : r.headers) {
            if (signedNames.contains(QString::fromLatin1(name.toLower())))
                request.headers.append({name, value});
        }
        const QByteArray expected = marketplace::sigv4::authorization(
            request, {QLatin1String(AccessKeyId), QLatin1String(SecretAccessKey), {}},
            {m.captured(3), m.captured(4)}, at);
        if (expected != r.header("authorization"))
            return QStringLiteral(
                "The request signature we calculated does not match the signature you provided.");
        return {};
    }

    void answer(QTcpSocket *socket, const Received &r)
    {
        if (const QString problem = signatureProblem(r); !problem.isEmpty()) {
            QMutexLocker lock(&m_state->mutex);
            ++m_state->refusedSignatures;
            return reply(socket, 403, error("InvalidSignatureException", problem));
        }
        const QByteArray target = r.header("x-amz-target");
        const QString operation = QString::fromLatin1(target.mid(target.indexOf('.') + 1));
        if (r.method != "POST" || r.header("content-type") != "application/x-amz-json-1.1" ||
            !(target == "AWSMPMeteringService.ResolveCustomer" ||
              target == "AWSMPEntitlementService.GetEntitlements"))
            return reply(socket, 400,
                         error("UnknownOperationException", QStringLiteral("Unknown operation")));
        const QJsonObject body = QJsonDocument::fromJson(r.body).object();
        QMutexLocker lock(&m_state->mutex);
        ++m_state->requests[operation];
        if (!m_state->failures.isEmpty()) {
            switch (m_state->failures.takeFirst()) {
            case Failure::Throttle:
                return reply(socket, 400, error("ThrottlingException", QStringLiteral("Rate exceeded")));
            case Failure::ServerError:
                return reply(socket, 500,
                             error("InternalServiceErrorException", QStringLiteral("Internal error")));
            case Failure::NoAnswer:
                return; // the socket stays open, silent
            case Failure::NotJson:
                return reply(socket, 200, "<html>gateway</html>");
            }
        }
        if (operation == QLatin1String("ResolveCustomer")) {
            const QString token = body.value("RegistrationToken").toString();
            if (!m_state->tokens.contains(token))
                return reply(socket, 400,
                             error("InvalidTokenException", QStringLiteral("Registration token is invalid")));
            return reply(socket, 200,
                         QJsonDocument(m_state->tokens.value(token)).toJson(QJsonDocument::Compact));
        }
        const QJsonArray customers = body.value("Filter").toObject().value("CUSTOMER_IDENTIFIER").toArray();
        QJsonArray items;
        for (const QJsonValue &customer : customers) {
            for (const QJsonValue &item : m_state->entitlements.value(customer.toString())) {
                if (item.toObject().value("ProductCode").toString() == body.value("ProductCode").toString())
                    items.append(item);
            }
        }
        reply(socket, 200,
              QJsonDocument(QJsonObject{{"Entitlements", items}}).toJson(QJsonDocument::Compact));
    }

    std::shared_ptr<State> m_state;
    QSslServer m_server;
};

FakeAws::FakeAws()
    : m_state(std::make_shared<State>())
{
    const TestCertificates::Issued identity = m_certificates.issue({QStringLiteral("127.0.0.1")});
    m_context.moveToThread(&m_thread);
    m_thread.start();
    QMetaObject::invokeMethod(
        &m_context,
        [this, identity] {
            m_server = new Server(m_state, identity);
            m_port = m_server->port();
        },
        Qt::BlockingQueuedConnection);
}

FakeAws::~FakeAws()
{
    QMetaObject::invokeMethod(
        &m_context, [this] { delete m_server; }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

QUrl FakeAws::url() const
{
    return QUrl(QStringLiteral("https://127.0.0.1:%1").arg(m_port));
}

marketplace::MarketplaceConfig FakeAws::config(int timeoutSeconds) const
{
    marketplace::MarketplaceConfig config;
    marketplace::MarketplaceConfig::Aws aws;
    aws.partition = QStringLiteral("aws");
    aws.accessKeyId = QLatin1String(AccessKeyId);
    aws.secretAccessKey = QLatin1String(SecretAccessKey);
    aws.region = QStringLiteral("us-east-1");
    aws.productCode = QLatin1String(ProductCode);
    aws.meteringEndpoint = url().toString();
    aws.entitlementEndpoint = url().toString();
    config.aws = aws;
    config.extraAuthorities = QSslCertificate::fromData(authorityPem());
    config.timeoutSeconds = timeoutSeconds;
    return config;
}

void FakeAws::addToken(const QString &token, const QString &customerIdentifier, const QString &productCode)
{
    QMutexLocker lock(&m_state->mutex);
    m_state->tokens.insert(token, {{"CustomerIdentifier", customerIdentifier},
                                   {"CustomerAWSAccountId", "1234" + customerIdentifier.right(8)},
                                   {"ProductCode", productCode},
                                   {"LicenseArn", "arn:aws:license-manager::294406891311:license:l-" +
                                                      customerIdentifier.toLower()}});
}

void FakeAws::addEntitlement(const QString &customerIdentifier, const QString &dimension,
                             qint64 expiresSeconds)
{
    QMutexLocker lock(&m_state->mutex);
    QJsonObject item{{"ProductCode", QLatin1String(ProductCode)},
                     {"CustomerIdentifier", customerIdentifier},
                     {"Dimension", dimension},
                     {"Value", QJsonObject{{"IntegerValue", 1}}}};
    if (expiresSeconds > 0)
        item.insert("ExpirationDate", double(expiresSeconds));
    m_state->entitlements[customerIdentifier].append(item);
}

void FakeAws::failNext(int count, Failure failure)
{
    QMutexLocker lock(&m_state->mutex);
    for (int i = 0; i < count; ++i)
        m_state->failures.append(failure);
}

int FakeAws::requests(const QString &operation) const
{
    QMutexLocker lock(&m_state->mutex);
    return m_state->requests.value(operation);
}

int FakeAws::refusedSignatures() const
{
    QMutexLocker lock(&m_state->mutex);
    return m_state->refusedSignatures;
}

} // namespace billing::test
