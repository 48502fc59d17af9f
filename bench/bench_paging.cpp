// SPDX-License-Identifier: Apache-2.0
// Pages of workspaces through HTTP at any offset under any sort, and the substring filter, against a
// running platform: `bench_paging URL TOKEN [samples-per-sort]`. Prints markdown tables.
#include "bench/benchstats.h"
#include "console/services/platformclient.h"
#include "console/services/workspaceservice.h"
#include "foundation/contract/workspacequery.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QTextStream>

using namespace billing;

namespace {

double timed(services::WorkspaceService &service, const contract::WorkspaceQuery &query,
             qint64 *total = nullptr)
{
    QElapsedTimer timer;
    timer.start();
    const auto page = QCoro::waitFor(service.page(query));
    const double ms = timer.nsecsElapsed() / 1e6;
    if (!page) {
        QTextStream(stderr) << "request failed: " << page.problem().message() << '\n';
        std::exit(1);
    }
    if (total)
        *total = page->total;
    return ms;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    if (!bench::hasArguments(argc, argv, 2, "bench_paging URL TOKEN [samples-per-sort]"))
        return 2;
    services::PlatformClient client(QUrl(QString::fromLocal8Bit(argv[1])), QString::fromLocal8Bit(argv[2]));
    services::WorkspaceService service(&client);
    const int samples = argc > 3 ? atoi(argv[3]) : 100;
    QTextStream out(stdout);
    QRandomGenerator random(20261123);

    qint64 total = 0;
    timed(service, {}, &total);
    out << "workspaces: " << total << "\n\n";

    // Every sort the console offers, both orders, random offsets over the whole list.
    out << "### Any 100-row page at any offset, per sort (ms, HTTP round trip)\n\n"
        << "| sort | requests | p50 | p95 | max |\n|---|---|---|---|---|\n";
    QList<double> all;
    for (const QString &sort : contract::WorkspaceQuery::sortKeys()) {
        QList<double> latencies;
        for (int i = 0; i < samples; ++i) {
            contract::WorkspaceQuery query;
            query.sort = sort;
            query.descending = i % 2 == 1;
            query.offset = qint64(random.bounded(quint64(total)));
            latencies << timed(service, query);
        }
        all << latencies;
        out << bench::Stats::of(latencies).row(sort) << '\n';
    }
    out << bench::Stats::of(all).row(QStringLiteral("**all sorts**")) << "\n\n";

    // A filtered list seen for the first time: the first (shallow) page, then the first deep page.
    out << "### Filtered lists, first time asked (ms)\n\n| filter, sort | total | first page | first deep "
           "page | later deep pages p50 |\n|---|---|---|---|---|\n";
    const QList<std::pair<const char *, contract::WorkspaceQuery>> filters = [] {
        QList<std::pair<const char *, contract::WorkspaceQuery>> list;
        contract::WorkspaceQuery q;
        q.status = "locked";
        q.sort = "purge_at";
        list.append({"status=locked, days left", q});
        q = {};
        q.provider = "aws";
        q.sort = "updated_at";
        q.descending = true;
        list.append({"provider=aws, updated desc", q});
        q = {};
        q.site = "cn-hangzhou";
        q.billingMethod = "credit_card";
        q.sort = "name";
        list.append({"site=cn-hangzhou & credit card, name", q});
        return list;
    }();
    for (const auto &[label, base] : filters) {
        contract::WorkspaceQuery query = base;
        qint64 filtered = 0;
        const double first = timed(service, query, &filtered);
        query.offset = filtered * 2 / 3;
        const double deep = timed(service, query);
        QList<double> later;
        for (int i = 0; i < 20; ++i) {
            query.offset = qint64(random.bounded(quint64(std::max<qint64>(1, filtered))));
            later << timed(service, query);
        }
        out << QStringLiteral("| %1 | %2 | %3 | %4 | %5 |\n")
                   .arg(QLatin1String(label))
                   .arg(filtered)
                   .arg(first, 0, 'f', 1)
                   .arg(deep, 0, 'f', 1)
                   .arg(bench::Stats::of(later).p50, 0, 'f', 1);
    }

    // Substring search: first page and total in one request.
    out << "\n### Substring filter, first page and total (ms, median of 7)\n\n| q | matches | median | max "
           "|\n|---|---|---|---|\n";
    for (const char *term : {"northwind", "ws-00099", "Labs Ops", "杭州", "zzqq"}) {
        QList<double> latencies;
        qint64 matches = 0;
        for (int i = 0; i < 7; ++i) {
            contract::WorkspaceQuery query;
            query.q = QString::fromUtf8(term);
            latencies << timed(service, query, &matches);
        }
        const auto s = bench::Stats::of(latencies);
        out << QStringLiteral("| %1 | %2 | %3 | %4 |\n")
                   .arg(QString::fromUtf8(term))
                   .arg(matches)
                   .arg(s.p50, 0, 'f', 1)
                   .arg(s.max, 0, 'f', 1);
    }
    return 0;
}
