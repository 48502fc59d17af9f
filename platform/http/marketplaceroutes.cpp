// SPDX-License-Identifier: Apache-2.0
#include "foundation/contract/jsonfields.h"
#include "foundation/contract/queryparameters.h"
#include "foundation/contract/vocabulary.h"
#include "platform/domain/billingplatform.h"
#include "platform/http/apiserver.h"
#include "platform/http/routeinput.h"
#include "platform/http/routes.h"
#include "platform/marketplace/awsnotifications.h"
#include "platform/marketplace/azurewebhook.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QThreadPool>
#include <QUrlQuery>

namespace billing::http {

using contract::Problem;
using contract::Result;
using marketplace::AwsNotifications;
using marketplace::AzureWebhook;

namespace {

// A registration has no message id of its own: the token's digest names it in the kept record.
QString tokenId(const QString &token)
{
    return QStringLiteral("resolve:") +
           QString::fromLatin1(
               QCryptographicHash::hash(token.toUtf8(), QCryptographicHash::Sha256).toHex().left(16));
}

// Asked before the change, outside its transaction: a call to AWS must not hold the write turn.
contract::EntitlementCheck entitlementOf(marketplace::MarketplaceGateway &gateway,
                                         const contract::SubscriptionNotice &notice, qint64 nowMs)
{
    contract::EntitlementCheck check;
    check.asked = true;
    auto entitlements = gateway.awsEntitlements(notice.productCode, notice.externalId);
    if (!entitlements) {
        check.offline = entitlements.problem().code == QLatin1String("marketplace_offline");
        check.note = entitlements.problem().message();
        return check;
    }
    check.answered = true;
    check.found = *entitlements;
    check.note = QStringLiteral("AWS answered no current entitlement.");
    for (const contract::Entitlement &e : *entitlements) {
        if (e.expiresAt == 0 || e.expiresAt > nowMs) {
            check.entitled = true;
            check.note = QStringLiteral("entitled to %1 = %2").arg(e.dimension, e.value);
            break;
        }
    }
    return check;
}

// An SNS envelope verified as of `atMs`, with the certificates the gateway fetches when the trust
// folder does not pin them.
Result<AwsNotifications::Envelope> verifiedEnvelope(const MarketplaceConnection &marketplace,
                                                    const QByteArray &body, qint64 atMs)
{
    return AwsNotifications::verify(
        body, marketplace.trust, atMs,
        [gateway = marketplace.gateway](const QString &url) { return gateway->snsCertificate(url); });
}

// A verified notification's notice, with what GetEntitlements answers where the action needs it.
Result<contract::SubscriptionNotice> awsNotice(marketplace::MarketplaceGateway &gateway,
                                               const AwsNotifications::Envelope &envelope,
                                               const QByteArray &raw, qint64 nowMs)
{
    auto notice = AwsNotifications::notice(envelope, raw);
    if (notice && (notice->action == contract::SubscriptionAction::SubscribeSuccess ||
                   notice->action == contract::SubscriptionAction::EntitlementUpdated))
        notice->entitlement = entitlementOf(gateway, *notice, nowMs);
    return notice;
}

// Connected, the fulfillment API must know an Azure operation before anything changes; its word, not
// the webhook's, says the status and when it happened. Answers whether it was asked (offline: no).
// A refusal is `operation_not_confirmed`; any other problem is the API's own (ask again later).
Result<bool> confirmedByFulfillmentApi(marketplace::MarketplaceGateway &gateway, AzureWebhook::Call &call,
                                       const QByteArray &body)
{
    const QString subscription = call.notice.externalId;
    const QString operationId = call.notice.messageId;
    auto known = gateway.azureOperation(subscription, operationId);
    if (!known && known.problem().code == QLatin1String("marketplace_offline"))
        return false;
    if (!known && known.problem().code != QLatin1String("marketplace_refused"))
        return known.problem();
    const QString action = QJsonDocument::fromJson(body).object().value("action").toString();
    if (!known || known->value("subscriptionId").toString() != subscription ||
        known->value("action").toString() != action)
        return Problem{
            403,
            "operation_not_confirmed",
            QStringLiteral("Marketplace message refused"),
            QStringLiteral("The fulfillment API does not confirm operation %1 (%2) of subscription %3%4")
                .arg(operationId, action, subscription,
                     known ? QString() : QStringLiteral(": ") + known.problem().message()),
            {}};
    call.status = known->value("status").toString(call.status);
    if (const qint64 at = contract::json::time(known->value("timeStamp")); at > 0)
        call.notice.sentAt = at;
    const bool changing = call.notice.action == contract::SubscriptionAction::ChangePlan ||
                          call.notice.action == contract::SubscriptionAction::ChangeQuantity;
    call.applies =
        call.status == QLatin1String("Succeeded") || (changing && call.status == QLatin1String("InProgress"));
    return true;
}

} // namespace

void registerMarketplaceRoutes(ApiServer &server, std::shared_ptr<domain::BillingPlatform> platform,
                               std::shared_ptr<const MarketplaceConnection> marketplace)
{
    // What is not a verified message is answered and kept as a refusal, or, from an address that sends
    // too many, answered 429 and not kept (MarketplaceSubscriptions::refuse).
    const auto refuse = [platform](const ApiRequest &request, const QString &which, const QString &messageId,
                                   const Problem &why) {
        return ApiResponse::problem(
            platform->subscriptions().refuse(which, messageId, request.body, why, request.peer.toString()));
    };

    // AWS registration: the customer's browser posts the form field x-amzn-marketplace-token.
    server.route(
        "POST", "/v1/marketplace/aws/resolve",
        [platform, marketplace, refuse](const ApiRequest &request) {
            const QString token =
                QUrlQuery(QString::fromUtf8(request.body))
                    .queryItemValue(QStringLiteral("x-amzn-marketplace-token"), QUrl::FullyDecoded);
            if (token.isEmpty())
                return refuse(
                    request, "aws", tokenId(token),
                    Problem::invalidRequest("x-amzn-marketplace-token",
                                            QStringLiteral("The form has no x-amzn-marketplace-token.")));
            auto customer = marketplace->gateway->resolveAwsCustomer(token);
            if (!customer)
                return refuse(request, "aws", tokenId(token), customer.problem());
            return answerChange(platform->subscriptions().registerCustomer(*customer, request.requestId));
        },
        Access::marketplace());

    server.route(
        "POST", "/v1/marketplace/aws/notifications",
        [platform, marketplace, refuse](const ApiRequest &request) {
            auto envelope = verifiedEnvelope(*marketplace, request.body, platform->clock().nowMs());
            if (!envelope) {
                const QString messageId =
                    QJsonDocument::fromJson(request.body).object().value("MessageId").toString();
                return refuse(request, "aws", messageId, envelope.problem());
            }
            if (envelope->type == QLatin1String("SubscriptionConfirmation")) {
                // Connected, the platform confirms the topic subscription itself; offline the operator does.
                const QString topic = envelope->fields.value("TopicArn").toString();
                auto confirmed = marketplace->gateway->confirmSnsSubscription(envelope->subscribeUrl, topic);
                if (!confirmed && confirmed.problem().code != QLatin1String("marketplace_offline")) {
                    platform->subscriptions().keep("aws", envelope->messageId, request.body,
                                                   QStringLiteral("SubscriptionConfirmation kept; confirming "
                                                                  "failed: %1")
                                                       .arg(confirmed.problem().message()));
                    return ApiResponse::problem(confirmed.problem()); // SNS delivers it again
                }
                platform->subscriptions().keep(
                    "aws", envelope->messageId, request.body,
                    confirmed ? QStringLiteral("SubscriptionConfirmation %1").arg(*confirmed)
                              : QStringLiteral("SubscriptionConfirmation kept; confirm at %1")
                                    .arg(envelope->subscribeUrl));
                if (confirmed)
                    return ApiResponse::json({{"type", envelope->type}, {"confirmed", true}});
                return ApiResponse::json({{"type", envelope->type}, {"confirm_at", envelope->subscribeUrl}});
            }
            if (envelope->type != QLatin1String("Notification")) {
                platform->subscriptions().keep("aws", envelope->messageId, request.body,
                                               QStringLiteral("%1 kept").arg(envelope->type));
                return ApiResponse::json({{"type", envelope->type}});
            }
            auto notice =
                awsNotice(*marketplace->gateway, *envelope, request.body, platform->clock().nowMs());
            if (!notice)
                return refuse(request, "aws", envelope->messageId, notice.problem());
            auto applied = platform->subscriptions().apply(*notice, request.requestId);
            if (applied && notice->action == contract::SubscriptionAction::UnsubscribePending &&
                applied->body.value("action").toString() == notice->action) {
                // AWS takes the customer's last usage for about an hour after this: it is metered and
                // sent now, apart from SNS's answer.
                QThreadPool::globalInstance()->start(
                    [platform, cloud = applied->body.value("cloud_account_id").toString()] {
                        if (auto sent = platform->metering().meterFinalUsage(cloud); !sent)
                            qWarning("billing-platform: the final usage of %s was not metered: %s",
                                     qPrintable(cloud), qPrintable(sent.problem().message()));
                    });
            }
            return answerChange(applied);
        },
        Access::marketplace());

    // Azure landing page: the token from the marketplace's redirect, as the x-ms-marketplace-token header or
    // {"token"}.
    server.route(
        "POST", "/v1/marketplace/azure/resolve",
        [platform, marketplace, refuse](const ApiRequest &request) {
            QString token = QString::fromLatin1(request.headers.value("x-ms-marketplace-token"));
            if (token.isEmpty())
                token = QJsonDocument::fromJson(request.body).object().value("token").toString();
            if (token.isEmpty())
                return refuse(
                    request, "azure", tokenId(token),
                    Problem::invalidRequest(
                        "token",
                        QStringLiteral(
                            "Send the landing-page token as x-ms-marketplace-token or {\"token\": ...}.")));
            auto customer = marketplace->gateway->resolveAzureSubscription(token);
            if (!customer)
                return refuse(request, "azure", tokenId(token), customer.problem());
            auto registered = platform->subscriptions().registerCustomer(*customer, request.requestId);
            if (!registered || !registered->body.value("created").toBool())
                return answerChange(registered);
            // Azure has no "subscribe" message: the publisher activates the subscription, which makes it
            // subscribed.
            if (auto activated =
                    marketplace->gateway->activateAzureSubscription(customer->externalId, customer->planId);
                !activated)
                return answerChange(
                    registered); // stays pending; staff see it syncing and can retry from the marketplace
            contract::SubscriptionNotice activation;
            activation.marketplace = QStringLiteral("azure");
            activation.messageId = QStringLiteral("activate:") + customer->externalId;
            activation.externalId = customer->externalId;
            activation.action = contract::SubscriptionAction::SubscribeSuccess;
            activation.raw = request.body;
            if (auto applied = platform->subscriptions().apply(activation, request.requestId); !applied)
                return ApiResponse::problem(applied.problem());
            auto cloud = platform->cloudAccount(
                registered->body.value("cloud_account").toObject().value("id").toString());
            if (!cloud)
                return ApiResponse::problem(cloud.problem());
            return ApiResponse::json({{"cloud_account", cloud->toJson()}, {"created", true}}, 201);
        },
        Access::marketplace());

    server.route(
        "POST", "/v1/marketplace/azure/webhook",
        [platform, marketplace, refuse](const ApiRequest &request) {
            auto call = AzureWebhook::read(request.headers.value("authorization"), request.body,
                                           marketplace->trust, platform->clock().nowMs(),
                                           [gateway = marketplace->gateway](const QString &kid) {
                                               return gateway->azureWebhookKey(kid);
                                           });
            if (!call) {
                const QString id = QJsonDocument::fromJson(request.body).object().value("id").toString();
                return refuse(request, "azure", id, call.problem());
            }
            auto asked = confirmedByFulfillmentApi(*marketplace->gateway, call.value(), request.body);
            if (!asked && asked.problem().code == QLatin1String("operation_not_confirmed"))
                return refuse(request, "azure", call->notice.messageId, asked.problem());
            if (!asked)
                return ApiResponse::problem(asked.problem()); // Microsoft delivers it again
            const QString subscription = call->notice.externalId;
            const QString operationId = call->notice.messageId;
            if (!call->applies) {
                platform->subscriptions().keep("azure", call->notice.messageId, request.body,
                                               QStringLiteral("noted: %1 with status %2, nothing to change")
                                                   .arg(call->notice.action, call->status));
                return ApiResponse::json(
                    {{"action", call->notice.action}, {"status", call->status}, {"applied", false}});
            }
            auto applied = platform->subscriptions().apply(call->notice, request.requestId);
            // A plan or quantity change waits for the publisher's word: Success when it took effect here,
            // Failure when it could not (a stale or ignored message, an unknown customer).
            if (*asked && call->status == QLatin1String("InProgress")) {
                const bool took = applied && !applied->body.value("stale").toBool() &&
                                  !applied->body.value("ignored").toBool() &&
                                  !applied->body.value("replayed").toBool();
                if (!applied || !applied->body.value("replayed").toBool()) {
                    if (auto answered =
                            marketplace->gateway->answerAzureOperation(subscription, operationId, took);
                        !answered)
                        qWarning("billing-platform: Azure operation %s could not be answered: %s",
                                 qPrintable(operationId), qPrintable(answered.problem().message()));
                }
            }
            return answerChange(applied);
        },
        Access::marketplace());

    server.route("GET", "/v1/marketplace/events", [platform](const ApiRequest &request) {
        if (auto known = contract::parameters::onlyKnown(
                request.query, {"limit", "provider", "cloud_account_id", "verdict"});
            !known)
            return ApiResponse::problem(known.problem());
        auto limit = contract::parameters::integer(request.query, "limit", 100, 1, 1000);
        if (!limit)
            return ApiResponse::problem(limit.problem());
        store::MarketplaceEventStore::Filter filter{
            request.query.queryItemValue("provider", QUrl::FullyDecoded),
            request.query.queryItemValue("cloud_account_id", QUrl::FullyDecoded),
            request.query.queryItemValue("verdict", QUrl::FullyDecoded)};
        if (!filter.provider.isEmpty() && !QStringList{"aws", "azure"}.contains(filter.provider))
            return ApiResponse::problem(
                Problem::invalidRequest("provider", QStringLiteral("provider is aws or azure.")));
        if (!filter.verdict.isEmpty() && !store::MarketplaceEventStore::Verdicts.contains(filter.verdict))
            return ApiResponse::problem(Problem::invalidRequest(
                "verdict", QStringLiteral("verdict is one of %1.")
                               .arg(store::MarketplaceEventStore::Verdicts.join(QStringLiteral(", ")))));
        auto events = platform->marketplaceEvents(int(*limit), filter);
        if (!events)
            return ApiResponse::problem(events.problem());
        QJsonArray items;
        for (const auto &e : *events)
            items.append(QJsonObject{{"id", e.id},
                                     {"provider", e.provider},
                                     {"message_id", e.messageId},
                                     {"received_at", contract::json::time(e.receivedAt)},
                                     {"sent_at", contract::json::time(e.sentAt)},
                                     {"accepted", e.accepted},
                                     {"verdict", e.verdict},
                                     {"outcome", e.outcome},
                                     {"cloud_account_id", e.cloudAccountId},
                                     {"raw", QString::fromUtf8(e.raw)},
                                     {"raw_bytes", e.rawBytes},
                                     {"raw_sha256", e.rawSha256},
                                     {"refused", e.refused}});
        return ApiResponse::json({{"total", items.size()}, {"items", items}});
    });

    // Every call the platform made to a marketplace, each attempt: what staff check first when a
    // marketplace seems not to answer.
    server.route("GET", "/v1/marketplace/calls", [platform](const ApiRequest &request) {
        if (auto known = contract::parameters::onlyKnown(request.query, {"limit"}); !known)
            return ApiResponse::problem(known.problem());
        auto limit = contract::parameters::integer(request.query, "limit", 100, 1, 1000);
        if (!limit)
            return ApiResponse::problem(limit.problem());
        auto calls = platform->marketplaceCalls(int(*limit));
        if (!calls)
            return ApiResponse::problem(calls.problem());
        QJsonArray items;
        for (const auto &c : *calls)
            items.append(QJsonObject{{"at", contract::json::time(c.at)},
                                     {"marketplace", c.marketplace},
                                     {"operation", c.operation},
                                     {"attempt", c.attempt},
                                     {"status", c.status},
                                     {"latency_ms", c.latencyMs},
                                     {"request_id", c.requestId},
                                     {"outcome", c.outcome}});
        return ApiResponse::json({{"total", items.size()}, {"items", items}});
    });

    // Retry Sync: staff ask the marketplace again what it holds for a customer (AWS GetEntitlements;
    // Azure Get Subscription, and activation if it still waits for it) and the answer is kept, audited.
    server.route(
        "POST", "/v1/cloud-accounts/{id}/sync",
        [platform, marketplace](const ApiRequest &request) {
            auto input = changeInput(request, Version::None, Body::Optional);
            if (!input)
                return ApiResponse::problem(input.problem());
            auto cloud = platform->cloudAccount(request.pathId);
            if (!cloud)
                return ApiResponse::problem(cloud.problem());
            domain::MarketplaceSubscriptions::SyncAnswer answer;
            const auto offline = [](const Problem &problem) {
                return problem.code == QLatin1String("marketplace_offline");
            };
            if (cloud->provider == contract::vocabulary::Provider::Azure) {
                auto subscription = marketplace->gateway->azureSubscription(cloud->azureSubscriptionId);
                if (!subscription && offline(subscription.problem()))
                    return ApiResponse::problem(subscription.problem());
                const QString status =
                    subscription ? subscription->value("saasSubscriptionStatus").toString() : QString();
                if (!subscription) {
                    answer.note = subscription.problem().message();
                } else if (status == QLatin1String("PendingFulfillmentStart")) {
                    auto activated = marketplace->gateway->activateAzureSubscription(
                        cloud->azureSubscriptionId, cloud->planId);
                    answer.answered = activated.ok();
                    answer.note = activated ? QStringLiteral("Azure activated the subscription.")
                                            : activated.problem().message();
                } else {
                    answer.answered = true;
                    answer.note = QStringLiteral("Azure says the subscription is %1.").arg(status);
                }
            } else {
                auto entitlements =
                    marketplace->gateway->awsEntitlements(cloud->productCode, cloud->customerIdentifier);
                if (!entitlements && offline(entitlements.problem()))
                    return ApiResponse::problem(entitlements.problem());
                answer.answered = entitlements.ok();
                if (entitlements) {
                    answer.entitlements = *entitlements;
                    answer.note = QStringLiteral("AWS holds %1 entitlements.").arg(entitlements->size());
                } else {
                    answer.note = entitlements.problem().message();
                }
            }
            return answerChange(platform->subscriptions().recordSync(input->change, request.pathId, answer));
        },
        Access::changingBilling());

    // Replay (admins): a refused or stale message, kept whole, is taken again now, out of its order: an
    // AWS one verified again as of when it arrived, an Azure one confirmed by Get Operation (its token is
    // not kept). The finality of an ended subscription still holds (rule 11). Audited as the admin's.
    server.route(
        "POST", "/v1/marketplace/events/{id}/replay",
        [platform, marketplace](const ApiRequest &request) {
            auto input = changeInput(request, Version::None, Body::Optional);
            if (!input)
                return ApiResponse::problem(input.problem());
            bool number = false;
            const qint64 id = request.pathId.toLongLong(&number);
            auto kept = number ? platform->marketplaceEvent(id)
                               : Result<std::optional<store::MarketplaceEventStore::Event>>(std::nullopt);
            if (!kept)
                return ApiResponse::problem(kept.problem());
            if (!*kept)
                return ApiResponse::problem(
                    Problem::notFound(QStringLiteral("marketplace message"), request.pathId));
            const store::MarketplaceEventStore::Event &e = **kept;
            const auto notReplayable = [&](const QString &why) {
                return ApiResponse::problem(
                    Problem{409,
                            "not_replayable",
                            QStringLiteral("Not replayable"),
                            QStringLiteral("Message %1 cannot be replayed: %2").arg(e.messageId, why),
                            {{"verdict", e.verdict}}});
            };
            if (e.verdict != QLatin1String("refused") && e.verdict != QLatin1String("stale"))
                return notReplayable(
                    QStringLiteral("only a refused or stale message is; this one was %1.").arg(e.verdict));
            if (e.rawBytes != e.raw.size())
                return notReplayable(QStringLiteral("only its first %1 bytes were kept.").arg(e.raw.size()));
            contract::SubscriptionNotice notice;
            if (e.provider == QLatin1String("aws")) {
                auto envelope = verifiedEnvelope(*marketplace, e.raw, e.receivedAt); // as when it arrived
                if (!envelope)
                    return notReplayable(envelope.problem().message());
                if (envelope->type != QLatin1String("Notification"))
                    return notReplayable(
                        QStringLiteral("it is a %1, not a notification.").arg(envelope->type));
                auto read = awsNotice(*marketplace->gateway, *envelope, e.raw, platform->clock().nowMs());
                if (!read)
                    return notReplayable(read.problem().message());
                notice = *read;
            } else {
                auto call = AzureWebhook::payload(e.raw);
                if (!call)
                    return notReplayable(call.problem().message());
                auto asked = confirmedByFulfillmentApi(*marketplace->gateway, call.value(), e.raw);
                if (!asked)
                    return notReplayable(asked.problem().message());
                if (!*asked)
                    return notReplayable(
                        QStringLiteral("its token is not kept, and offline nothing confirms it."));
                if (!call->applies)
                    return notReplayable(
                        QStringLiteral("the fulfillment API says it is %1: nothing to apply.")
                            .arg(call->status));
                notice = call->notice;
            }
            // Out of its order on purpose, under a new id of its own.
            const QString original = notice.messageId;
            notice.messageId = QStringLiteral("%1#replay-%2").arg(original).arg(e.id);
            notice.replay = true;
            auto applied = platform->subscriptions().apply(notice, request.requestId);
            if (!applied)
                return ApiResponse::problem(applied.problem());
            return answerChange(platform->subscriptions().recordReplay(input->change, e.id, original,
                                                                       e.verdict, applied->body));
        },
        Access::replayingMarketplaceMessages());
}

} // namespace billing::http
