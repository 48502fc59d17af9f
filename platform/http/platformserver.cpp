// SPDX-License-Identifier: Apache-2.0
#include "platform/http/platformserver.h"

#include "foundation/contract/queryparameters.h"
#include "foundation/contract/vocabulary.h"
#include "platform/domain/billingplatform.h"
#include "platform/http/apiserver.h"
#include "platform/http/eventstream.h"
#include "platform/http/httptransport.h"
#include "platform/http/reportstream.h"
#include "platform/http/routes.h"
#include "platform/marketplace/connectedgateway.h"

#include <QSysInfo>
#include <QtConcurrent>

namespace billing::http {

namespace {
// The event id a reconnecting client names (an audit sequence number); -1 when there is none.
qint64 lastEventId(const ApiRequest &request)
{
    bool ok = false;
    const qint64 seq = request.headers.value("last-event-id").trimmed().toLongLong(&ok);
    return ok && seq >= 0 ? seq : -1;
}
} // namespace

PlatformServer::PlatformServer(std::shared_ptr<domain::BillingPlatform> platform, const Options &options,
                               QObject *parent)
    : QObject(parent)
    , m_platform(std::move(platform))
    , m_options(options)
{
    std::shared_ptr<MarketplaceConnection> marketplace;
    const auto now = [platform = m_platform] { return platform->clock().nowMs(); };
    if (options.marketplaceConfig) {
        // Connected: every call to a marketplace is kept, each attempt (GET /v1/marketplace/calls).
        marketplace = std::make_shared<MarketplaceConnection>();
        marketplace->trust = options.marketplaceTrust.value_or(marketplace::MarketplaceTrust{});
        for (const auto *aws : {&options.marketplaceConfig->aws, &options.marketplaceConfig->awsChina}) {
            if (*aws)
                marketplace->trust.snsTopics.append((*aws)->snsTopics);
        }
        // Azure webhooks: tokens of the publisher's tenant for its application, signed by a key the tenant
        // publishes (unless the trust folder pins one).
        if (const auto &azure = options.marketplaceConfig->azure) {
            marketplace->trust.azureWebhookKey.clear(); // the tenant's published keys, not the folder's
            marketplace->trust.azureTenantId = azure->tenantId;
            marketplace->trust.azureAudience = azure->clientId;
            marketplace->trust.azureIssuer =
                QStringLiteral("https://sts.windows.net/%1/").arg(azure->tenantId);
        }
        marketplace->gateway = std::make_shared<marketplace::ConnectedMarketplaceGateway>(
            *options.marketplaceConfig,
            [platform = m_platform](const marketplace::OutboundCall &c) {
                if (auto kept =
                        platform->recordMarketplaceCall({c.at, c.marketplace, c.operation, c.attempt,
                                                         c.status, c.latencyMs, c.requestId, c.outcome});
                    !kept)
                    qWarning("billing-platform: a marketplace call could not be recorded: %s",
                             qPrintable(kept.problem().message()));
            },
            now);
        // Pay as you go: the scheduler's metered hours go to the configured marketplaces.
        auto metering = domain::Metering::Settings::defaults();
        for (const auto *aws : {&options.marketplaceConfig->aws, &options.marketplaceConfig->awsChina}) {
            if (*aws && !(*aws)->metering.dimensions.isEmpty())
                metering.dimensions[(*aws)->partition] = (*aws)->metering.dimensions;
        }
        if (const auto &azure = options.marketplaceConfig->azure;
            azure && !azure->metering.dimensions.isEmpty())
            metering.dimensions[contract::vocabulary::Provider::Azure] = azure->metering.dimensions;
        m_platform->metering().setSettings(metering);
        m_platform->metering().setSender(
            [gateway = marketplace->gateway](const QString &name,
                                             const QList<contract::MeteredUsage> &batch) {
                return gateway->meterUsage(name, batch);
            });
    } else if (options.marketplaceTrust) {
        marketplace = std::make_shared<MarketplaceConnection>();
        marketplace->trust = *options.marketplaceTrust;
        marketplace->gateway = std::make_shared<marketplace::OfflineMarketplaceGateway>(
            options.marketplaceTrust->gatewaySecret, now);
    }
    m_server = new ApiServer(m_platform, this);
    registerPlatformRoutes(*m_server, m_platform, marketplace);
    registerSnapshotRoutes(*m_server, m_platform);
    m_events = new EventStream(m_platform, this);
    m_server->stream(
        QStringLiteral("/v1/events"), "text/event-stream",
        [platform = m_platform](const ApiRequest &request) -> contract::Result<QVariant> {
            if (auto known = contract::parameters::onlyKnown(request.query, {}); !known)
                return known.problem();
            if (!request.headers.value("last-event-id").trimmed().isEmpty()) {
                if (const qint64 seq = lastEventId(request); seq >= 0)
                    return QVariant(seq);
                return contract::Problem::invalidRequest(
                    QStringLiteral("Last-Event-ID"),
                    QStringLiteral("Last-Event-ID must be an event id this stream sent."));
            }
            // A new client hears what commits after the stream opens: the head is read before it does.
            auto head = platform->auditHead();
            if (!head)
                return head.problem();
            return QVariant(head->seq);
        },
        [events = m_events](const QVariant &after, ServerStream *stream) {
            events->attach(stream, after.toLongLong());
        });
    m_reports = new ReportStreams(m_platform, this);
    for (const contract::ReportKind kind : contract::ReportQuery::kinds()) {
        m_server->stream(
            contract::ReportQuery{kind}.path(), "text/csv; charset=utf-8; header=present",
            [kind](const ApiRequest &request) -> contract::Result<QVariant> {
                auto query = contract::ReportQuery::fromUrlQuery(kind, request.query);
                if (!query)
                    return query.problem();
                return QVariant::fromValue(*query);
            },
            [reports = m_reports](const QVariant &query, ServerStream *stream) {
                reports->start(query.value<contract::ReportQuery>(), stream);
            },
            ServerStream::Framing::Chunked);
    }
    if (!options.instanceName.isEmpty())
        m_platform->scheduler().setInstanceName(options.instanceName);
    m_sweeps.setMaxThreadCount(1);
    m_sweeps.setExpiryTimeout(-1); // one thread for the platform's life: it holds the scheduler's turn
    if (options.schedulerIntervalMs > 0) {
        connect(&m_scheduler, &QTimer::timeout, this, &PlatformServer::sweep);
        m_scheduler.start(std::min(options.schedulerIntervalMs, TurnCheckMs));
    }
}

PlatformServer::~PlatformServer()
{
    m_platform->metering().setSender({}); // it holds the gateway, whose recorder holds the platform
    m_scheduler.stop();
    m_sweeps.clear();
    m_sweeps.waitForDone();
}

void PlatformServer::sweep()
{
    if (m_sweeps.activeThreadCount() > 0)
        return; // the last one is still at it
    m_sweeps.start([this] {
        // Several instances on one database: only the one with the turn sweeps. Each asks every tick,
        // so that one takes over soon after the holder ends; the holder sweeps once per interval.
        if (!m_platform->scheduler().hasTurn()) {
            m_lastSweep.invalidate();
            return;
        }
        const int interval = m_options.schedulerIntervalMs;
        if (m_lastSweep.isValid() && m_lastSweep.elapsed() < interval - interval / 10)
            return;
        m_lastSweep.start();
        if (auto swept = m_platform->scheduler().runDue(); !swept)
            qWarning("billing-platform: the scheduler's sweep failed: %s",
                     qPrintable(swept.problem().message()));
    });
}

contract::Result<quint16> PlatformServer::listen(const QHostAddress &address, quint16 port)
{
    TransportLimits limits;
    limits.headerDeadline = m_options.headerTimeout;
    limits.idleTimeout = m_options.idleTimeout;
    for (const QHostAddress &proxy : m_options.trustedProxies)
        limits.trustedProxies.push_back(proxy.toString().toStdString());
    auto listening = m_server->listen(address, port, m_options.tls, limits);
    if (!listening)
        return listening;
    if (m_options.instanceName.isEmpty())
        m_platform->scheduler().setInstanceName(QSysInfo::machineHostName() + QLatin1Char(':') +
                                                QString::number(*listening));
    if (m_options.schedulerIntervalMs > 0)
        sweep(); // work that came due while the platform was down
    return listening;
}

contract::Result<contract::Done> PlatformServer::reloadTls(const QSslConfiguration &tls)
{
    return m_server->reloadTls(tls);
}

QList<QPair<QByteArray, QString>> PlatformServer::routes() const
{
    return m_server->routes();
}

QUrl PlatformServer::url() const
{
    return m_server->url();
}

} // namespace billing::http
