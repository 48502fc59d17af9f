// SPDX-License-Identifier: Apache-2.0
#include "foundation/contract/queryparameters.h"
#include "foundation/contract/vocabulary.h"
#include "platform/domain/billingplatform.h"
#include "platform/http/apiserver.h"
#include "platform/http/routeinput.h"
#include "platform/http/routes.h"

namespace billing::http {

namespace parameters = contract::parameters;

void registerAccountRoutes(ApiServer &server, std::shared_ptr<domain::BillingPlatform> platform)
{
    server.route("GET", "/v1/accounts/{id}",
                 [platform](const ApiRequest &request) { return answer(platform->account(request.pathId)); });

    server.route("GET", "/v1/deployments", [platform](const ApiRequest &request) {
        if (auto known = parameters::onlyKnown(request.query, {"workspace_id", "state", "offset", "limit"});
            !known)
            return ApiResponse::problem(known.problem());
        auto state = parameters::oneOf(request.query, "state", contract::vocabulary::DeploymentState::all());
        if (!state)
            return ApiResponse::problem(state.problem());
        auto window = windowOf(request.query, 100, 1000);
        if (!window)
            return ApiResponse::problem(window.problem());
        return answer(platform->deployments(parameters::text(request.query, "workspace_id"), *state,
                                            window->offset, window->limit));
    });
}

} // namespace billing::http
