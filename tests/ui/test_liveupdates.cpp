// SPDX-License-Identifier: Apache-2.0
#include "console/models/billingtext.h"
#include "console/models/workspacedetails.h"
#include "console/models/workspacetablemodel.h"
#include "console/services/platformevents.h"
#include "console/ui/changebillingmethoddialog.h"
#include "console/ui/cloudaccountsview.h"
#include "console/ui/mainwindow.h"
#include "console/ui/noticebar.h"
#include "console/ui/workspacemanagementview.h"
#include "tests/support/httpprobe.h"
#include "tests/support/testconsole.h"
#include "tests/support/wait.h"
#include "ui_changebillingmethoddialog.h"

#include <QComboBox>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSqlQuery>
#include <QTableView>
#include <QTest>
#include <QToolButton>
#include <QTreeWidget>
#include <QUuid>

#include <gtest/gtest.h>

using namespace billing;
using models::WorkspaceTableModel;

namespace {

// The main window on a real platform while others change it: marketplaces and another admin.
class LiveUpdatesTest : public test::ConsoleWindowTest
{
protected:
    void windowShown() override
    {
        view = workspacesShown();
        ASSERT_TRUE(test::waitUntil([&] { return model()->total() == 3000; }));
        ASSERT_TRUE(test::waitUntil([&] { return window->events()->isLive(); }));
        EXPECT_EQ(window->findChild<QLabel *>("liveLabel")->text(), "Live");
    }

    WorkspaceTableModel *model() const { return view->model(); }
    test::TestPlatform &platform() const { return *console->platform; }
    qint64 now() const { return console->platform->clock().nowMs(); }

    test::HttpAnswer post(const QString &path, const QByteArray &body, const QByteArray &contentType,
                          const QByteArray &authorization = {}, const QByteArray &ifMatch = {})
    {
        QNetworkRequest request(test::endpoint(platform().url(), path));
        request.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
        if (!authorization.isEmpty())
            request.setRawHeader("Authorization", authorization);
        if (!ifMatch.isEmpty())
            request.setRawHeader("If-Match", ifMatch);
        request.setRawHeader("Idempotency-Key", QUuid::createUuid().toByteArray(QUuid::WithoutBraces));
        return test::exchange(request, "POST", body);
    }
    QByteArray admin() const { return "Bearer " + platform().adminToken().toUtf8(); }
    test::HttpAnswer sns(const QString &action, const QString &customer, const QString &messageId)
    {
        const auto &sim = test::TestPlatform::simulator();
        return post("/v1/marketplace/aws/notifications",
                    sim.snsNotification({{"action", action},
                                         {"customer-identifier", customer},
                                         {"product-code", "bcc-platform-payg"},
                                         {"isFreeTrialTermPresent", "false"}},
                                        messageId, now()),
                    "text/plain; charset=UTF-8");
    }
    QStringList eligible(int count)
    {
        return column("SELECT MIN(w.id) FROM workspaces w JOIN accounts a ON a.id = w.account_id "
                      "WHERE a.card_brand = '' AND a.credits_minor = 0 AND a.linked_cloud_account_id IS NULL "
                      "AND w.status = 'active' AND w.site NOT LIKE 'cn-%' GROUP BY w.account_id ORDER BY 1",
                      count);
    }
    int rowOf(const QString &id) const
    {
        for (int row = 0; row < model()->rowCount(); ++row)
            if (auto w = model()->workspaceAt(row); w && w->id == id)
                return row;
        return -1;
    }

    ui::WorkspaceManagementView *view = nullptr;
};

} // namespace

