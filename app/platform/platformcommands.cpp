// SPDX-License-Identifier: Apache-2.0
#include "app/platform/platformcommands.h"

#include "app/common/journal.h"
#include "app/common/unixsignals.h"
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
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QTextStream>

#include <csignal>
#include <cstdio>

namespace billing::app {

namespace {

const char *Usage = R"(Usage: billing-platform COMMAND [options]

Commands:
  serve  [--config FILE] --db DB --listen HOST:PORT [--marketplace-trust DIR] [--marketplace-config FILE] [--snapshot-dir DIR] [--snapshot-key FILE]
         [--snapshot-keep N] [--snapshot-max-age DAYS] [--tls-key-passphrase-file FILE]
         [--tls-cert FILE --tls-key FILE] [--header-timeout S] [--idle-timeout S]
                                      serve the platform API (prints "listening on http[s]://HOST:PORT");
                                      SIGTERM or Ctrl+C stops it cleanly, SIGHUP reloads its certificate
  seed   --db DB --workspaces N --seed S [--now ISO-8601]
                                      build a deterministic demo dataset in an empty database
  staff add --db DB NAME --role ROLE [--expires-in DAYS|never]
                                      add a staff user; the new API token is the last line printed
  staff rotate --db DB NAME [--expires-in DAYS|never]
                                      a new token in place of the old one (printed last), as long-lived as the user's last
  staff revoke --db DB NAME           the user's token is refused from now on
  staff list --db DB                  staff users, roles, and whether each token is active, expired or revoked
  audit verify --db DB                walk the audit hash chain; names the first broken event
  snapshot-key show|rotate --db DB [--snapshot-dir DIR] [--snapshot-key FILE]
                                      the snapshot signing key's fingerprint and file; rotate makes a new
                                      one, announced in a record signed by the old one
  simulate init|aws|azure ...         play AWS Marketplace and Azure against a running platform

Every command also takes --config FILE: NAME = VALUE lines with the flags' names (db, listen, …);
flags given win. Without it: $BILLING_PLATFORM_CONFIG, else /etc/billing-platform/platform.conf if it
exists (the service's settings, so staff and audit commands reach the service's database).

DB is sqlite:PATH (or a bare path) or postgresql://user:password@host:port/database.
Roles: viewer, operator, admin, auditor.
Logs go to stderr; under systemd each line carries its level for the journal.
)";

QCommandLineOption snapshotKeyOption()
{
    return {"snapshot-key",
            "The snapshot signing key's file (PEM, mode 0600; sealed when BILLING_SNAPSHOT_KEY_PASSPHRASE is "
            "set). Default: signing-keys/PLATFORM-ID.pem beside the snapshot folder. Instances sharing a "
            "database share this file.",
            "FILE"};
}

int fail(const QString &message)
{
    QTextStream(stderr) << journal::prefix(journal::Level::Error)
                        << "billing-platform: " << message.simplified()
                        << '\n'; // one line, whatever the driver said
    return 1;
}

QCommandLineOption dbOption()
{
    return {"db", "Database: sqlite:PATH or postgresql://...", "DB", "sqlite:billing-platform.db"};
}

// The settings file every command reads: --config FILE, else BILLING_PLATFORM_CONFIG, else the
// service's own file when it exists.
constexpr auto DefaultConfig = "/etc/billing-platform/platform.conf";

// NAME = VALUE lines, NAME a flag's name without its dashes; '#' starts a comment line.
contract::Result<QList<QPair<QString, QString>>> readSettings(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return contract::Problem::invalidRequest(
            QStringLiteral("config"),
            QStringLiteral("Cannot read the settings file %1: %2").arg(path, file.errorString()));
    QList<QPair<QString, QString>> settings;
    for (int number = 1; !file.atEnd(); ++number) {
        const QString line = QString::fromUtf8(file.readLine()).trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1Char('#')))
            continue;
        const qsizetype equals = line.indexOf(QLatin1Char('='));
        const QString name = line.left(equals).trimmed();
        static const QRegularExpression flagName(QStringLiteral("^[a-z][a-z0-9-]*$"));
        if (equals < 0 || !flagName.match(name).hasMatch() || name == QLatin1String("config"))
            return contract::Problem::invalidRequest(
                QStringLiteral("config"), QStringLiteral("%1, line %2: expected NAME = VALUE, with NAME a "
                                                         "flag of billing-platform without its dashes.")
                                              .arg(path)
                                              .arg(number));
        settings.append({name, line.mid(equals + 1).trimmed()});
    }
    return settings;
}

