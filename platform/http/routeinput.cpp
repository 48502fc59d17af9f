// SPDX-License-Identifier: Apache-2.0
#include "platform/http/routeinput.h"

#include "foundation/contract/jsonfields.h"
#include "foundation/contract/queryparameters.h"

#include <QCryptographicHash>

namespace billing::http {

using contract::Problem;
using contract::Result;
namespace parameters = contract::parameters;

namespace {

Result<qint64> ifMatchVersion(const ApiRequest &request)
{
    const QByteArray header = request.headers.value("if-match").trimmed();
    if (header.isEmpty())
        return Problem{
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
        return Problem::invalidRequest("If-Match",
                                       QStringLiteral("If-Match must be a version such as \"7\"."));
    return version;
}

// The change's who and key: the route has already checked the role.
Result<domain::ChangeRequest> changeRequest(const ApiRequest &request)
{
    const QString key = QString::fromLatin1(request.headers.value("idempotency-key")).trimmed();
    if (key.isEmpty() || key.size() > 200)
        return Problem::invalidRequest("Idempotency-Key",
                                       QStringLiteral("Every change needs an Idempotency-Key header "
                                                      "(1 to 200 characters), new for each change."));
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(request.method + ' ' + request.path.toUtf8() + '\n' + request.headers.value("if-match") +
                 '\n' + request.body);
    return domain::ChangeRequest{request.staff, request.requestId, key, hash.result().toHex()};
}

} // namespace

ApiResponse answerChange(const Result<domain::Outcome> &outcome)
{
    if (!outcome)
        return ApiResponse::problem(outcome.problem());
    ApiResponse response = ApiResponse::json(outcome->body, outcome->status);
    if (!outcome->etag.isEmpty())
        response.headers.append({"ETag", outcome->etag});
    return response;
}

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

Result<QString> textField(const QJsonObject &body, const char *name, bool required)
{
    const QJsonValue value = body.value(QLatin1String(name));
    if (value.isUndefined() || value.isNull()) {
        if (required)
            return Problem::invalidRequest(QLatin1String(name),
                                           QStringLiteral("\"%1\" is required.").arg(QLatin1String(name)));
        return QString();
    }
    if (!value.isString())
        return Problem::invalidRequest(QLatin1String(name),
                                       QStringLiteral("\"%1\" must be a string.").arg(QLatin1String(name)));
    return value.toString();
}

Result<qint64> timeField(const QJsonObject &body, const char *name)
{
    const QJsonValue value = body.value(QLatin1String(name));
    if (value.isUndefined() || value.isNull())
        return qint64(0);
    const qint64 at = value.isString() ? contract::json::time(value) : 0;
    if (at <= 0)
        return Problem::invalidRequest(
            QLatin1String(name),
            QStringLiteral("\"%1\" must be a date-time such as \"2026-12-01T00:00:00Z\".")
                .arg(QLatin1String(name)));
    return at;
}

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

} // namespace billing::http
