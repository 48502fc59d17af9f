// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "console/models/workspacetablemodel.h"
#include "console/services/billingservice.h"
#include "console/services/platformclient.h"
#include "console/services/workspaceservice.h"
#include "console/ui/mainwindow.h"
#include "console/ui/workspacemanagementview.h"
#include "tests/support/testplatform.h"
#include "tests/support/wait.h"

#include <QSettings>
#include <QSqlQuery>
#include <QTest>
#include <QTreeWidget>

#include <gtest/gtest.h>

#include <limits>
#include <memory>

namespace billing::test {

// The console's parts wired to a real platform on 127.0.0.1 the way app/ wires them, for widget tests.
struct TestConsole {
    std::unique_ptr<TestPlatform> platform;
    std::unique_ptr<services::PlatformClient> client;
    std::unique_ptr<services::WorkspaceService> workspaces;
    std::unique_ptr<services::BillingService> billing;

    // With `marketplaces` the platform calls them (a fake, in tests).
    explicit TestConsole(qint64 workspaceCount,
                         std::optional<marketplace::MarketplaceConfig> marketplaces = std::nullopt)
        : platform(std::make_unique<TestPlatform>(Backend::Sqlite, workspaceCount, 7, std::nullopt,
                                                  std::move(marketplaces)))
        , client(std::make_unique<services::PlatformClient>(platform->url(), platform->adminToken()))
        , workspaces(std::make_unique<services::WorkspaceService>(client.get()))
        , billing(std::make_unique<services::BillingService>(client.get()))
    {
    }

    std::unique_ptr<ui::MainWindow> newWindow() const
    {
        auto window = std::make_unique<ui::MainWindow>(
            workspaces.get(), billing.get(), ui::MainWindow::PlatformInfo{platform->url().toString(), true});
        window->resize(1400, 820);
        return window;
    }
};

// One column of a flat list's rows, as shown.
inline QStringList treeColumn(QTreeWidget *tree, int column)
{
    QStringList texts;
    for (int row = 0; row < tree->topLevelItemCount(); ++row)
        texts << tree->topLevelItem(row)->text(column);
    return texts;
}

// A widget test's start: fresh settings, a console on a real platform with `workspaces` seeded, and
// its main window shown and exposed. A fixture's SetUp() calls this one first, then waits for what it needs.
class ConsoleWindowTest : public ::testing::Test
{
protected:
    explicit ConsoleWindowTest(qint64 workspaces = 3000)
        : m_workspaces(workspaces)
    {
    }
    void SetUp() override
    {
        QSettings().clear();
        console = std::make_unique<TestConsole>(m_workspaces);
        window = console->newWindow();
        window->show();
        ASSERT_TRUE(QTest::qWaitForWindowExposed(window.get()));
        windowShown();
    }
    void TearDown() override { QSettings().clear(); }
    // Each test's own set-up, once the window shows.
    virtual void windowShown() {}

    // The first column of a query of the platform's own database, at most `limit` rows: tests pick
    // their fixtures this way.
    QStringList column(const QString &sql, qsizetype limit = std::numeric_limits<qsizetype>::max())
    {
        QSqlQuery q(*console->platform->directAccess()->database().connection());
        EXPECT_TRUE(q.exec(sql)) << sql.toStdString();
        QStringList values;
        while (values.size() < limit && q.next())
            values << q.value(0).toString();
        return values;
    }
    QString pick(const QString &sql)
    {
        const QStringList found = column(sql, 1);
        EXPECT_FALSE(found.isEmpty()) << "no fixture for: " << sql.toStdString();
        return found.value(0);
    }

    // Workspace Management with its days left counted by the platform's clock, once its first rows are in.
    ui::WorkspaceManagementView *workspacesShown()
    {
        ui::WorkspaceManagementView *view = window->workspaces();
        view->model()->setNow([clock = &console->platform->clock()] { return clock->nowMs(); });
        EXPECT_TRUE(waitUntil([&] { return view->model()->workspaceAt(0).has_value(); }));
        return view;
    }

    std::unique_ptr<TestConsole> console;
    std::unique_ptr<ui::MainWindow> window;

private:
    qint64 m_workspaces;
};

} // namespace billing::test
