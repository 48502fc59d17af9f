// SPDX-License-Identifier: Apache-2.0
#include "app/platform/platformcommands.h"

#include "app/platform/simulatecommand.h"
#include "foundation/contract/jsonfields.h"
#include "foundation/contract/vocabulary.h"
#include "platform/domain/billingplatform.h"
#include "platform/http/apiserver.h"
#include "platform/http/platformserver.h"
#include "platform/seeding/datasetseeder.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QTextStream>

#include <cstdio>

namespace billing::app {

namespace {

const char *Usage = R"(Usage: billing-platform COMMAND [options]

Commands:
  serve  --db DB --listen HOST:PORT [--marketplace-trust DIR] [--snapshot-dir DIR]
         [--tls-cert FILE --tls-key FILE] [--header-timeout S] [--idle-timeout S]
                                      serve the platform API (prints "listening on http[s]://HOST:PORT")
  seed   --db DB --workspaces N --seed S [--now ISO-8601]
                                      build a deterministic demo dataset in an empty database
  staff add --db DB NAME --role ROLE [--expires-in DAYS]
                                      add a staff user; the new API token is the last line printed
  staff rotate --db DB NAME [--expires-in DAYS]
                                      a new token in place of the old one (printed last; no expiry unless given)
  staff revoke --db DB NAME           the user's token is refused from now on
  staff list --db DB                  staff users, roles, and whether each token is active, expired or revoked
  audit verify --db DB                walk the audit hash chain; names the first broken event
  simulate init|aws|azure ...         play AWS Marketplace and Azure against a running platform

DB is sqlite:PATH (or a bare path) or postgresql://user:password@host:port/database.
Roles: viewer, operator, admin, auditor.
)";

int fail(const QString &message)
{
    QTextStream(stderr) << "billing-platform: " << message.simplified()
                        << '\n'; // one line, whatever the driver said
    return 1;
}

QCommandLineOption dbOption()
{
    return {"db", "Database: sqlite:PATH or postgresql://...", "DB", "sqlite:billing-platform.db"};
}

bool parse(QCommandLineParser &parser, const QStringList &arguments, QString *error)
{
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    if (!parser.parse(arguments)) {
        *error = parser.errorText();
        return false;
    }
    return true;
}

int serve(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOption(dbOption());
    parser.addOption({"listen", "Address and port; port 0 picks a free one.", "HOST:PORT", "127.0.0.1:8080"});
    parser.addOption({"marketplace-trust",
                      "Folder of the certificates and keys marketplace messages are verified with "
                      "(see `simulate init`); without it every marketplace message is refused.",
                      "DIR"});
    parser.addOption({"snapshot-dir",
                      "Folder for audit snapshot files; default: \"snapshots\" beside an SQLite "
                      "database, else the user's data folder.",
                      "DIR"});
    parser.addOption({"tls-cert", "Serve HTTPS with this PEM certificate (then any intermediates).", "FILE"});
    parser.addOption({"tls-key", "The certificate's unencrypted PEM private key.", "FILE"});
    parser.addOption(
        {"header-timeout", "Seconds a request's line and headers have to arrive (default 10).", "S", "10"});
    parser.addOption(
        {"idle-timeout", "Seconds an idle keep-alive connection stays open (default 60).", "S", "60"});
    QString error;
    if (!parse(parser, arguments, &error))
        return fail(error);
    bool headerOk = false, idleOk = false;
    const int headerTimeout = parser.value("header-timeout").toInt(&headerOk);
    const int idleTimeout = parser.value("idle-timeout").toInt(&idleOk);
    if (!headerOk || headerTimeout < 1 || headerTimeout > 3600 || !idleOk || idleTimeout < 1 ||
        idleTimeout > 86400)
        return fail(
            QStringLiteral("--header-timeout takes 1 to 3600 seconds and --idle-timeout 1 to 86400."));
    const QString listen = parser.value("listen");
    const int colon = listen.lastIndexOf(QLatin1Char(':'));
    bool portOk = false;
    const uint port = listen.mid(colon + 1).toUInt(&portOk);
    const QHostAddress address(listen.left(colon).remove(QLatin1Char('[')).remove(QLatin1Char(']')));
    if (colon < 0 || !portOk || port > 65535 || address.isNull())
        return fail(QStringLiteral(
                        "--listen takes HOST:PORT with a numeric address, e.g. 127.0.0.1:8080, not \"%1\".")
                        .arg(listen));

    http::PlatformServer::Options options;
    options.headerTimeout = std::chrono::seconds(headerTimeout);
    options.idleTimeout = std::chrono::seconds(idleTimeout);
    if (parser.isSet("tls-cert") != parser.isSet("tls-key"))
        return fail(QStringLiteral("HTTPS needs both --tls-cert and --tls-key."));
    if (parser.isSet("tls-cert")) {
        auto tls = http::ApiServer::tlsConfiguration(parser.value("tls-cert"), parser.value("tls-key"));
        if (!tls)
            return fail(tls.problem().message());
        options.tls = *tls;
    }
    auto platform =
        domain::BillingPlatform::open(parser.value("db"), std::make_shared<domain::SystemClock>());
    if (!platform)
        return fail(platform.problem().message());
    if (parser.isSet("snapshot-dir"))
        (*platform)->snapshots().setDirectory(parser.value("snapshot-dir"));
    if (parser.isSet("marketplace-trust")) {
        auto trust = marketplace::MarketplaceTrust::load(parser.value("marketplace-trust"));
        if (!trust)
            return fail(trust.problem().message());
        options.marketplaceTrust = *trust;
    }
    http::PlatformServer server(*platform, options);
    auto bound = server.listen(address, quint16(port));
    if (!bound)
        return fail(bound.problem().message());
    QTextStream(stdout) << "listening on " << server.url().toString() << Qt::endl;
    (*platform)->prepareForUse();
    return QCoreApplication::exec();
}

int seed(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOption(dbOption());
    parser.addOption({"workspaces", "How many workspaces.", "N", "50000"});
    parser.addOption({"seed", "Random seed; the same seed gives the same data.", "S", "1"});
    parser.addOption({"now", "The clock's now (ISO 8601, UTC); default today 00:00 UTC.", "TIME"});
    QString error;
    if (!parse(parser, arguments, &error))
        return fail(error);
    bool ok = false;
    const qint64 workspaces = parser.value("workspaces").toLongLong(&ok);
    if (!ok || workspaces < 1 || workspaces > 9'999'999)
        return fail(QStringLiteral("--workspaces takes a whole number from 1 to 9999999."));
    const quint64 seedValue = parser.value("seed").toULongLong(&ok);
    if (!ok)
        return fail(QStringLiteral("--seed takes a whole number."));
    qint64 now = QDateTime(QDateTime::currentDateTimeUtc().date(), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
    if (parser.isSet("now")) {
        const QDateTime given = QDateTime::fromString(parser.value("now"), Qt::ISODate);
        if (!given.isValid())
            return fail(QStringLiteral("--now takes an ISO 8601 time such as 2026-11-01T00:00:00Z."));
        now = given.toMSecsSinceEpoch();
    }
    auto database = store::Database::open(parser.value("db"));
    if (!database)
        return fail(database.problem().message());
    QElapsedTimer timer;
    timer.start();
    auto counts = seeding::DatasetSeeder::seed(**database, {workspaces, seedValue, now});
    if (!counts)
        return fail(counts.problem().message());
    QTextStream(stdout) << QStringLiteral(
                               "seeded %1 workspaces, %2 accounts, %3 cloud accounts, %4 deployments, "
                               "%5 audit events in %6 s")
                               .arg(counts->workspaces)
                               .arg(counts->accounts)
                               .arg(counts->cloudAccounts)
                               .arg(counts->deployments)
                               .arg(counts->auditEvents)
                               .arg(timer.elapsed() / 1000.0, 0, 'f', 2)
                        << Qt::endl;
    return 0;
}

// Who ran a staff command, for the audit trail: the operating-system user.
QString commandLineActor()
{
    const QString user = qEnvironmentVariable("USER", qEnvironmentVariable("LOGNAME"));
    return QStringLiteral("cli:") + (user.isEmpty() ? QStringLiteral("unknown") : user);
}

QString timeText(qint64 ms)
{
    return contract::json::time(ms).toString();
}

int staff(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOption(dbOption());
    parser.addOption({"role", "viewer, operator, admin or auditor.", "ROLE"});
    parser.addOption(
        {"expires-in", "The token stops working after this many days (default: never).", "DAYS"});
    parser.addPositionalArgument("action", "add, list, revoke or rotate");
    parser.addPositionalArgument("name", "The staff user's name.");
    QString error;
    if (!parse(parser, arguments, &error))
        return fail(error);
    const QStringList positional = parser.positionalArguments();
    const QString action = positional.value(0);
    const bool named = action == QLatin1String("add") || action == QLatin1String("revoke") ||
                       action == QLatin1String("rotate");
    if (!(named && positional.size() == 2) && !(action == QLatin1String("list") && positional.size() == 1))
        return fail(QStringLiteral(
            "usage: billing-platform staff add|revoke|rotate --db DB NAME [--role ROLE] [--expires-in DAYS], "
            "or staff list --db DB"));
    if (action == QLatin1String("add") && !parser.isSet("role"))
        return fail(QStringLiteral("staff add needs --role (viewer, operator, admin or auditor)."));
    if (action != QLatin1String("add") && parser.isSet("role"))
        return fail(QStringLiteral("--role is for staff add; a rotated token keeps the user's role."));
    qint64 expiresInDays = 0;
    if (parser.isSet("expires-in")) {
        bool ok = false;
        expiresInDays = parser.value("expires-in").toLongLong(&ok);
        if (!ok || expiresInDays < 1 || expiresInDays > 3650 || action == QLatin1String("list") ||
            action == QLatin1String("revoke"))
            return fail(QStringLiteral(
                "--expires-in takes a number of days from 1 to 3650, with staff add or rotate."));
    }
    const auto clock = std::make_shared<domain::SystemClock>();
    auto platform = domain::BillingPlatform::open(parser.value("db"), clock);
    if (!platform)
        return fail(platform.problem().message());
    domain::StaffAccess &staff = (*platform)->staff();
    const qint64 expiresAt =
        expiresInDays > 0 ? clock->nowMs() + expiresInDays * contract::vocabulary::DayMs : 0;
    const QString name = positional.value(1);
    QTextStream out(stdout);
    if (action == QLatin1String("list")) {
        auto users = staff.list();
        if (!users)
            return fail(users.problem().message());
        out << QStringLiteral("%1  %2  %3  %4\n")
                   .arg("NAME", -24)
                   .arg("ROLE", -8)
                   .arg("STATE", -44)
                   .arg("CREATED");
        for (const contract::StaffUser &u : *users) {
            const QString state = u.revokedAt != 0   ? QStringLiteral("revoked ") + timeText(u.revokedAt)
                                  : u.expiresAt == 0 ? QStringLiteral("active")
                                  : u.expiresAt <= clock->nowMs()
                                      ? QStringLiteral("expired ") + timeText(u.expiresAt)
                                      : QStringLiteral("active, expires ") + timeText(u.expiresAt);
            out << QStringLiteral("%1  %2  %3  %4\n")
                       .arg(u.name, -24)
                       .arg(u.role, -8)
                       .arg(state, -44)
                       .arg(timeText(u.createdAt));
        }
        return 0;
    }
    if (action == QLatin1String("revoke")) {
        if (auto revoked = staff.revoke(name, commandLineActor()); !revoked)
            return fail(revoked.problem().message());
        out << "revoked the token of " << name << "; it is refused from now on" << Qt::endl;
        return 0;
    }
    auto token = action == QLatin1String("add")
                     ? staff.add(name, parser.value("role"), expiresAt, commandLineActor())
                     : staff.rotate(name, expiresAt, commandLineActor());
    if (!token)
        return fail(token.problem().message());
    const QString expiry =
        expiresAt == 0 ? QStringLiteral("never expires") : QStringLiteral("expires ") + timeText(expiresAt);
    if (action == QLatin1String("add"))
        out << "added staff user " << name << " (" << parser.value("role") << "; " << expiry
            << "); API token:\n"
            << *token << Qt::endl;
    else
        out << "new token for " << name << " (" << expiry
            << "; the old one is refused from now on); API token:\n"
            << *token << Qt::endl;
    return 0;
}

} // namespace

int audit(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOption(dbOption());
    parser.addPositionalArgument("action", "verify");
    QString error;
    if (!parse(parser, arguments, &error))
        return fail(error);
    if (parser.positionalArguments() != QStringList{QStringLiteral("verify")})
        return fail(QStringLiteral("usage: billing-platform audit verify --db DB"));
    auto database = store::Database::open(parser.value("db"));
    if (!database)
        return fail(database.problem().message());
    store::AuditStore trail(*database);
    auto head = trail.verifyChain();
    if (!head)
        return fail(head.problem().message());
    QTextStream(stdout)
        << QStringLiteral("audit chain intact: %1 events, head hash %2").arg(head->seq).arg(head->hash)
        << Qt::endl;
    return 0;
}

int runPlatformCommand(const QStringList &arguments)
{
    const QString command = arguments.value(1);
    QStringList rest = arguments;
    if (rest.size() > 1)
        rest.removeAt(1); // parse the options after the command as if they came first
    if (command == QLatin1String("serve"))
        return serve(rest);
    if (command == QLatin1String("seed"))
        return seed(rest);
    if (command == QLatin1String("staff"))
        return staff(rest);
    if (command == QLatin1String("audit"))
        return audit(rest);
    if (command == QLatin1String("simulate"))
        return simulate(rest);
    if (command == QLatin1String("--version") || command == QLatin1String("-v")) {
        QTextStream(stdout) << "billing-platform " << BILLING_VERSION << Qt::endl;
        return 0;
    }
    if (command.isEmpty() || command == QLatin1String("--help") || command == QLatin1String("-h") ||
        command == QLatin1String("help")) {
        QTextStream(stdout) << Usage;
        return command.isEmpty() ? 2 : 0;
    }
    return fail(QStringLiteral("unknown command \"%1\"; see billing-platform --help").arg(command));
}

} // namespace billing::app