TEST_F(LiveUpdatesTest, ACancellationIsAnnouncedAndItsLockedWorkspacesAreOneClickAway)
{
    // A customer subscribes on the AWS Marketplace and three workspaces are billed to it.
    const auto &sim = test::TestPlatform::simulator();
    const QString token = sim.awsRegistrationToken("X01LIVEUI001", "aws", "Contoso Robotics", now());
    const auto registered =
        post("/v1/marketplace/aws/resolve", "x-amzn-marketplace-token=" + QUrl::toPercentEncoding(token),
             "application/x-www-form-urlencoded");
    ASSERT_EQ(registered.status, 201) << registered.body.toStdString();
    const QString cloudId = registered.json.value("cloud_account").toObject().value("id").toString();
    ASSERT_EQ(sns("subscribe-success", "X01LIVEUI001", "l-1").status, 200);
    const QStringList ids = eligible(3);
    ASSERT_EQ(ids.size(), 3);
    const auto bound =
        post("/v1/cloud-accounts/" + cloudId + "/bindings",
             QJsonDocument(QJsonObject{{"workspace_ids", QJsonArray::fromStringList(ids)}}).toJson(),
             "application/json", admin());
    ASSERT_EQ(bound.status, 200) << bound.body.toStdString();

    // The subscription ends while staff work: a notice, not a dialog.
    ASSERT_EQ(sns("unsubscribe-success", "X01LIVEUI001", "l-2").status, 200);
    ui::NoticeBar *notice = window->notice();
    ASSERT_TRUE(
        test::waitUntil([&] { return notice->isVisible() && notice->text().contains("cancelled"); }, 5000));
    EXPECT_EQ(notice->text(),
              QStringLiteral(
                  "AWS Marketplace: subscription of Contoso Robotics (%1) cancelled — 3 workspaces locked.")
                  .arg(cloudId));
    EXPECT_FALSE(notice->hasFocus());
    window->grab().save(QStringLiteral("live-cancellation-notice.png"));

    // One click lists exactly those three, the one closest to dissolution first.
    QTest::mouseClick(notice->actionButton(), Qt::LeftButton);
    EXPECT_EQ(window->views()->currentWidget(), view);
    ASSERT_TRUE(
        test::waitUntil([&] { return model()->total() == 3 && model()->workspaceAt(2).has_value(); }));
    QStringList listed;
    for (int row = 0; row < 3; ++row) {
        listed << model()->workspaceAt(row)->id;
        EXPECT_EQ(model()->workspaceAt(row)->lock.reason, "cloud_subscription_cancelled");
    }
    listed.sort();
    EXPECT_EQ(listed, ids);
    EXPECT_EQ(view->table()->horizontalHeader()->sortIndicatorSection(), WorkspaceTableModel::DaysLeftColumn);
    ASSERT_TRUE(view->lockedTogetherFilter()->isVisible());
    EXPECT_TRUE(view->lockedTogetherFilter()->toolTip().startsWith("Cancellation of Contoso Robotics"))
        << view->lockedTogetherFilter()->toolTip().toStdString();
    EXPECT_EQ(model()->index(0, WorkspaceTableModel::DaysLeftColumn).data().toString(),
              models::BillingText::daysLeft(14));
    window->grab().save(QStringLiteral("live-cancellation-filtered.png"));

    // The filter's button removes it; the list is every locked workspace again.
    QTest::mouseClick(view->lockedTogetherFilter(), Qt::LeftButton);
    ASSERT_TRUE(test::waitUntil([&] { return model()->query().lockedAt == 0 && model()->total() > 3; }));
    EXPECT_EQ(model()->query().status, "locked");
    EXPECT_FALSE(view->lockedTogetherFilter()->isVisible());
    QTest::mouseClick(notice->closeButton(), Qt::LeftButton);
    EXPECT_FALSE(notice->isVisible());
}

TEST_F(LiveUpdatesTest, ARowAnotherAdminLocksChangesInPlaceWithTheSelectionKept)
{
    const QString id = eligible(1).value(0);
    view->searchField()->setText(id);
    ASSERT_TRUE(test::waitUntil([&] { return model()->query().q == id && rowOf(id) >= 0; }));
    const int row = rowOf(id);
    QTableView *table = view->table();
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {},
                      table->visualRect(model()->index(row, 1)).center());
    ASSERT_TRUE(test::waitUntil([&] { return view->details()->contents().workspaceId == id; }));
    const qint64 rowsBefore = model()->total();

    const qint64 version = model()->workspaceAt(row)->version;
    const auto locked = post(
        "/v1/workspaces/" + id + "/lock",
        QJsonDocument(QJsonObject{{"reason", "admin_hold"}, {"note", "Chargeback under review"}}).toJson(),
        "application/json", admin(), QByteArray::number(version).prepend('"').append('"'));
    ASSERT_EQ(locked.status, 200) << locked.body.toStdString();

    ASSERT_TRUE(test::waitUntil([&] { return model()->workspaceAt(row)->status == "locked"; }, 5000));
    EXPECT_EQ(model()->index(row, WorkspaceTableModel::StatusColumn).data().toString(),
              models::BillingText::workspaceStatus("locked"));
    EXPECT_EQ(model()->total(), rowsBefore);
    EXPECT_EQ(table->currentIndex().row(), row) << "the row stays selected";
    ASSERT_TRUE(test::waitUntil([&] {
        const auto &shown = view->details()->contents();
        return shown.workspaceId == id && shown.workspace && shown.workspace->status == "locked" &&
               shown.workspace->lock.note == "Chargeback under review";
    })) << "the detail panel follows";
}

