// SPDX-License-Identifier: Apache-2.0
#include "foundation/contract/jsonfields.h"
#include "platform/domain/billingplatform.h"
#include "platform/http/apiserver.h"
#include "platform/http/routeinput.h"
#include "platform/http/routes.h"

#include <QJsonArray>

namespace billing::http {

void registerPlatformRoutes(ApiServer &server, std::shared_ptr<domain::BillingPlatform> platform,
                            std::shared_ptr<const MarketplaceConnection> marketplace)
{
    if (!marketplace) {
        auto nothingTrusted = std::make_shared<MarketplaceConnection>();
        nothingTrusted->gateway = std::make_shared<marketplace::OfflineMarketplaceGateway>(
            QByteArray(), [platform] { return platform->clock().nowMs(); });
        marketplace = nothingTrusted;
    }
    registerMarketplaceRoutes(server, platform, marketplace);
    registerWorkspaceRoutes(server, platform);
    registerCloudAccountRoutes(server, platform);
    registerAccountRoutes(server, platform);
    registerAuditRoutes(server, platform);
    registerMeteringRoutes(server, platform);

    // For load balancers and for people: which instance answered, and whether it can serve now (its
    // database answers); not ready is a 503 of the same shape, so a balancer's check needs no body. It
    // takes no token, and tells anonymous callers nothing more; staff get the versions, the audit head
    // and the scheduler's state.
    server.route(
        "GET", "/v1/health",
        [platform](const ApiRequest &request) {
            QJsonObject health{{"instance", platform->scheduler().instanceName()}};
            auto head = platform->auditHead();
            health.insert("ready", bool(head));
            health.insert("status", head ? "ok" : "unavailable");
            if (request.staff.name.isEmpty())
                return ApiResponse::json(health, head ? 200 : 503);
            health.insert("version", BILLING_VERSION);
            health.insert("storage", platform->storageName());
            health.insert("schema_version", platform->schemaVersion());
            health.insert("time", contract::json::time(platform->clock().nowMs()));
            if (!head) {
                health.insert("detail", head.problem().message());
                return ApiResponse::json(health, 503);
            }
            health.insert("audit_head", QJsonObject{{"seq", head->seq}, {"hash", head->hash}});
            QJsonObject scheduler{{"has_turn", platform->scheduler().hadTurn()}};
            if (auto last = platform->scheduler().lastSweep(); last && *last)
                scheduler.insert("last_sweep",
                                 QJsonObject{{"instance", (*last)->instance},
                                             {"finished_at", contract::json::time((*last)->finishedAt)}});
            health.insert("scheduler", scheduler);
            health.insert("other_instances",
                          platform->storageName() == QLatin1String("sqlite")
                              ? QStringLiteral("none")
                              : (platform->hearsOtherInstances() ? QStringLiteral("notified")
                                                                 : QStringLiteral("polled")));
            return ApiResponse::json(health);
        },
        Access::anyone());

    // Who the token belongs to, so the console can say so and disable what the role may not do. A console
    // asks once as its session starts: that is its sign-in, and it is audited.
    server.route("GET", "/v1/session", [platform](const ApiRequest &request) {
        if (auto audited =
                platform->staff().signedIn(request.staff, request.peer.toString(), request.requestId);
            !audited)
            return ApiResponse::problem(audited.problem());
        const qint64 expires = request.staff.expiresAt;
        return ApiResponse::json(
            QJsonObject{{"name", request.staff.name},
                        {"role", request.staff.role},
                        {"expires_at", contract::json::time(expires)},
                        // The console counts down to expires_at by the platform's clock, not its own.
                        {"server_time", contract::json::time(platform->clock().nowMs())}});
    });

    server.route("GET", "/v1/sites", [platform](const ApiRequest &) {
        return answer(platform->sites(), [](const QStringList &sites) {
            return QJsonObject{{"total", sites.size()}, {"items", QJsonArray::fromStringList(sites)}};
        });
    });

    server.route(
        "POST", "/v1/scheduler/run",
        [platform](const ApiRequest &) { return answer(platform->scheduler().runDue()); },
        Access::runningTheScheduler());
}

} // namespace billing::http
