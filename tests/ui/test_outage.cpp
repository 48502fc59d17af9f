// SPDX-License-Identifier: Apache-2.0
// The console through a platform outage: a real platform process, killed and started again on its
// port, while staff look at Workspace Management.
#include "console/models/cloudaccounttablemodel.h"
#include "console/models/workspacedetails.h"
#include "console/ui/changebillingmethoddialog.h"
#include "console/ui/cloudaccountpicker.h"
#include "console/ui/cloudaccountsview.h"
#include "console/ui/noticebar.h"
#include "tests/support/testconsole.h"
#include "ui_changebillingmethoddialog.h"

#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QProcess>
#include <QPushButton>
#include <QRadioButton>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTreeWidget>

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

    // The console as staff run it against a remote platform: its services and main window, shown.
    struct Console {
        Console(const QUrl &url, const QString &token)
            : client(url, token)
            , workspaces(&client)
            , billing(&client)
            , window(&workspaces, &billing, {url.toString(), false, nullptr})
        {
            window.resize(1400, 820);
            window.show();
        }
        services::PlatformClient client;
        services::WorkspaceService workspaces;
        services::BillingService billing;
        ui::MainWindow window;
    };

    QTemporaryDir m_dir;
    QString m_db;
    QString m_token;
    QProcess m_serve;
    QUrl m_url;
};

} // namespace

TEST_F(OutageTest, AKilledPlatformLeavesWhatStaffReadStaleAndItComesBackByItself)
{
    Console console(m_url, m_token);
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&console.window));
    ui::MainWindow &window = console.window;
    ui::WorkspaceManagementView *view = window.workspaces();
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

TEST_F(OutageTest, AChangeCutOffBetweenRequestAndAnswerIsSaidInTheDialogAndConfirmedOnceLater)
{
    // A locked workspace whose owner has no card, no credits and no linked cloud account: binding it
    // to a cloud account is the change.
    QString id;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase("QSQLITE", "outage-pick");
        db.setDatabaseName(m_db.mid(7));
        ASSERT_TRUE(db.open());
        QSqlQuery q(db);
        ASSERT_TRUE(q.exec("SELECT w.id FROM workspaces w JOIN accounts a ON a.id = w.account_id WHERE "
                           "a.card_brand = '' AND a.credits_minor = 0 AND a.linked_cloud_account_id IS NULL "
                           "AND w.status = 'locked' ORDER BY w.id LIMIT 1") &&
                    q.next());
        id = q.value(0).toString();
    }
    QSqlDatabase::removeDatabase("outage-pick");
    Console console(m_url, m_token);
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&console.window));
    ui::MainWindow &window = console.window;
    ui::WorkspaceManagementView *view = window.workspaces();
    QTest::keyClicks(view->searchField(), id);
    QTest::keyClick(view->searchField(), Qt::Key_Return);
    ASSERT_TRUE(test::waitUntil([&] {
        return view->model()->query().q == id && view->model()->rowCount() == 1 &&
               view->model()->workspaceAt(0).has_value();
    }));
    view->table()->selectRow(0);
    ASSERT_TRUE(test::waitUntil([&] { return window.changeBillingMethodAction()->isEnabled(); }));
    window.changeBillingMethodAction()->trigger();
    ui::ChangeBillingMethodDialog *dialog = nullptr;
    ASSERT_TRUE(test::waitUntil([&] {
        return (dialog = window.findChild<ui::ChangeBillingMethodDialog *>()) && dialog->isVisible();
    }));
    dialog->form()->cloudAccountRadio->setChecked(true);
    QTreeWidget *list = dialog->form()->cloudAccounts->list();
    ASSERT_TRUE(test::waitUntil([&] { return list->topLevelItemCount() > 0; }));
    list->setCurrentItem(list->topLevelItem(0));
    const QString chosen = list->currentItem()->text(0);
    ASSERT_TRUE(test::waitUntil([&] { return dialog->form()->eligibilityLabel->text().startsWith("Ready"); }))
        << dialog->form()->eligibilityLabel->text().toStdString();
    QPushButton *confirm = dialog->form()->buttons->button(QDialogButtonBox::Ok);
    const QString ready = dialog->form()->eligibilityLabel->text();

    // The platform goes while staff are choosing: the dialog says so by itself, keeps the choice and
    // holds Confirm back; when the platform is back, the verdict from before returns.
    m_serve.kill();
    m_serve.waitForFinished();
    ASSERT_TRUE(test::waitUntil(
        [&] { return dialog->form()->eligibilityLabel->text().contains("not answering"); }, 15000))
        << dialog->form()->eligibilityLabel->text().toStdString();
    EXPECT_FALSE(confirm->isEnabled());
    EXPECT_EQ(list->currentItem()->text(0), chosen);
    dialog->grab().save("change-platform-away.png");
    start(quint16(m_url.port()));
    ASSERT_TRUE(test::waitUntil([&] { return dialog->form()->eligibilityLabel->text() == ready; }, 40000))
        << dialog->form()->eligibilityLabel->text().toStdString();
    EXPECT_TRUE(confirm->isEnabled());

    // The request leaves; the platform hangs on it, then dies without answering.
    ::kill(pid_t(m_serve.processId()), SIGSTOP);
    QTest::mouseClick(confirm, Qt::LeftButton);
    QTest::qWait(300);
    m_serve.kill();
    m_serve.waitForFinished();
    ASSERT_TRUE(test::waitUntil([&] { return confirm->isEnabled(); }, 10000));
    EXPECT_TRUE(dialog->isVisible()) << "never a success it did not get";
    EXPECT_TRUE(dialog->form()->eligibilityLabel->text().contains("will not be applied twice"))
        << dialog->form()->eligibilityLabel->text().toStdString();
    EXPECT_TRUE(dialog->form()->cloudAccountRadio->isChecked()) << "what staff chose stays";
    dialog->grab().save("change-cut-off.png");
    ASSERT_NE(list->currentItem(), nullptr);
    EXPECT_EQ(list->currentItem()->text(0), chosen);

    // Back on its port: Confirm again applies the change, once.
    start(quint16(m_url.port()));
    QTest::mouseClick(confirm, Qt::LeftButton);
    // Accepted, the dialog closes and goes.
    const QPointer<ui::ChangeBillingMethodDialog> open(dialog);
    ASSERT_TRUE(test::waitUntil([&] { return !open || !open->isVisible(); }, 15000))
        << open->form()->eligibilityLabel->text().toStdString();
    {
        QSqlDatabase db = QSqlDatabase::addDatabase("QSQLITE", "outage-check");
        db.setDatabaseName(m_db.mid(7));
        ASSERT_TRUE(db.open());
        QSqlQuery q(db);
        ASSERT_TRUE(q.exec(QStringLiteral("SELECT billing_method FROM workspaces WHERE id = '%1'").arg(id)) &&
                    q.next());
        EXPECT_EQ(q.value(0).toString(), "cloud_account");
        ASSERT_TRUE(
            q.exec(QStringLiteral("SELECT COUNT(*) FROM audit_events WHERE target_id = '%1' AND action = "
                                  "'workspace.billing_method_changed'")
                       .arg(id)) &&
            q.next());
        EXPECT_EQ(q.value(0).toInt(), 1) << "applied once";
    }
    QSqlDatabase::removeDatabase("outage-check");
}
