// SPDX-License-Identifier: Apache-2.0
#include "app/console/reportcommand.h"

#include "app/common/unixsignals.h"
#include "app/console/commandline.h"
#include "console/reports/reportexport.h"
#include "console/reports/snapshotreportsource.h"
#include "console/services/platformclient.h"
#include "console/services/workspaceservice.h"
#include "platform/host/platformhost.h"

#include <QCommandLineParser>
#include <QDir>
#include <QEventLoop>
#include <QGuiApplication>
#include <QLocale>
#include <QStandardPaths>
#include <QTextStream>

#include <unistd.h>

#include <csignal>
#include <cstring>

namespace billing::app {

namespace {

using commandline::fail;

// The filter options, named as the API's parameters with dashes.
const QList<QPair<QString, QString>> &filterOptions()
{
    static const QList<QPair<QString, QString>> options{{"from", "from"},
                                                        {"to", "to"},
                                                        {"site", "site"},
                                                        {"provider", "provider"},
                                                        {"status", "status"},
                                                        {"billing-method", "billing_method"},
                                                        {"cloud-account-id", "cloud_account_id"}};
    return options;
}

// "subscriptions, cloud-accounts, …, metered-usage": the reports there are, from the contract.
QString reportNames(const QString &separator)
{
    QStringList names;
    for (const contract::ReportKind kind : contract::ReportQuery::kinds())
        names.append(contract::ReportQuery::name(kind));
    return names.join(separator);
}

} // namespace

int runReportCommand(int &argc, char *argv[], const QStringList &arguments)
{
    // Fonts and QPdfWriter need a GUI application; a report needs no display.
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    if (!qEnvironmentVariableIsSet("XDG_RUNTIME_DIR")) { // else Qt warns about it on stderr, which cron mails
        const QString runtime = QDir::temp().filePath(QStringLiteral("runtime-%1").arg(getuid()));
        QDir().mkpath(runtime);
        QFile::setPermissions(runtime,
                              QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        qputenv("XDG_RUNTIME_DIR", QFile::encodeName(runtime));
    }
    // A file-size limit (ulimit -f) is a failed write with a message, not a killed process.
    std::signal(SIGXFSZ, SIG_IGN);
    QGuiApplication app(argc, argv);

    QCommandLineParser parser;
    parser.setApplicationDescription(QObject::tr("Exports one subscription report."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("report"), QStringLiteral("report"));
    parser.addPositionalArgument(QStringLiteral("kind"), reportNames(QStringLiteral(", ")));
    parser.addOption({"format", "csv, xlsx or pdf (default: the --out file's suffix).", "FORMAT"});
    parser.addOption({"out", "The report file to write.", "FILE"});
    commandline::Platform::addOptions(parser);
    parser.addOption({"snapshot", "An audit snapshot file to report from instead of a platform.", "FILE"});
    parser.addOption({"bom", "CSV: start with a UTF-8 byte order mark (for Excel)."});
    parser.addOption({"from", "Period start, e.g. 2026-11-01T00:00:00Z.", "TIME"});
    parser.addOption({"to", "Period end (exclusive).", "TIME"});
    parser.addOption({"site", "Only this site.", "SITE"});
    parser.addOption({"provider", "Only this marketplace: aws, aws_cn or azure.", "PROVIDER"});
    parser.addOption({"status",
                      "Only this status (of a workspace, a cloud account's subscription, or a metered hour).",
                      "STATUS"});
    parser.addOption({"billing-method", "Only this billing method.", "METHOD"});
    parser.addOption({"cloud-account-id", "metered-usage: only this cloud account's hours.", "ID"});
    if (!parser.parse(arguments))
        return fail(parser.errorText());
    if (parser.isSet("help")) {
        QTextStream(stdout) << parser.helpText();
        return 0;
    }

    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 2)
        return fail(
            QObject::tr("Name one report: report %1 --out FILE.").arg(reportNames(QStringLiteral("|"))));
    const auto kind = contract::ReportQuery::kindNamed(positional.at(1));
    if (!kind)
        return fail(QObject::tr("There is no report \"%1\"; choose %2.")
                        .arg(positional.at(1), reportNames(QStringLiteral(", "))));
    if (!parser.isSet("out"))
        return fail(QObject::tr("--out FILE is required."));
    const QString out = QDir::current().absoluteFilePath(parser.value("out"));
    const QString formatText = parser.isSet("format") ? parser.value("format") : QFileInfo(out).suffix();
    const auto format = reports::formatNamed(formatText);
    if (!format)
        return fail(QObject::tr("--format must be csv, xlsx or pdf, not \"%1\".").arg(formatText));
    if (parser.isSet("snapshot") && parser.isSet("platform"))
        return fail(QObject::tr("Give --platform or --snapshot, not both."));

    QUrlQuery filters;
    for (const auto &[option, parameter] : filterOptions()) {
        if (parser.isSet(option))
            filters.addQueryItem(parameter, parser.value(option));
    }
    const auto query = contract::ReportQuery::fromUrlQuery(*kind, filters);
    if (!query) {
        QString option = query.problem().extra.value(QStringLiteral("parameter")).toString();
        option.replace(QLatin1Char('_'), QLatin1Char('-'));
        return fail(QObject::tr("--%1: %2").arg(option, query.problem().message()));
    }

    reports::ReportRequest request;
    request.query = *query;
    request.format = *format;
    request.path = out;
    request.options.csvByteOrderMark = parser.isSet("bom");
    commandline::Platform platform;
    if (parser.isSet("snapshot")) {
        // Offline: the snapshot is verified by the export before a row is written.
        request.snapshot = QDir::current().absoluteFilePath(parser.value("snapshot"));
        if (!QFileInfo::exists(request.snapshot))
            return fail(QObject::tr("--snapshot: %1 does not exist.")
                            .arg(QDir::toNativeSeparators(request.snapshot)));
        request.generatedBy = reports::SnapshotReportSource::localUser();
    } else {
        if (auto opened = platform.open(parser); !opened)
            return fail(opened.problem().message());
        // Who asks, for the report's heading; also proves the token before any file is touched.
        services::PlatformClient client(platform.access());
        services::WorkspaceService workspaces(&client);
        const auto session = commandline::wait(workspaces.session());
        if (!session)
            return fail(session.problem().message());
        request.generatedBy = session->name;
    }
    reports::ReportExport job(request, platform.access());
    const bool showProgress = isatty(STDERR_FILENO);
    QObject::connect(&job, &reports::ReportExport::progressed, &app, [showProgress](qint64 rows) {
        if (showProgress)
            QTextStream(stderr) << '\r' << QObject::tr("%1 rows").arg(QLocale().toString(rows)) << Qt::flush;
    });
    // Stopped (a service manager's SIGTERM, Ctrl+C): the export is cancelled, which removes its
    // partial file, and the exit code says which signal it was.
    UnixSignals stops({SIGTERM, SIGINT});
    int stoppedBy = 0;
    QObject::connect(&stops, &UnixSignals::received, &app, [&](int signalNumber) {
        stoppedBy = signalNumber;
        job.cancel();
    });
    int exitCode = 1;
    QObject::connect(&job, &reports::ReportExport::finished, &app,
                     [&](bool succeeded, bool cancelled, const QString &message, qint64 rows) {
                         if (showProgress)
                             QTextStream(stderr) << '\r';
                         if (cancelled && stoppedBy != 0) {
                             fail(QObject::tr("Stopped by signal %1 (%2); nothing was written.")
                                      .arg(stoppedBy)
                                      .arg(QString::fromLocal8Bit(strsignal(stoppedBy))));
                             exitCode = 128 + stoppedBy;
                         } else if (succeeded) {
                             if (showProgress)
                                 QTextStream(stderr)
                                     << QObject::tr("%1: %2 rows")
                                            .arg(QDir::toNativeSeparators(out), QLocale().toString(rows))
                                     << '\n';
                             exitCode = 0;
                         } else {
                             exitCode = fail(message);
                         }
                         app.quit();
                     });
    job.start();
    app.exec();
    return exitCode;
}

} // namespace billing::app
