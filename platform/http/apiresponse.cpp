// SPDX-License-Identifier: Apache-2.0
#include "platform/http/apiresponse.h"

#include <QJsonDocument>

namespace billing::http {

ApiResponse ApiResponse::json(const QJsonObject &object, int status)
{
    return {status, "application/json", QJsonDocument(object).toJson(QJsonDocument::Compact), {}};
}

ApiResponse ApiResponse::jsonText(QByteArray json, int status)
{
    return {status, "application/json", std::move(json), {}};
}

ApiResponse ApiResponse::problem(const contract::Problem &problem)
{
    ApiResponse response{problem.status,
                         "application/problem+json",
                         QJsonDocument(problem.toJson()).toJson(QJsonDocument::Compact),
                         {}};
    // A refusal that passes with time says when: a 429's wait, or a 503 storage_busy's.
    if ((problem.status == 429 || problem.status == 503) && problem.extra.contains("retry_after_seconds"))
        response.headers.append({QByteArray("Retry-After"),
                                 QByteArray::number(problem.extra.value("retry_after_seconds").toInteger())});
    return response;
}

} // namespace billing::http
