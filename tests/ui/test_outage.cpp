// SPDX-License-Identifier: Apache-2.0
// The console through a platform outage: a real platform process, killed and started again on its
// port, while staff look at Workspace Management.
#include "console/models/cloudaccounttablemodel.h"
#include "console/models/workspacedetails.h"
#include "console/ui/cloudaccountsview.h"
#include "console/ui/noticebar.h"
#include "tests/support/testconsole.h"

#include <QLabel>
#include <QProcess>
#include <QRegularExpression>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>

#include <csignal>

using namespace billing;

namespace {

class OutageTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        QSettings().clear();
        m_db = "sqlite:" + m_dir.filePath("platform.sqlite");
        ASSERT_EQ(run({"seed", "--db", m_db, "--workspaces", "300", "--seed", "3"}), 0);
        QProcess staff;
        staff.start(BILLING_PLATFORM_BINARY,
                    {"staff", "add", "--db", m_db, "olga.operator", "--role", "admin"});
        ASSERT_TRUE(staff.waitForFinished(30000));
        m_token = QString::fromUtf8(staff.readAllStandardOutput()).trimmed().section('\n', -1);
        start(0);
    }
    void TearDown() override
    {
        m_serve.kill();
        m_serve.waitForFinished();
        QSettings().clear();
    }
    int run(const QStringList &arguments)
    {
        QProcess process;
        process.start(BILLING_PLATFORM_BINARY, arguments);
        EXPECT_TRUE(process.waitForFinished(60000));
        return process.exitCode();
    }
    // `billing-platform serve` on `port` (0: any); its URL once it listens.
    void start(quint16 port)
    {
        m_serve.start(BILLING_PLATFORM_BINARY,
                      {"serve", "--db", m_db, "--listen", QStringLiteral("127.0.0.1:%1").arg(port)});
        ASSERT_TRUE(m_serve.waitForReadyRead(30000));
        m_url = QUrl(QString::fromUtf8(m_serve.readLine()).trimmed().section(' ', 2));
        ASSERT_TRUE(m_url.isValid());
    }

    QTemporaryDir m_dir;
    QString m_db;
    QString m_token;
    QProcess m_serve;
    QUrl m_url;
};

} // namespace

TEST_F(OutageTest, AKilledPlatformLeavesWhatStaffReadStaleAndItComesBackByItself)
{
    services::PlatformClient client(m_url, m_token);
    services::WorkspaceService workspaces(&client);
    services::BillingService billing(&client);
    ui::MainWindow window(&workspaces, &billing, {m_url.toString(), false, nullptr});
    window.resize(1400, 820);
    window.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&window));
    auto *view = window.findChild<ui::WorkspaceManagementView *>();
    ASSERT_NE(view, nullptr);
    models::WorkspaceTableModel *model = view->model();
    ASSERT_TRUE(test::waitUntil([&] { return model->total() == 300 && model->workspaceAt(5).has_value(); }));
    const QString chosen = model->workspaceAt(5)->id;
    view->table()->selectRow(5);
    ASSERT_TRUE(test::waitUntil([&] {
        const auto &shown = view->details()->contents();
        return shown.workspaceId == chosen && shown.workspace && shown.account && shown.pending == 0;
    }));
    ASSERT_TRUE(test::waitUntil([&] { return window.changeBillingMethodAction()->isEnabled(); }));

    ui::CloudAccountsView *clouds = window.cloudAccounts();
    ASSERT_TRUE(test::waitUntil([&] { return clouds->model()->rowCount() > 0; }));
    const int cloudRows = clouds->model()->rowCount();

    // The platform dies; staff press F5.
    m_serve.kill();
    m_serve.waitForFinished();
    QTest::keyClick(view->table(), Qt::Key_F5);
    ASSERT_TRUE(test::waitUntil([&] { return view->isStale(); }, 10000));
    EXPECT_EQ(model->total(), 300) << "the rows read before stay";
    ASSERT_TRUE(model->workspaceAt(5).has_value());
    EXPECT_EQ(model->workspaceAt(5)->id, chosen);
    EXPECT_EQ(view->table()->currentIndex().row(), 5) << "and so does the selection";
    EXPECT_EQ(view->details()->contents().workspaceId, chosen);
    EXPECT_TRUE(view->details()->contents().workspace.has_value()) << "the detail read before stays too";
    EXPECT_TRUE(view->details()->contents().account.has_value());
    EXPECT_TRUE(view->staleNotice()->isVisible());
    EXPECT_TRUE(view->staleNotice()->text().contains("stopped answering"))
        << view->staleNotice()->text().toStdString();
    EXPECT_FALSE(window.changeBillingMethodAction()->isEnabled());
    EXPECT_TRUE(window.changeBillingMethodAction()->toolTip().contains("not answering"))
        << window.changeBillingMethodAction()->toolTip().toStdString();
    auto *connection = window.findChild<QLabel *>("connectionLabel");
    auto *live = window.findChild<QLabel *>("liveLabel");
    ASSERT_NE(connection, nullptr);
    ASSERT_NE(live, nullptr);
    EXPECT_EQ(connection->text(), "Offline");
    EXPECT_NE(live->text(), "Live") << "never Live beside Offline";
    static const QRegularExpression runOn(QStringLiteral("[a-z] Press F5"));
    EXPECT_FALSE(window.statusBar()->currentMessage().contains(runOn))
        << "two sentences, not one run on: " << window.statusBar()->currentMessage().toStdString();
    QTest::qWait(100);
    window.grab().save("console-platform-away.png");
    // Cloud Accounts, refreshed too, keeps its rows the same way.
    window.views()->setCurrentWidget(clouds);
    QTest::keyClick(clouds->table(), Qt::Key_F5);
    ASSERT_TRUE(test::waitUntil([&] { return clouds->isStale(); }, 10000));
    EXPECT_EQ(clouds->model()->rowCount(), cloudRows);
    EXPECT_TRUE(clouds->staleNotice()->isVisible());
    window.views()->setCurrentWidget(view);

    // The platform starts again on its port: the console sees it by itself, no key pressed.
    start(quint16(m_url.port()));
    ASSERT_TRUE(test::waitUntil([&] { return !view->isStale(); }, 20000));
    EXPECT_FALSE(view->staleNotice()->isVisible());
    EXPECT_EQ(model->total(), 300);
    EXPECT_EQ(view->table()->currentIndex().row(), 5) << "reloaded in place";
    EXPECT_EQ(view->details()->contents().workspaceId, chosen);
    ASSERT_TRUE(test::waitUntil([&] { return window.changeBillingMethodAction()->isEnabled(); }));
    EXPECT_EQ(connection->text(), "Connected");
    ASSERT_TRUE(test::waitUntil([&] { return !clouds->isStale(); }, 5000));
    EXPECT_FALSE(clouds->staleNotice()->isVisible());
    EXPECT_EQ(clouds->model()->rowCount(), cloudRows);
}
