// SPDX-License-Identifier: Apache-2.0
// Rule 5 at scale: a cloud account with 10,000 bound workspaces and 20,000 running paid deployments
// is cancelled (AWS unsubscribe-success) in one transaction; three rounds, each on a fresh cloud
// account. The baseline is a bare prepared-statement loop doing the same workspace and deployment
// updates on the same file, committed. Runs in process on the domain (SNS verification is ~1 ms more).
// `bench_cancellation SQLITE_FILE` (a copy: the bench changes it)
#include "bench/benchstats.h"
#include "platform/domain/billingplatform.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QTextStream>

using namespace billing;

namespace {

constexpr int Workspaces = 10000;

bool exec(QSqlDatabase db, const QString &sql)
{
    QSqlQuery q(db);
    if (!q.exec(sql)) {
        QTextStream(stderr) << "bench_cancellation: " << sql << ": " << q.lastError().text() << '\n';
        return false;
    }
    return true;
}

// 10,000 active workspaces bound to a new subscribed cloud account, two running paid deployments each.
// Empty when the setup failed (said on stderr): a round on a broken setup would measure nothing.
QString prepare(domain::BillingPlatform &platform, int round, qint64 firstRid)
{
    const QString customer = QStringLiteral("X01BENCH%1").arg(round);
    contract::RegisteredCustomer c{
        "aws", customer, "Bench " + customer, "123456789012", "bcc-platform-payg", {}, {}, {}, {}, 0};
    auto registered = platform.subscriptions().registerCustomer(c, "bench");
    if (!registered) {
        QTextStream(stderr) << "bench_cancellation: registering " << customer << ": "
                            << registered.problem().message() << '\n';
        return {};
    }
    const QString id = registered->body.value("cloud_account").toObject().value("id").toString();
    auto subscribed = platform.subscriptions().apply({"aws",
                                                      "subscribe-" + customer,
                                                      customer,
                                                      contract::SubscriptionAction::SubscribeSuccess,
                                                      {},
                                                      {},
                                                      -1,
                                                      "{}"},
                                                     "bench");
    if (!subscribed) {
        QTextStream(stderr) << "bench_cancellation: subscribing " << customer << ": "
                            << subscribed.problem().message() << '\n';
        return {};
    }
    auto db = *platform.database().connection();
    const QString range = QStringLiteral("rid >= %1 AND rid < %2").arg(firstRid).arg(firstRid + Workspaces);
    exec(db, "BEGIN");
    exec(db, QStringLiteral("UPDATE workspaces SET billing_method = 'cloud_account', cloud_account_id = "
                            "'%1', status = 'active', "
                            "lock_reason = '', lock_purge_at = 0 WHERE %2")
                 .arg(id, range));
    for (int n = 0; n < 2; ++n)
        exec(db, QStringLiteral(
                     "INSERT INTO deployments (id, workspace_id, account_id, name, trial, state, created_at) "
                     "SELECT 'bench-%1-%2-' || id, id, account_id, 'bench', 0, 'running', 0 FROM workspaces "
                     "WHERE %3")
                     .arg(round)
                     .arg(n)
                     .arg(range));
    exec(db, "COMMIT");
    return customer;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    if (!bench::hasArguments(argc, argv, 1,
                             "bench_cancellation DATABASE (a copy: sqlite:PATH, a path, or postgresql://…)"))
        return 2;
    auto opened =
        domain::BillingPlatform::open(bench::databaseSpec(argv[1]), std::make_shared<domain::SystemClock>());
    if (!opened) {
        QTextStream(stderr) << opened.problem().message() << '\n';
        return 1;
    }
    domain::BillingPlatform &platform = **opened;
    QTextStream out(stdout);
    QList<double> cancel, baseline;
    QList<int> stopped;
    for (int round = 0; round < 3; ++round) {
        const qint64 firstRid = 200000 + round * 2 * Workspaces;
        const QString customer = prepare(platform, round, firstRid);
        if (customer.isEmpty())
            return 1;
        platform.database().checkpoint();
        QElapsedTimer timer;
        timer.start();
        auto done = platform.subscriptions().apply(
            {"aws", "cancel-" + customer, customer, contract::SubscriptionAction::Cancel, {}, {}, -1, "{}"},
            "bench");
        cancel << timer.nsecsElapsed() / 1e6;
        if (!done || done->body.value("locked_workspaces").toInt() != Workspaces ||
            done->body.value("stopped_deployments").toInt() <
                2 * Workspaces) { // plus the seeded ones running there
            QTextStream(stderr) << "bench_cancellation: unexpected answer "
                                << (done ? QJsonDocument(done->body).toJson(QJsonDocument::Compact)
                                         : done.problem().message().toUtf8())
                                << '\n';
            return 1;
        }
        stopped << done->body.value("stopped_deployments").toInt();
        // Baseline: the same row updates as bare prepared statements on the next equivalent rows.
        const QString next = prepare(platform, round + 10, firstRid + Workspaces);
        if (next.isEmpty())
            return 1;
        auto db = *platform.database().connection();
        QSqlQuery ids(db);
        ids.exec(QStringLiteral("SELECT id FROM workspaces WHERE rid >= %1 AND rid < %2")
                     .arg(firstRid + Workspaces)
                     .arg(firstRid + 2 * Workspaces));
        QStringList workspaceIds;
        while (ids.next())
            workspaceIds << ids.value(0).toString();
        platform.database().checkpoint();
        timer.restart();
        exec(db, platform.database().isSqlite() ? "BEGIN IMMEDIATE" : "BEGIN");
        QSqlQuery w(db), d(db);
        w.prepare("UPDATE workspaces SET billing_method = 'none', cloud_account_id = '', status = 'locked', "
                  "lock_reason = ?, "
                  "lock_at = ?, lock_purge_at = ?, version = version + 1 WHERE id = ?");
        d.prepare("UPDATE deployments SET state = 'stopped', stopped_at = ?, delete_at = ? WHERE "
                  "workspace_id = ? AND trial = 0 AND state = 'running'");
        for (const QString &id : workspaceIds) {
            w.addBindValue("cloud_subscription_cancelled");
            w.addBindValue(1);
            w.addBindValue(2);
            w.addBindValue(id);
            w.exec();
            d.addBindValue(1);
            d.addBindValue(2);
            d.addBindValue(id);
            d.exec();
        }
        exec(db, "COMMIT");
        baseline << timer.nsecsElapsed() / 1e6;
        Q_UNUSED(next)
    }
    const auto runs = [](const QList<double> &ms) {
        QStringList text;
        for (double v : ms)
            text << QString::number(v, 'f', 0);
        return text.join(QStringLiteral(" / ")) + QStringLiteral(" ms");
    };
    const double median = bench::Stats::of(cancel).p50, base = bench::Stats::of(baseline).p50;
    out << "| measure (3 rounds, each on a fresh cloud account) | runs | median |\n|---|---|---|\n"
        << "| cancel: lock 10,000 workspaces, stop 20,000 deployments, audit, one transaction | "
        << runs(cancel) << " | " << QString::number(median, 'f', 0) << " ms |\n"
        << "| baseline: bare prepared UPDATE loop, same rows, committed | " << runs(baseline) << " | "
        << QString::number(base, 'f', 0) << " ms |\n| ratio | | " << QString::number(median / base, 'f', 2)
        << "× |\n"
        << "| deployments stopped per round (20,000 added + those the dataset already ran there) | "
        << stopped.value(0) << " / " << stopped.value(1) << " / " << stopped.value(2) << " | |\n";
    return 0;
}
