// SPDX-License-Identifier: Apache-2.0
#include "platform/domain/billingplatform.h"
#include "platform/http/apiserver.h"
#include "platform/http/routeinput.h"
#include "platform/http/routes.h"

#include <QJsonArray>

namespace billing::http {

using contract::Result;
using Answer = domain::WorkspaceLocks::Answer;

namespace {

// The workspaces a selection names, each with the version the admin saw: [{"id", "version"}].
Result<QList<domain::LockTarget>> lockTargets(const QJsonObject &body)
{
    const QJsonValue list = body.value("workspaces");
    const auto bad = [] {
        return contract::Problem::invalidRequest(
            "workspaces",
            QStringLiteral("\"workspaces\" must be an array of {\"id\": string, \"version\": integer}."));
    };
    if (!list.isArray())
        return bad();
    QList<domain::LockTarget> targets;
    for (const QJsonValue &item : list.toArray()) {
        const QJsonObject o = item.toObject();
        if (!o.value("id").isString() || !o.value("version").isDouble())
            return bad();
        targets.append({o.value("id").toString(), o.value("version").toInteger()});
    }
    return targets;
}

// Locks and unlocks (rule 6): one workspace under If-Match, or a selection with a version each.
void lockRoute(ApiServer &server, std::shared_ptr<domain::BillingPlatform> platform, const QString &path,
               Answer shape, bool lock)
{
    server.route(
        "POST", path,
        [platform, shape, lock](const ApiRequest &request) {
            const bool one = shape == Answer::Workspace;
            auto input = changeInput(request, one ? Version::Required : Version::None,
                                     one && !lock ? Body::Optional : Body::Required);
            if (!input)
                return ApiResponse::problem(input.problem());
            auto targets = one ? Result<QList<domain::LockTarget>>(
                                     QList<domain::LockTarget>{{request.pathId, input->basedOnVersion}})
                               : lockTargets(input->body);
            if (!targets)
                return ApiResponse::problem(targets.problem());
            auto note = textField(input->body, "note", false);
            if (!note)
                return ApiResponse::problem(note.problem());
            if (lock) {
                auto reason = textField(input->body, "reason", true);
                if (!reason)
                    return ApiResponse::problem(reason.problem());
                return answerChange(platform->locks().lock(input->change, *targets, *reason, *note, shape));
            }
            auto until = timeField(input->body, "override_until");
            if (!until)
                return ApiResponse::problem(until.problem());
            return answerChange(platform->locks().unlock(input->change, *targets, *note, *until, shape));
        },
        Access::lockingWorkspaces());
}

} // namespace

void registerWorkspaceRoutes(ApiServer &server, std::shared_ptr<domain::BillingPlatform> platform)
{
    server.route("GET", "/v1/workspaces", [platform](const ApiRequest &request) {
        auto query = contract::WorkspaceQuery::fromUrlQuery(request.query);
        if (!query)
            return ApiResponse::problem(query.problem());
        return answer(platform->workspaces(*query));
    });

    server.route("GET", "/v1/workspaces/{id}", [platform](const ApiRequest &request) {
        auto workspace = platform->workspace(request.pathId);
        ApiResponse response = answer(workspace);
        if (workspace)
            response.headers.append(
                {"ETag", QByteArray("\"") + QByteArray::number(workspace->version) + "\""});
        return response;
    });

    server.route(
        "POST", "/v1/workspaces/{id}/billing-method",
        [platform](const ApiRequest &request) {
            auto input = changeInput(request, Version::Required, Body::Required);
            if (!input)
                return ApiResponse::problem(input.problem());
            auto method = textField(input->body, "method", true);
            if (!method)
                return ApiResponse::problem(method.problem());
            auto cloudAccount = textField(input->body, "cloud_account_id", false);
            if (!cloudAccount)
                return ApiResponse::problem(cloudAccount.problem());
            return answerChange(platform->changes().changeBillingMethod(
                input->change, request.pathId, input->basedOnVersion, *method, *cloudAccount));
        },
        Access::changingBilling());

    lockRoute(server, platform, "/v1/workspaces/{id}/lock", Answer::Workspace, true);
    lockRoute(server, platform, "/v1/workspaces/{id}/unlock", Answer::Workspace, false);
    lockRoute(server, platform, "/v1/workspace-locks", Answer::Selection, true);
    lockRoute(server, platform, "/v1/workspace-unlocks", Answer::Selection, false);
}

} // namespace billing::http
