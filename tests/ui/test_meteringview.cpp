// SPDX-License-Identifier: Apache-2.0
// The Metering view (Ctrl+4) on a platform connected to a fake AWS, over the seed's usage history: a
// month's totals per cloud account, the hourly ledger behind them filtered by state, and Retry of a
// failed hour; and the cloud account page's metered usage this month.
#include "console/models/cloudaccounttablemodel.h"
#include "console/ui/cloudaccountdetailpanel.h"
#include "console/ui/cloudaccountsview.h"
#include "console/ui/mainwindow.h"
#include "console/ui/meteringview.h"
#include "tests/support/fakeaws.h"
#include "tests/support/testconsole.h"
#include "tests/support/testplatform.h"
#include "tests/support/wait.h"

#include <QComboBox>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSqlQuery>
#include <QStatusBar>
#include <QTableView>
#include <QTest>
#include <QTreeWidget>

#include <gtest/gtest.h>

using namespace billing;

namespace {

QSet<QString> distinct(const QStringList &texts)
{
    return {texts.begin(), texts.end()};
}

} // namespace

TEST(MeteringViewTest, ShowsTheMonthAndItsLedgerAndRetriesAFailedHour)
{
    QSettings().clear();
    test::FakeAws aws;
    test::TestConsole console(300, aws.config(1));
    test::TestPlatform &platform = *console.platform;
    aws.setMeteringNow(platform.clock().nowMs());
    // One AWS hour of the seed's history that AWS has not taken yet.
    QString failedCloud;
    int failed = 0; // of that cloud account this month, the seed's included
    {
        auto db = platform.directAccess()->database().connection();
        QSqlQuery q(*db);
        ASSERT_TRUE(q.exec("SELECT id, cloud_account_id FROM metering_records WHERE marketplace = 'aws' AND "
                           "state = 'accepted' ORDER BY hour DESC, id LIMIT 1"));
        ASSERT_TRUE(q.next());
        const qint64 id = q.value(0).toLongLong();
        failedCloud = q.value(1).toString();
        q.finish();
        ASSERT_TRUE(
            q.exec(QStringLiteral("UPDATE metering_records SET state = 'failed', marketplace_record_id "
                                  "= '', attempts = 2, last_error = 'HTTP 503 (3 attempts)' WHERE id = %1")
                       .arg(id)));
        ASSERT_TRUE(q.exec(QStringLiteral("SELECT COUNT(*) FROM metering_records WHERE state = 'failed' AND "
                                          "cloud_account_id = '%1'")
                               .arg(failedCloud)));
        ASSERT_TRUE(q.next());
        failed = q.value(0).toInt();
    }

    const std::unique_ptr<ui::MainWindow> shown = console.newWindow();
    ui::MainWindow &window = *shown;
    window.show();
    ASSERT_TRUE(QTest::qWaitForWindowActive(&window));
    QTest::keyClick(&window, Qt::Key_4, Qt::ControlModifier);
    ui::MeteringView *view = window.metering();
    ASSERT_TRUE(view->isVisible()) << "Ctrl+4 shows Metering";
    ASSERT_TRUE(
        test::waitUntil([&] { return !view->isLoading() && view->totals()->topLevelItemCount() > 0; }));
    // The months are the platform's: the seed's clock is in September 2026.
    EXPECT_EQ(view->monthFilter()->count(), 12);
    EXPECT_EQ(view->monthFilter()->itemText(0),
              QLocale().toString(QDate(2026, 9, 1), QStringLiteral("MMMM yyyy")));
    EXPECT_GT(view->ledger()->topLevelItemCount(), 0);
    EXPECT_GT(distinct(test::treeColumn(view->ledger(), 1)).size(), 1) << "every cloud account's hours";

    // One cloud account: its hours only.
    QTreeWidgetItem *row = nullptr;
    for (int i = 0; i < view->totals()->topLevelItemCount(); ++i) {
        if (view->totals()->topLevelItem(i)->text(0) == failedCloud)
            row = view->totals()->topLevelItem(i);
    }
    ASSERT_NE(row, nullptr);
    EXPECT_EQ(row->text(4), QString::number(failed)) << "the failed hours are waiting";
    view->totals()->setCurrentItem(row);
    ASSERT_TRUE(test::waitUntil([&] {
        return !view->isLoading() &&
               distinct(test::treeColumn(view->ledger(), 1)) == QSet<QString>{failedCloud};
    }));

    // Only what failed; Retry sends it to AWS, which takes it.
    view->stateFilter()->setCurrentIndex(view->stateFilter()->findData(QStringLiteral("failed")));
    ASSERT_TRUE(
        test::waitUntil([&] { return !view->isLoading() && view->ledger()->topLevelItemCount() == failed; }));
    EXPECT_EQ(distinct(test::treeColumn(view->ledger(), 5)), QSet<QString>{"Failed"});
    EXPECT_FALSE(view->retryButton()->isEnabled()) << "nothing selected";
    view->ledger()->setCurrentItem(view->ledger()->topLevelItem(0));
    ASSERT_TRUE(view->retryButton()->isEnabled());
    window.grab().save("metering-failed.png");
    QTest::mouseClick(view->retryButton(), Qt::LeftButton);
    ASSERT_TRUE(test::waitUntil([&] { return window.statusBar()->currentMessage().contains("accepted"); }))
        << window.statusBar()->currentMessage().toStdString();
    ASSERT_TRUE(test::waitUntil(
        [&] { return !view->isLoading() && view->ledger()->topLevelItemCount() == failed - 1; }));
    EXPECT_EQ(aws.metered().size(), 1);

    // Ctrl+Shift+L: every state again, the month's ledger of every cloud account.
    QTest::keyClick(&window, Qt::Key_L, Qt::ControlModifier | Qt::ShiftModifier);
    ASSERT_TRUE(
        test::waitUntil([&] { return !view->isLoading() && view->ledger()->topLevelItemCount() > 1; }));
    view->totals()->setCurrentItem(view->totals()->topLevelItem(0));
    ASSERT_TRUE(test::waitUntil([&] { return !view->isLoading(); }));
    window.grab().save("metering.png");

    // The cloud account's page: this month's metered usage.
    QTest::keyClick(&window, Qt::Key_2, Qt::ControlModifier);
    ui::CloudAccountsView *accounts = window.cloudAccounts();
    accounts->searchField()->setText(failedCloud);
    ASSERT_TRUE(test::waitUntil([&] { return accounts->model()->rowCount() == 1; }));
    accounts->table()->selectRow(0);
    ui::CloudAccountDetailPanel *page = accounts->detailPanel();
    ASSERT_TRUE(test::waitUntil([&] {
        return page->cloudAccountId() == failedCloud &&
               page->fieldText("meteredThisMonth").contains("billed");
    })) << page->fieldText("meteredThisMonth").toStdString();
    EXPECT_TRUE(page->fieldText("meteredThisMonth").startsWith("deployment_hours: "));
    window.grab().save("cloud-account-metering.png");
    window.close();
}
