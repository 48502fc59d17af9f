#pragma once

#include "services/billingservice.h"
#include "services/platformclient.h"
#include "services/workspaceservice.h"
#include "tests/support/testplatform.h"
#include "ui/mainwindow.h"

#include <memory>

namespace billing::test {

// The console's parts wired to a real platform on 127.0.0.1 the way app/ wires them, for widget tests.
struct TestConsole {
    std::unique_ptr<TestPlatform> platform;
    std::unique_ptr<services::PlatformClient> client;
    std::unique_ptr<services::WorkspaceService> workspaces;
    std::unique_ptr<services::BillingService> billing;

    explicit TestConsole(qint64 workspaceCount)
        : platform(std::make_unique<TestPlatform>(Backend::Sqlite, workspaceCount))
        , client(std::make_unique<services::PlatformClient>(platform->url(), platform->adminToken()))
        , workspaces(std::make_unique<services::WorkspaceService>(client.get()))
        , billing(std::make_unique<services::BillingService>(client.get()))
    {
    }

    std::unique_ptr<ui::MainWindow> newWindow() const
    {
        auto window = std::make_unique<ui::MainWindow>(workspaces.get(), billing.get(),
                                                       ui::MainWindow::PlatformInfo{platform->url().toString(), true});
        window->resize(1400, 820);
        return window;
    }
};

} // namespace billing::test
