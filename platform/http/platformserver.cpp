#include "platform/http/platformserver.h"

#include "platform/domain/billingplatform.h"
#include "platform/http/apiserver.h"
#include "platform/http/platformroutes.h"

#include <QtConcurrent>

namespace billing::http {

PlatformServer::PlatformServer(std::shared_ptr<domain::BillingPlatform> platform, const Options &options, QObject *parent)
    : QObject(parent)
    , m_platform(std::move(platform))
{
    std::shared_ptr<MarketplaceConnection> marketplace;
    if (options.marketplaceTrust) {
        marketplace = std::make_shared<MarketplaceConnection>();
        marketplace->trust = *options.marketplaceTrust;
        marketplace->gateway = std::make_shared<marketplace::OfflineMarketplaceGateway>(
            options.marketplaceTrust->gatewaySecret, [platform = m_platform] { return platform->clock().nowMs(); });
    }
    m_server = new ApiServer(m_platform, this);
    registerPlatformRoutes(*m_server, m_platform, marketplace);
    m_sweeps.setMaxThreadCount(1);
    if (options.schedulerIntervalMs > 0) {
        connect(&m_scheduler, &QTimer::timeout, this, &PlatformServer::sweep);
        m_scheduler.start(options.schedulerIntervalMs);
        sweep(); // work that came due while the platform was down
    }
}

PlatformServer::~PlatformServer()
{
    m_scheduler.stop();
    m_sweeps.clear();
    m_sweeps.waitForDone();
}

void PlatformServer::sweep()
{
    if (m_sweeps.activeThreadCount() > 0)
        return; // the last one is still at it
    m_sweeps.start([platform = m_platform] {
        if (auto swept = platform->scheduler().runDue(); !swept)
            qWarning("billing-platform: the scheduler's sweep failed: %s", qPrintable(swept.problem().message()));
    });
}

api::Result<quint16> PlatformServer::listen(const QHostAddress &address, quint16 port)
{
    return m_server->listen(address, port);
}

QUrl PlatformServer::url() const
{
    return m_server->url();
}

} // namespace billing::http
