// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "foundation/contract/result.h"
#include "platform/domain/changeset.h"
#include "platform/http/apirequest.h"
#include "platform/http/apiresponse.h"

#include <QJsonObject>
#include <QUrlQuery>

// What every route file reads from a request and answers the same way: a value or its problem, a
// list's window, a change's who, key, version and body. Each refusal names what was wrong.
namespace billing::http {

// A value as JSON (`toJson` by default), or its problem.
template<typename T, typename ToJson>
ApiResponse answer(const contract::Result<T> &result, ToJson toJson)
{
    if (!result)
        return ApiResponse::problem(result.problem());
    return ApiResponse::json(toJson(*result));
}

template<typename T>
ApiResponse answer(const contract::Result<T> &result)
{
    if constexpr (requires(const T &value) { value.toJsonText(); }) {
        if (!result)
            return ApiResponse::problem(result.problem());
        return ApiResponse::jsonText(result->toJsonText());
    } else {
        return answer(result, [](const T &value) { return value.toJson(); });
    }
}

// A change's answer: the body the change answered, its status and, for one workspace, its ETag.
ApiResponse answerChange(const contract::Result<domain::Outcome> &outcome);

// A list's window: offset and limit, validated the one way every list does it.
struct Window {
    qint64 offset = 0;
    int limit = 100;
};
contract::Result<Window> windowOf(const QUrlQuery &query, int defaultLimit, int maxLimit);

// A string field of a JSON body; empty when it is absent and not required.
contract::Result<QString> textField(const QJsonObject &body, const char *name, bool required);
// A date-time field of a JSON body as ms since the epoch; 0 when absent.
contract::Result<qint64> timeField(const QJsonObject &body, const char *name);

// What every change sends: who and under which idempotency key, the version it is based on
// (If-Match), and its JSON body.
struct ChangeInput {
    domain::ChangeRequest change;
    qint64 basedOnVersion = -1;
    QJsonObject body;
};
enum class Version { Required, None };
enum class Body { Required, Optional };
contract::Result<ChangeInput> changeInput(const ApiRequest &request, Version version, Body body);

} // namespace billing::http
