// SPDX-License-Identifier: Apache-2.0
// Pay as you go at scale: one hour metered for 50,000 cloud accounts with running paid deployments (200,000
// bound workspaces, 4 per cloud account, across AWS, AWS China and Azure) at a million workspaces, then
// sent to fake marketplaces (HTTPS on 127.0.0.1, one per marketplace) that answer each call in 50 ms.
// The baseline for the ledger is the bare aggregate query over the same rows in the same run; for
// sending, the floor the configured pace sets (calls ÷ calls a second, per marketplace in parallel).
// Memory: the process's own (anonymous) resident memory after setup, after writing and after sending
// each round; the database file SQLite maps in is reported apart.
// `bench_metering SQLITE_FILE [CALLS_PER_SECOND]` (a copy: the bench changes it)
#include "bench/benchstats.h"
#include "platform/domain/billingplatform.h"
#include "platform/marketplace/connectedgateway.h"
#include "tests/support/fakeaws.h"
#include "tests/support/fakeazure.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QSqlError>
#include <QSqlQuery>
#include <QTextStream>

using namespace billing;

namespace {

constexpr int CloudAccounts = 50'000;
constexpr int Rounds = 3;

QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

bool exec(QSqlDatabase db, const QString &sql)
{
    QSqlQuery q(db);
    if (!q.exec(sql)) {
        QTextStream(stderr) << "bench_metering: " << sql << ": " << q.lastError().text() << '\n';
        return false;
    }
    return true;
}

// kB of the process's own memory now (RssAnon: the heap, SQLite's page cache and sorts) and of the
// database file mapped in (RssFile: SQLite's mmap, which the kernel takes back at will).
QPair<qint64, qint64> memory()
{
    QFile status(QStringLiteral("/proc/self/status"));
    qint64 anon = 0, file = 0;
    if (status.open(QIODevice::ReadOnly)) {
        for (const QByteArray &line : status.readAll().split('\n')) {
            if (line.startsWith("RssAnon:"))
                anon = line.mid(8).trimmed().split(' ').first().toLongLong();
            if (line.startsWith("RssFile:"))
                file = line.mid(8).trimmed().split(' ').first().toLongLong();
        }
    }
    return {anon, file};
}

QString mb(qint64 kb)
{
    return QString::number(kb / 1024.0, 'f', 0) + QStringLiteral(" MB");
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc < 2) {
        QTextStream(stderr)
            << "usage: bench_metering DATABASE [CALLS_PER_SECOND]  (a copy: sqlite:PATH, a path, "
               "or postgresql://…)\n";
        return 2;
    }
    bool paceOk = true;
    const double pace = argc > 2 ? QString::fromLocal8Bit(argv[2]).toDouble(&paceOk) : 10;
    if (!paceOk || pace <= 0) {
        QTextStream(stderr) << "bench_metering: CALLS_PER_SECOND must be a number above 0\n";
        return 2;
    }
    auto opened =
        domain::BillingPlatform::open(bench::databaseSpec(argv[1]), std::make_shared<domain::SystemClock>());
    if (!opened) {
        QTextStream(stderr) << "bench_metering: " << opened.problem().message() << '\n';
        return 1;
    }
    domain::BillingPlatform &platform = **opened;
    auto db = platform.database().connection();
    const auto [anonStart, fileStart] = memory();

    // 50,000 subscribed cloud accounts, each paying for 4 active workspaces whose deployments all run paid.
    QElapsedTimer setup;
    setup.start();
    for (
        const QString &sql :
        {QStringLiteral("UPDATE cloud_accounts SET subscription_state = 'subscribed', sync_state = 'synced'"),
         QStringLiteral(
             "UPDATE workspaces SET status = 'active', billing_method = 'cloud_account', "
             "cloud_account_id = 'ca-' || substr('0000000' || ((rid / 5) % %1 + 1), -7, 7) WHERE rid % 5 = 0")
             .arg(CloudAccounts),
         QStringLiteral("UPDATE deployments SET trial = 0, state = 'running', stopped_at = 0, created_at = 0 "
                        "WHERE workspace_id IN (SELECT id FROM workspaces WHERE rid % 5 = 0)")}) {
        if (!exec(*db, sql))
            return 1;
    }
    const auto [anonSetUp, fileSetUp] = memory();
    out() << "setup (not measured): " << setup.elapsed() << " ms; own memory " << mb(anonSetUp)
          << ", file mapped " << mb(fileSetUp) << "\n\n";

    test::FakeAws aws, awsChina;
    test::FakeAzure azure;
    for (test::FakeAws *fake : {&aws, &awsChina})
        fake->setLatency(50);
    marketplace::MarketplaceConfig config = test::everyMarketplace(aws, awsChina, azure, 10);
    for (auto *metering : {&config.aws->metering, &config.awsChina->metering, &config.azure->metering})
        metering->callsPerSecond = pace;
    auto gateway = std::make_shared<marketplace::ConnectedMarketplaceGateway>(
        config, nullptr, [] { return QDateTime::currentMSecsSinceEpoch(); });

