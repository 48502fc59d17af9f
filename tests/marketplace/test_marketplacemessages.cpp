// SPDX-License-Identifier: Apache-2.0
// The marketplace parsers on their own: AWS SNS envelopes and Azure webhooks signed by the simulator's
// keys, read into the platform's SubscriptionNotice, and every way a message is refused.
#include "platform/marketplace/awsnotifications.h"
#include "platform/marketplace/azurewebhook.h"
#include "platform/marketplace/marketplacesimulator.h"
#include "platform/marketplace/marketplacetrust.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace billing;
using marketplace::AwsNotifications;
using marketplace::AzureWebhook;
using marketplace::MarketplaceSimulator;
namespace act = contract::SubscriptionAction;

namespace {

constexpr qint64 Now = 1'790'000'000'000;

const MarketplaceSimulator &simulator()
{
    static const MarketplaceSimulator sim = MarketplaceSimulator::generate();
    return sim;
}

QJsonObject awsMessage(const QString &action, const QString &customer = QStringLiteral("X01CONTOSO01"))
{
    return {{"action", action},
            {"customer-identifier", customer},
            {"product-code", "bcc-platform-payg"},
            {"offer-identifier", "offer-1"},
            {"isFreeTrialTermPresent", "false"}};
}

// An envelope with one field replaced after signing.
QByteArray tampered(const QByteArray &envelope, const char *field, const QJsonValue &value)
{
    QJsonObject e = QJsonDocument::fromJson(envelope).object();
    e.insert(QLatin1String(field), value);
    return QJsonDocument(e).toJson(QJsonDocument::Compact);
}

} // namespace

TEST(AwsNotificationsTest, EveryActionOfBothSignatureVersionsBecomesItsNotice)
{
    const QList<QPair<QString, QString>> actions{{"subscribe-success", act::SubscribeSuccess},
                                                 {"subscribe-fail", act::SubscribeFail},
                                                 {"unsubscribe-pending", act::UnsubscribePending},
                                                 {"unsubscribe-success", act::Cancel},
                                                 {"entitlement-updated", act::EntitlementUpdated}};
    for (int version : {1, 2}) {
        for (const auto &[aws, ours] : actions) {
            const QByteArray body = simulator().snsNotification(awsMessage(aws), "m-" + aws, Now, version);
            auto envelope = AwsNotifications::verify(body, simulator().trust(), Now);
            ASSERT_TRUE(envelope.ok())
                << aws.toStdString() << ": " << envelope.problem().message().toStdString();
            EXPECT_EQ(envelope->type, "Notification");
            EXPECT_EQ(envelope->messageId, "m-" + aws);
            auto notice = AwsNotifications::notice(*envelope, body);
            ASSERT_TRUE(notice.ok()) << notice.problem().message().toStdString();
            EXPECT_EQ(notice->marketplace, "aws");
            EXPECT_EQ(notice->action, ours) << aws.toStdString();
            EXPECT_EQ(notice->externalId, "X01CONTOSO01");
            EXPECT_EQ(notice->offerId, "offer-1");
            EXPECT_EQ(notice->messageId, "m-" + aws);
            EXPECT_EQ(notice->raw, body);
            EXPECT_EQ(notice->sentAt, Now) << "the envelope's Timestamp orders the customer's messages";
            EXPECT_EQ(notice->productCode, awsMessage(aws).value("product-code").toString());
        }
    }
}

