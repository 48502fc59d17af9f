// SPDX-License-Identifier: Apache-2.0
#include "foundation/contract/queryparameters.h"
#include "platform/domain/billingplatform.h"
#include "platform/http/apiserver.h"
#include "platform/http/routeinput.h"
#include "platform/http/routes.h"

namespace billing::http {

namespace parameters = contract::parameters;

void registerAuditRoutes(ApiServer &server, std::shared_ptr<domain::BillingPlatform> platform)
{
    server.route("GET", "/v1/audit-events", [platform](const ApiRequest &request) {
        if (auto known =
                parameters::onlyKnown(request.query, {"after_seq", "limit", "actor", "target", "order"});
            !known)
            return ApiResponse::problem(known.problem());
        auto after =
            parameters::integer(request.query, "after_seq", 0, 0, std::numeric_limits<qint64>::max());
        if (!after)
            return ApiResponse::problem(after.problem());
        auto limit = parameters::integer(request.query, "limit", 100, 1, 1000);
        if (!limit)
            return ApiResponse::problem(limit.problem());
        auto order = parameters::oneOf(request.query, "order", QStringList{"asc", "desc"});
        if (!order)
            return ApiResponse::problem(order.problem());
        contract::AuditEventQuery query;
        query.afterSeq = *after;
        query.limit = int(*limit);
        query.actor = parameters::text(request.query, "actor");
        query.targetId = parameters::text(request.query, "target");
        query.newestFirst = *order == QLatin1String("desc");
        return answer(platform->auditEvents(query));
    });
}

} // namespace billing::http
