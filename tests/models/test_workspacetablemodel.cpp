// SPDX-License-Identifier: Apache-2.0
#include "console/models/workspacedetails.h"
#include "console/models/workspacetablemodel.h"
#include "console/services/platformclient.h"
#include "console/services/workspaceservice.h"
#include "tests/support/tcprelay.h"
#include "tests/support/testplatform.h"
#include "tests/support/wait.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

#include <gtest/gtest.h>

using namespace billing;
using models::WorkspaceTableModel;

namespace {

class WorkspaceTableModelTest : public ::testing::Test
{
protected:
    static void SetUpTestSuite() { platform = new test::TestPlatform(test::Backend::Sqlite, Rows); }
    static void TearDownTestSuite() { delete platform; }

    void SetUp() override
    {
        client = std::make_unique<services::PlatformClient>(platform->url(), platform->adminToken());
        service = std::make_unique<services::WorkspaceService>(client.get());
        model = std::make_unique<WorkspaceTableModel>(service.get());
        tester = std::make_unique<QAbstractItemModelTester>(
            model.get(), QAbstractItemModelTester::FailureReportingMode::Warning);
    }

    bool loadFirstPage()
    {
        QSignalSpy first(model.get(), &WorkspaceTableModel::firstPageLoaded);
        model->refresh();
        return first.wait(20000) || first.count() > 0;
    }
    bool loaded(int row) const { return model->index(row, 0).data(WorkspaceTableModel::LoadedRole).toBool(); }
    QString id(int row) const { return model->index(row, 0).data().toString(); }

    static constexpr qint64 Rows = 25'000;
    static test::TestPlatform *platform;
    std::unique_ptr<services::PlatformClient> client;
    std::unique_ptr<services::WorkspaceService> service;
    std::unique_ptr<WorkspaceTableModel> model;
    std::unique_ptr<QAbstractItemModelTester> tester;
};
test::TestPlatform *WorkspaceTableModelTest::platform = nullptr;

} // namespace

TEST_F(WorkspaceTableModelTest, MakesNoRequestUntilAsked)
{
    EXPECT_EQ(model->rowCount(), 0);
    EXPECT_FALSE(model->isLoading());
}

TEST_F(WorkspaceTableModelTest, RowCountIsTheServersTotalWithOnlyTheFirstBlockLoaded)
{
    ASSERT_TRUE(loadFirstPage());
    EXPECT_EQ(model->rowCount(), Rows);
    EXPECT_TRUE(loaded(0));
    EXPECT_TRUE(loaded(WorkspaceTableModel::BlockSize - 1));
    EXPECT_EQ(id(0), "ws-0000001");
    EXPECT_EQ(model->columnCount(), WorkspaceTableModel::ColumnCount);
}

TEST_F(WorkspaceTableModelTest, FarRowsShowAPlaceholderThenArriveWithANarrowChangeSignal)
{
    ASSERT_TRUE(loadFirstPage());
    const int far = int(Rows) - 7;
    EXPECT_FALSE(loaded(far));
    EXPECT_EQ(model->index(far, WorkspaceTableModel::NameColumn).data().toString(), "Loading…");
    QSignalSpy changed(model.get(), &QAbstractItemModel::dataChanged);
    QSignalSpy reset(model.get(), &QAbstractItemModel::modelReset);
    ASSERT_TRUE(test::waitUntil([&] { return loaded(far); }));
    EXPECT_EQ(id(far), QStringLiteral("ws-%1").arg(far + 1, 7, 10, QLatin1Char('0')));
    ASSERT_EQ(changed.count(), 1);
    const int firstRow = far / WorkspaceTableModel::BlockSize * WorkspaceTableModel::BlockSize;
    EXPECT_EQ(changed.at(0).at(0).toModelIndex().row(), firstRow);
    EXPECT_EQ(changed.at(0).at(1).toModelIndex().row(), int(Rows) - 1);
    EXPECT_EQ(reset.count(), 0);
}

TEST_F(WorkspaceTableModelTest, AReloadWhileABlockIsOnItsWayReadsItOnceMoreAfterIt)
{
    // F5 pressed while an earlier read of a block is still out: that read was asked before the press,
    // so the block is read again once it arrives, and the rows show the platform after the press.
    test::TcpRelay relay(quint16(platform->url().port()));
    services::PlatformClient through(relay.url(), platform->adminToken());
    services::WorkspaceService relayed(&through);
    WorkspaceTableModel viewed(&relayed);
    QSignalSpy first(&viewed, &WorkspaceTableModel::firstPageLoaded);
    viewed.refresh();
    ASSERT_TRUE(first.wait(20000) || first.count() > 0);
    ASSERT_TRUE(test::waitUntil([&] { return !viewed.isLoading(); }));
    const auto reads = [&] { return relay.sent().count("GET /v1/workspaces?"); };
    const qsizetype before = reads();

    viewed.reloadLoaded();
    viewed.reloadLoaded(); // the first reload's read is still out
    ASSERT_TRUE(test::waitUntil([&] { return !viewed.isLoading(); }));
    QTest::qWait(100);
    EXPECT_EQ(reads() - before, 2) << "one read for each press, one after the other";
    EXPECT_EQ(viewed.total(), Rows);
}