    QList<double> write, baseline, send, floor;
    qint64 rows = 0, calls = 0;
    for (int round = 1; round <= Rounds; ++round) {
        if (!exec(*db, "DELETE FROM metering_records") || !exec(*db, "DELETE FROM metering_hours"))
            return 1;
        platform.metering().setSender({});
        // The bare read of the same usage, summed per cloud account: what writing the ledger cannot beat.
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        const qint64 hour = now / 3'600'000 * 3'600'000 - 3'600'000;
        QElapsedTimer timer;
        timer.start();
        QSqlQuery read(*db);
        read.prepare(
            "SELECT w.cloud_account_id, COUNT(*) FROM deployments d JOIN workspaces w ON w.id = "
            "d.workspace_id "
            "JOIN cloud_accounts c ON c.id = w.cloud_account_id WHERE d.trial = 0 AND d.created_at < ? AND "
            "(d.state = 'running' OR d.stopped_at >= ?) AND w.status = 'active' AND w.billing_method = "
            "'cloud_account' AND c.subscription_state IN ('subscribed', 'unsubscribe_pending') "
            "GROUP BY w.cloud_account_id");
        read.addBindValue(hour + 3'600'000);
        read.addBindValue(hour);
        if (!read.exec())
            return 1;
        qint64 accounts = 0;
        while (read.next())
            ++accounts;
        read.finish();
        baseline.append(timer.elapsed());

        timer.restart();
        auto written = platform.metering().run(QStringLiteral("bench"));
        if (!written) {
            QTextStream(stderr) << "bench_metering: " << written.problem().message() << '\n';
            return 1;
        }
        write.append(timer.elapsed());
        rows = written->recordsWritten;
        const auto [anonWritten, fileWritten] = memory();

        platform.metering().setSender(
            [gateway](const QString &m, const QList<contract::MeteredUsage> &batch) {
                return gateway->meterUsage(m, batch);
            });
        const int before = aws.requests("BatchMeterUsage") + awsChina.requests("BatchMeterUsage") +
                           azure.requests("BatchUsageEvent");
        timer.restart();
        auto sent = platform.metering().sendDue();
        if (!sent) {
            QTextStream(stderr) << "bench_metering: " << sent.problem().message() << '\n';
            return 1;
        }
        send.append(timer.elapsed());
        calls = aws.requests("BatchMeterUsage") + awsChina.requests("BatchMeterUsage") +
                azure.requests("BatchUsageEvent") - before;
        QSqlQuery per(*db);
        per.exec("SELECT marketplace, COUNT(*) FROM metering_records GROUP BY marketplace");
        double slowest = 0;
        while (per.next())
            slowest = std::max(slowest,
                               std::ceil(per.value(1).toDouble() / platform.metering().settings().batchSize) /
                                   pace * 1000);
        floor.append(slowest);
        const auto [anonSent, fileSent] = memory();
        out() << "round " << round << ": " << accounts << " cloud accounts with usage, " << rows
              << " records written in " << write.last() << " ms (bare read " << baseline.last() << " ms); "
              << sent->recordsSent << " sent in " << calls << " calls in " << send.last() << " ms, "
              << sent->accepted << " accepted, " << sent->failed << " failed (pace floor " << slowest
              << " ms); own memory " << mb(anonWritten) << " after writing, " << mb(anonSent)
              << " after sending (file mapped " << mb(fileSent) << ")\n";
        out().flush();
    }
    const auto p50 = [](const QList<double> &s) { return bench::Stats::of(s).p50; };
    out() << "\n| measure | median of " << Rounds
          << " | baseline in the same run | ratio |\n|---|---|---|---|\n";
    out() << "| ledger written (" << rows << " records) | " << p50(write) << " ms | bare aggregate read "
          << p50(baseline) << " ms | " << QString::number(p50(write) / std::max(1.0, p50(baseline)), 'f', 2)
          << "× |\n";
    out() << "| all sent (" << calls << " calls, " << pace << " calls/s per marketplace, 50 ms each) | "
          << p50(send) << " ms | pace floor " << p50(floor) << " ms | "
          << QString::number(p50(send) / std::max(1.0, p50(floor)), 'f', 2) << "× |\n";
    const auto [anonEnd, fileEnd] = memory();
    out() << "\nown memory (RssAnon): " << mb(anonStart) << " at start, " << mb(anonSetUp) << " after setup, "
          << mb(anonEnd) << " after " << Rounds << " rounds; file mapped at the end " << mb(fileEnd) << "\n";
    platform.metering().setSender({});
    return 0;
}
