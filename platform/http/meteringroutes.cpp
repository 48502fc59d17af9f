// SPDX-License-Identifier: Apache-2.0
#include "foundation/contract/jsonfields.h"
#include "foundation/contract/metering.h"
#include "foundation/contract/queryparameters.h"
#include "platform/domain/billingplatform.h"
#include "platform/http/access.h"
#include "platform/http/apiserver.h"
#include "platform/http/routeinput.h"
#include "platform/http/routes.h"

#include <QDate>
#include <QJsonArray>
#include <QTimeZone>

namespace billing::http {

using contract::Problem;

namespace {

// The first moment of the calendar month (UTC) that holds `ms`, and of the next one.
QPair<qint64, qint64> monthOf(qint64 ms)
{
    const QDate day = QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).date();
    const QDateTime start(QDate(day.year(), day.month(), 1), QTime(0, 0), Qt::UTC);
    return {start.toMSecsSinceEpoch(), start.addMonths(1).toMSecsSinceEpoch()};
}

} // namespace

void registerMeteringRoutes(ApiServer &server, std::shared_ptr<domain::BillingPlatform> platform)
{
    // The ledger, newest hours first, filtered by cloud account, period, state and dimension.
    server.route("GET", "/v1/metering-records", [platform](const ApiRequest &request) {
        auto query = contract::MeteringQuery::fromUrlQuery(request.query);
        if (!query)
            return ApiResponse::problem(query.problem());
        return answer(platform->metering().records(*query));
    });

    // Quantity and hours per cloud account, dimension and state over a period (this calendar month by
    // default): what a customer was billed, and what was lost.
    server.route("GET", "/v1/metering-totals", [platform](const ApiRequest &request) {
        using namespace contract::parameters;
        if (auto known = onlyKnown(request.query, {"cloud_account_id", "from", "to"}); !known)
            return ApiResponse::problem(known.problem());
        const auto when = period(request.query, monthOf(platform->clock().nowMs()));
        if (!when)
            return ApiResponse::problem(when.problem());
        const auto [from, to] = *when;
        auto totals =
            platform->metering().totals(from, to, text(request.query, "cloud_account_id").trimmed());
        if (!totals)
            return ApiResponse::problem(totals.problem());
        QJsonArray items;
        for (const contract::MeteringTotal &t : *totals)
            items.append(t.toJson());
        return ApiResponse::json({{"from", contract::json::time(from)},
                                  {"to", contract::json::time(to)},
                                  {"total", items.size()},
                                  {"items", items}});
    });

    // Retry (operators, admins): a failed hour is due now, audited, and sent at once; the answer is the
    // record as it is after that attempt.
    server.route(
        "POST", "/v1/metering-records/{id}/retry",
        [platform](const ApiRequest &request) {
            auto input = changeInput(request, Version::None, Body::Optional);
            if (!input)
                return ApiResponse::problem(input.problem());
            bool number = false;
            const qint64 id = request.pathId.toLongLong(&number);
            if (!number || id <= 0)
                return ApiResponse::problem(
                    Problem::notFound(QStringLiteral("metering record"), request.pathId));
            if (!platform->metering().sends())
                return ApiResponse::problem(Problem{
                    503,
                    "marketplace_offline",
                    QStringLiteral("Nothing to send to"),
                    QStringLiteral(
                        "The platform runs without --marketplace-config: no metered hour can be sent."),
                    {}});
            auto retried = platform->metering().retry(input->change, id);
            if (!retried)
                return ApiResponse::problem(retried.problem());
            const QString cloud = retried->body.value("cloud_account_id").toString();
            if (auto sent = platform->metering().sendDue(cloud); !sent)
                qWarning("billing-platform: a retried metering record could not be sent: %s",
                         qPrintable(sent.problem().message()));
            auto now = platform->metering().record(id);
            if (!now)
                return ApiResponse::problem(now.problem());
            return ApiResponse::json(now->toJson());
        },
        Access::retryingMetering());
}

} // namespace billing::http