TEST_F(LiveUpdatesTest, TheLockedPresetShowsLockedWorkspacesMostUrgentFirst)
{
    QTest::mouseClick(view->findChild<QToolButton *>("lockedPreset"), Qt::LeftButton);
    ASSERT_TRUE(test::waitUntil([&] {
        return model()->query().status == "locked" && model()->total() > 10 &&
               model()->workspaceAt(9).has_value();
    }));
    EXPECT_EQ(model()->query().sort, "purge_at");
    EXPECT_FALSE(model()->query().descending);
    qint64 previous = 0;
    for (int row = 0; row < 10; ++row) {
        const auto w = model()->workspaceAt(row);
        EXPECT_EQ(w->status, "locked");
        EXPECT_GE(w->lock.purgeAt, previous);
        previous = w->lock.purgeAt;
    }
    EXPECT_EQ(view->statusFilter()->currentData().toString(), "locked")
        << "the filter bar says what the list is";
    window->grab().save(QStringLiteral("locked-preset.png"));
}

TEST_F(LiveUpdatesTest, ANewSubscriptionIsAnnouncedAsItSyncsAndAnOpenDialogOffersIt)
{
    // Staff have Change Billing Method open for a workspace while the customer subscribes.
    const QString id = eligible(1).value(0);
    view->searchField()->setText(id);
    ASSERT_TRUE(test::waitUntil([&] { return model()->query().q == id && rowOf(id) == 0; }));
    QTableView *table = view->table();
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {},
                      table->visualRect(model()->index(0, 1)).center());
    QPointer<ui::ChangeBillingMethodDialog> dialog = window->openChangeBillingMethod();
    ASSERT_TRUE(dialog);
    dialog->open();
    auto *offered = dialog->findChild<QTreeWidget *>();
    ASSERT_NE(offered, nullptr);
    const auto offers = [&](const QString &cloudId) {
        for (int i = 0; i < offered->topLevelItemCount(); ++i)
            if (offered->topLevelItem(i)->text(0).contains(cloudId))
                return true;
        return false;
    };

    const auto &sim = test::TestPlatform::simulator();
    const QString token = sim.awsRegistrationToken("X01LIVESYNC1", "aws", "Fabrikam Freight", now());
    const auto registered =
        post("/v1/marketplace/aws/resolve", "x-amzn-marketplace-token=" + QUrl::toPercentEncoding(token),
             "application/x-www-form-urlencoded");
    ASSERT_EQ(registered.status, 201);
    const QString cloudId = registered.json.value("cloud_account").toObject().value("id").toString();
    ui::NoticeBar *notice = window->notice();
    ASSERT_TRUE(
        test::waitUntil([&] { return notice->isVisible() && notice->text().contains(cloudId); }, 5000));
    EXPECT_EQ(
        notice->text(),
        QStringLiteral("AWS Marketplace: Fabrikam Freight (%1) registered; waiting for the marketplace to "
                       "confirm the subscription (syncing).")
            .arg(cloudId));
    EXPECT_FALSE(offers(cloudId)) << "not yet able to pay";
    EXPECT_TRUE(dialog->form()->subscriptionProgressLabel->isVisible());
    EXPECT_EQ(dialog->form()->subscriptionProgressLabel->text(), "Latest: " + notice->text())
        << "the dialog says it too";

    ASSERT_EQ(sns("subscribe-success", "X01LIVESYNC1", "y-1").status, 200);
    ASSERT_TRUE(test::waitUntil([&] { return notice->text().contains("synced"); }, 5000));
    EXPECT_EQ(
        notice->text(),
        QStringLiteral("AWS Marketplace: Fabrikam Freight (%1) is subscribed and synced; it can pay for "
                       "workspaces now.")
            .arg(cloudId));
    ASSERT_TRUE(test::waitUntil([&] { return offers(cloudId); }, 5000))
        << "the open dialog offers it at once";
    EXPECT_TRUE(dialog->form()->subscriptionProgressLabel->text().endsWith("it can pay for workspaces now."));
    dialog->grab().save(QStringLiteral("change-billing-method-live-sync.png"));
    window->grab().save(QStringLiteral("live-subscription-synced.png"));
    dialog->reject();

    QTest::mouseClick(notice->actionButton(), Qt::LeftButton);
    EXPECT_EQ(window->views()->currentWidget(), window->cloudAccounts());
}
