// SPDX-License-Identifier: Apache-2.0
// Changes through HTTP against a running platform on SQLite or PostgreSQL: binding 10,000 workspaces to one
// cloud account (dry run, then commit; three rounds) and single billing-method changes. The bind sends
// its ids shuffled, as a selection sorted by name would. Two baselines on as many equivalent rows of
// the same database, each one committed transaction of bare prepared-statement loops in key order (the
// SQLite C API; a prepared QSqlQuery on PostgreSQL, as the platform's own): the same workspace updates,
// and the bind's same writes (workspaces, owners' links, audit rows).
// `bench_changes URL TOKEN DATABASE` (the platform's: sqlite:PATH, a path, or postgresql://…)
#include "bench/benchstats.h"
#include "console/services/platformclient.h"
#include "console/services/workspaceservice.h"
#include "foundation/contract/vocabulary.h"
#include "foundation/contract/workspacequery.h"
#include "platform/store/repeatedstatement.h"
#include "platform/store/transaction.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTextStream>
#include <QThread>
#include <QUuid>

#include <algorithm>
#include <functional>
#include <random>

using namespace billing;

namespace {

// A baseline statement that fails is said: a baseline that silently wrote less would flatter the platform.
void said(const contract::Result<int> &ran)
{
    if (!ran)
        QTextStream(stderr) << "bench_changes baseline: " << ran.problem().message() << '\n';
}

struct Posted {
    int status = 0;
    QJsonObject body;
    double ms = 0;
};

Posted post(QNetworkAccessManager &network, const QUrl &url, const QString &token, const QJsonObject &body,
            const QByteArray &ifMatch = {})
{
    QNetworkRequest request(url);
    request.setRawHeader("Authorization", "Bearer " + token.toUtf8());
    request.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
    request.setRawHeader("Idempotency-Key", QUuid::createUuid().toByteArray(QUuid::WithoutBraces));
    if (!ifMatch.isEmpty())
        request.setRawHeader("If-Match", ifMatch);
    QElapsedTimer timer;
    timer.start();
    QNetworkReply *reply = network.post(request, QJsonDocument(body).toJson(QJsonDocument::Compact));
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    Posted answer{reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(),
                  QJsonDocument::fromJson(reply->readAll()).object(), timer.nsecsElapsed() / 1e6};
    reply->deleteLater();
    return answer;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    if (!bench::hasArguments(argc, argv, 3, "bench_changes URL TOKEN DATABASE"))
        return 2;
    // Three rounds: each links ~8,400 owners, and the seeded 1M file has ~26,000 that may still be.
    const int rounds = 3;
    const QUrl base(QString::fromLocal8Bit(argv[1]));
    const QString token = QString::fromLocal8Bit(argv[2]);
    QTextStream out(stdout);

    auto database = store::Database::open(bench::databaseSpec(argv[3]));
    auto connection =
        database ? (*database)->connection() : contract::Result<QSqlDatabase>(database.problem());
    if (!connection) {
        QTextStream(stderr) << "cannot open " << argv[3] << ": " << connection.problem().message() << '\n';
        return 1;
    }
    QSqlDatabase db = *connection;
    const bool sqlite = (*database)->isSqlite();
    // An Azure cloud account (Azure pays for any site) that takes bindings.
    QSqlQuery q(db);
    q.exec("SELECT id FROM cloud_accounts WHERE provider = 'azure' AND subscription_state = 'subscribed' AND "
           "sync_state = 'synced' LIMIT 1");
    q.next();
    const QString cloud = q.value(0).toString();
    q.finish();
    // The platform checkpoints off the request path; the baseline's connection does not checkpoint in
    // its commit either, so both pay for the same writes.
    if (sqlite)
        q.exec("PRAGMA wal_autocheckpoint=0");
    q.finish();

    // The platform's own work after its start (a sweep, the hours since the data's last it meters)
    // writes beside the rounds: they begin once its audit trail and metered hours have held still for
    // 5 s (at most 5 minutes), so that they measure the bind alone.
    const auto work = [&] {
        QSqlQuery last(db);
        last.exec("SELECT (SELECT MAX(seq) FROM audit_events), (SELECT COUNT(*) FROM metering_hours)");
        return last.next() ? QPair(last.value(0).toLongLong(), last.value(1).toLongLong()) : QPair(0LL, 0LL);
    };
    for (int waited = 0, still = 0; still < 5 && waited < 300; ++waited) {
        const auto before = work();
        QThread::sleep(1);
        still = work() == before ? still + 1 : 0;
    }

    QNetworkAccessManager network;
    const QUrl bindings = base.resolved(QUrl("/v1/cloud-accounts/" + cloud + "/bindings"));
    QList<double> bare, sameWritesBare, dryRuns, commits;
    int bound = 0;
    for (int round = 0; round < rounds; ++round) {
        // 10,000 workspaces whose owners may all move to marketplace billing, not yet on one. The
        // baselines write them first and put them back as they were (off the clock); then the
        // platform binds the very same rows.
        struct Row {
            QString id, owner, method, cloudAccount, status, lockReason, lockBy, lockNote;
            qint64 lockAt = 0, lockPurgeAt = 0;
        };
        QList<Row> baselineRows;
        {
            // Not a locked one whose countdown ends within the hour: the platform's scheduler may
            // dissolve it before the bind arrives (its first sweep runs as it starts).
            QSqlQuery pick(db);
            pick.prepare(QStringLiteral(
                "SELECT w.id, w.account_id, w.billing_method, w.cloud_account_id, w.status, w.lock_reason, "
                "w.lock_by, w.lock_note, w.lock_at, w.lock_purge_at "
                "FROM workspaces w JOIN accounts a ON a.id = w.account_id WHERE a.card_brand = '' "
                "AND a.credits_minor = 0 AND a.linked_cloud_account_id IS NULL AND w.status <> 'dissolved' "
                "AND (w.status <> 'locked' OR w.lock_purge_at > ?) "
                "AND w.billing_method <> 'cloud_account' ORDER BY w.rid LIMIT 10000"));
            pick.addBindValue(QDateTime::currentMSecsSinceEpoch() + 3'600'000);
            if (!pick.exec())
                QTextStream(stderr) << "picking the workspaces failed: " << pick.lastError().text() << '\n';
            while (pick.next())
                baselineRows.append({pick.value(0).toString(), pick.value(1).toString(),
                                     pick.value(2).toString(), pick.value(3).toString(),
                                     pick.value(4).toString(), pick.value(5).toString(),
                                     pick.value(6).toString(), pick.value(7).toString(),
                                     pick.value(8).toLongLong(), pick.value(9).toLongLong()});
        }
        // The workspace updates as the platform writes them: only the columns that change (a locked
        // workspace is unlocked as well), in key order, through the SQLite C API.
        const auto updateWorkspaces = [&](qint64 now, const std::function<void(const Row &)> &after) {
            store::RepeatedStatement active(
                db,
                "UPDATE workspaces SET billing_method = 'cloud_account', cloud_account_id = ?, "
                "version = version + 1, updated_at = ? WHERE id = ?",
                "baseline");
            store::RepeatedStatement locked(
                db,
                "UPDATE workspaces SET billing_method = 'cloud_account', cloud_account_id = ?, "
                "status = 'active', lock_reason = '', lock_at = 0, lock_by = '', lock_note = '', "
                "lock_purge_at = 0, version = version + 1, updated_at = ? WHERE id = ?",
                "baseline");
            for (const Row &row : std::as_const(baselineRows)) {
                said((row.status == QLatin1String("locked") ? locked : active).run({cloud, now, row.id}));
                after(row);
            }
        };
        // Off the clock: the rows as they were, their owners unlinked, the baseline's audit rows after
        // `head` gone (-1: it wrote none; the platform's own rows stay), the log checkpointed.
        const auto restore = [&](qint64 head) {
            if (head >= 0)
                q.exec(QStringLiteral("DELETE FROM audit_events WHERE seq > %1 AND request_id = 'bench'")
                           .arg(head));
            db.transaction();
            {
                store::RepeatedStatement workspaces(
                    db,
                    "UPDATE workspaces SET billing_method = ?, cloud_account_id = ?, status = ?, "
                    "lock_reason = ?, lock_by = ?, lock_note = ?, lock_at = ?, lock_purge_at = ? "
                    "WHERE id = ?",
                    "baseline");
                store::RepeatedStatement unlink(
                    db, "UPDATE accounts SET linked_cloud_account_id = NULL WHERE id = ?", "baseline");
                for (const Row &r : std::as_const(baselineRows)) {
                    said(workspaces.run({r.method, r.cloudAccount, r.status, r.lockReason, r.lockBy,
                                         r.lockNote, r.lockAt, r.lockPurgeAt, r.id}));
                    said(unlink.run({r.owner}));
                }
            }
            db.commit();
            if (sqlite) // the rows back in the database file, as rows nobody wrote lately are
                q.exec("PRAGMA wal_checkpoint(TRUNCATE)");
            q.finish();
        };
        // Each baseline takes the writers' turn as the platform's changes do (store::Transaction), so
        // that whatever the platform appends meanwhile comes before or after it, never inside.
        const auto inTurn = [&](const std::function<void()> &writes) {
            auto tx = store::Transaction::begin(**database, store::Transaction::Mode::Write);
            auto done = tx ? (writes(), (*tx)->commit()) : contract::Result<contract::Done>(tx.problem());
            if (!done)
                QTextStream(stderr) << "baseline failed: " << done.problem().message() << '\n';
            return done.ok();
        };
        QElapsedTimer timer;
        timer.start();
        if (!inTurn([&] { updateWorkspaces(QDateTime::currentMSecsSinceEpoch(), [](const Row &) {}); }))
            return 1;
        bare << timer.nsecsElapsed() / 1e6;
        restore(-1);

        // Second baseline: every row the bind writes, as bare loops through the SQLite C API (what the
        // platform's RepeatedStatement is): the 10,000 workspace updates, the owners' links and one
        // audit row per workspace and per owner linked.
        qint64 head = 0;
        timer.restart();
        const bool wrote = inTurn([&] {
            QSqlQuery headQuery(db);
            headQuery.exec("SELECT MAX(seq) FROM audit_events"); // in the turn: nobody appends meanwhile
            headQuery.next();
            head = headQuery.value(0).toLongLong();
            headQuery.finish();
            const qint64 now = QDateTime::currentMSecsSinceEpoch();
            const QByteArray hash(64, 'a');
            store::RepeatedStatement accounts(
                db, "UPDATE accounts SET linked_cloud_account_id = ? WHERE id = ?", "baseline");
            store::RepeatedStatement audit(
                db,
                "INSERT INTO audit_events (seq, at, actor, action, target_type, target_id, before_state, "
                "after_state, note, request_id, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                "baseline");
            qint64 seq = head;
            const QByteArray before = R"({"billing_method":"none","status":"active"})";
            const QByteArray after =
                R"({"billing_method":"cloud_account","cloud_account_id":"ca-0000000","status":"active"})";
            updateWorkspaces(now, [&](const Row &row) {
                said(audit.run({++seq, now, "bench-operator",
                                contract::vocabulary::AuditAction::WorkspaceBillingMethodChanged,
                                contract::vocabulary::AuditTarget::Workspace, row.id, before, after,
                                QString(), "bench", hash, hash}));
            });
            QStringList owners; // each linked once, in key order as the platform does
            for (const Row &row : std::as_const(baselineRows))
                owners << row.owner;
            owners.removeDuplicates();
            owners.sort();
            for (const QString &owner : std::as_const(owners)) {
                said(accounts.run({cloud, owner}));
                said(audit.run({++seq, now, "bench-operator",
                                contract::vocabulary::AuditAction::AccountCloudAccountLinked,
                                contract::vocabulary::AuditTarget::Account, owner,
                                QByteArray(R"({"linked_cloud_account_id":null})"),
                                QByteArray(R"({"linked_cloud_account_id":"ca-0000000"})"), QString(), "bench",
                                hash, hash}));
            }
        });
        if (!wrote)
            return 1;
        sameWritesBare << timer.nsecsElapsed() / 1e6;
        restore(head);

        QStringList idList;
        for (const Row &row : std::as_const(baselineRows))
            idList << row.id;
        std::shuffle(idList.begin(), idList.end(), std::mt19937(round));
        const QJsonArray ids = QJsonArray::fromStringList(idList);
        const Posted dryRun = post(network, bindings, token, {{"workspace_ids", ids}, {"dry_run", true}});
        const Posted commit = post(network, bindings, token, {{"workspace_ids", ids}});
        if (dryRun.status != 200 || commit.status != 200) {
            QTextStream(stderr) << "binding failed: " << dryRun.status << ' ' << commit.status << ' '
                                << QJsonDocument(commit.body).toJson() << '\n';
            return 1;
        }
        dryRuns << dryRun.ms;
        commits << commit.ms;
        bound = commit.body.value("bound").toInt();
        QThread::sleep(2); // the platform's background checkpoint, off the clock as in use
    }
    q.finish();

    // Single changes: move workspaces with a card-holding owner to credit card (valid whatever their method).
    services::PlatformClient client(base, token);
    services::WorkspaceService service(&client);
    contract::WorkspaceQuery query;
    query.billingMethod = "credit_card";
    query.status = "active";
    query.limit = 200;
    const auto page = QCoro::waitFor(service.page(query));
    QList<double> singles;
    for (const auto &w : page->items) {
        const Posted changed =
            post(network, base.resolved(QUrl("/v1/workspaces/" + w.id + "/billing-method")), token,
                 {{"method", "credit_card"}}, QByteArray("\"") + QByteArray::number(w.version) + "\"");
        if (changed.status != 200) {
            QTextStream(stderr) << "change failed: " << changed.status << ' '
                                << QJsonDocument(changed.body).toJson() << '\n';
            return 1;
        }
        singles << changed.ms;
    }
    const double bareMedian = bench::Stats::of(bare).p50;
    const double commitMedian = bench::Stats::of(commits).p50;
    const auto s = bench::Stats::of(singles);
    out << QStringLiteral(
               "| measure (medians of %1 rounds, 10,000 different workspaces each) | value |\n|---|---|\n")
               .arg(rounds)
        << QStringLiteral("| bind %1 workspaces, dry run (HTTP) | %2 ms |\n")
               .arg(bound)
               .arg(bench::Stats::of(dryRuns).p50, 0, 'f', 0)
        << QStringLiteral("| bind %1 workspaces, commit (HTTP, audit and idempotency included) | %2 ms |\n")
               .arg(bound)
               .arg(commitMedian, 0, 'f', 0)
        << QStringLiteral("| baseline: bare prepared UPDATE loop, 10,000 such workspaces, one committed "
                          "transaction | %1 ms |\n")
               .arg(bareMedian, 0, 'f', 0)
        << QStringLiteral("| commit / baseline | %1× |\n").arg(commitMedian / bareMedian, 0, 'f', 2)
        << QStringLiteral("| baseline 2: the bind's same writes (10,000 workspace updates, the owners' "
                          "links, an audit row each) as bare prepared-statement loops, one committed "
                          "transaction | %1 ms |\n")
               .arg(bench::Stats::of(sameWritesBare).p50, 0, 'f', 0)
        << QStringLiteral("| commit / baseline 2 | %1× |\n")
               .arg(commitMedian / bench::Stats::of(sameWritesBare).p50, 0, 'f', 2)
        << QStringLiteral("| each round: commit / baseline 2 (ms) | %1 |\n").arg([&] {
               QStringList pairs;
               for (qsizetype i = 0; i < commits.size(); ++i)
                   pairs << QStringLiteral("%1 / %2")
                                .arg(commits[i], 0, 'f', 0)
                                .arg(sameWritesBare[i], 0, 'f', 0);
               return pairs.join(QStringLiteral(", "));
           }())
        << QStringLiteral("| single Change Billing Method: p50 / p95 / max of %1 | %2 / %3 / %4 ms |\n")
               .arg(s.count)
               .arg(s.p50, 0, 'f', 1)
               .arg(s.p95, 0, 'f', 1)
               .arg(s.max, 0, 'f', 1);
    return 0;
}
