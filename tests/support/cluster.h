// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "tests/support/testplatform.h"

#include <QProcess>
#include <QSqlDatabase>
#include <QTemporaryDir>
#include <QUrl>

#include <memory>

namespace billing::test {

// Several `billing-platform serve` processes over one seeded PostgreSQL database, behind HAProxy, all on
// 127.0.0.1 ports of the OS's choosing: the shared installation docs/deploy.md describes. Each instance
// sweeps every second, so that the scheduler's turn shows within a test.
class Cluster
{
public:
    Cluster(int instances, qint64 workspaces);
    ~Cluster();
    Q_DISABLE_COPY_MOVE(Cluster)

    bool started() const { return m_started; }
    QUrl balancer() const { return m_balancer; }
    QUrl instance(int i) const { return m_urls.at(i); }
    QString instanceName(int i) const { return QStringLiteral("instance-%1").arg(i + 1); }
    int size() const { return int(m_instances.size()); }
    QString adminToken() const { return m_token; }
    QString databaseSpec() const { return m_database.spec(); }
    // The test's own connection to the shared database (to look, or to set the scene).
    QSqlDatabase sql();

    // SIGKILL: the instance ends at once, as on a crash; its connections close with it.
    void kill(int i);
    // Runs a billing-platform command on the shared database; answers its exit code and output.
    int command(const QStringList &arguments, QByteArray *output = nullptr);

private:
    bool startInstance(int i);
    bool startBalancer();

    TestDatabase m_database{Backend::Postgres};
    QTemporaryDir m_dir;
    QString m_token;
    std::vector<std::unique_ptr<QProcess>> m_instances;
    QList<QUrl> m_urls;
    QProcess m_haproxy;
    QUrl m_balancer;
    QString m_sqlName;
    bool m_started = false;
};

} // namespace billing::test
