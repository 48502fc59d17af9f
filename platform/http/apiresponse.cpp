// SPDX-License-Identifier: Apache-2.0
#include "platform/http/apiresponse.h"

#include <QJsonDocument>

namespace billing::http {

ApiResponse ApiResponse::json(const QJsonObject &object, int status)
{
    return {status, "application/json", QJsonDocument(object).toJson(QJsonDocument::Compact), {}};
}

ApiResponse ApiResponse::problem(const contract::Problem &problem)
{
    return {problem.status,
            "application/problem+json",
            QJsonDocument(problem.toJson()).toJson(QJsonDocument::Compact),
            {}};
}

} // namespace billing::http
