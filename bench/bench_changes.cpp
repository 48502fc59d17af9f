// Changes through HTTP against a running platform on a SQLite file: binding 10,000 workspaces to one
// cloud account (dry run, then commit) and single billing-method changes; the baseline is a bare
// prepared-statement loop doing the same workspace updates on the same file, rolled back.
// `bench_changes URL TOKEN SQLITE_FILE`
#include "bench/benchstats.h"
#include "platform/api/workspacequery.h"
#include "services/platformclient.h"
#include "services/workspaceservice.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTextStream>
#include <QUuid>

using namespace billing;

namespace {

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
    if (argc < 4) {
        QTextStream(stderr) << "usage: bench_changes URL TOKEN SQLITE_FILE\n";
        return 2;
    }
    const QUrl base(QString::fromLocal8Bit(argv[1]));
    const QString token = QString::fromLocal8Bit(argv[2]);
    QTextStream out(stdout);

    QSqlDatabase db = QSqlDatabase::addDatabase("QSQLITE", "bench");
    db.setDatabaseName(QString::fromLocal8Bit(argv[3]));
    if (!db.open()) {
        QTextStream(stderr) << "cannot open " << argv[3] << '\n';
        return 1;
    }
    QSqlQuery q(db);
    // 10,000 workspaces whose owners may all move to marketplace billing, and an Azure cloud account
    // (Azure pays for any site) that takes bindings.
    q.exec("SELECT w.id FROM workspaces w JOIN accounts a ON a.id = w.account_id WHERE a.card_brand = '' AND "
           "a.credits_minor = 0 AND a.linked_cloud_account_id IS NULL AND w.status <> 'dissolved' ORDER BY w.rid LIMIT 10000");
    QJsonArray ids;
    QStringList idList;
    while (q.next()) {
        ids.append(q.value(0).toString());
        idList << q.value(0).toString();
    }
    q.exec("SELECT id FROM cloud_accounts WHERE provider = 'azure' AND subscription_state = 'subscribed' AND sync_state = 'synced' LIMIT 1");
    q.next();
    const QString cloud = q.value(0).toString();

    // Baseline: the same 10,000 updates as a bare prepared-statement loop in one transaction, rolled back.
    QList<double> bare;
    for (int run = 0; run < 3; ++run) {
        QElapsedTimer timer;
        timer.start();
        db.transaction();
        QSqlQuery update(db);
        update.prepare("UPDATE workspaces SET billing_method = 'cloud_account', cloud_account_id = ?, status = 'active', "
                       "lock_reason = '', version = version + 1, updated_at = ? WHERE id = ?");
        for (const QString &id : idList) {
            update.addBindValue(cloud);
            update.addBindValue(QDateTime::currentMSecsSinceEpoch());
            update.addBindValue(id);
            update.exec();
        }
        bare << timer.nsecsElapsed() / 1e6;
        db.rollback();
    }
    q.finish();
    db.close();

    QNetworkAccessManager network;
    const QUrl bindings = base.resolved(QUrl("/v1/cloud-accounts/" + cloud + "/bindings"));
    const Posted dryRun = post(network, bindings, token, {{"workspace_ids", ids}, {"dry_run", true}});
    const Posted commit = post(network, bindings, token, {{"workspace_ids", ids}});
    if (dryRun.status != 200 || commit.status != 200) {
        QTextStream(stderr) << "binding failed: " << dryRun.status << ' ' << commit.status << ' '
                            << QJsonDocument(commit.body).toJson() << '\n';
        return 1;
    }

    // Single changes: move workspaces with a card-holding owner to credit card (valid whatever their method).
    services::PlatformClient client(base, token);
    services::WorkspaceService service(&client);
    api::WorkspaceQuery query;
    query.billingMethod = "credit_card";
    query.status = "active";
    query.limit = 200;
    const auto page = QCoro::waitFor(service.page(query));
    QList<double> singles;
    for (const auto &w : page->items) {
        const Posted changed = post(network, base.resolved(QUrl("/v1/workspaces/" + w.id + "/billing-method")), token,
                                    {{"method", "credit_card"}}, QByteArray("\"") + QByteArray::number(w.version) + "\"");
        if (changed.status != 200) {
            QTextStream(stderr) << "change failed: " << changed.status << ' ' << QJsonDocument(changed.body).toJson() << '\n';
            return 1;
        }
        singles << changed.ms;
    }
    const double bareMedian = bench::Stats::of(bare).p50;
    const auto s = bench::Stats::of(singles);
    out << "| measure | value |\n|---|---|\n"
        << QStringLiteral("| bind %1 workspaces, dry run (HTTP) | %2 ms |\n").arg(ids.size()).arg(dryRun.ms, 0, 'f', 0)
        << QStringLiteral("| bind %1 workspaces, commit (HTTP, audit and idempotency included) | %2 ms |\n").arg(commit.body.value("bound").toInt()).arg(commit.ms, 0, 'f', 0)
        << QStringLiteral("| baseline: bare prepared UPDATE loop, same rows, one transaction (median of 3) | %1 ms |\n").arg(bareMedian, 0, 'f', 0)
        << QStringLiteral("| commit / baseline | %1× |\n").arg(commit.ms / bareMedian, 0, 'f', 2)
        << QStringLiteral("| single Change Billing Method: p50 / p95 / max of %1 | %2 / %3 / %4 ms |\n")
               .arg(s.count).arg(s.p50, 0, 'f', 1).arg(s.p95, 0, 'f', 1).arg(s.max, 0, 'f', 1);
    return 0;
}