TEST_F(WorkspaceTableModelTest, SortsOnTheServer)
{
    ASSERT_TRUE(loadFirstPage());
    model->sort(WorkspaceTableModel::NameColumn, Qt::DescendingOrder);
    ASSERT_TRUE(test::waitUntil([&] { return model->rowCount() == Rows && loaded(0); }));
    EXPECT_EQ(model->query().sort, "name");
    EXPECT_TRUE(model->query().descending);
    const QString first = model->index(0, WorkspaceTableModel::NameColumn).data().toString();
    const QString second = model->index(1, WorkspaceTableModel::NameColumn).data().toString();
    EXPECT_GE(first, second);
    // The last row of a descending sort is the smallest name.
    const int last = int(Rows) - 1;
    (void)model->index(last, 0).data();
    ASSERT_TRUE(test::waitUntil([&] { return loaded(last); }));
    EXPECT_LE(model->index(last, WorkspaceTableModel::NameColumn).data().toString(), first);
}

TEST_F(WorkspaceTableModelTest, FiltersOnTheServerAndFollowsTheNewTotal)
{
    ASSERT_TRUE(loadFirstPage());
    contract::WorkspaceQuery query = model->query();
    query.status = "locked";
    QSignalSpy total(model.get(), &WorkspaceTableModel::totalChanged);
    model->setQuery(query);
    ASSERT_TRUE(test::waitUntil([&] { return model->rowCount() > 0 && loaded(0); }));
    EXPECT_LT(model->rowCount(), Rows);
    for (int row = 0; row < std::min(50, model->rowCount()); ++row)
        EXPECT_EQ(model->workspaceAt(row)->status, "locked");
    EXPECT_GE(total.count(), 2); // reset to 0, then the filtered total
}

TEST_F(WorkspaceTableModelTest, KeepsAtMostABoundedNumberOfBlocks)
{
    ASSERT_TRUE(loadFirstPage());
    const int blocks = WorkspaceTableModel::MaxCachedBlocks + 20;
    for (int block = 1; block <= blocks; ++block) {
        const int row = block * WorkspaceTableModel::BlockSize;
        (void)model->index(row, 0).data();
        ASSERT_TRUE(test::waitUntil([&] { return loaded(row); })) << "block " << block;
    }
    int cached = 0;
    for (int block = 0; block <= blocks; ++block)
        cached += model->workspaceAt(block * WorkspaceTableModel::BlockSize).has_value() ? 1 : 0;
    EXPECT_LE(cached, WorkspaceTableModel::MaxCachedBlocks);
    EXPECT_FALSE(model->workspaceAt(WorkspaceTableModel::BlockSize).has_value())
        << "the least recently used block goes first";
}

TEST_F(WorkspaceTableModelTest, ReportsAPlatformThatIsGone)
{
    services::PlatformClient gone(QUrl("http://127.0.0.1:1"), "t");
    gone.setRetryDelay(std::chrono::milliseconds(1));
    services::WorkspaceService goneService(&gone);
    WorkspaceTableModel orphan(&goneService);
    QSignalSpy failed(&orphan, &WorkspaceTableModel::loadFailed);
    QSignalSpy loading(&orphan, &WorkspaceTableModel::loadingChanged);
    orphan.refresh();
    ASSERT_TRUE(failed.wait(20000));
    EXPECT_TRUE(failed.at(0).at(0).toString().contains("127.0.0.1:1"));
    EXPECT_FALSE(orphan.isLoading()) << "no spinner is left behind";
    ASSERT_GE(loading.count(), 2);
    EXPECT_FALSE(loading.last().at(0).toBool());
}

TEST_F(WorkspaceTableModelTest, DetailsGatherTheWorkspaceItsAccountCloudAccountDeploymentsAndAudit)
{
    models::WorkspaceDetails details(service.get());
    contract::WorkspaceQuery bound;
    bound.billingMethod = "cloud_account";
    bound.limit = 1;
    const auto page = test::await(service->page(bound));
    ASSERT_TRUE(page.ok());
    ASSERT_FALSE(page->items.isEmpty());
    details.show(page->items.first().id);
    ASSERT_TRUE(
        test::waitUntil([&] { return details.contents().pending == 0 && details.contents().cloudAccount; }));
    const auto &c = details.contents();
    EXPECT_TRUE(c.error.isEmpty()) << c.error.toStdString();
    EXPECT_EQ(c.workspace->id, page->items.first().id);
    EXPECT_EQ(c.account->id, c.workspace->accountId);
    EXPECT_EQ(c.cloudAccount->id, c.workspace->cloudAccountId);
    ASSERT_TRUE(c.deployments.has_value());
    ASSERT_TRUE(c.auditEvents.has_value());
    EXPECT_FALSE(c.auditEvents->isEmpty());
    // Showing another workspace drops answers for the first.
    details.show("ws-missing");
    ASSERT_TRUE(test::waitUntil([&] { return details.contents().pending == 0; }));
    EXPECT_FALSE(details.contents().workspace.has_value());
    EXPECT_FALSE(details.contents().error.isEmpty());
}
