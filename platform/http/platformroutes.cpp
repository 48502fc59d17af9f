// SPDX-License-Identifier: Apache-2.0
#include "platform/http/platformroutes.h"

#include "foundation/contract/jsonfields.h"
#include "foundation/contract/queryparameters.h"
#include "foundation/contract/vocabulary.h"
#include "platform/domain/billingplatform.h"
#include "platform/http/apiserver.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>

namespace billing::http {

using contract::Result;
namespace parameters = contract::parameters;

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

// --- Changes: body, version, idempotency key and role, each refused with its own problem. ---

Result<QString> textField(const QJsonObject &body, const char *name, bool required)
{
    const QJsonValue value = body.value(QLatin1String(name));
    if (value.isUndefined() || value.isNull()) {
        if (required)
            return contract::Problem::invalidRequest(
                QLatin1String(name), QStringLiteral("\"%1\" is required.").arg(QLatin1String(name)));
        return QString();
    }
    if (!value.isString())
        return contract::Problem::invalidRequest(
            QLatin1String(name), QStringLiteral("\"%1\" must be a string.").arg(QLatin1String(name)));
    return value.toString();
}

Result<qint64> ifMatchVersion(const ApiRequest &request)
{
    const QByteArray header = request.headers.value("if-match").trimmed();
    if (header.isEmpty())
        return contract::Problem{
            428,
            "version_required",
            QStringLiteral("Version required"),
            QStringLiteral(
                "Send the version the change is based on as If-Match: \"N\" (the workspace's ETag)."),
            {}};
    QByteArray digits = header;
    if (digits.startsWith("W/"))
        digits = digits.mid(2);
    if (digits.startsWith('"') && digits.endsWith('"') && digits.size() >= 2)
        digits = digits.mid(1, digits.size() - 2);
    bool ok = false;
    const qint64 version = digits.toLongLong(&ok);
    if (!ok || version < 0)
        return contract::Problem::invalidRequest("If-Match",
                                                 QStringLiteral("If-Match must be a version such as \"7\"."));
    return version;
}

// The change's who and key: the route has already checked the role.
Result<domain::ChangeRequest> changeRequest(const ApiRequest &request)
{
    const QString key = QString::fromLatin1(request.headers.value("idempotency-key")).trimmed();
    if (key.isEmpty() || key.size() > 200)
        return contract::Problem::invalidRequest(
            "Idempotency-Key", QStringLiteral("Every change needs an Idempotency-Key header "
                                              "(1 to 200 characters), new for each change."));
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(request.method + ' ' + request.path.toUtf8() + '\n' + request.headers.value("if-match") +
                 '\n' + request.body);
    return domain::ChangeRequest{request.staff, request.requestId, key, hash.result().toHex()};
}

// What every change sends: who and under which key, the version it is based on, and its body.
struct ChangeInput {
    domain::ChangeRequest change;
    qint64 basedOnVersion = -1;
    QJsonObject body;
};
enum class Version { Required, None };
enum class Body { Required, Optional };

Result<ChangeInput> changeInput(const ApiRequest &request, Version version, Body body)
{
    auto change = changeRequest(request);
    if (!change)
        return change.problem();
    ChangeInput input{*change, -1, {}};
    if (version == Version::Required) {
        auto basedOn = ifMatchVersion(request);
        if (!basedOn)
            return basedOn.problem();
        input.basedOnVersion = *basedOn;
    }
    if (body == Body::Required || !request.body.trimmed().isEmpty()) {
        auto parsed = jsonBody(request);
        if (!parsed)
            return parsed.problem();
        input.body = *parsed;
    }
    return input;
}

Result<qint64> timeField(const QJsonObject &body, const char *name)
{
    const QJsonValue value = body.value(QLatin1String(name));
    if (value.isUndefined() || value.isNull())
        return qint64(0);
    const qint64 at = value.isString() ? contract::json::time(value) : 0;
    if (at <= 0)
        return contract::Problem::invalidRequest(QLatin1String(name),
                                                 QStringLiteral("\"%1\" must be a date-time such as "
                                                                "\"2026-12-01T00:00:00Z\".")
                                                     .arg(QLatin1String(name)));
    return at;
}

// The workspaces a selection names, each with the version the admin saw: [{"id", "version"}].
Result<QList<domain::LockTarget>> lockTargets(const QJsonObject &body)
{
    const QJsonValue list = body.value("workspaces");
    const auto bad = [] {
        return contract::Problem::invalidRequest("workspaces",
                                                 QStringLiteral("\"workspaces\" must be an array of "
                                                                "{\"id\": string, \"version\": integer}."));
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

ApiResponse answerChange(const Result<domain::Outcome> &outcome)
{
    if (!outcome)
        return ApiResponse::problem(outcome.problem());
    ApiResponse response = ApiResponse::json(outcome->body, outcome->status);
    if (!outcome->etag.isEmpty())
        response.headers.append({"ETag", outcome->etag});
    return response;
}

} // namespace

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

    // Who may change what (docs/access.md); reading is open to every staff user.
    namespace role = contract::vocabulary::StaffRole;
    const Access billing = Access::only({role::Operator, role::Admin}, QStringLiteral("Changing billing"));
    const Access locking = Access::only({role::Admin}, QStringLiteral("Locking and unlocking workspaces"));

    server.route(
        "POST", "/v1/scheduler/run",
        [platform](const ApiRequest &) {
            auto sweep = platform->scheduler().runDue();
            if (!sweep)
                return ApiResponse::problem(sweep.problem());
            return ApiResponse::json(sweep->toJson());
        },
        Access::only({role::Admin}, QStringLiteral("Running the scheduler")));

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

    server.route("GET", "/v1/accounts/{id}",
                 [platform](const ApiRequest &request) { return answer(platform->account(request.pathId)); });

    server.route("GET", "/v1/cloud-accounts", [platform](const ApiRequest &request) {
        if (auto known =
                parameters::onlyKnown(request.query, {"provider", "q", "takes_bindings", "subscription_state",
                                                      "sync_state", "offset", "limit"});
            !known)
            return ApiResponse::problem(known.problem());
        auto provider = parameters::oneOf(request.query, "provider", contract::vocabulary::Provider::all());
        if (!provider)
            return ApiResponse::problem(provider.problem());
        auto subscriptionState = parameters::oneOf(request.query, "subscription_state",
                                                   contract::vocabulary::SubscriptionState::all());
        if (!subscriptionState)
            return ApiResponse::problem(subscriptionState.problem());
        auto syncState =
            parameters::oneOf(request.query, "sync_state", contract::vocabulary::SyncState::all());
        if (!syncState)
            return ApiResponse::problem(syncState.problem());
        auto window = windowOf(request.query, 100, 1000);
        if (!window)
            return ApiResponse::problem(window.problem());
        auto takesBindings = parameters::oneOf(request.query, "takes_bindings", QStringList{"true", "false"});
        if (!takesBindings)
            return ApiResponse::problem(takesBindings.problem());
        auto q = parameters::search(request.query, "q");
        if (!q)
            return ApiResponse::problem(q.problem());
        return answer(
            platform->cloudAccounts({*provider, *q, *takesBindings == QLatin1String("true"),
                                     *subscriptionState, *syncState, window->offset, window->limit}));
    });

    server.route("GET", "/v1/cloud-accounts/{id}", [platform](const ApiRequest &request) {
        return answer(platform->cloudAccount(request.pathId));
    });

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
        contract::AuditEventQuery filter{*after, int(*limit), parameters::text(request.query, "actor"),
                                         parameters::text(request.query, "target"),
                                         *order == QLatin1String("desc")};
        return answer(platform->auditEvents(filter));
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
        billing);

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
        billing);

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
        billing);

    // Locks and unlocks (rule 6): one workspace under If-Match, or a selection with a version each.
    using Answer = domain::WorkspaceLocks::Answer;
    const auto lockRoute = [&server, platform, locking](const QString &path, Answer shape, bool lock) {
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
                    return answerChange(
                        platform->locks().lock(input->change, *targets, *reason, *note, shape));
                }
                auto until = timeField(input->body, "override_until");
                if (!until)
                    return ApiResponse::problem(until.problem());
                return answerChange(platform->locks().unlock(input->change, *targets, *note, *until, shape));
            },
            locking);
    };
    lockRoute("/v1/workspaces/{id}/lock", Answer::Workspace, true);
    lockRoute("/v1/workspaces/{id}/unlock", Answer::Workspace, false);
    lockRoute("/v1/workspace-locks", Answer::Selection, true);
    lockRoute("/v1/workspace-unlocks", Answer::Selection, false);

    // Who the token belongs to, so the console can say so and disable what the role may not do. A console
    // asks once as its session starts: that is its sign-in, and it is audited.
    server.route("GET", "/v1/session", [platform](const ApiRequest &request) {
        if (auto audited =
                platform->staff().signedIn(request.staff, request.peer.toString(), request.requestId);
            !audited)
            return ApiResponse::problem(audited.problem());
        const qint64 expires = request.staff.expiresAt;
        return ApiResponse::json(QJsonObject{
            {"name", request.staff.name},
            {"role", request.staff.role},
            {"expires_at", expires == 0 ? QJsonValue() : QJsonValue(contract::json::time(expires))}});
    });

    server.route("GET", "/v1/sites", [platform](const ApiRequest &) {
        return answer(platform->sites(), [](const QStringList &sites) {
            return QJsonObject{{"total", sites.size()}, {"items", QJsonArray::fromStringList(sites)}};
        });
    });
}

} // namespace billing::http