TEST(AwsNotificationsTest, AnEnvelopeThatDoesNotVerifyIsRefusedNamingWhy)
{
    const QByteArray body = simulator().snsNotification(awsMessage("unsubscribe-success"), "m-1", Now);
    const auto code = [](const QByteArray &envelope, qint64 at = Now) {
        auto verified = AwsNotifications::verify(envelope, simulator().trust(), at);
        return verified.ok() ? QStringLiteral("(accepted)") : verified.problem().code;
    };
    EXPECT_EQ(code(body), "(accepted)");
    // Any signed field changed: the signature no longer matches.
    EXPECT_EQ(code(tampered(body, "Message",
                            QString::fromUtf8(QJsonDocument(awsMessage("unsubscribe-success", "X01OTHER"))
                                                  .toJson(QJsonDocument::Compact)))),
              "signature_invalid");
    EXPECT_EQ(code(tampered(body, "MessageId", "m-2")), "signature_invalid");
    // A certificate address that is not Amazon SNS's, or a certificate the operator does not trust.
    EXPECT_EQ(code(tampered(body, "SigningCertURL", "https://evil.example/SimpleNotificationService-x.pem")),
              "signature_invalid");
    EXPECT_EQ(code(tampered(body, "SigningCertURL",
                            "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-other.pem")),
              "signature_invalid");
    EXPECT_EQ(code(tampered(body, "SignatureVersion", "3")), "signature_invalid");
    // Too old or from the future: a replay is refused.
    EXPECT_EQ(code(body, Now + AwsNotifications::MaxAgeMs + 60'000), "message_expired");
    EXPECT_EQ(code(body, Now - AwsNotifications::MaxAgeMs - 60'000), "message_expired");
    // Not an SNS message at all.
    EXPECT_EQ(code("not json"), "invalid_request");
    EXPECT_EQ(code(tampered(body, "Type", "Gossip")), "invalid_request");

    // A topic the operator did not list.
    marketplace::MarketplaceTrust otherTopics = simulator().trust();
    otherTopics.snsTopics = {QStringLiteral("arn:aws:sns:us-east-1:000000000000:someone-else")};
    auto refused = AwsNotifications::verify(body, otherTopics, Now);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.problem().code, "topic_not_allowed");
}

TEST(AwsNotificationsTest, AVerifiedEnvelopeWithoutAMarketplaceMessageIsRefused)
{
    const auto noticeCode = [](const QJsonObject &message) {
        const QByteArray body = simulator().snsNotification(message, "m-1", Now);
        auto envelope = AwsNotifications::verify(body, simulator().trust(), Now);
        EXPECT_TRUE(envelope.ok());
        auto notice = AwsNotifications::notice(*envelope, body);
        return notice.ok() ? QStringLiteral("(accepted)")
                           : notice.problem().extra.value("parameter").toString();
    };
    EXPECT_EQ(noticeCode(awsMessage("subscribe-success")), "(accepted)");
    EXPECT_EQ(noticeCode(awsMessage("subscribe-maybe")), "action");
    EXPECT_EQ(noticeCode(awsMessage("subscribe-success", QString())), "customer-identifier");
    QJsonObject badTrial = awsMessage("subscribe-success");
    badTrial.insert("isFreeTrialTermPresent", "perhaps");
    EXPECT_EQ(noticeCode(badTrial), "isFreeTrialTermPresent");
    // AWS has spelled the customer both ways.
    QJsonObject camel = awsMessage("subscribe-success");
    camel.remove("customer-identifier");
    camel.insert("CustomerIdentifier", "X01CAMEL");
    EXPECT_EQ(noticeCode(camel), "(accepted)");
}

TEST(AzureWebhookTest, EveryActionBecomesItsNoticeAndOnlyCompletedOnesApply)
{
    const QList<QPair<QString, QString>> actions{
        {"ChangePlan", act::ChangePlan}, {"ChangeQuantity", act::ChangeQuantity},
        {"Renew", act::Renew},           {"Suspend", act::Suspend},
        {"Unsubscribe", act::Cancel},    {"Reinstate", act::Reinstate}};
    for (const auto &[azure, ours] : actions) {
        const QByteArray body = MarketplaceSimulator::azureWebhook("op-" + azure, "sub-1", azure);
        auto call = AzureWebhook::read(simulator().azureBearer(Now), body, simulator().trust(), Now);
        ASSERT_TRUE(call.ok()) << azure.toStdString() << ": " << call.problem().message().toStdString();
        EXPECT_EQ(call->notice.marketplace, "azure");
        EXPECT_EQ(call->notice.action, ours);
        EXPECT_EQ(call->notice.externalId, "sub-1");
        EXPECT_EQ(call->notice.messageId, "op-" + azure);
        EXPECT_TRUE(call->applies);
    }
    // A failed operation is noted, not applied; a plan change applies while the publisher accepts it.
    auto failed = AzureWebhook::read(simulator().azureBearer(Now),
                                     MarketplaceSimulator::azureWebhook("op-f", "sub-1", "Suspend", "Failed"),
                                     simulator().trust(), Now);
    ASSERT_TRUE(failed.ok());
    EXPECT_FALSE(failed->applies);
    auto inProgress =
        AzureWebhook::read(simulator().azureBearer(Now),
                           MarketplaceSimulator::azureWebhook("op-p", "sub-1", "ChangePlan", "InProgress"),
                           simulator().trust(), Now);
    ASSERT_TRUE(inProgress.ok());
    EXPECT_TRUE(inProgress->applies);
    // Microsoft stamps operations to the 100 ns; the notice keeps the milliseconds.
    auto stamped = AzureWebhook::read(
        simulator().azureBearer(Now),
        MarketplaceSimulator::azureWebhook("op-t", "sub-1", "Renew", "Succeeded",
                                           {{"timeStamp", "2026-11-23T10:00:00.7350641Z"}}),
        simulator().trust(), Now);
    ASSERT_TRUE(stamped.ok()) << stamped.problem().message().toStdString();
    EXPECT_EQ(stamped->notice.sentAt,
              QDateTime::fromString("2026-11-23T10:00:00.735Z", Qt::ISODateWithMs).toMSecsSinceEpoch());
}

TEST(AzureWebhookTest, AWebhookWithoutAValidTokenOrPayloadIsRefused)
{
    const QByteArray body = MarketplaceSimulator::azureWebhook("op-1", "sub-1", "Unsubscribe");
    const auto status = [&](const QByteArray &authorization, const QByteArray &payload, qint64 at = Now) {
        auto call = AzureWebhook::read(authorization, payload, simulator().trust(), at);
        return call.ok() ? 200 : call.problem().status;
    };
    EXPECT_EQ(status(simulator().azureBearer(Now), body), 200);
    EXPECT_EQ(status({}, body), 401);
    EXPECT_EQ(status("Basic abc", body), 401);
    // Signed by another key than the one the operator trusts.
    const MarketplaceSimulator stranger = MarketplaceSimulator::generate();
    EXPECT_EQ(status(stranger.azureBearer(Now), body), 401);
    // A token's signature cut off, or an expired token.
    QByteArray cut = simulator().azureBearer(Now);
    cut.chop(10);
    EXPECT_EQ(status(cut, body), 401);
    EXPECT_EQ(status(simulator().azureBearer(Now), body, Now + 24LL * 3600 * 1000), 401);
    // A trusted token with a payload that is not a webhook's.
    EXPECT_EQ(status(simulator().azureBearer(Now), "[]"), 400);
    EXPECT_EQ(
        status(simulator().azureBearer(Now), MarketplaceSimulator::azureWebhook("op-1", "sub-1", "Explode")),
        400);
    EXPECT_EQ(status(simulator().azureBearer(Now), MarketplaceSimulator::azureWebhook("op-1", "", "Renew")),
              400);
    // Without the time Microsoft issued it, an operation cannot be put in order.
    for (const QJsonValue &stamp : {QJsonValue(QJsonValue::Null), QJsonValue("yesterday")})
        EXPECT_EQ(status(simulator().azureBearer(Now),
                         MarketplaceSimulator::azureWebhook("op-1", "sub-1", "Renew", "Succeeded",
                                                            {{"timeStamp", stamp}})),
                  400);
}

TEST(AzureWebhookTest, OnlyATokenOfTheConfiguredIssuerAudienceAndTenantIsBelieved)
{
    const QByteArray body = MarketplaceSimulator::azureWebhook("op-1", "sub-1", "Unsubscribe");
    const auto verdict = [&](const QJsonObject &claims, qint64 at = Now) {
        auto call = AzureWebhook::read(simulator().azureBearer(Now, claims), body, simulator().trust(), at);
        return call.ok() ? QStringLiteral("(believed)") : call.problem().detail;
    };
    EXPECT_EQ(verdict({}), "(believed)");
    EXPECT_TRUE(verdict({{"iss", "https://evil.example/"}}).contains("issued by"))
        << verdict({{"iss", "https://evil.example/"}}).toStdString();
    EXPECT_TRUE(verdict({{"iss", QJsonValue::Null}}).contains("issued by"));
    EXPECT_TRUE(verdict({{"aud", "someone-else"}}).contains("audience"));
    EXPECT_TRUE(verdict({{"aud", QJsonValue::Null}}).contains("audience"));
    EXPECT_EQ(verdict({{"aud", QJsonArray{"someone-else", MarketplaceSimulator::AzureAudience}}}),
              "(believed)");
    EXPECT_TRUE(verdict({{"tid", "00000000-0000-0000-0000-000000000000"}}).contains("tenant"));
    EXPECT_TRUE(verdict({{"tid", QJsonValue::Null}}).contains("tenant"));
    // Clocks may disagree by five minutes, no more.
    const qint64 seconds = Now / 1000;
    EXPECT_EQ(verdict({{"exp", seconds - 240}}), "(believed)");
    EXPECT_TRUE(verdict({{"exp", seconds - 360}}).contains("expired"));
    EXPECT_EQ(verdict({{"nbf", seconds + 240}}), "(believed)");
    EXPECT_TRUE(verdict({{"nbf", seconds + 360}}).contains("not valid yet"));
    EXPECT_TRUE(verdict({{"exp", QJsonValue::Null}}).contains("expired"));

    // Without an issuer, audience or tenant configured, nothing is believed.
    for (QString marketplace::MarketplaceTrust::*claim :
         {&marketplace::MarketplaceTrust::azureIssuer, &marketplace::MarketplaceTrust::azureAudience,
          &marketplace::MarketplaceTrust::azureTenantId}) {
        marketplace::MarketplaceTrust partial = simulator().trust();
        partial.*claim = QString();
        auto call = AzureWebhook::read(simulator().azureBearer(Now), body, partial, Now);
        ASSERT_FALSE(call.ok());
        EXPECT_EQ(call.problem().status, 401);
    }
}

TEST(MarketplaceTrustTest, AFolderThatHalfTrustsAzureWebhooksIsRefusedAtStart)
{
    QTemporaryDir folder;
    ASSERT_TRUE(simulator().trust().save(folder.path()).ok());
    auto whole = marketplace::MarketplaceTrust::load(folder.path());
    ASSERT_TRUE(whole.ok()) << whole.problem().message().toStdString();
    EXPECT_EQ(whole->azureTenantId, MarketplaceSimulator::AzureTenant);
    EXPECT_EQ(whole->azureIssuer, MarketplaceSimulator::azureIssuer());
    for (const char *file : {"azure-issuer.txt", "azure-audience.txt", "azure-tenant.txt"}) {
        QTemporaryDir copy;
        ASSERT_TRUE(simulator().trust().save(copy.path()).ok());
        ASSERT_TRUE(QFile::remove(copy.filePath(QLatin1String(file))));
        auto half = marketplace::MarketplaceTrust::load(copy.path());
        ASSERT_FALSE(half.ok()) << file;
        EXPECT_EQ(half.problem().code, "marketplace_trust_incomplete");
        EXPECT_TRUE(half.problem().detail.contains(QLatin1String(file)));
    }
    // A folder for AWS alone (no Azure key) needs none of them.
    QTemporaryDir awsOnly;
    marketplace::MarketplaceTrust aws = simulator().trust();
    aws.azureWebhookKey.clear();
    aws.azureIssuer.clear();
    aws.azureAudience.clear();
    aws.azureTenantId.clear();
    ASSERT_TRUE(aws.save(awsOnly.path()).ok());
    EXPECT_TRUE(marketplace::MarketplaceTrust::load(awsOnly.path()).ok());
}
