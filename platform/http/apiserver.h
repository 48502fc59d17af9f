#pragma once

#include "platform/api/result.h"
#include "platform/http/apirequest.h"
#include "platform/http/apiresponse.h"

#include <QHttpServer>
#include <QObject>
#include <QThreadPool>
#include <QUrl>

#include <functional>

namespace billing::domain {
class BillingPlatform;
}

namespace billing::http {

// The thin adapter around Qt HttpServer (a technology preview in 6.4, whose API changes in 6.5 and 6.8):
// routes are plain functions from ApiRequest to ApiResponse, run on a thread pool so that one slow
// database query does not stall other requests. Everything Qt-HttpServer-specific stays in this class.
class ApiServer final : public QObject
{
    Q_OBJECT
public:
    using Handler = std::function<ApiResponse(const ApiRequest &)>;
    enum class Access { Staff, Public };

    explicit ApiServer(std::shared_ptr<domain::BillingPlatform> platform, QObject *parent = nullptr);
    ~ApiServer() override;

    // `pattern` is a path such as "/v1/workspaces/{id}", with at most two {…} segments.
    void route(const QByteArray &method, const QString &pattern, Handler handler, Access access = Access::Staff);

    // Every (method, pattern) served: the OpenAPI document is checked against this list.
    QList<QPair<QByteArray, QString>> routes() const;

    // Port 0 picks a free port. Answers the bound port.
    api::Result<quint16> listen(const QHostAddress &address, quint16 port);
    QUrl url() const { return m_url; }

    static constexpr qint64 MaxBodyBytes = 1 << 20;

private:
    struct Route {
        Access access;
        Handler handler;
    };
    QFuture<QHttpServerResponse> dispatch(const QString &pattern, const QHttpServerRequest &request,
                                          const QString &pathId, const QString &secondId);
    ApiResponse handle(const QHash<QByteArray, Route> &routes, ApiRequest request);
    static QHttpServerResponse toHttp(const ApiResponse &response, const QString &requestId);

    std::shared_ptr<domain::BillingPlatform> m_platform;
    QHttpServer m_http;
    QThreadPool m_pool;
    QHash<QString, QHash<QByteArray, Route>> m_routes; // pattern → method → route
    QUrl m_url;
};

} // namespace billing::http
