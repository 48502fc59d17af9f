// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "platform/domain/billingplatform.h"
#include "platform/host/platformhost.h"
#include "platform/marketplace/marketplacesimulator.h"

#include <QSqlDatabase>
#include <QSslConfiguration>
#include <QTemporaryDir>
#include <QUrl>

#include <memory>

namespace billing::test {

enum class Backend { Sqlite, Postgres };
const char *backendName(Backend backend);

// A connection of the test's own, named `connectionName`, to the PostgreSQL database a
// postgresql://user:password@host:port/database URL names; a failure to open is a test failure.
QSqlDatabase openPostgres(const QString &url, const QString &connectionName);

// A fresh, empty database of the given backend: a SQLite file in a temporary folder, or a new
// database on the test PostgreSQL server (BILLING_TEST_POSTGRES, which `packaging/setup.sh test`
// starts on 127.0.0.1). Dropped again when it goes.
class TestDatabase
{
public:
    explicit TestDatabase(Backend backend);
    ~TestDatabase();
    QString spec() const { return m_spec; }
    Backend backend() const { return m_backend; }

private:
    Backend m_backend;
    QTemporaryDir m_dir;
    QString m_spec;
    QString m_pgName;
};

// A real platform on 127.0.0.1 (its own thread, port chosen by the OS) over a seeded test database.
class TestPlatform
{
public:
    static constexpr qint64 Now = 1'790'000'000'000; // 2026-09-21, the clock the dataset is seeded around

    // With `tls` the platform serves HTTPS; with `marketplaces` it calls them (a fake, in tests).
    TestPlatform(Backend backend, qint64 workspaces, quint64 seed = 7,
                 std::optional<QSslConfiguration> tls = {},
                 std::optional<marketplace::MarketplaceConfig> marketplaces = {});
    ~TestPlatform();

    QUrl url() const { return m_started.url; }
    QString adminToken() const { return m_started.token; }
    QString databaseSpec() const { return m_database.spec(); }
    // The marketplaces' side, with keys the test platform trusts (made once per test program).
    static const marketplace::MarketplaceSimulator &simulator();
    // The platform's clock: tests move it to make countdowns and deletions come due.
    domain::ManualClock &clock() { return *m_clock; }
    // Another staff user with its own token.
    QString addStaff(const QString &name, const QString &role);
    // A second connection to the same database, for checking what the platform wrote.
    std::shared_ptr<domain::BillingPlatform> directAccess();
    // The platform the server runs (its counters, as the requests left them).
    std::shared_ptr<domain::BillingPlatform> served() const { return m_started.platform; }
    // Where the platform writes its snapshot files (a folder of the test's own).
    QString snapshotDirectory() const { return m_snapshots.filePath(QStringLiteral("snapshots")); }

private:
    TestDatabase m_database;
    QTemporaryDir m_snapshots;
    std::shared_ptr<domain::ManualClock> m_clock = std::make_shared<domain::ManualClock>(Now);
    host::PlatformHost m_host;
    host::PlatformHost::Started m_started;
    std::shared_ptr<domain::BillingPlatform> m_direct;
};

// The settings every SQLite connection of the platform must run with: WAL and foreign keys on.
void expectWalAndForeignKeys(QSqlDatabase db);

} // namespace billing::test
