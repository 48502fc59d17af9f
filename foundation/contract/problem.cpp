// SPDX-License-Identifier: Apache-2.0
#include "foundation/contract/problem.h"

namespace billing::contract {

Problem Problem::network(const QString &code, const QString &title, const QString &detail)
{
    return {0, code, title, detail, {}, Origin::Network};
}

Problem Problem::local(const QString &code, const QString &title, const QString &detail)
{
    return {0, code, title, detail, {}, Origin::Local};
}

Problem Problem::invalidRequest(const QString &parameter, const QString &detail)
{
    Problem p{400, ErrorCode::InvalidRequest, QStringLiteral("Invalid request"), detail, {}};
    p.extra.insert(QStringLiteral("parameter"), parameter);
    return p;
}

Problem Problem::notFound(const QString &what, const QString &id)
{
    Problem p{404,
              ErrorCode::NotFound,
              QStringLiteral("Not found"),
              QStringLiteral("No %1 with id \"%2\".").arg(what, id),
              {}};
    p.extra.insert(QStringLiteral("id"), id);
    return p;
}

Problem Problem::unauthorized(const QString &detail)
{
    return {401, ErrorCode::Unauthorized, QStringLiteral("Unauthorized"), detail, {}};
}

Problem Problem::internal(const QString &detail)
{
    return {500, ErrorCode::Internal, QStringLiteral("Internal error"), detail, {}};
}

QJsonObject Problem::toJson() const
{
    QJsonObject json = extra;
    json.insert(QStringLiteral("type"), QStringLiteral("about:blank"));
    json.insert(QStringLiteral("status"), status);
    json.insert(QStringLiteral("code"), code);
    json.insert(QStringLiteral("title"), title);
    if (!detail.isEmpty())
        json.insert(QStringLiteral("detail"), detail);
    return json;
}

Problem Problem::fromJson(int status, const QJsonObject &json)
{
    Problem p;
    p.status = json.value(QStringLiteral("status")).toInt(status);
    p.code = json.value(QStringLiteral("code")).toString();
    p.title = json.value(QStringLiteral("title")).toString();
    p.detail = json.value(QStringLiteral("detail")).toString();
    p.extra = json;
    for (const auto *key : {"type", "status", "code", "title", "detail"})
        p.extra.remove(QLatin1String(key));
    return p;
}

} // namespace billing::contract
