// SPDX-License-Identifier: Apache-2.0
// Audit snapshots at the scale of issue 6: a platform of 1,000,000 workspaces whose trail is topped up
// to 1,000,000 audit events (chained through the platform's own AuditStore). Each round makes a
// snapshot in process on the domain (the HTTP route adds only the call), verifies it, opens it and
// reads the review window's first page, and compares it with a second snapshot taken after 1,000
// workspaces changed. Baselines in the same run: a bare copy of what a snapshot holds (on SQLite, its
// own VACUUM INTO of the platform database; on PostgreSQL, every row of the snapshot's tables read
// by COPY as the snapshot reads them, without writing them), and one SHA-256 pass over the
// snapshot file's bytes (a bare read and hash).
// `bench_snapshots DATABASE [AUDIT_EVENTS] [ROUNDS] [SNAPSHOT_DIR]`  (a copy: the bench changes it;
// sqlite:PATH, a path, or postgresql://…; SNAPSHOT_DIR is the one a platform that ran on it used, as its
// signing key is kept beside it)
#include "bench/benchstats.h"
#include "foundation/contract/sha256.h"
#include "foundation/snapshot/snapshotdiff.h"
#include "foundation/snapshot/snapshotfile.h"
#include "foundation/snapshot/snapshotschema.h"
#include "foundation/snapshot/snapshotverifier.h"
#include "foundation/sql/reportqueries.h"
#include "platform/domain/billingplatform.h"
#include "platform/store/copyreader.h"
#include "platform/store/transaction.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonObject>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTextStream>

using namespace billing;

namespace {

QTextStream out(stdout);

int fail(const QString &message)
{
    QTextStream(stderr) << "bench_snapshots: " << message << '\n';
    return 1;
}

// Appends chained events until the trail holds `target`, 20,000 per transaction.
contract::Result<qint64> topUpTrail(domain::BillingPlatform &platform, qint64 target)
{
    store::AuditStore trail(std::shared_ptr<store::Database>(&platform.database(), [](store::Database *) {}));
    auto head = trail.head();
    if (!head)
        return head.problem();
    qint64 seq = head->seq;
    while (seq < target) {
        auto tx = store::Transaction::begin(platform.database(), store::Transaction::Mode::Write);
        if (!tx)
            return tx.problem();
        QList<contract::AuditEvent> events;
        for (int i = 0; i < 20000 && seq + events.size() < target; ++i) {
            const qint64 n = seq + events.size() + 1;
            contract::AuditEvent e;
            e.at = platform.clock().nowMs() - (target - n) * 1000;
            e.actor = QStringLiteral("staff-%1").arg(n % 40);
            e.action = QStringLiteral("workspace.billing_method");
            e.targetType = QStringLiteral("workspace");
            e.targetId = QStringLiteral("ws-%1").arg(n % 1000000 + 1, 7, 10, QLatin1Char('0'));
            e.before = contract::AuditEvent::encodeState(
                QJsonObject{{"billing_method", "credit_card"}, {"version", n}});
            e.after = contract::AuditEvent::encodeState(
                QJsonObject{{"billing_method", "prepaid_credits"}, {"version", n + 1}});
            e.requestId = QStringLiteral("bench-%1").arg(n);
            events.append(e);
        }
        auto appended = trail.append((*tx)->connection(), events);
        if (!appended)
            return appended.problem();
        if (auto done = (*tx)->commit(); !done)
            return done.problem();
        seq += events.size();
    }
    return seq;
}

double msSince(const QElapsedTimer &timer)
{
    return timer.nsecsElapsed() / 1e6;
}

// The baseline copy: SQLite copies its own file; PostgreSQL answers every row a snapshot copies, in
// one REPEATABLE READ transaction, read by COPY as the snapshot reads them and dropped.
contract::Result<qint64> bareCopy(domain::BillingPlatform &platform, const QString &copy)
{
    if (platform.database().isSqlite()) {
        QSqlQuery vacuum(*platform.database().connection());
        if (!vacuum.exec(QStringLiteral("VACUUM INTO '%1'").arg(copy)))
            return contract::Problem::internal(QStringLiteral("VACUUM INTO failed"));
        QFile::remove(copy);
        return qint64(0);
    }
    auto tx = store::Transaction::begin(platform.database(), store::Transaction::Mode::Read);
    if (!tx)
        return tx.problem();
    qint64 rows = 0;
    for (const snapshot::SnapshotTable &table : snapshot::SnapshotSchema::tables()) {
        auto read = store::readByCopy((*tx)->connection(), QString::fromLatin1(table.selectAll()), {},
                                      "Reading for the baseline", [&rows](const sql::ResultRow &) {
                                          ++rows;
                                          return true;
                                      });
        if (!read)
            return read.problem();
    }
    return rows;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() < 2)
        return fail(QStringLiteral("usage: bench_snapshots DATABASE [AUDIT_EVENTS] [ROUNDS] [SNAPSHOT_DIR]"));
    const qint64 auditTarget = args.value(2, QStringLiteral("1000000")).toLongLong();
    const int rounds = args.value(3, QStringLiteral("3")).toInt();
    auto opened =
        domain::BillingPlatform::open(bench::databaseSpec(argv[1]), std::make_shared<domain::SystemClock>());
    if (!opened)
        return fail(opened.problem().message());
    domain::BillingPlatform &platform = **opened;
    QTemporaryDir work;
    platform.snapshots().setDirectory(args.value(4, work.filePath(QStringLiteral("snapshots"))));

