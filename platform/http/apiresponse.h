// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "foundation/contract/problem.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QPair>

namespace billing::http {

struct ApiResponse {
    int status = 200;
    QByteArray contentType = "application/json";
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;

    static ApiResponse json(const QJsonObject &object, int status = 200);
    // JSON already written (contract::JsonWriter), for the answers too frequent to build as objects.
    static ApiResponse jsonText(QByteArray json, int status = 200);
    // RFC 9457 problem+json.
    static ApiResponse problem(const contract::Problem &problem);
};

} // namespace billing::http
