// SPDX-License-Identifier: Apache-2.0
// The Marketplace Activity view (Ctrl+3) on a platform connected to a fake AWS: the messages the
// marketplace sent with what each came to, filtered; the calls the platform made; one of them whole.
#include "console/models/cloudaccounttablemodel.h"
#include "console/services/billingservice.h"
#include "console/services/platformclient.h"
#include "console/services/workspaceservice.h"
#include "console/ui/cloudaccountdetailpanel.h"
#include "console/ui/cloudaccountsview.h"
#include "console/ui/mainwindow.h"
#include "console/ui/marketplaceactivityview.h"
#include "tests/support/fakeaws.h"
#include "tests/support/httpprobe.h"
#include "tests/support/testconsole.h"
#include "tests/support/testplatform.h"
#include "tests/support/wait.h"

#include <QComboBox>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTest>
#include <QTreeWidget>

#include <gtest/gtest.h>

using namespace billing;

TEST(MarketplaceActivityTest, ShowsWhatTheMarketplacesSentAndWhatThePlatformAskedThem)
{
    QSettings().clear();
    test::FakeAws aws;
    aws.addToken("tok-activity", "X01ACTIVITY1");
    test::TestConsole console(300, aws.config());
    test::TestPlatform &platform = *console.platform;
    const auto post = [&](const QString &path, const QByteArray &body, const QByteArray &type) {
        QNetworkRequest request(test::endpoint(platform.url(), path));
        request.setHeader(QNetworkRequest::ContentTypeHeader, type);
        return test::exchange(request, "POST", body);
    };
    const auto sns = [&](const QString &action, const QString &id, qint64 at) {
        return post("/v1/marketplace/aws/notifications",
                    platform.simulator().snsNotification({{"action", action},
                                                          {"customer-identifier", "X01ACTIVITY1"},
                                                          {"product-code", test::FakeAws::ProductCode}},
                                                         id, at),
                    "text/plain; charset=UTF-8");
    };
    ASSERT_EQ(post("/v1/marketplace/aws/resolve", "x-amzn-marketplace-token=tok-activity",
                   "application/x-www-form-urlencoded")
                  .status,
              201);
    const qint64 t = platform.clock().nowMs();
    ASSERT_EQ(sns("subscribe-success", "act-1", t).status, 200);
    ASSERT_EQ(sns("unsubscribe-pending", "act-0", t - 60'000).status, 200); // sent earlier: stale
    QByteArray forged =
        platform.simulator().snsNotification({{"action", "unsubscribe-success"}}, "act-forged", t);
    forged.replace("unsubscribe-success", "subscribe-success");
    ASSERT_EQ(post("/v1/marketplace/aws/notifications", forged, "text/plain").status, 403);

    const std::unique_ptr<ui::MainWindow> shown = console.newWindow();
    ui::MainWindow &window = *shown;
    window.show();
    ASSERT_TRUE(QTest::qWaitForWindowActive(&window));

    QTest::keyClick(&window, Qt::Key_3, Qt::ControlModifier);
    ui::MarketplaceActivityView *view = window.marketplaceActivity();
    ASSERT_TRUE(view->isVisible()) << "Ctrl+3 shows Marketplace Activity";
    ASSERT_TRUE(test::waitUntil([&] {
        return !view->isLoading() && view->messages()->topLevelItemCount() == 3;
    })) << view->messages()->topLevelItemCount();
    EXPECT_EQ(test::treeColumn(view->messages(), 2), QStringList({"act-forged", "act-0", "act-1"}))
        << "newest first";
    EXPECT_EQ(test::treeColumn(view->messages(), 4), QStringList({"Refused", "Stale", "Applied"}));

    // Only what came to nothing because it was sent too early.
    view->verdictFilter()->setCurrentIndex(view->verdictFilter()->findData(QStringLiteral("stale")));
    ASSERT_TRUE(
        test::waitUntil([&] { return !view->isLoading() && view->messages()->topLevelItemCount() == 1; }));
    view->messages()->setCurrentItem(view->messages()->topLevelItem(0));
    const QString detail = view->detail()->toPlainText();
    EXPECT_TRUE(detail.contains("act-0")) << detail.toStdString();
    EXPECT_TRUE(detail.contains("Stale"));
    EXPECT_TRUE(detail.contains("unsubscribe-pending")) << "the body, whole";
    // An admin replays it: it takes effect now, out of its order.
    ASSERT_TRUE(view->replayButton()->isEnabled());
    EXPECT_TRUE(view->retrySyncButton()->isEnabled());
    QTest::mouseClick(view->replayButton(), Qt::LeftButton);
    ASSERT_TRUE(test::waitUntil([&] {
        return window.statusBar()->currentMessage().contains("act-0 replayed");
    })) << window.statusBar()->currentMessage().toStdString();
    const QString account = view->messages()->topLevelItem(0)->text(3);
    EXPECT_EQ(test::exchange("GET", test::endpoint(platform.url(), "/v1/cloud-accounts/" + account),
                             platform.adminToken())
                  .json.value("subscription_state")
                  .toString(),
              "unsubscribe_pending");

    // The calls: AWS's answers with their request ids.
    view->tabs()->setCurrentWidget(view->calls());
    const QStringList operations = test::treeColumn(view->calls(), 2);
    EXPECT_TRUE(operations.contains("ResolveCustomer")) << operations.join(", ").toStdString();
    EXPECT_TRUE(operations.contains("GetEntitlements"));
    view->calls()->setCurrentItem(view->calls()->topLevelItem(view->calls()->topLevelItemCount() - 1));
    EXPECT_TRUE(view->detail()->toPlainText().contains("ResolveCustomer"))
        << view->detail()->toPlainText().toStdString();
    window.grab().save("marketplace-activity-calls.png");
    view->tabs()->setCurrentWidget(view->messages());

    // Ctrl+Shift+L clears the filters; the whole list comes back, with the replay as a message of its own.
    QTest::keyClick(&window, Qt::Key_L, Qt::ControlModifier | Qt::ShiftModifier);
    ASSERT_TRUE(
        test::waitUntil([&] { return !view->isLoading() && view->messages()->topLevelItemCount() == 4; }));
    EXPECT_TRUE(view->messages()->topLevelItem(0)->text(2).startsWith("act-0#replay-"));
    EXPECT_EQ(view->messages()->topLevelItem(0)->text(4), "Applied");
    view->messages()->setCurrentItem(view->messages()->topLevelItem(2));
    window.grab().save("marketplace-activity.png");
    window.close();
}

// A cloud account whose sync failed because AWS did not answer: staff press Retry Sync on its page; the
// platform asks AWS again and the page shows it synced, with the entitlements AWS holds.
TEST(MarketplaceActivityTest, RetrySyncOnACloudAccountsPageAsksTheMarketplaceAgain)
{
    QSettings().clear();
    test::FakeAws aws;
    aws.addToken("tok-sync", "X01SYNCAGAIN");
    test::TestConsole console(300, aws.config());
    test::TestPlatform &platform = *console.platform;
    QNetworkRequest resolve(test::endpoint(platform.url(), "/v1/marketplace/aws/resolve"));
    resolve.setHeader(QNetworkRequest::ContentTypeHeader, "application/x-www-form-urlencoded");
    const auto registered = test::exchange(resolve, "POST", "x-amzn-marketplace-token=tok-sync");
    ASSERT_EQ(registered.status, 201);
    const QString id = registered.json.value("cloud_account").toObject().value("id").toString();
    aws.failNext(3, test::FakeAws::Failure::ServerError);
    QNetworkRequest notify(test::endpoint(platform.url(), "/v1/marketplace/aws/notifications"));
    notify.setHeader(QNetworkRequest::ContentTypeHeader, "text/plain");
    ASSERT_EQ(
        test::exchange(notify, "POST",
                       platform.simulator().snsNotification({{"action", "subscribe-success"},
                                                             {"customer-identifier", "X01SYNCAGAIN"},
                                                             {"product-code", test::FakeAws::ProductCode}},
                                                            "sync-1", platform.clock().nowMs()))
            .status,
        200);
    aws.addEntitlement("X01SYNCAGAIN", "Users", platform.clock().nowMs() / 1000 + 30 * 24 * 3600);

    const std::unique_ptr<ui::MainWindow> shown = console.newWindow();
    ui::MainWindow &window = *shown;
    window.show();
    ASSERT_TRUE(QTest::qWaitForWindowActive(&window));
    QTest::keyClick(&window, Qt::Key_2, Qt::ControlModifier);
    ui::CloudAccountsView *accounts = window.cloudAccounts();
    accounts->searchField()->setText(id);
    ASSERT_TRUE(test::waitUntil([&] { return accounts->model()->rowCount() == 1; }));
    accounts->table()->selectRow(0);
    ui::CloudAccountDetailPanel *page = accounts->detailPanel();
    ASSERT_TRUE(test::waitUntil(
        [&] { return page->cloudAccountId() == id && !page->fieldText("syncState").isEmpty(); }));
    EXPECT_TRUE(page->fieldText("syncState").contains("GetEntitlements did not answer"))
        << page->fieldText("syncState").toStdString();
    EXPECT_FALSE(page->bindButton()->isEnabled()) << "no binding until it is synced";

    QTest::mouseClick(page->retrySyncButton(), Qt::LeftButton);
    ASSERT_TRUE(test::waitUntil([&] { return page->fieldText("syncState") == "Synced"; }))
        << page->fieldText("syncState").toStdString();
    EXPECT_TRUE(page->fieldText("entitlements").startsWith("Users = 1, until "))
        << page->fieldText("entitlements").toStdString();
    EXPECT_TRUE(page->bindButton()->isEnabled());
    EXPECT_TRUE(page->retrySyncButton()->isEnabled());
    window.grab().save("cloud-account-retry-sync.png");
    window.close();
}
