// SPDX-License-Identifier: Apache-2.0
#include "console/models/workspacedetails.h"
#include "console/models/workspacetablemodel.h"
#include "console/ui/mainwindow.h"
#include "console/ui/workspacedetailpanel.h"
#include "console/ui/workspacemanagementview.h"
#include "tests/support/testconsole.h"
#include "tests/support/wait.h"

#include <QComboBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QScrollBar>
#include <QSettings>
#include <QStatusBar>
#include <QTableView>
#include <QTest>

#include <gtest/gtest.h>

using namespace billing;
using models::WorkspaceTableModel;

namespace {

class WorkspaceManagementTest : public test::ConsoleWindowTest
{
protected:
    WorkspaceManagementTest()
        : ConsoleWindowTest(20'000)
    {
    }
    void windowShown() override
    {
        view = window->workspaces();
        ASSERT_TRUE(test::waitUntil([&] { return model()->rowCount() == 20'000 && loadedRow(0); }));
    }

    WorkspaceTableModel *model() const { return view->model(); }
    bool loadedRow(int row) const
    {
        return model()->index(row, 0).data(WorkspaceTableModel::LoadedRole).toBool();
    }
    QString cell(int row, int column) const { return model()->index(row, column).data().toString(); }
    void clickRow(int row)
    {
        QTableView *table = view->table();
        table->scrollTo(model()->index(row, 0));
        const QRect rect = table->visualRect(model()->index(row, WorkspaceTableModel::NameColumn));
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, rect.center());
    }
    bool detailsShown() const
    {
        const auto &c = view->details()->contents();
        return !c.workspaceId.isEmpty() && c.pending == 0 && c.workspace.has_value();
    }
    void saveScreenshot(const char *name)
    {
        window->grab().save(QStringLiteral("%1.png").arg(QLatin1String(name)));
    }

    ui::WorkspaceManagementView *view = nullptr;
};

} // namespace

TEST_F(WorkspaceManagementTest, TitleAndStatusBarSayWhichPlatformAndHowMany)
{
    EXPECT_TRUE(window->windowTitle().contains("Embedded demo platform"));
    const auto labels = window->statusBar()->findChildren<QLabel *>();
    const bool counted = std::any_of(labels.begin(), labels.end(),
                                     [](QLabel *l) { return l->text().contains("20,000 workspaces"); });
    EXPECT_TRUE(counted);
    ASSERT_TRUE(test::waitUntil([&] {
        return std::any_of(labels.begin(), labels.end(), [](QLabel *l) { return l->text() == "Connected"; });
    }));
}

TEST_F(WorkspaceManagementTest, TypeAFilterSortScrollFarSelectAndReadTheDetails)
{
    // Ctrl+F goes to the search field; typing narrows the list on the server ("staging" is only ever in
    // a workspace's name, never in an email or a cloud account's name).
    QTest::keyClick(window.get(), Qt::Key_F, Qt::ControlModifier);
    EXPECT_TRUE(view->searchField()->hasFocus());
    QTest::keyClicks(view->searchField(), "staging");
    ASSERT_TRUE(test::waitUntil(
        [&] { return model()->query().q == "staging" && model()->rowCount() > 0 && loadedRow(0); }));
    const int matches = model()->rowCount();
    EXPECT_LT(matches, 20'000);
    for (int row = 0; row < std::min(matches, 30); ++row)
        EXPECT_TRUE(cell(row, WorkspaceTableModel::NameColumn).contains("Staging"));

    // Filter by status through the combo box, as a keyboard user would.
    QComboBox *status = view->statusFilter();
    status->setFocus();
    status->setCurrentIndex(status->findData("active"));
    ASSERT_TRUE(test::waitUntil([&] { return model()->query().status == "active" && loadedRow(0); }));
    EXPECT_LE(model()->rowCount(), matches);

    // Clear filters, then sort by Name by clicking its header, twice for descending.
    view->clearFilters();
    ASSERT_TRUE(test::waitUntil([&] { return model()->rowCount() == 20'000 && loadedRow(0); }));
    QHeaderView *header = view->table()->horizontalHeader();
    const int x = header->sectionViewportPosition(WorkspaceTableModel::NameColumn) + 10;
    QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, QPoint(x, header->height() / 2));
    ASSERT_TRUE(test::waitUntil([&] { return model()->query().sort == "name" && loadedRow(0); }));
    QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, QPoint(x, header->height() / 2));
    ASSERT_TRUE(test::waitUntil([&] { return model()->query().descending && loadedRow(0); }));
    EXPECT_GE(cell(0, WorkspaceTableModel::NameColumn), cell(1, WorkspaceTableModel::NameColumn));

    // Jump to the end with Ctrl+End: the last rows load, no earlier blocks in between.
    view->table()->setFocus();
    QTest::keyClick(view->table(), Qt::Key_End, Qt::ControlModifier);
    const int last = model()->rowCount() - 1;
    ASSERT_TRUE(test::waitUntil([&] { return loadedRow(last); }));
    EXPECT_FALSE(model()->workspaceAt(10'000).has_value()) << "the middle of the list was never fetched";
    EXPECT_LE(cell(last, WorkspaceTableModel::NameColumn), cell(last - 1, WorkspaceTableModel::NameColumn));

    // Select a row far down with the mouse: the detail panel fills in.
    clickRow(last - 3);
    ASSERT_TRUE(test::waitUntil([&] { return detailsShown(); }));
    const QString id = model()->index(last - 3, 0).data(WorkspaceTableModel::WorkspaceIdRole).toString();
    EXPECT_EQ(view->details()->contents().workspaceId, id);
    ui::WorkspaceDetailPanel *panel = view->detailPanel();
    EXPECT_TRUE(panel->fieldText("detailTitle").contains(id));
    EXPECT_EQ(panel->fieldText("site"), cell(last - 3, WorkspaceTableModel::SiteColumn));
    EXPECT_FALSE(panel->fieldText("account").isEmpty());
    EXPECT_FALSE(panel->fieldText("creditCard").isEmpty());
    saveScreenshot("workspace-management-scrolled");
}

TEST_F(WorkspaceManagementTest, ALockedWorkspaceShowsReasonAndDaysLeft)
{
    QComboBox *status = view->statusFilter();
    status->setCurrentIndex(status->findData("locked"));
    ASSERT_TRUE(test::waitUntil(
        [&] { return model()->query().status == "locked" && model()->rowCount() > 0 && loadedRow(0); }));
    model()->setNow([] { return test::TestPlatform::Now; });
    EXPECT_TRUE(cell(0, WorkspaceTableModel::DaysLeftColumn).contains("left") ||
                cell(0, WorkspaceTableModel::DaysLeftColumn) == "due now");
    clickRow(0);
    ASSERT_TRUE(test::waitUntil([&] { return detailsShown(); }));
    const QString lock = view->detailPanel()->fieldText("lock");
    const auto &w = *view->details()->contents().workspace;
    EXPECT_TRUE(lock.contains("since")) << lock.toStdString();
    EXPECT_TRUE(lock.contains("Dissolved on")) << lock.toStdString();
    EXPECT_TRUE(lock.contains(w.lock.by)) << lock.toStdString();
    saveScreenshot("workspace-management-locked");
}

TEST_F(WorkspaceManagementTest, ACloudBilledWorkspaceNamesItsMarketplaceSubscription)
{
    QComboBox *method = view->billingMethodFilter();
    method->setCurrentIndex(method->findData("cloud_account"));
    ASSERT_TRUE(
        test::waitUntil([&] { return model()->query().billingMethod == "cloud_account" && loadedRow(0); }));
    clickRow(0);
    ASSERT_TRUE(test::waitUntil(
        [&] { return detailsShown() && view->details()->contents().cloudAccount.has_value(); }));
    const QString label = view->detailPanel()->fieldText("paymentMethod");
    EXPECT_TRUE(label == "AWS Marketplace Subscription" || label == "Azure Marketplace Subscription" ||
                label == "AWS China Marketplace Subscription")
        << label.toStdString();
    EXPECT_EQ(view->detailPanel()->fieldText("billingMethod"), label);
}

TEST_F(WorkspaceManagementTest, RemembersSortAndColumnLayout)
{
    view->table()->horizontalHeader()->resizeSection(WorkspaceTableModel::SiteColumn, 211);
    model()->sort(WorkspaceTableModel::UpdatedColumn, Qt::DescendingOrder);
    window->close();
    window = console->newWindow();
    view = window->workspaces();
    EXPECT_EQ(view->table()->horizontalHeader()->sectionSize(WorkspaceTableModel::SiteColumn), 211);
    EXPECT_EQ(model()->query().sort, "updated_at");
    EXPECT_TRUE(model()->query().descending);
}

TEST_F(WorkspaceManagementTest, EveryControlHasAnAccessibleName)
{
    for (QWidget *widget :
         {static_cast<QWidget *>(view->searchField()), static_cast<QWidget *>(view->statusFilter()),
          static_cast<QWidget *>(view->billingMethodFilter()), static_cast<QWidget *>(view->siteFilter()),
          static_cast<QWidget *>(view->providerFilter()), static_cast<QWidget *>(view->table())})
        EXPECT_FALSE(widget->accessibleName().isEmpty()) << widget->metaObject()->className();
}

TEST_F(WorkspaceManagementTest, APlatformThatGoesAwaySaysSoAndF5Recovers)
{
    console->platform.reset(); // the platform stops
    QTest::keyClick(window.get(), Qt::Key_F5);
    ASSERT_TRUE(
        test::waitUntil([&] { return window->statusBar()->currentMessage().contains("Press F5"); }, 30000));
    EXPECT_FALSE(model()->isLoading());
    const auto labels = window->statusBar()->findChildren<QLabel *>();
    EXPECT_TRUE(std::any_of(labels.begin(), labels.end(), [](QLabel *l) { return l->text() == "Offline"; }));
}
