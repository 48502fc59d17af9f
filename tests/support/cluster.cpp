// SPDX-License-Identifier: Apache-2.0
#include "tests/support/cluster.h"

#include "tests/support/httpprobe.h"
#include "tests/support/wait.h"

#include <QRegularExpression>
#include <QTcpServer>
#include <QUuid>

#include <gtest/gtest.h>

#include <csignal>

namespace billing::test {

namespace {

quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

} // namespace

Cluster::Cluster(int instances, qint64 workspaces)
{
    QByteArray out;
    if (command({"seed", "--workspaces", QString::number(workspaces)}, &out) != 0) {
        ADD_FAILURE() << "seed failed: " << out.toStdString();
        return;
    }
    if (command({"staff", "add", "cluster-admin", "--role", "admin"}, &out) != 0) {
        ADD_FAILURE() << "staff add failed: " << out.toStdString();
        return;
    }
    m_token = QString::fromUtf8(out.trimmed().split('\n').last().trimmed());
    m_instances.resize(instances);
    m_urls.resize(instances);
    // The first makes the snapshot signing key the others then read.
    for (int i = 0; i < instances; ++i) {
        if (!startInstance(i))
            return;
    }
    m_started = startBalancer();
}

Cluster::~Cluster()
{
    m_haproxy.kill();
    m_haproxy.waitForFinished(5000);
    for (auto &process : m_instances) {
        if (process && process->state() != QProcess::NotRunning) {
            process->terminate();
            if (!process->waitForFinished(5000))
                process->kill();
            process->waitForFinished(5000);
        }
    }
    if (!m_sqlName.isEmpty())
        QSqlDatabase::removeDatabase(m_sqlName);
}

int Cluster::command(const QStringList &arguments, QByteArray *output)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    QStringList withDb = arguments;
    withDb.insert(
        arguments.first() == QLatin1String("staff") || arguments.first() == QLatin1String("audit") ? 2 : 1,
        QStringLiteral("--db"));
    withDb.insert(withDb.indexOf(QStringLiteral("--db")) + 1, m_database.spec());
    process.start(QStringLiteral(BILLING_PLATFORM_BINARY), withDb);
    process.waitForFinished(120000);
    if (output)
        *output = process.readAll();
    return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
}

bool Cluster::startInstance(int i)
{
    auto process = std::make_unique<QProcess>();
    process->setProcessChannelMode(QProcess::MergedChannels);
    process->start(QStringLiteral(BILLING_PLATFORM_BINARY),
                   {"serve", "--db", m_database.spec(), "--listen", "127.0.0.1:0", "--instance-name",
                    instanceName(i), "--scheduler-interval", "1", "--snapshot-dir",
                    m_dir.filePath(QStringLiteral("snapshots"))});
    QByteArray seen;
    const QRegularExpression listening(QStringLiteral(R"(listening on (http://127\.0\.0\.1:\d+))"));
    QString url;
    const bool up = waitUntil(
        [&] {
            seen += process->readAll();
            const auto match = listening.match(QString::fromUtf8(seen));
            if (match.hasMatch())
                url = match.captured(1);
            return !url.isEmpty() || process->state() == QProcess::NotRunning;
        },
        60000);
    if (!up || url.isEmpty()) {
        ADD_FAILURE() << instanceName(i).toStdString() << " did not start: " << seen.toStdString();
        return false;
    }
    m_urls[i] = QUrl(url);
    m_instances[i] = std::move(process);
    return true;
}

bool Cluster::startBalancer()
{
    const quint16 port = freePort();
    QString servers;
    for (int i = 0; i < size(); ++i)
        servers +=
            QStringLiteral("    server %1 127.0.0.1:%2 check\n").arg(instanceName(i)).arg(m_urls[i].port());
    // As docs/deploy.md's HAProxy configuration, on loopback and without TLS.
    const QString config = QStringLiteral(R"(global
    maxconn 4096
defaults
    mode http
    timeout connect 2s
    timeout client 60s
    timeout server 60s
    timeout tunnel 1h
frontend api
    bind 127.0.0.1:%1
    default_backend platform
backend platform
    balance roundrobin
    option httpchk GET /v1/health
    http-check expect status 200
    default-server inter 1s fall 2 rise 1
%2)")
                               .arg(port)
                               .arg(servers);
    QFile file(m_dir.filePath(QStringLiteral("haproxy.cfg")));
    if (!file.open(QIODevice::WriteOnly) || file.write(config.toUtf8()) < 0) {
        ADD_FAILURE() << "cannot write the HAProxy configuration";
        return false;
    }
    file.close();
    m_haproxy.setProcessChannelMode(QProcess::MergedChannels);
    m_haproxy.start(QStringLiteral("haproxy"), {"-db", "-f", file.fileName()});
    if (!m_haproxy.waitForStarted(10000)) {
        ADD_FAILURE() << "HAProxy did not start (is the haproxy package installed?)";
        return false;
    }
    m_balancer = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port));
    const bool up = waitUntil(
        [&] {
            return m_haproxy.state() == QProcess::NotRunning ||
                   exchange("GET", endpoint(m_balancer, "/v1/health"), QString()).status == 200;
        },
        20000);
    if (!up || m_haproxy.state() == QProcess::NotRunning) {
        ADD_FAILURE() << "HAProxy did not answer: " << m_haproxy.readAll().toStdString();
        return false;
    }
    return true;
}

QSqlDatabase Cluster::sql()
{
    if (m_sqlName.isEmpty()) {
        m_sqlName = QStringLiteral("cluster-test-") + QUuid::createUuid().toString(QUuid::Id128);
        openPostgres(m_database.spec(), m_sqlName);
    }
    return QSqlDatabase::database(m_sqlName);
}

void Cluster::kill(int i)
{
    QProcess &process = *m_instances.at(i);
    ::kill(pid_t(process.processId()), SIGKILL);
    process.waitForFinished(10000);
}

} // namespace billing::test
