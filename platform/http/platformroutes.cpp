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

    server.route("GET", "/v1/health", [platform](const ApiRequest &) {
        auto head = platform->auditHead();
        if (!head)
            return ApiResponse::problem(head.problem());
        return ApiResponse::json({{"status", "ok"},
                                  {"version", BILLING_VERSION},
                                  {"storage", platform->storageName()},
                                  {"schema_version", platform->schemaVersion()},
                                  {"time", contract::json::time(platform->clock().nowMs())},
                                  {"audit_head", QJsonObject{{"seq", head->seq}, {"hash", head->hash}}}});
    });

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
