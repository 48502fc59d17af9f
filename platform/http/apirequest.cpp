// SPDX-License-Identifier: Apache-2.0
#include "platform/http/apirequest.h"

#include <QJsonDocument>

namespace billing::http {

using contract::Result;

Result<QJsonObject> jsonBody(const ApiRequest &request)
{
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(request.body, &error);
    if (error.error != QJsonParseError::NoError)
        return contract::Problem::invalidRequest(
            "body", QStringLiteral("The body is not valid JSON: %1 at offset %2.")
                        .arg(error.errorString())
                        .arg(error.offset));
    if (!document.isObject())
        return contract::Problem::invalidRequest("body", QStringLiteral("The body must be a JSON object."));
    return document.object();
}

} // namespace billing::http
