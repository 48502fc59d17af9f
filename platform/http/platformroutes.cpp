#include "platform/http/platformroutes.h"

#include "platform/api/jsonfields.h"
#include "platform/api/queryparameters.h"
#include "platform/api/vocabulary.h"
#include "platform/domain/billingplatform.h"
#include "platform/http/apiserver.h"
#include "platform/store/migrations.h"

#include <QJsonArray>

namespace billing::http {

using api::Result;
namespace parameters = api::parameters;

namespace {

template<typename T, typename ToJson>
ApiResponse answer(const Result<T> &result, ToJson toJson)
{
    if (!result)
        return ApiResponse::problem(result.problem());
    return ApiResponse::json(toJson(*result));
}

template<typename T>
ApiResponse answer(const Result<T> &result)
{
    return answer(result, [](const T &value) { return value.toJson(); });
}

// A list's window: offset and limit, validated the one way every list does it.
struct Window {
    qint64 offset = 0;
    int limit = 100;
};
Result<Window> windowOf(const QUrlQuery &query, int defaultLimit, int maxLimit)
{
    auto offset = parameters::integer(query, "offset", 0, 0, std::numeric_limits<int>::max());
    if (!offset)
        return offset.problem();
    auto limit = parameters::integer(query, "limit", defaultLimit, 1, maxLimit);
    if (!limit)
        return limit.problem();
    return Window{*offset, int(*limit)};
}

} // namespace

void registerPlatformRoutes(ApiServer &server, std::shared_ptr<domain::BillingPlatform> platform)
{
    server.route("GET", "/v1/health", [platform](const ApiRequest &) {
        auto head = platform->auditHead();
        if (!head)
            return ApiResponse::problem(head.problem());
        return ApiResponse::json({{"status", "ok"},
                                  {"version", BILLING_VERSION},
                                  {"storage", platform->database().backendName()},
                                  {"schema_version", store::Migrations::latestVersion()},
                                  {"time", api::json::time(platform->clock().nowMs())},
                                  {"audit_head", QJsonObject{{"seq", head->seq}, {"hash", head->hash}}}});
    });

    server.route("GET", "/v1/workspaces", [platform](const ApiRequest &request) {
        auto query = api::WorkspaceQuery::fromUrlQuery(request.query);
        if (!query)
            return ApiResponse::problem(query.problem());
        return answer(platform->workspaces(*query));
    });

    server.route("GET", "/v1/workspaces/{id}", [platform](const ApiRequest &request) {
        auto workspace = platform->workspace(request.pathId);
        ApiResponse response = answer(workspace);
        if (workspace)
            response.headers.append({"ETag", QByteArray("\"") + QByteArray::number(workspace->version) + "\""});
        return response;
    });

    server.route("GET", "/v1/accounts/{id}", [platform](const ApiRequest &request) {
        return answer(platform->account(request.pathId));
    });

    server.route("GET", "/v1/cloud-accounts", [platform](const ApiRequest &request) {
        if (auto known = parameters::onlyKnown(request.query, {"provider", "offset", "limit"}); !known)
            return ApiResponse::problem(known.problem());
        auto provider = parameters::oneOf(request.query, "provider", api::vocabulary::Provider::all());
        if (!provider)
            return ApiResponse::problem(provider.problem());
        auto window = windowOf(request.query, 100, 1000);
        if (!window)
            return ApiResponse::problem(window.problem());
        return answer(platform->cloudAccounts(*provider, window->offset, window->limit));
    });

    server.route("GET", "/v1/cloud-accounts/{id}", [platform](const ApiRequest &request) {
        return answer(platform->cloudAccount(request.pathId));
    });

    server.route("GET", "/v1/deployments", [platform](const ApiRequest &request) {
        if (auto known = parameters::onlyKnown(request.query, {"workspace_id", "state", "offset", "limit"}); !known)
            return ApiResponse::problem(known.problem());
        auto state = parameters::oneOf(request.query, "state", api::vocabulary::DeploymentState::all());
        if (!state)
            return ApiResponse::problem(state.problem());
        auto window = windowOf(request.query, 100, 1000);
        if (!window)
            return ApiResponse::problem(window.problem());
        return answer(platform->deployments(parameters::text(request.query, "workspace_id"), *state, window->offset,
                                            window->limit));
    });

    server.route("GET", "/v1/audit-events", [platform](const ApiRequest &request) {
        if (auto known = parameters::onlyKnown(request.query, {"after_seq", "limit", "actor", "target", "order"}); !known)
            return ApiResponse::problem(known.problem());
        auto after = parameters::integer(request.query, "after_seq", 0, 0, std::numeric_limits<qint64>::max());
        if (!after)
            return ApiResponse::problem(after.problem());
        auto limit = parameters::integer(request.query, "limit", 100, 1, 1000);
        if (!limit)
            return ApiResponse::problem(limit.problem());
        auto order = parameters::oneOf(request.query, "order", QStringList{"asc", "desc"});
        if (!order)
            return ApiResponse::problem(order.problem());
        store::AuditStore::Filter filter{*after, int(*limit), parameters::text(request.query, "actor"),
                                         parameters::text(request.query, "target"), *order == QLatin1String("desc")};
        return answer(platform->auditEvents(filter));
    });

    server.route("GET", "/v1/sites", [platform](const ApiRequest &) {
        return answer(platform->sites(), [](const QStringList &sites) {
            return QJsonObject{{"total", sites.size()}, {"items", QJsonArray::fromStringList(sites)}};
        });
    });
}

} // namespace billing::http
