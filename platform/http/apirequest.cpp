// SPDX-License-Identifier: Apache-2.0
#include "platform/http/apirequest.h"

#include "foundation/contract/jsonfields.h"

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
    if (const auto twice = contract::json::duplicateKey(request.body))
        return contract::Problem::invalidRequest(
            *twice, QStringLiteral("The body names \"%1\" more than once; say it once.").arg(*twice));
    return document.object();
}

} // namespace billing::http
