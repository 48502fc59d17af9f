// SPDX-License-Identifier: Apache-2.0
#include "app/console/commandline.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>
#include <QTextStream>

namespace billing::app::commandline {

void addConnectionOptions(QCommandLineParser &parser)
{
    parser.addOption(
        {"ca-file", "Trust the certificate authorities in this PEM file besides the system's.", "FILE"});
    parser.addOption({"allow-plain-http",
                      "Allow an http:// platform on another machine (the token travels unencrypted)."});
}

int fail(const QString &message)
{
    QTextStream(stderr) << "billing-console: " << message.simplified() << '\n';
    return 1;
}

void Platform::addOptions(QCommandLineParser &parser)
{
    parser.addOption({"platform", "The platform API at URL (token from BILLING_CONSOLE_TOKEN).", "URL"});
    addConnectionOptions(parser);
    parser.addOption({"data-dir", "Without --platform: the embedded platform's data folder.", "DIR"});
}

contract::Result<contract::Done> Platform::open(const QCommandLineParser &parser)
{
    const auto problem = [](const QString &detail) {
        return contract::Problem::local(QStringLiteral("invalid_command"), {}, detail);
    };
    if (parser.isSet("platform")) {
        const QString token = qEnvironmentVariable("BILLING_CONSOLE_TOKEN");
        auto access = services::PlatformAccess::secure(
            QUrl(parser.value("platform")), token, parser.value("ca-file"), parser.isSet("allow-plain-http"));
        if (!access)
            return access.problem();
        if (token.isEmpty())
            return problem(QObject::tr("Set BILLING_CONSOLE_TOKEN to a staff token for %1.")
                               .arg(access->url.toDisplayString()));
        m_access = *access;
        return contract::Done{};
    }
    const QString dir = parser.isSet("data-dir")
                            ? parser.value("data-dir")
                            : QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    const QString file = QDir(dir).filePath(QStringLiteral("embedded-platform.sqlite"));
    if (!QFileInfo::exists(file))
        return problem(QObject::tr("No --platform given and no embedded platform data in %1.")
                           .arg(QDir::toNativeSeparators(dir)));
    host::PlatformHost::Options platform;
    platform.databaseSpec = QStringLiteral("sqlite:") + file;
    platform.server.schedulerIntervalMs = 0; // a command changes no billing state
    auto started = m_embedded.start(platform);
    if (!started)
        return problem(
            QObject::tr("The embedded platform did not start: %1").arg(started.problem().message()));
    m_access = {started->url, started->token};
    return contract::Done{};
}

} // namespace billing::app::commandline
