// SPDX-License-Identifier: Apache-2.0
// The Marketplace Activity view (Ctrl+3) on a platform connected to a fake AWS: the messages the
// marketplace sent with what each came to, filtered; the calls the platform made; one of them whole.
#include "console/services/billingservice.h"
#include "console/services/platformclient.h"
#include "console/services/workspaceservice.h"
#include "console/ui/mainwindow.h"
#include "console/ui/marketplaceactivityview.h"
#include "tests/support/fakeaws.h"
#include "tests/support/httpprobe.h"
#include "tests/support/testplatform.h"
#include "tests/support/wait.h"

#include <QComboBox>
#include <QPlainTextEdit>
#include <QSettings>
#include <QTabWidget>
#include <QTest>
#include <QTreeWidget>

#include <gtest/gtest.h>

using namespace billing;

namespace {

QStringList column(QTreeWidget *tree, int column)
{
    QStringList texts;
    for (int row = 0; row < tree->topLevelItemCount(); ++row)
        texts << tree->topLevelItem(row)->text(column);
    return texts;
}

} // namespace

TEST(MarketplaceActivityTest, ShowsWhatTheMarketplacesSentAndWhatThePlatformAskedThem)
{
    QSettings().clear();
    test::FakeAws aws;
    aws.addToken("tok-activity", "X01ACTIVITY1");
    test::TestPlatform platform(test::Backend::Sqlite, 300, 7, {}, aws.config());
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

    services::PlatformClient client(platform.url(), platform.adminToken());
    services::WorkspaceService workspaces(&client);
    services::BillingService billing(&client);
    ui::MainWindow window(&workspaces, &billing, {platform.url().toString(), false, nullptr});
    window.resize(1400, 820);
    window.show();
    ASSERT_TRUE(QTest::qWaitForWindowActive(&window));

    QTest::keyClick(&window, Qt::Key_3, Qt::ControlModifier);
    ui::MarketplaceActivityView *view = window.marketplaceActivity();
    ASSERT_TRUE(view->isVisible()) << "Ctrl+3 shows Marketplace Activity";
    ASSERT_TRUE(test::waitUntil([&] {
        return !view->isLoading() && view->messages()->topLevelItemCount() == 3;
    })) << view->messages()->topLevelItemCount();
    EXPECT_EQ(column(view->messages(), 2), QStringList({"act-forged", "act-0", "act-1"})) << "newest first";
    EXPECT_EQ(column(view->messages(), 4), QStringList({"Refused", "Stale", "Applied"}));

    // Only what came to nothing because it was sent too early.
    view->verdictFilter()->setCurrentIndex(view->verdictFilter()->findData(QStringLiteral("stale")));
    ASSERT_TRUE(
        test::waitUntil([&] { return !view->isLoading() && view->messages()->topLevelItemCount() == 1; }));
    view->messages()->setCurrentItem(view->messages()->topLevelItem(0));
    const QString detail = view->detail()->toPlainText();
    EXPECT_TRUE(detail.contains("act-0")) << detail.toStdString();
    EXPECT_TRUE(detail.contains("Stale"));
    EXPECT_TRUE(detail.contains("unsubscribe-pending")) << "the body, whole";

    // The calls: AWS's answers with their request ids.
    view->tabs()->setCurrentWidget(view->calls());
    const QStringList operations = column(view->calls(), 2);
    EXPECT_TRUE(operations.contains("ResolveCustomer")) << operations.join(", ").toStdString();
    EXPECT_TRUE(operations.contains("GetEntitlements"));
    view->calls()->setCurrentItem(view->calls()->topLevelItem(view->calls()->topLevelItemCount() - 1));
    EXPECT_TRUE(view->detail()->toPlainText().contains("ResolveCustomer"))
        << view->detail()->toPlainText().toStdString();
    window.grab().save("marketplace-activity-calls.png");
    view->tabs()->setCurrentWidget(view->messages());

    // Ctrl+Shift+L clears the filters; the whole list comes back.
    QTest::keyClick(&window, Qt::Key_L, Qt::ControlModifier | Qt::ShiftModifier);
    ASSERT_TRUE(
        test::waitUntil([&] { return !view->isLoading() && view->messages()->topLevelItemCount() == 3; }));
    view->messages()->setCurrentItem(view->messages()->topLevelItem(1));
    window.grab().save("marketplace-activity.png");
    window.close();
}