// The command line, with the settings file's values for what it does not say itself. `strict`: a
// setting this command does not take is an error (serve, the file's owner), not skipped.
bool parse(QCommandLineParser &parser, const QStringList &arguments, QString *error, bool strict = false)
{
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    parser.addOption({"config",
                      QStringLiteral("Settings file of NAME = VALUE lines, NAME a flag's name; flags given "
                                     "win. Default: $BILLING_PLATFORM_CONFIG, else %1 if it exists.")
                          .arg(QLatin1String(DefaultConfig)),
                      "FILE"});
    if (!parser.parse(arguments)) {
        *error = parser.errorText();
        return false;
    }
    QString path = parser.value("config");
    if (path.isEmpty()) {
        path = qEnvironmentVariable("BILLING_PLATFORM_CONFIG", QLatin1String(DefaultConfig));
        if (!QFileInfo::exists(path) && !qEnvironmentVariableIsSet("BILLING_PLATFORM_CONFIG"))
            return true;
    }
    const auto settings = readSettings(path);
    if (!settings) {
        *error = settings.problem().message();
        return false;
    }
    // The file's values come first: of two values, an option keeps the last, the command line's.
    QStringList fromFile;
    for (const auto &[name, value] : *settings)
        fromFile << QStringLiteral("--%1=%2").arg(name, value);
    (void)parser.parse(QStringList{arguments.first()} + fromFile);
    const QStringList unknown = parser.unknownOptionNames();
    if (strict && !unknown.isEmpty()) {
        *error = QStringLiteral("%1: \"%2\" is not a setting of this command.").arg(path, unknown.first());
        return false;
    }
    fromFile.removeIf([&unknown](const QString &option) {
        return unknown.contains(option.mid(2).section(QLatin1Char('='), 0, 0));
    });
    if (!parser.parse(QStringList{arguments.first()} + fromFile + arguments.mid(1))) {
        *error = QStringLiteral("%1: %2").arg(path, parser.errorText());
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
    parser.addOption({"marketplace-config",
                      "JSON file (owner-readable only) that connects the platform to the real marketplaces; "
                      "without it the offline gateway resolves the simulator's tokens.",
                      "FILE"});
    parser.addOption({"snapshot-dir",
                      "Folder for audit snapshot files; default: \"snapshots\" beside an SQLite "
                      "database, else the user's data folder.",
                      "DIR"});
    parser.addOption(snapshotKeyOption());
    parser.addOption({"snapshot-keep",
                      "Keep only the newest N snapshot files; the scheduler deletes older ones, each "
                      "deletion audited (default: keep all).",
                      "N", "0"});
    parser.addOption({"snapshot-max-age",
                      "Delete snapshot files older than DAYS (default: never). A snapshot being "
                      "downloaded is never deleted.",
                      "DAYS", "0"});
    parser.addOption({"tls-cert", "Serve HTTPS with this PEM certificate (then any intermediates).", "FILE"});
    parser.addOption({"tls-key",
                      "The certificate's PEM private key; encrypted, its passphrase is the first line of "
                      "--tls-key-passphrase-file or BILLING_TLS_KEY_PASSPHRASE. SIGHUP reads both files "
                      "again.",
                      "FILE"});
    parser.addOption(
        {"tls-key-passphrase-file", "A file whose first line opens an encrypted --tls-key.", "FILE"});
    parser.addOption(
        {"header-timeout", "Seconds a request's line and headers have to arrive (default 10).", "S", "10"});
    parser.addOption({"idle-timeout",
                      "Seconds an idle keep-alive connection, or an answer its client does not read, is "
                      "waited for (default 60).",
                      "S", "60"});
    parser.addOption({"instance-name",
                      "This instance's name in /v1/health and the scheduler's record, when several serve "
                      "one PostgreSQL database (default: host name and port).",
                      "NAME"});
    parser.addOption({"trusted-proxy",
                      "A balancer in front (numeric address; repeat, or separate with commas): its "
                      "connections are not held to the per-address limit, and X-Forwarded-For's last "
                      "address is the client for the limits on wrong tokens and the audit trail.",
                      "ADDRESS"});
    parser.addOption({"scheduler-interval",
                      "Seconds between the scheduler's sweeps (default 60; 0: only when an admin runs it). "
                      "Several instances on one database sweep one at a time.",
                      "S", "60"});
    QString error;
    if (!parse(parser, arguments, &error, true))
        return fail(error);
    bool intervalOk = false;
    const int schedulerInterval = parser.value("scheduler-interval").toInt(&intervalOk);
    if (!intervalOk || schedulerInterval < 0 || schedulerInterval > 86400)
        return fail(QStringLiteral("--scheduler-interval takes 0 to 86400 seconds."));
    const QString instanceName = parser.value("instance-name").trimmed();
    if (parser.isSet("instance-name") && (instanceName.isEmpty() || instanceName.size() > 200))
        return fail(QStringLiteral("--instance-name takes a name of 1 to 200 characters."));
    bool headerOk = false, idleOk = false;
    const int headerTimeout = parser.value("header-timeout").toInt(&headerOk);
    const int idleTimeout = parser.value("idle-timeout").toInt(&idleOk);
    if (!headerOk || headerTimeout < 1 || headerTimeout > 3600 || !idleOk || idleTimeout < 1 ||
        idleTimeout > 86400)
        return fail(
            QStringLiteral("--header-timeout takes 1 to 3600 seconds and --idle-timeout 1 to 86400."));
    bool keepOk = false, ageOk = false;
    const int snapshotKeep = parser.value("snapshot-keep").toInt(&keepOk);
    const int snapshotMaxAge = parser.value("snapshot-max-age").toInt(&ageOk);
    if (!keepOk || snapshotKeep < 0 || snapshotKeep > 1000000 || !ageOk || snapshotMaxAge < 0 ||
        snapshotMaxAge > 36500)
        return fail(QStringLiteral("--snapshot-keep takes a number of files and --snapshot-max-age a number "
                                   "of days (0: no limit)."));
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
    for (const QString &value : parser.values("trusted-proxy")) {
        for (const QString &text : value.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            const QHostAddress proxy(text.trimmed());
            if (proxy.isNull())
                return fail(QStringLiteral("--trusted-proxy takes numeric addresses, not \"%1\".")
                                .arg(text.trimmed()));
            options.trustedProxies.append(proxy);
        }
    }
    options.schedulerIntervalMs = schedulerInterval * 1000;
    options.instanceName = instanceName;
    options.headerTimeout = std::chrono::seconds(headerTimeout);
    options.idleTimeout = std::chrono::seconds(idleTimeout);
    if (parser.isSet("tls-cert") != parser.isSet("tls-key"))
        return fail(QStringLiteral("HTTPS needs both --tls-cert and --tls-key."));
    // The certificate and key as the files hold them now: at start, and again on each SIGHUP (a
    // renewed certificate without a restart).
    const auto readTls = [&parser]() -> contract::Result<QSslConfiguration> {
        QByteArray passphrase = qgetenv("BILLING_TLS_KEY_PASSPHRASE");
        if (parser.isSet("tls-key-passphrase-file")) {
            QFile file(parser.value("tls-key-passphrase-file"));
            if (!file.open(QIODevice::ReadOnly))
                return contract::Problem{500,
                                         "tls_setup_failed",
                                         QStringLiteral("Cannot serve HTTPS"),
                                         QStringLiteral("Cannot read the passphrase file %1: %2")
                                             .arg(file.fileName(), file.errorString()),
                                         {}};
            passphrase = file.readLine().trimmed();
        }
        return http::ApiServer::tlsConfiguration(parser.value("tls-cert"), parser.value("tls-key"),
                                                 passphrase);
    };
    if (parser.isSet("tls-key-passphrase-file") && !parser.isSet("tls-key"))
        return fail(QStringLiteral("--tls-key-passphrase-file goes with --tls-cert and --tls-key."));
    if (parser.isSet("tls-cert")) {
        auto tls = readTls();
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
    if (parser.isSet("snapshot-key"))
        (*platform)->snapshots().setKeyFile(parser.value("snapshot-key"));
    // The signing key is read now, so that a missing, unsealed-wrongly or world-readable key file stops
    // the start rather than the first snapshot.
    if (auto key = (*platform)->snapshots().signingKey(); !key)
        return fail(key.problem().message());
    (*platform)->snapshots().setRetention(
        {snapshotKeep, qint64(snapshotMaxAge) * contract::vocabulary::DayMs});
    if (parser.isSet("marketplace-trust")) {
        auto trust = marketplace::MarketplaceTrust::load(parser.value("marketplace-trust"));
        if (!trust)
            return fail(trust.problem().message());
        options.marketplaceTrust = *trust;
    }
    if (parser.isSet("marketplace-config")) {
        auto config = marketplace::MarketplaceConfig::load(parser.value("marketplace-config"));
        if (!config)
            return fail(config.problem().message());
        options.marketplaceConfig = *config;
    }
    qInfo(
        "billing-platform: %s",
        qPrintable(options.marketplaceConfig
                       ? options.marketplaceConfig->summary()
                       : QStringLiteral("marketplaces: offline gateway, which resolves only the simulator's "
                                        "tokens (no --marketplace-config)")));
    http::PlatformServer server(*platform, options);
    // Prepared before it listens, as its first sweep starts then.
    (*platform)->prepareForUse();
    auto bound = server.listen(address, quint16(port));
    if (!bound)
        return fail(bound.problem().message());
    QTextStream(stdout) << journal::prefix(journal::Level::Notice) << "listening on "
                        << server.url().toString() << Qt::endl;
    // SIGHUP reloads the certificate. SIGTERM (systemd's stop) and SIGINT end the event loop, so that
    // the stores finish what they queued (page positions that followed the last commits) before the
    // process goes; a transaction under way rolls back as its connection closes.
    UnixSignals caught({SIGHUP, SIGTERM, SIGINT});
    QObject::connect(&caught, &UnixSignals::received, &server, [&](int signalNumber) {
        if (signalNumber != SIGHUP) {
            qInfo("billing-platform: %s: stopping", signalNumber == SIGTERM ? "SIGTERM" : "SIGINT");
            QCoreApplication::quit();
            return;
        }
        if (!options.tls) {
            qWarning("billing-platform: SIGHUP: serving plain HTTP, there is no certificate to reload");
            return;
        }
        auto tls = readTls();
        auto reloaded = tls ? server.reloadTls(*tls) : contract::Result<contract::Done>(tls.problem());
        if (reloaded)
            qInfo("billing-platform: SIGHUP: new connections get the certificate in %s",
                  qPrintable(parser.value("tls-cert")));
        else
            qWarning("billing-platform: SIGHUP: the certificate was not reloaded, the one in use stays: %s",
                     qPrintable(reloaded.problem().message()));
    });
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
                               "%5 audit events, %6 metered hours in %7 s")
                               .arg(counts->workspaces)
                               .arg(counts->accounts)
                               .arg(counts->cloudAccounts)
                               .arg(counts->deployments)
                               .arg(counts->auditEvents)
                               .arg(counts->meteringRecords)
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
    parser.addOption({"expires-in",
                      "The token stops working after this many days, or never (default: 90, or "
                      "BILLING_TOKEN_LIFETIME_DAYS; staff rotate keeps the user's own).",
                      "DAYS"});
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
    // A token's lifetime: --expires-in, else (staff add) BILLING_TOKEN_LIFETIME_DAYS, else 90 days;
    // staff rotate without it keeps the user's own.
    const auto lifetimeNamed = [](const QString &text) -> std::optional<contract::TokenLifetime> {
        if (text == QLatin1String("never"))
            return contract::TokenLifetime::never();
        bool ok = false;
        const qint64 days = text.toLongLong(&ok);
        if (!ok || days < 1 || days > 3650)
            return std::nullopt;
        return contract::TokenLifetime::days(days);
    };
    std::optional<contract::TokenLifetime> lifetime;
    if (parser.isSet("expires-in")) {
        lifetime = lifetimeNamed(parser.value("expires-in"));
        if (!lifetime || action == QLatin1String("list") || action == QLatin1String("revoke"))
            return fail(QStringLiteral("--expires-in takes a number of days from 1 to 3650, or never, with "
                                       "staff add or rotate."));
    } else if (action == QLatin1String("add")) {
        const QString configured = qEnvironmentVariable("BILLING_TOKEN_LIFETIME_DAYS");
        lifetime = configured.isEmpty() ? contract::TokenLifetime{} : lifetimeNamed(configured);
        if (!lifetime)
            return fail(
                QStringLiteral("BILLING_TOKEN_LIFETIME_DAYS takes a number of days from 1 to 3650, or "
                               "never, not \"%1\".")
                    .arg(configured));
    }
    const auto clock = std::make_shared<domain::SystemClock>();
    auto platform = domain::BillingPlatform::open(parser.value("db"), clock);
    if (!platform)
        return fail(platform.problem().message());
    domain::StaffAccess &staff = (*platform)->staff();
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
                     ? staff.add(name, parser.value("role"), *lifetime, commandLineActor())
                     : staff.rotate(name, lifetime, commandLineActor());
    if (!token)
        return fail(token.problem().message());
    qint64 expiresAt = 0;
    if (auto users = staff.list()) {
        for (const contract::StaffUser &user : *users)
            expiresAt = user.name == name ? user.expiresAt : expiresAt;
    }
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

int snapshotKey(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOption(dbOption());
    parser.addOption({"snapshot-dir", "The platform's snapshot folder, if serve is given one.", "DIR"});
    parser.addOption(snapshotKeyOption());
    parser.addPositionalArgument("action", "show or rotate");
    QString error;
    if (!parse(parser, arguments, &error))
        return fail(error);
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 1 ||
        (positional.first() != QLatin1String("show") && positional.first() != QLatin1String("rotate")))
        return fail(
            QStringLiteral("usage: billing-platform snapshot-key show|rotate --db DB [--snapshot-dir DIR] "
                           "[--snapshot-key FILE]"));
    auto platform =
        domain::BillingPlatform::open(parser.value("db"), std::make_shared<domain::SystemClock>());
    if (!platform)
        return fail(platform.problem().message());
    domain::AuditSnapshots &snapshots = (*platform)->snapshots();
    if (parser.isSet("snapshot-dir"))
        snapshots.setDirectory(parser.value("snapshot-dir"));
    if (parser.isSet("snapshot-key"))
        snapshots.setKeyFile(parser.value("snapshot-key"));
    auto before = snapshots.signingKey();
    if (!before)
        return fail(before.problem().message());
    QTextStream out(stdout);
    if (positional.first() == QLatin1String("show")) {
        out << "platform " << before->platformId << " signs snapshots with " << before->fingerprint << " ("
            << before->keyPath << "; " << before->announcements.size() << " rotations)" << Qt::endl;
        return 0;
    }
    auto after = snapshots.rotateKey(commandLineActor());
    if (!after)
        return fail(after.problem().message());
    out << "platform " << after->platformId << " now signs snapshots with " << after->fingerprint
        << ", announced by " << before->fingerprint << " (" << after->keyPath
        << "); a running serve takes it with its next snapshot" << Qt::endl;
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
    if (command == QLatin1String("snapshot-key"))
        return snapshotKey(rest);
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
