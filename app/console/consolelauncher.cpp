// SPDX-License-Identifier: Apache-2.0
#include "app/console/consolelauncher.h"

#include "app/console/commandline.h"
#include "console/models/workspacedetails.h"
#include "console/models/workspacetablemodel.h"
#include "console/services/billingservice.h"
#include "console/services/platformclient.h"
#include "console/services/storedtokens.h"
#include "console/services/workspaceservice.h"
#include "console/ui/consolesettings.h"
#include "console/ui/mainwindow.h"
#include "console/ui/signindialog.h"
#include "console/ui/snapshotreviewwindow.h"
#include "console/ui/workspacemanagementview.h"
#include "platform/host/platformhost.h"
#include "platform/marketplace/marketplacesimulator.h"

#include <QApplication>
#include <QDir>
#include <QMessageBox>
#include <QStandardPaths>
#include <QTableView>
#include <QTextStream>
#include <QTimer>

namespace billing::app {

namespace {

int fail(const QString &message)
{
    QTextStream(stderr) << "billing-console: " << message.simplified() << '\n';
    if (qobject_cast<QApplication *>(QCoreApplication::instance()) &&
        qEnvironmentVariable("QT_QPA_PLATFORM") != QLatin1String("offscreen"))
        QMessageBox::critical(nullptr, QObject::tr("Billing Center Console"), message);
    return 1;
}

// Renders the window once the first page and the selected row's details are in, then saves it.
void screenshotWhenReady(ui::MainWindow &window, const QString &file, int row)
{
    auto *view = window.workspaces();
    auto save = [&window, file] {
        const bool saved = window.grab().save(file);
        if (!saved)
            QTextStream(stderr) << "billing-console: cannot write the screenshot to " << file << '\n';
        QCoreApplication::exit(saved ? 0 : 1);
    };
    QObject::connect(view->model(), &models::WorkspaceTableModel::firstPageLoaded, &window, [view, row] {
        const int target = std::min(row, view->model()->rowCount() - 1);
        if (target >= 0) {
            view->table()->selectRow(target);
            view->table()->scrollTo(view->model()->index(target, 0));
        }
    });
    QObject::connect(view->details(), &models::WorkspaceDetails::changed, &window, [view, save] {
        const auto &c = view->details()->contents();
        if (!c.workspaceId.isEmpty() && c.pending == 0)
            QTimer::singleShot(200, save); // let the panel lay itself out
    });
    QTimer::singleShot(120000, &window, [] {
        QTextStream(stderr) << "billing-console: the first page did not load within 120 s; no screenshot\n";
        QCoreApplication::exit(1);
    });
}

} // namespace

int reviewSnapshots(const QCommandLineParser &options, const QStringList &files)
{
    // Offline: no platform is started or reached; each file opens in a review window of its own.
    int open = 0;
    for (const QString &file : files) {
        auto *window = ui::SnapshotReviewWindow::open(file);
        if (!window)
            continue;
        ++open;
        if (options.isSet("screenshot")) {
            const QString target = options.value("screenshot");
            QObject::connect(
                window, &ui::SnapshotReviewWindow::verificationFinished, window, [window, target] {
                    // A moment for the first pages to arrive and paint.
                    QTimer::singleShot(800, window, [window, target] {
                        if (!window->grab().save(target))
                            QTextStream(stderr)
                                << "billing-console: cannot write the screenshot to " << target << '\n';
                        QApplication::quit();
                    });
                });
            break;
        }
    }
    if (!open)
        return 1;
    return QApplication::exec();
}

namespace {

// One window on one platform until it closes; answers the exit code, or nothing when the user signed
// out (then the caller asks for a sign-in again, saying `why`).
std::optional<int> runWindow(const services::PlatformAccess &access, bool isEmbedded,
                             services::StoredTokens *tokens, const QCommandLineParser &options, QString *why)
{
    services::PlatformClient client(access);
    services::WorkspaceService service(&client);
    services::BillingService billing(&client);
    ui::MainWindow window(&service, &billing, {access.url.toString(), isEmbedded, tokens});
    bool signedOut = false;
    QObject::connect(&window, &ui::MainWindow::signedOut, &window, [&](const QString &reason) {
        signedOut = true;
        *why = reason;
        window.close();
        QApplication::exit(0);
    });
    if (options.isSet("screenshot"))
        screenshotWhenReady(window, options.value("screenshot"), options.value("select-row").toInt());
    window.show();
    const int code = QApplication::exec();
    if (signedOut)
        return std::nullopt;
    return code;
}

// A remote platform's session: the token from BILLING_CONSOLE_TOKEN, else the keychain's, else the
// sign-in dialog; after Sign Out (or a revoked token) the dialog again.
int runRemote(const QCommandLineParser &options)
{
    const QUrl url(options.value("platform"));
    // An address that is no platform's fails at once (plain HTTP may still be allowed in the dialog).
    if (auto usable = services::PlatformAccess::secure(url, {}, {}, true); !usable)
        return fail(usable.problem().message());
    services::StoredTokens tokens;
    std::optional<services::PlatformAccess> access;
    QString why;
    // What to trust: the command line's choice, else what the user chose when signing in to it last.
    const QString caFile =
        options.isSet("ca-file") ? options.value("ca-file") : ui::settings::signInCaFile().get();
    const bool allowPlainHttp =
        options.isSet("allow-plain-http") || ui::settings::signInPlainHttpHosts().get().contains(url.host());
    if (const QString token = qEnvironmentVariable("BILLING_CONSOLE_TOKEN"); !token.isEmpty()) {
        auto secured = services::PlatformAccess::secure(url, token, caFile, allowPlainHttp);
        if (!secured)
            return fail(secured.problem().message());
        access = *secured;
    } else if (auto stored = commandline::wait(tokens.read(url)); !stored) {
        why = stored.problem().message();
    } else if (!stored->isEmpty()) {
        auto secured = services::PlatformAccess::secure(url, *stored, caFile, allowPlainHttp);
        if (secured)
            access = *secured;
        else
            why = secured.problem().message();
    }
    for (;;) {
        if (!access) {
            if (options.isSet("screenshot"))
                return fail(QObject::tr("No staff token for %1: set BILLING_CONSOLE_TOKEN.")
                                .arg(url.toDisplayString()));
            ui::SignInDialog dialog(&tokens, url, why);
            if (dialog.exec() != QDialog::Accepted)
                return 0;
            access = dialog.signedIn()->access;
        }
        const auto code = runWindow(*access, false, &tokens, options, &why);
        if (code)
            return *code;
        access.reset();
    }
}

} // namespace

int runConsole(const QCommandLineParser &options)
{
    if (const QStringList files = options.positionalArguments(); !files.isEmpty())
        return reviewSnapshots(options, files);
    if (options.isSet("platform"))
        return runRemote(options);
    host::PlatformHost embedded;
    const QString dir = options.isSet("data-dir")
                            ? options.value("data-dir")
                            : QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    if (!QDir().mkpath(dir))
        return fail(QObject::tr("Cannot create the data folder %1.").arg(dir));
    bool ok = false;
    const qint64 demoWorkspaces = options.value("demo-workspaces").toLongLong(&ok);
    if (!ok || demoWorkspaces < 1)
        return fail(QObject::tr("--demo-workspaces takes a whole number above 0."));
    host::PlatformHost::Options platform;
    platform.databaseSpec =
        QStringLiteral("sqlite:") + QDir(dir).filePath(QStringLiteral("embedded-platform.sqlite"));
    platform.seedWorkspacesIfEmpty = demoWorkspaces;
    // The demo platform trusts a marketplace simulator kept beside its data, so staff can watch a
    // subscription's whole life with `billing-platform simulate` (printed below).
    const QString marketplaceDir = QDir(dir).filePath(QStringLiteral("marketplace"));
    auto simulator = marketplace::MarketplaceSimulator::load(marketplaceDir);
    if (!simulator) {
        simulator = marketplace::MarketplaceSimulator::generate();
        if (auto saved = simulator->save(marketplaceDir); !saved)
            return fail(saved.problem().message());
    }
    platform.server.marketplaceTrust = simulator->trust();
    auto started = embedded.start(platform);
    if (!started)
        return fail(QObject::tr("The embedded platform did not start: %1").arg(started.problem().message()));
    QTextStream(stdout)
        << QObject::tr(
               "Embedded platform at %1. Play a marketplace against it, for example:\n"
               "  billing-platform simulate aws register --dir %2 --platform %1 --customer X01DEMO --name "
               "\"Contoso\"\n"
               "  billing-platform simulate aws subscribe-success --dir %2 --platform %1 --customer X01DEMO")
               .arg(started->url.toString(), marketplaceDir)
        << Qt::endl;
    QString unused;
    return runWindow({started->url, started->token}, true, nullptr, options, &unused).value_or(0);
}

} // namespace billing::app
