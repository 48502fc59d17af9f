// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "foundation/contract/result.h"
#include "platform/marketplace/marketplaceconfig.h"
#include "platform/marketplace/marketplacetrust.h"

#include <QElapsedTimer>
#include <QHostAddress>
#include <QObject>
#include <QSslConfiguration>
#include <QThreadPool>
#include <QTimer>
#include <QUrl>

#include <chrono>
#include <memory>
#include <optional>

namespace billing::domain {
class BillingPlatform;
}

namespace billing::http {

class ApiServer;
class EventStream;
class ReportStreams;

// One running platform, as `billing-platform serve` and the console's embedded platform run it: the API
// server with every route, and the scheduler's sweep at start and then periodically (rules 6, 7).
class PlatformServer final : public QObject
{
    Q_OBJECT
public:
    struct Options {
        std::optional<marketplace::MarketplaceTrust>
            marketplaceTrust; // none: every marketplace message is refused
        // The real marketplaces; none: the offline gateway that resolves the simulator's tokens.
        std::optional<marketplace::MarketplaceConfig> marketplaceConfig;
        int schedulerIntervalMs = 60 * 1000;    // 0: only when asked (POST /v1/scheduler/run)
        QString instanceName;                   // empty: this host's name and the port listened on
        std::optional<QSslConfiguration> tls;   // none: plain HTTP
        std::chrono::seconds headerTimeout{10}; // a request's line and headers, from its first byte
        std::chrono::seconds idleTimeout{60};   // an idle keep-alive connection
        QList<QHostAddress> trustedProxies;     // balancers whose X-Forwarded-For names the client
    };

    PlatformServer(std::shared_ptr<domain::BillingPlatform> platform, const Options &options,
                   QObject *parent = nullptr);
    ~PlatformServer() override;

    contract::Result<quint16> listen(const QHostAddress &address, quint16 port);
    // A renewed certificate for new connections (SIGHUP); open connections are not dropped.
    contract::Result<contract::Done> reloadTls(const QSslConfiguration &tls);
    QUrl url() const;
    // Every (method, pattern) served, for the OpenAPI check.
    QList<QPair<QByteArray, QString>> routes() const;

    // How often an instance without the scheduler's turn asks for it: one takes over within this of
    // the holder's end.
    static constexpr int TurnCheckMs = 10 * 1000;

private:
    void sweep();

    std::shared_ptr<domain::BillingPlatform> m_platform;
    ApiServer *m_server = nullptr;
    Options m_options;
    EventStream *m_events = nullptr;
    ReportStreams *m_reports = nullptr;
    QTimer m_scheduler;
    QThreadPool m_sweeps;      // one thread: a sweep never runs twice at once, and never on the HTTP thread
    QElapsedTimer m_lastSweep; // on m_sweeps' thread only; invalid while another instance has the turn
};

} // namespace billing::http
