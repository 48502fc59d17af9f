// SPDX-License-Identifier: Apache-2.0
// How soon a change reaches the console (issue 4: ≤ 100 ms): a platform on a copy of the 1M file,
// the console's PlatformEvents listening over HTTP, and changes made through the API. Latency is
// from the commit (a listener on the platform's ChangeRunner, same process, same clock) to the
// event parsed by the console. Then a burst: one request locking 1,000 workspaces, commit to the
// last of its 1,000 events. `bench_events SQLITE_FILE` (a copy: the bench changes it)
#include "bench/benchstats.h"
#include "console/services/platformclient.h"
#include "console/services/platformevents.h"
#include "platform/domain/billingplatform.h"
#include "platform/host/platformhost.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSqlQuery>
#include <QTextStream>
#include <QTimer>
#include <QUuid>

#include <mutex>

using namespace billing;

namespace {

QJsonObject post(QNetworkAccessManager &network, const QUrl &url, const QString &token,
                 const QJsonObject &body, const QByteArray &ifMatch, int &status)
{
    QNetworkRequest request(url);
    request.setRawHeader("Authorization", "Bearer " + token.toUtf8());
    request.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
    request.setRawHeader("Idempotency-Key", QUuid::createUuid().toByteArray(QUuid::WithoutBraces));
    if (!ifMatch.isEmpty())
        request.setRawHeader("If-Match", '"' + ifMatch + '"');
    QNetworkReply *reply = network.post(request, QJsonDocument(body).toJson(QJsonDocument::Compact));
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QJsonObject answer = QJsonDocument::fromJson(reply->readAll()).object();
    reply->deleteLater();
    return answer;
}

void waitFor(const std::function<bool()> &done, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    while (!done() && timer.elapsed() < timeoutMs)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QTextStream out(stdout);
    if (!bench::hasArguments(argc, argv, 1,
                             "bench_events DATABASE (a copy: sqlite:PATH, a path, or postgresql://…)"))
        return 2;
    host::PlatformHost host;
    host::PlatformHost::Options options;
    options.databaseSpec = bench::databaseSpec(argv[1]);
    options.server.schedulerIntervalMs = 0;
    auto started = host.start(options);
    if (!started) {
        QTextStream(stderr) << "bench_events: " << started.problem().message() << '\n';
        return 1;
    }
    // Commit times by audit sequence number, taken on the committing thread.
    std::mutex lock;
    QHash<qint64, qint64> committedAt;
    QElapsedTimer clock;
    clock.start();
    started->platform->runner().onCommitted([&](qint64 seq) {
        std::lock_guard guard(lock);
        committedAt.insert(seq, clock.nsecsElapsed());
    });

    services::PlatformClient client(started->url, started->token);
    services::PlatformEvents events(&client);
    QList<double> latencies;
    qint64 lastSeq = 0;
    qint64 lastHeardNs = 0;
    QObject::connect(&events, &services::PlatformEvents::changed, [&](const contract::AuditEvent &e) {
        const qint64 now = clock.nsecsElapsed();
        lastSeq = e.seq;
        lastHeardNs = now;
        std::lock_guard guard(lock);
        if (auto at = committedAt.constFind(e.seq); at != committedAt.cend())
            latencies.append((now - *at) / 1e6);
    });
    events.start();
    waitFor([&] { return events.isLive(); }, 10000);

    // Active workspaces to lock and unlock, with their versions.
    auto db = *started->platform->database().connection();
    QSqlQuery q(db);
    q.exec("SELECT id, version FROM workspaces WHERE status = 'active' ORDER BY rid LIMIT 1001");
    QList<QPair<QString, qint64>> active;
    while (q.next())
        active.append({q.value(0).toString(), q.value(1).toLongLong()});

    QNetworkAccessManager network;
    const auto url = [&](const QString &path) { return started->url.resolved(QUrl(path)); };
    auto [id, version] = active.takeFirst();
    int status = 0;
    for (int round = 0; round < 100; ++round) {
        for (const char *verb : {"lock", "unlock"}) {
            const QJsonObject body =
                QLatin1String(verb) == QLatin1String("lock")
                    ? QJsonObject{{"reason", "admin_hold"}, {"note", "bench"}}
                    : QJsonObject{{"note", "bench"},
                                  {"override_until",
                                   QDateTime::currentDateTimeUtc().addDays(7).toString(Qt::ISODateWithMs)}};
            const QJsonObject answer =
                post(network, url(QStringLiteral("/v1/workspaces/%1/%2").arg(id, QLatin1String(verb))),
                     started->token, body, QByteArray::number(version), status);
            if (status != 200) {
                QTextStream(stderr) << "bench_events: " << verb << " answered " << status << ": "
                                    << QJsonDocument(answer).toJson() << '\n';
                return 1;
            }
            version = answer.value("version").toInteger();
        }
    }
    waitFor(
        [&] {
            std::lock_guard guard(lock);
            return latencies.size() >= 200;
        },
        10000);
    const bench::Stats single = bench::Stats::of(latencies);

    // A burst: 1,000 workspaces locked in one request, 1,000 events.
    QJsonArray selection;
    for (const auto &[wid, wversion] : active)
        selection.append(QJsonObject{{"id", wid}, {"version", wversion}});
    latencies.clear();
    post(network, url("/v1/workspace-locks"), started->token,
         {{"reason", "admin_hold"}, {"note", "bench burst"}, {"workspaces", selection}}, {}, status);
    if (status != 200) {
        QTextStream(stderr) << "bench_events: the burst answered " << status << '\n';
        return 1;
    }
    qint64 head = 0;
    {
        std::lock_guard guard(lock);
        for (auto at = committedAt.cbegin(); at != committedAt.cend(); ++at)
            head = std::max(head, at.key());
    }
    waitFor([&] { return lastSeq >= head; }, 30000);
    double burstMs = -1;
    {
        std::lock_guard guard(lock);
        burstMs = (lastHeardNs - committedAt.value(head)) / 1e6;
    }
    events.stop();

    out << "| measure | samples | p50 ms | p95 ms | max ms |\n|---|---|---|---|---|\n";
    out << single.row(QStringLiteral(
               "one change (lock or unlock through the API): commit → event parsed by the console"))
        << '\n';
    out << QStringLiteral("| a burst (1,000 workspaces locked in one request): commit → last of its %1 "
                          "events parsed | 1 | %2 | | |\n")
               .arg(selection.size())
               .arg(burstMs, 0, 'f', 1);
    host.stop();
    return 0;
}
