// SPDX-License-Identifier: Apache-2.0
#include "tests/support/testplatform.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

#include <gtest/gtest.h>

namespace billing::test {

namespace {
QString adminConnectionName()
{
    return QStringLiteral("test-admin-") + QUuid::createUuid().toString(QUuid::Id128);
}

// Runs one statement on the PostgreSQL server's maintenance database.
void onServer(const QString &sql)
{
    const QString name = adminConnectionName();
    {
        QSqlDatabase db = openPostgres(qEnvironmentVariable("BILLING_TEST_POSTGRES"), name);
        if (QSqlQuery q(db); db.isOpen() && !q.exec(sql))
            ADD_FAILURE() << sql.toStdString() << ": " << q.lastError().text().toStdString();
    }
    QSqlDatabase::removeDatabase(name);
}
} // namespace

QSqlDatabase openPostgres(const QString &url, const QString &connectionName)
{
    const QUrl parts(url);
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), connectionName);
    db.setHostName(parts.host());
    db.setPort(parts.port(5432));
    db.setUserName(parts.userName());
    db.setPassword(parts.password());
    db.setDatabaseName(parts.path().mid(1));
    if (!db.open())
        ADD_FAILURE() << "Cannot reach the test PostgreSQL database: " << db.lastError().text().toStdString();
    return db;
}

void expectWalAndForeignKeys(QSqlDatabase db)
{
    QSqlQuery q(db);
    ASSERT_TRUE(q.exec("PRAGMA journal_mode"));
    ASSERT_TRUE(q.next());
    EXPECT_EQ(q.value(0).toString(), "wal");
    ASSERT_TRUE(q.exec("PRAGMA foreign_keys"));
    ASSERT_TRUE(q.next());
    EXPECT_EQ(q.value(0).toInt(), 1);
}

const char *backendName(Backend backend)
{
    return backend == Backend::Sqlite ? "SQLite" : "PostgreSQL";
}

TestDatabase::TestDatabase(Backend backend)
    : m_backend(backend)
{
    if (backend == Backend::Sqlite) {
        m_spec = QStringLiteral("sqlite:") + m_dir.filePath(QStringLiteral("platform.sqlite"));
        return;
    }
    const QString server = qEnvironmentVariable("BILLING_TEST_POSTGRES");
    if (server.isEmpty()) {
        // Not skipped: CI must run every backend. `bash packaging/setup.sh test` sets this up.
        ADD_FAILURE()
            << "BILLING_TEST_POSTGRES is not set; run the tests with `bash packaging/setup.sh test`.";
        m_spec = QStringLiteral("postgresql://unset@127.0.0.1:1/unset");
        return;
    }
    m_pgName = QStringLiteral("billing_t_") + QUuid::createUuid().toString(QUuid::Id128).left(16);
    onServer(QStringLiteral("CREATE DATABASE %1").arg(m_pgName));
    QUrl url(server);
    url.setPath(QLatin1Char('/') + m_pgName);
    m_spec = url.toString();
}

TestDatabase::~TestDatabase()
{
    if (!m_pgName.isEmpty())
        onServer(QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(m_pgName));
}

TestPlatform::TestPlatform(Backend backend, qint64 workspaces, quint64 seed,
                           std::optional<QSslConfiguration> tls,
                           std::optional<marketplace::MarketplaceConfig> marketplaces)
    : m_database(backend)
{
    host::PlatformHost::Options options;
    options.server.tls = std::move(tls);
    options.server.marketplaceConfig = std::move(marketplaces);
    options.databaseSpec = m_database.spec();
    options.clock = m_clock;
    options.server.marketplaceTrust = simulator().trust();
    options.server.schedulerIntervalMs = 0; // tests sweep when they move the clock (POST /v1/scheduler/run)
    options.seedWorkspacesIfEmpty = workspaces;
    options.seed = seed;
    // A folder inside the test's own, so that the signing key's folder beside it is the test's too.
    options.snapshotDirectory = m_snapshots.filePath(QStringLiteral("snapshots"));
    auto started = m_host.start(options);
    if (!started) {
        ADD_FAILURE() << "The test platform did not start: " << started.problem().message().toStdString();
        return;
    }
    m_started = *started;
}

TestPlatform::~TestPlatform()
{
    m_direct.reset();
    m_host.stop();
}

const marketplace::MarketplaceSimulator &TestPlatform::simulator()
{
    static const marketplace::MarketplaceSimulator made = marketplace::MarketplaceSimulator::generate();
    return made;
}

std::shared_ptr<domain::BillingPlatform> TestPlatform::directAccess()
{
    if (!m_direct) {
        auto opened = domain::BillingPlatform::open(m_database.spec(), m_clock);
        EXPECT_TRUE(opened.ok()) << (opened ? "" : opened.problem().message().toStdString());
        if (opened)
            m_direct = *opened;
    }
    return m_direct;
}

QString TestPlatform::addStaff(const QString &name, const QString &role)
{
    auto token = directAccess()->staff().add(name, role, contract::TokenLifetime::never(),
                                             QStringLiteral("test-setup"));
    EXPECT_TRUE(token.ok());
    return token ? *token : QString();
}

} // namespace billing::test
