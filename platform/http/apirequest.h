// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "foundation/contract/result.h"
#include "foundation/contract/staffuser.h"

#include <QHash>
#include <QHostAddress>
#include <QJsonObject>
#include <QUrlQuery>

namespace billing::http {

// What a route needs of a request, as the transport read it, before the work moves to a pool thread.
struct ApiRequest {
    QByteArray method; // "GET", "POST", ...
    QString path;
    QString pathId; // the route's first {…} segment, e.g. the cloud account of .../{id}/bindings/{workspace}
    QString secondId; // its second {…} segment, e.g. the workspace
    QUrlQuery query;
    QHash<QByteArray, QByteArray> headers; // names in lower case
    QByteArray body;
    QHostAddress peer;
    QString requestId;
    contract::StaffUser staff; // filled once the token is checked
};

// The body as a JSON object; anything else is a 400 naming "body".
contract::Result<QJsonObject> jsonBody(const ApiRequest &request);

} // namespace billing::http
