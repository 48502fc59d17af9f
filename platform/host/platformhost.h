// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "foundation/contract/result.h"
#include "platform/domain/clock.h"
#include "platform/http/platformserver.h"

#include <QHostAddress>
#include <QThread>
#include <QUrl>

#include <memory>

namespace billing::host {

// Runs a whole platform (store, rules, HTTP) on a thread of its own inside another program: the
// console's embedded demo platform, and the tests' real server on 127.0.0.1.
class PlatformHost final
{
public:
    struct Options {
        QString databaseSpec;
        QHostAddress address = QHostAddress::LocalHost;
        quint16 port = 0;
        std::shared_ptr<const domain::Clock> clock = std::make_shared<domain::SystemClock>();
        qint64 seedWorkspacesIfEmpty = 0; // 0: never seed
        quint64 seed = 1;
        QString staffName = QStringLiteral("console");
        QString staffRole = QStringLiteral("admin");
        QString snapshotDirectory; // empty: AuditSnapshots' default
        http::PlatformServer::Options server;
    };
    struct Started {
        QUrl url;
        QString token; // a fresh token of the staff user in the options
        bool seeded = false;
        std::shared_ptr<domain::BillingPlatform> platform; // for benchmarks that watch it from inside
    };

    PlatformHost();
    ~PlatformHost();
    Q_DISABLE_COPY_MOVE(PlatformHost)

    // Blocks until the platform accepts requests, or answers why it could not start.
    contract::Result<Started> start(const Options &options);
    void stop();

private:
    QThread m_thread;
    QObject *m_context = nullptr; // lives on m_thread; owns the server
};

} // namespace billing::host
