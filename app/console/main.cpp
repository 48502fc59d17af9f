// SPDX-License-Identifier: Apache-2.0
#include "app/console/commandline.h"
#include "app/console/consolelauncher.h"
#include "app/console/reportcommand.h"
#include "app/console/snapshotcommand.h"
#include "console/ui/consolelanguage.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QTextStream>

#include <cstdlib>
#include <vector>

namespace {

bool hasDisplay()
{
    return qEnvironmentVariableIsSet("DISPLAY") || qEnvironmentVariableIsSet("WAYLAND_DISPLAY") ||
           qEnvironmentVariableIsSet("QT_QPA_PLATFORM");
}

void describeOptions(QCommandLineParser &parser)
{
    parser.setApplicationDescription(QStringLiteral(
        "Billing Center Console: workspace billing administration for billing staff.\n"
        "With no --platform it starts an embedded demo platform on 127.0.0.1 with demo data."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOption({"platform",
                      "Use the platform API at URL (token from BILLING_CONSOLE_TOKEN, else the keychain, "
                      "else the sign-in dialog).",
                      "URL"});
    billing::app::commandline::addConnectionOptions(parser);
    parser.addOption({"data-dir",
                      "Folder of the embedded platform's SQLite file (default: the user's data folder).",
                      "DIR"});
    parser.addOption(
        {"demo-workspaces", "Workspaces in the embedded demo dataset made on first run.", "N", "50000"});
    parser.addOption({"screenshot",
                      "Render the main window once the first page has loaded, save it as PNG, exit.",
                      "FILE"});
    parser.addOption({"select-row", "With --screenshot: the row to select first.", "ROW", "0"});
    parser.addPositionalArgument(
        QStringLiteral("report"),
        QStringLiteral(
            "Headless: billing-console report subscriptions|cloud-accounts|locked|changes|metered-usage "
            "--format csv|xlsx|pdf --out FILE [--platform URL] [filters]; see report --help."),
        QStringLiteral("[report ...]"));
    parser.addPositionalArgument(
        QStringLiteral("FILE"),
        QStringLiteral("Audit snapshot files to review offline, each in a Snapshot Review window "
                       "(no platform is started)."),
        QStringLiteral("[FILE ...]"));
    parser.addPositionalArgument(
        QStringLiteral("snapshot"),
        QStringLiteral("Headless: billing-console snapshot create --out FILE [--platform URL] | "
                       "verify FILE | diff OLDER NEWER [--format csv]."),
        QStringLiteral("[snapshot ...]"));
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication::setOrganizationName(QStringLiteral("BillingCenter"));
    QCoreApplication::setApplicationName(QStringLiteral("billing-console"));
    QCoreApplication::setApplicationVersion(QStringLiteral(BILLING_VERSION));
    // The desktop entry's name: the window's app id on Wayland, its icon and its MIME types.
    QGuiApplication::setDesktopFileName(QStringLiteral(BILLING_APP_ID));

    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);
    // Qt reads "-platform NAME" as its windowing plugin; ours is the billing platform's URL, so Qt
    // gets the arguments without it and we parse the originals.
    std::vector<char *> qtArguments;
    for (int i = 0; i < argc; ++i) {
        const QByteArray argument(argv[i]);
        if (argument == "--platform" || argument == "-platform") {
            ++i;
            continue;
        }
        if (argument.startsWith("--platform=") || argument.startsWith("-platform="))
            continue;
        qtArguments.push_back(argv[i]);
    }
    int qtArgc = int(qtArguments.size());
    qtArguments.push_back(nullptr);
    // Headless subcommands need no display.
    if (argc > 1 && QByteArray(argv[1]) == "report")
        return billing::app::runReportCommand(qtArgc, qtArguments.data(), arguments);
    if (argc > 1 && QByteArray(argv[1]) == "snapshot")
        return billing::app::runSnapshotCommand(qtArgc, qtArguments.data(), arguments);

    // --help and --version answer without a display.
    {
        QCoreApplication probe(argc, argv);
        QCommandLineParser parser;
        describeOptions(parser);
        if (!parser.parse(arguments)) {
            QTextStream(stderr) << "billing-console: " << parser.errorText() << '\n';
            return 2;
        }
        if (parser.isSet("help")) {
            QTextStream(stdout) << parser.helpText();
            return 0;
        }
        if (parser.isSet("version")) {
            QTextStream(stdout) << "billing-console " << BILLING_VERSION << '\n';
            return 0;
        }
    }
    if (!hasDisplay()) {
        QTextStream(stderr)
            << "billing-console: no display found; run it under xvfb-run, set QT_QPA_PLATFORM=offscreen "
               "with --screenshot, or use the headless subcommands (see --help).\n";
        return 2;
    }
    QApplication app(qtArgc, qtArguments.data());
    billing::ui::language::install(&app);
    QCommandLineParser parser;
    describeOptions(parser);
    parser.process(arguments);
    return billing::app::runConsole(parser);
}
