// SPDX-License-Identifier: Apache-2.0
#include "app/platform/simulatecommand.h"

#include "foundation/contract/jsonfields.h"
#include "platform/marketplace/marketplacesimulator.h"

#include <QCommandLineParser>
#include <QDateTime>
#include <QEventLoop>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTextStream>
#include <QTimer>
#include <QUrlQuery>
#include <QUuid>

namespace billing::app {

namespace {

const char *Usage = R"(Usage:
  billing-platform simulate init --dir DIR
      make the simulated marketplaces' keys in DIR/simulator and what a platform must trust in DIR/trust
      (serve it with --marketplace-trust DIR/trust)
  billing-platform simulate aws ACTION --dir DIR --platform URL --customer ID [--provider aws|aws_cn] [--name NAME] [--message-id ID]
      ACTION: register, subscribe-success, subscribe-fail, unsubscribe-pending, unsubscribe-success, entitlement-updated
  billing-platform simulate azure ACTION --dir DIR --platform URL --subscription ID [--name NAME] [--status STATUS] [--message-id ID]
      ACTION: register, ChangePlan, ChangeQuantity, Renew, Suspend, Unsubscribe, Reinstate
The platform's answer is printed on stdout; a refusal exits 1 with one line on stderr.
)";

int fail(const QString &message)
{
    QTextStream(stderr) << "billing-platform simulate: " << message.simplified() << '\n';
    return 1;
}

// Sends one request and prints the answer: 0 on 2xx.
int deliver(const QUrl &url, const QByteArray &contentType, const QByteArray &body,
            const QByteArray &authorization = {})
{
    QNetworkAccessManager network;
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
    if (!authorization.isEmpty())
        request.setRawHeader("Authorization", authorization);
    QNetworkReply *reply = network.post(request, body);
    QEventLoop loop;
    QTimer timeout;
    timeout.setSingleShot(true);
    QObject::connect(&timeout, &QTimer::timeout, reply, &QNetworkReply::abort);
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    timeout.start(30000);
    loop.exec();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray answer = reply->readAll();
    reply->deleteLater();
    if (status == 0)
        return fail(QStringLiteral("%1: %2").arg(url.toString(), reply->errorString()));
    QTextStream(stdout) << answer << Qt::endl;
    if (status < 200 || status > 299)
        return fail(QStringLiteral("the platform answered %1: %2")
                        .arg(status)
                        .arg(QJsonDocument::fromJson(answer).object().value("detail").toString(
                            QString::fromUtf8(answer))));
    return 0;
}

} // namespace

int simulate(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addPositionalArgument("marketplace", "init, aws or azure");
    parser.addPositionalArgument("action", "what the marketplace says");
    for (const auto &[name, description] : std::initializer_list<std::pair<const char *, const char *>>{
             {"dir", "The simulator's folder."},
             {"platform", "The platform's URL."},
             {"customer", "AWS CustomerIdentifier."},
             {"subscription", "Azure SaaS subscription id."},
             {"provider", "aws or aws_cn (AWS registration)."},
             {"name", "Display name (registration)."},
             {"status", "Azure operation status (default Succeeded)."},
             {"message-id",
              "The message's id (default: new); send one twice to see it have no second effect."}})
        parser.addOption(
            {QString::fromLatin1(name), QString::fromLatin1(description), QStringLiteral("VALUE")});
    if (!parser.parse(arguments))
        return fail(parser.errorText());
    const QStringList words = parser.positionalArguments();
    const QString marketplace = words.value(0);
    const QString action = words.value(1);
    if (marketplace.isEmpty() || !parser.isSet("dir")) {
        QTextStream(stdout) << Usage;
        return 2;
    }
    const QString dir = parser.value("dir");
    if (marketplace == QLatin1String("init")) {
        auto saved = marketplace::MarketplaceSimulator::generate().save(dir);
        if (!saved)
            return fail(saved.problem().message());
        QTextStream(stdout) << "simulator keys in " << dir << "/simulator; serve with --marketplace-trust "
                            << dir << "/trust" << Qt::endl;
        return 0;
    }
    auto sim = marketplace::MarketplaceSimulator::load(dir);
    if (!sim)
        return fail(sim.problem().message());
    const QUrl platform(parser.value("platform"));
    if (!platform.isValid() || platform.scheme().isEmpty())
        return fail(QStringLiteral("--platform takes the platform's URL, e.g. http://127.0.0.1:8080"));
    const auto at = [&](const QString &path) {
        QUrl url = platform;
        url.setPath(path);
        return url;
    };
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const QString messageId = parser.value("message-id").isEmpty()
                                  ? QUuid::createUuid().toString(QUuid::WithoutBraces)
                                  : parser.value("message-id");
    if (marketplace == QLatin1String("aws")) {
        const QString customer = parser.value("customer");
        if (customer.isEmpty())
            return fail(QStringLiteral("--customer names the AWS CustomerIdentifier."));
        if (action == QLatin1String("register")) {
            const QString token = sim->awsRegistrationToken(
                customer,
                parser.value("provider").isEmpty() ? QStringLiteral("aws") : parser.value("provider"),
                parser.value("name"), now);
            return deliver(at("/v1/marketplace/aws/resolve"), "application/x-www-form-urlencoded",
                           "x-amzn-marketplace-token=" + QUrl::toPercentEncoding(token));
        }
        const QStringList actions{"subscribe-success", "subscribe-fail", "unsubscribe-pending",
                                  "unsubscribe-success", "entitlement-updated"};
        if (!actions.contains(action))
            return fail(QStringLiteral("AWS actions: register, %1.").arg(actions.join(", ")));
        return deliver(at("/v1/marketplace/aws/notifications"), "text/plain; charset=UTF-8",
                       sim->snsNotification({{"action", action},
                                             {"customer-identifier", customer},
                                             {"product-code", "bcc-platform-payg"}},
                                            messageId, now));
    }
    if (marketplace == QLatin1String("azure")) {
        const QString subscription = parser.value("subscription");
        if (subscription.isEmpty())
            return fail(QStringLiteral("--subscription names the Azure SaaS subscription id."));
        if (action == QLatin1String("register"))
            return deliver(at("/v1/marketplace/azure/resolve"), "application/json",
                           QJsonDocument(QJsonObject{{"token", sim->azureLandingToken(
                                                                   subscription, parser.value("name"), now)}})
                               .toJson());
        const QStringList actions{"ChangePlan", "ChangeQuantity", "Renew",
                                  "Suspend",    "Unsubscribe",    "Reinstate"};
        if (!actions.contains(action))
            return fail(QStringLiteral("Azure actions: register, %1.").arg(actions.join(", ")));
        const QString status =
            parser.value("status").isEmpty() ? QStringLiteral("Succeeded") : parser.value("status");
        return deliver(
            at("/v1/marketplace/azure/webhook"), "application/json",
            marketplace::MarketplaceSimulator::azureWebhook(messageId, subscription, action, status,
                                                            {{"timeStamp", contract::json::time(now)}}),
            sim->azureBearer(now));
    }
    return fail(QStringLiteral("simulate init, aws or azure; see billing-platform simulate --help"));
}

} // namespace billing::app