    QElapsedTimer timer;
    timer.start();
    auto events = topUpTrail(platform, auditTarget);
    if (!events)
        return fail(events.problem().message());
    out << "audit trail: " << *events << " events (topped up in " << qRound(msSince(timer)) << " ms)\n\n";

    QList<double> create, vacuum, verify, hashFile, firstPage, firstPageByName, diff;
    qint64 size = 0;
    for (int round = 0; round < rounds; ++round) {
        timer.restart();
        auto older = platform.snapshots().create(
            {}, contract::StaffUser{0, QStringLiteral("bench"), QStringLiteral("auditor")},
            QStringLiteral("bench-%1a").arg(round));
        if (!older)
            return fail(older.problem().message());
        create << msSince(timer);
        size = older->sizeBytes;

        const QString copy = work.filePath(QStringLiteral("vacuum-%1.sqlite").arg(round));
        timer.restart();
        if (auto copied = bareCopy(platform, copy); !copied)
            return fail(copied.problem().message());
        vacuum << msSince(timer);

        timer.restart();
        const auto verification = snapshot::SnapshotVerifier::verify(older->path);
        verify << msSince(timer);
        if (!verification.intact())
            return fail(verification.problems.first().message());

        timer.restart();
        {
            QFile bytes(older->path);
            if (!bytes.open(QIODevice::ReadOnly))
                return fail(bytes.errorString());
            contract::Sha256 hash;
            for (QByteArray chunk = bytes.read(4 << 20); !chunk.isEmpty(); chunk = bytes.read(4 << 20))
                hash.add(chunk);
            hash.finish();
        }
        hashFile << msSince(timer);

        // What the review window does before it shows anything: open (format, manifest, signature) and
        // read the first page with its total, by id and by name.
        for (auto [sort, samples] : {std::pair{QStringLiteral("id"), &firstPage},
                                     std::pair{QStringLiteral("name"), &firstPageByName}}) {
            timer.restart();
            auto snapshotFile = snapshot::SnapshotFile::open(older->path);
            if (!snapshotFile)
                return fail(snapshotFile.problem().message());
            contract::WorkspaceQuery query;
            query.sort = sort;
            auto page = (*snapshotFile)->workspaces(query);
            if (!page || page->items.size() != 100)
                return fail(QStringLiteral("the first page did not read"));
            *samples << msSince(timer);
        }

        // 1,000 workspaces change billing method; a second snapshot; the two compared.
        if (!QSqlQuery(*platform.database().connection())
                 .exec(
                     QStringLiteral(
                         "UPDATE workspaces SET billing_method = CASE billing_method WHEN 'credit_card' THEN "
                         "'prepaid_credits' ELSE 'credit_card' END, version = version + 1 WHERE rid % 1000 = "
                         "%1")
                         .arg(round)))
            return fail(QStringLiteral("changing workspaces failed"));
        auto newer = platform.snapshots().create(
            {}, contract::StaffUser{0, QStringLiteral("bench"), QStringLiteral("auditor")},
            QStringLiteral("bench-%1b").arg(round));
        if (!newer)
            return fail(newer.problem().message());
        timer.restart();
        auto summary = snapshot::SnapshotDiff::compare(older->path, newer->path, {});
        diff << msSince(timer);
        if (!summary)
            return fail(summary.problem().message());
        if (summary->changed < 900)
            return fail(
                QStringLiteral("the comparison found %1 changes, not about 1,000").arg(summary->changed));
        QFile::remove(older->path);
        QFile::remove(newer->path);
    }

    out << "snapshot file: " << size / (1024 * 1024) << " MiB; peak RSS " << bench::rssKiB("VmHWM:") / 1024
        << " MiB\n\n";
    out << "| step (ms) | rounds | p50 | p95 | max |\n|---|---|---|---|---|\n";
    out << bench::Stats::of(create).row(platform.database().isSqlite()
                                            ? QStringLiteral("make a snapshot (target ≤ 10,000)")
                                            : QStringLiteral("make a snapshot (target ≤ 20,000)"))
        << '\n';
    out << bench::Stats::of(vacuum).row(platform.database().isSqlite()
                                            ? QStringLiteral("baseline: VACUUM INTO of the platform file")
                                            : QStringLiteral("baseline: the same rows read, not written"))
        << '\n';
    out << bench::Stats::of(verify).row(QStringLiteral("verify it (target ≤ 3,000)")) << '\n';
    out << bench::Stats::of(hashFile).row(QStringLiteral("baseline: SHA-256 of the file's bytes")) << '\n';
    out << bench::Stats::of(firstPage).row(QStringLiteral("open + first page by id (target ≤ 1,000)"))
        << '\n';
    out << bench::Stats::of(firstPageByName).row(QStringLiteral("open + first page by name")) << '\n';
    out << bench::Stats::of(diff).row(QStringLiteral("diff of two snapshots (target ≤ 5,000)")) << '\n';
    return 0;
}
