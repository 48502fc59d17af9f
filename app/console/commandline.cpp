#include "app/console/commandline.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>
#include <QTextStream>

namespace billing::app::commandline {

int fail(const QString &message)
{
    QTextStream(stderr) << "billing-console: " << message.simplified() << '\n';
    return 1;
}

void Platform::addOptions(QCommandLineParser &parser)
{
    parser.addOption({"platform", "The platform API at URL (token from BILLING_CONSOLE_TOKEN).", "URL"});
    parser.addOption({"data-dir", "Without --platform: the embedded platform's data folder.", "DIR"});
}

api::Result<api::Done> Platform::open(const QCommandLineParser &parser)
{
    const auto problem = [](const QString &detail) { return api::Problem{0, "invalid_command", {}, detail, {}}; };
    if (parser.isSet("platform")) {
        m_url = QUrl(parser.value("platform"));
        if (!m_url.isValid() || (m_url.scheme() != QLatin1String("http") && m_url.scheme() != QLatin1String("https")))
            return problem(QObject::tr("--platform needs an http:// or https:// URL, not \"%1\".").arg(parser.value("platform")));
        m_token = qEnvironmentVariable("BILLING_CONSOLE_TOKEN");
        if (m_token.isEmpty())
            return problem(QObject::tr("Set BILLING_CONSOLE_TOKEN to a staff token for %1.").arg(m_url.toDisplayString()));
        return api::Done{};
    }
    const QString dir = parser.isSet("data-dir") ? parser.value("data-dir")
                                                 : QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    const QString file = QDir(dir).filePath(QStringLiteral("embedded-platform.sqlite"));
    if (!QFileInfo::exists(file))
        return problem(QObject::tr("No --platform given and no embedded platform data in %1.").arg(QDir::toNativeSeparators(dir)));
    http::PlatformHost::Options platform;
    platform.databaseSpec = QStringLiteral("sqlite:") + file;
    platform.server.schedulerIntervalMs = 0; // a command changes no billing state
    auto started = m_embedded.start(platform);
    if (!started)
        return problem(QObject::tr("The embedded platform did not start: %1").arg(started.problem().message()));
    m_url = started->url;
    m_token = started->token;
    return api::Done{};
}

} // namespace billing::app::commandline
