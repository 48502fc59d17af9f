// SPDX-License-Identifier: Apache-2.0
#include "foundation/contract/queryparameters.h"
#include "foundation/contract/vocabulary.h"
#include "platform/domain/billingplatform.h"
#include "platform/http/apiserver.h"
#include "platform/http/routeinput.h"
#include "platform/http/routes.h"

#include <QJsonArray>

namespace billing::http {

namespace parameters = contract::parameters;
namespace v = contract::vocabulary;

void registerCloudAccountRoutes(ApiServer &server, std::shared_ptr<domain::BillingPlatform> platform)
{
    server.route("GET", "/v1/cloud-accounts", [platform](const ApiRequest &request) {
        if (auto known =
                parameters::onlyKnown(request.query, {"provider", "q", "takes_bindings", "subscription_state",
                                                      "sync_state", "offset", "limit"});
            !known)
            return ApiResponse::problem(known.problem());
        auto provider = parameters::oneOf(request.query, "provider", v::Provider::all());
        if (!provider)
            return ApiResponse::problem(provider.problem());
        auto subscriptionState =
            parameters::oneOf(request.query, "subscription_state", v::SubscriptionState::all());
        if (!subscriptionState)
            return ApiResponse::problem(subscriptionState.problem());
        auto syncState = parameters::oneOf(request.query, "sync_state", v::SyncState::all());
        if (!syncState)
            return ApiResponse::problem(syncState.problem());
        auto window = windowOf(request.query, 100, 1000);
        if (!window)
            return ApiResponse::problem(window.problem());
        auto takesBindings = parameters::oneOf(request.query, "takes_bindings", QStringList{"true", "false"});
        if (!takesBindings)
            return ApiResponse::problem(takesBindings.problem());
        auto search = parameters::search(request.query, "q");
        if (!search)
            return ApiResponse::problem(search.problem());
        return answer(
            platform->cloudAccounts({*provider, *search, *takesBindings == QLatin1String("true"),
                                     *subscriptionState, *syncState, window->offset, window->limit}));
    });

    server.route("GET", "/v1/cloud-accounts/{id}", [platform](const ApiRequest &request) {
        return answer(platform->cloudAccount(request.pathId));
    });

    server.route(
        "POST", "/v1/cloud-accounts/{id}/bindings",
        [platform](const ApiRequest &request) {
            auto input = changeInput(request, Version::None, Body::Required);
            if (!input)
                return ApiResponse::problem(input.problem());
            const QJsonValue ids = input->body.value("workspace_ids");
            if (!ids.isArray())
                return ApiResponse::problem(contract::Problem::invalidRequest(
                    "workspace_ids", QStringLiteral("\"workspace_ids\" must be an array of workspace ids.")));
            QStringList workspaceIds;
            for (const QJsonValue &id : ids.toArray()) {
                if (!id.isString())
                    return ApiResponse::problem(contract::Problem::invalidRequest(
                        "workspace_ids",
                        QStringLiteral("Every entry of \"workspace_ids\" must be a string.")));
                workspaceIds << id.toString();
            }
            const QJsonValue dryRun = input->body.value("dry_run");
            if (!dryRun.isUndefined() && !dryRun.isBool())
                return ApiResponse::problem(contract::Problem::invalidRequest(
                    "dry_run", QStringLiteral("\"dry_run\" must be true or false.")));
            return answerChange(platform->changes().bindWorkspaces(input->change, request.pathId,
                                                                   workspaceIds, dryRun.toBool(false)));
        },
        Access::changingBilling());

    server.route(
        "DELETE", "/v1/cloud-accounts/{id}/bindings/{workspace}",
        [platform](const ApiRequest &request) {
            auto input = changeInput(request, Version::Required, Body::Optional);
            if (!input)
                return ApiResponse::problem(input.problem());
            auto replacement = textField(input->body, "replacement_method", false);
            if (!replacement)
                return ApiResponse::problem(replacement.problem());
            return answerChange(platform->changes().unbindWorkspace(
                input->change, request.pathId, request.secondId, input->basedOnVersion, *replacement));
        },
        Access::changingBilling());
}

} // namespace billing::http
