// SPDX-License-Identifier: Apache-2.0
// The console against a running platform, offscreen: time to the first painted page, time for a
// jump to any row to paint, and memory. `bench_console URL TOKEN`. Prints a markdown table.
#include "bench/benchstats.h"
#include "console/models/workspacetablemodel.h"
#include "console/services/billingservice.h"
#include "console/services/platformclient.h"
#include "console/services/workspaceservice.h"
#include "console/ui/mainwindow.h"
#include "console/ui/workspacemanagementview.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QScrollBar>
#include <QTableView>
#include <QTest>
#include <QTextStream>

using namespace billing;

namespace {

bool waitUntil(const std::function<bool()> &done, int timeoutMs = 60000)
{
    QElapsedTimer timer;
    timer.start();
    while (!done()) {
        if (timer.elapsed() > timeoutMs)
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 1);
    }
    return true;
}

} // namespace

int main(int argc, char *argv[])
{
    QElapsedTimer sinceStart;
    sinceStart.start();
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName("BillingCenterBench");
    if (!bench::hasArguments(argc, argv, 2, "bench_console URL TOKEN"))
        return 2;
    services::PlatformClient client(QUrl(QString::fromLocal8Bit(argv[1])), QString::fromLocal8Bit(argv[2]));
    services::WorkspaceService service(&client);
    services::BillingService billing(&client);
    ui::MainWindow window(&service, &billing, {QString::fromLocal8Bit(argv[1]), false});
    window.resize(1400, 820);
    window.show();
    auto *table = window.workspaces()->table();
    auto *model = window.workspaces()->model();
    const auto visibleRowsLoaded = [&] {
        const int top = table->rowAt(0);
        const int bottom = table->rowAt(table->viewport()->height() - 1);
        if (top < 0)
            return false;
        for (int row = top; row <= (bottom < 0 ? model->rowCount() - 1 : bottom); ++row) {
            if (!model->index(row, 0).data(models::WorkspaceTableModel::LoadedRole).toBool())
                return false;
        }
        return true;
    };
    if (!waitUntil([&] { return model->rowCount() > 0 && visibleRowsLoaded(); })) {
        QTextStream(stderr) << "the first page did not load\n";
        return 1;
    }
    window.repaint();
    const double firstPaint = sinceStart.nsecsElapsed() / 1e6;
    const qint64 rows = model->rowCount();

    table->setFocus();
    table->setCurrentIndex(model->index(0, 0));
    QList<double> jumps;
    QRandomGenerator random(7);
    QList<int> targets{int(rows) - 1, 0, int(rows / 2)};
    for (int i = 0; i < 17; ++i)
        targets << int(random.bounded(quint32(rows)));
    for (const int target : targets) {
        QElapsedTimer timer;
        timer.start();
        if (target == rows - 1)
            QTest::keyClick(table, Qt::Key_End, Qt::ControlModifier);
        else
            table->scrollTo(model->index(target, 0), QAbstractItemView::PositionAtTop);
        if (!waitUntil([&] {
                return table->rowAt(0) <= target &&
                       target <= table->rowAt(table->viewport()->height() - 1) + 1 && visibleRowsLoaded();
            }))
            return 1;
        table->viewport()->repaint();
        jumps << timer.nsecsElapsed() / 1e6;
    }
    const long rssAfterJumps = bench::rssKiB();

    // Scroll through far more blocks than the model keeps, to show memory stays flat.
    for (int i = 0; i < 400; ++i) {
        table->scrollTo(model->index(int(random.bounded(quint32(rows))), 0),
                        QAbstractItemView::PositionAtTop);
        if (!waitUntil(visibleRowsLoaded))
            return 1;
    }
    const auto s = bench::Stats::of(jumps);
    QTextStream out(stdout);
    out << "| measure | value |\n|---|---|\n"
        << "| workspaces in the table | " << rows << " |\n"
        << QStringLiteral("| first page painted, from process start | %1 ms |\n").arg(firstPaint, 0, 'f', 0)
        << QStringLiteral("| jump to the last row (Ctrl+End), painted | %1 ms |\n")
               .arg(jumps.first(), 0, 'f', 1)
        << QStringLiteral("| jump to any row, painted: p50 / p95 / max of %1 | %2 / %3 / %4 ms |\n")
               .arg(s.count)
               .arg(s.p50, 0, 'f', 1)
               .arg(s.p95, 0, 'f', 1)
               .arg(s.max, 0, 'f', 1)
        << "| RSS after the jumps | " << rssAfterJumps / 1024 << " MB |\n"
        << "| RSS after 400 more random jumps | " << bench::rssKiB() / 1024 << " MB |\n"
        << "| peak RSS | " << bench::rssKiB("VmHWM:") / 1024 << " MB |\n";
    return 0;
}
