// SPDX-License-Identifier: Apache-2.0
#include "platform/host/platformhost.h"

#include "platform/domain/billingplatform.h"
#include "platform/seeding/datasetseeder.h"

namespace billing::host {

using contract::Result;

PlatformHost::PlatformHost()
{
    m_thread.setObjectName(QStringLiteral("billing-platform"));
}

PlatformHost::~PlatformHost()
{
    stop();
}

Result<PlatformHost::Started> PlatformHost::start(const Options &options)
{
    stop();
    m_thread.start();
    m_context = new QObject;
    m_context->moveToThread(&m_thread);
    Result<Started> result =
        contract::Problem::internal(QStringLiteral("The platform thread did not start."));
    QMetaObject::invokeMethod(
        m_context,
        [&] {
            auto platform = domain::BillingPlatform::open(options.databaseSpec, options.clock);
            if (!platform) {
                result = platform.problem();
                return;
            }
            if (!options.snapshotDirectory.isEmpty())
                (*platform)->snapshots().setDirectory(options.snapshotDirectory);
            Started started;
            if (options.seedWorkspacesIfEmpty > 0) {
                auto db = (*platform)->database().connection();
                auto holds =
                    db ? seeding::DatasetSeeder::holdsWorkspaces(*db) : contract::Result<bool>(db.problem());
                if (!holds) {
                    result = holds.problem();
                    return;
                }
                if (!*holds) {
                    auto seeded = seeding::DatasetSeeder::seed(
                        (*platform)->database(),
                        {options.seedWorkspacesIfEmpty, options.seed, options.clock->nowMs()});
                    if (!seeded) {
                        result = seeded.problem();
                        return;
                    }
                    started.seeded = true;
                }
            }
            auto token =
                (*platform)->staff().issue(options.staffName, options.staffRole, domain::Actor::Platform);
            if (!token) {
                result = token.problem();
                return;
            }
            auto *server = new http::PlatformServer(*platform, options.server, m_context);
            (*platform)->prepareForUse(); // before it listens, as its first sweep starts then
            if (auto port = server->listen(options.address, options.port); !port) {
                result = port.problem();
                return;
            }
            started.url = server->url();
            started.platform = *platform;
            started.token = *token;
            result = started;
        },
        Qt::BlockingQueuedConnection);
    if (!result)
        stop();
    return result;
}

void PlatformHost::stop()
{
    if (!m_thread.isRunning())
        return;
    QMetaObject::invokeMethod(
        m_context, [this] { delete m_context; }, Qt::BlockingQueuedConnection);
    m_context = nullptr;
    m_thread.quit();
    m_thread.wait();
}

} // namespace billing::host
