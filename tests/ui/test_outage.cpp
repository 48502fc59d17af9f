// SPDX-License-Identifier: Apache-2.0
// The console through a platform outage: a real platform process, killed and started again on its
// port, while staff look at Workspace Management.
#include "console/models/cloudaccounttablemodel.h"
#include "console/models/workspacedetails.h"
#include "console/services/platformevents.h"
#include "console/ui/bindworkspacesdialog.h"
#include "console/ui/changebillingmethoddialog.h"
#include "console/ui/cloudaccountdetailpanel.h"
#include "console/ui/cloudaccountpicker.h"
#include "console/ui/cloudaccountsview.h"
#include "console/ui/lockworkspacesdialog.h"
#include "console/ui/noticebar.h"
#include "console/ui/unbindworkspacedialog.h"
#include "tests/support/httpprobe.h"
#include "tests/support/tcprelay.h"
#include "tests/support/testconsole.h"
#include "ui_bindworkspacesdialog.h"
#include "ui_changebillingmethoddialog.h"
#include "ui_lockworkspacesdialog.h"
#include "ui_unbindworkspacedialog.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QProcess>
#include <QPushButton>
#include <QRadioButton>
#include <QRegularExpression>
#include <QSignalSpy>
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

    // The first column of a query of the platform's database.
    QStringList column(const QString &sql)
    {
        QStringList values;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase("QSQLITE", "outage-query");
            db.setDatabaseName(m_db.mid(7));
            EXPECT_TRUE(db.open());
            QSqlQuery q(db);
            EXPECT_TRUE(q.exec(sql)) << sql.toStdString();
            while (q.next())
                values << q.value(0).toString();
        }
        QSqlDatabase::removeDatabase("outage-query");
        return values;
    }
    int auditCount(const QString &target, const QString &action)
    {
        return column(QStringLiteral(
                          "SELECT COUNT(*) FROM audit_events WHERE target_id = '%1' AND action = '%2'")
                          .arg(target, action))
            .value(0)
            .toInt();
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

    // A change dialog through an outage, on a console that reaches the platform through `relay`. The
    // platform goes while staff fill the dialog in: the dialog says so, keeps what they entered
    // (`kept`) and holds Confirm back; it comes back: the verdict returns. Then the answer to Confirm
    // is lost after the platform applied the change (`applied`): the dialog claims nothing and freezes
    // the choice. Once answers arrive again it sends the change again by itself, and closes.
    void throughAnOutage(test::TcpRelay &relay, QDialog *dialog, QLabel *verdict, QAbstractButton *confirm,
                         const std::function<bool()> &kept, const std::function<bool()> &applied)
    {
        ASSERT_TRUE(test::waitUntil([&] { return confirm->isEnabled(); })) << verdict->text().toStdString();
        const QString ready = verdict->text();
        relay.setMode(test::TcpRelay::Mode::Gone);
        ASSERT_TRUE(test::waitUntil([&] { return verdict->text().contains("not answering"); }, 15000))
            << verdict->text().toStdString();
        EXPECT_FALSE(confirm->isEnabled());
        EXPECT_TRUE(kept());
        relay.setMode(test::TcpRelay::Mode::Pass);
        ASSERT_TRUE(test::waitUntil([&] { return verdict->text() == ready; }, 40000))
            << verdict->text().toStdString();
        ASSERT_TRUE(confirm->isEnabled());

        relay.setMode(test::TcpRelay::Mode::LoseAnswers);
        QTest::mouseClick(confirm, Qt::LeftButton);
        ASSERT_TRUE(
            test::waitUntil([&] { return verdict->text().contains("will not be applied twice"); }, 15000))
            << verdict->text().toStdString();
        EXPECT_TRUE(applied()) << "the platform applied it; only its answer was lost";
        EXPECT_TRUE(dialog->isVisible()) << "never a success it did not get";
        EXPECT_TRUE(kept());
        relay.setMode(test::TcpRelay::Mode::Pass);
        const QPointer<QDialog> open(dialog);
        ASSERT_TRUE(test::waitUntil([&] { return !open || !open->isVisible(); }, 40000))
            << verdict->text().toStdString();
    }

    // Searches Workspace Management for one workspace and selects its row.
    void selectWorkspace(ui::WorkspaceManagementView *view, const QString &id)
    {
        QTest::keyClicks(view->searchField(), id);
        QTest::keyClick(view->searchField(), Qt::Key_Return);
        ASSERT_TRUE(test::waitUntil([&] {
            return view->model()->query().q == id && view->model()->rowCount() == 1 &&
                   view->model()->workspaceAt(0).has_value();
        }));
        view->table()->selectRow(0);
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
    Console console(m_url, m_token);
    ASSERT_TRUE(QTest::qWaitForWindowActive(&console.window));
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
    window.views()->setCurrentWidget(clouds);
    ui::CloudAccountDetailPanel *cloudPanel = clouds->detailPanel();
    int busiest = 0;
    for (int row = 0; row < cloudRows; ++row)
        if (clouds->model()->cloudAccountAt(row)->boundWorkspaceCount >
            clouds->model()->cloudAccountAt(busiest)->boundWorkspaceCount)
            busiest = row;
    clouds->table()->selectRow(busiest);
    const QString cloud = clouds->model()->cloudAccountAt(busiest)->id;
    ASSERT_TRUE(test::waitUntil([&] {
        return cloudPanel->cloudAccountId() == cloud && cloudPanel->boundModel()->workspaceAt(0).has_value();
    }));
    window.views()->setCurrentWidget(view);

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
    // A row never read before is a placeholder that says so, not an empty table.
    const QModelIndex unread = model->index(250, models::WorkspaceTableModel::NameColumn);
    ASSERT_FALSE(model->workspaceAt(250).has_value());
    (void)unread.data();
    ASSERT_TRUE(test::waitUntil([&] { return unread.data().toString().startsWith("Not loaded"); }, 5000))
        << unread.data().toString().toStdString();
    EXPECT_EQ(model->total(), 300);
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
    EXPECT_EQ(cloudPanel->cloudAccountId(), cloud) << "the cloud account's detail stays";
    EXPECT_TRUE(cloudPanel->boundModel()->workspaceAt(0).has_value()) << "and so do its bound workspaces";
    EXPECT_EQ(clouds->table()->currentIndex().row(), busiest);
    QTest::qWait(100);
    window.grab().save("cloud-accounts-platform-away.png");
    window.views()->setCurrentWidget(view);

    // The platform starts again on its port: the console sees it by itself, no key pressed.
    start(quint16(m_url.port()));
    ASSERT_TRUE(test::waitUntil([&] { return !view->isStale(); }, 20000));
    EXPECT_FALSE(view->staleNotice()->isVisible());
    EXPECT_EQ(model->total(), 300);
    EXPECT_EQ(view->table()->currentIndex().row(), 5) << "reloaded in place";
    EXPECT_EQ(view->details()->contents().workspaceId, chosen);
    ASSERT_TRUE(test::waitUntil([&] { return window.changeBillingMethodAction()->isEnabled(); }));
    ASSERT_TRUE(test::waitUntil([&] { return model->workspaceAt(250).has_value(); }))
        << "the placeholder asked again by itself";
    EXPECT_EQ(connection->text(), "Connected");
    ASSERT_TRUE(test::waitUntil([&] { return !clouds->isStale(); }, 5000));
    EXPECT_FALSE(clouds->staleNotice()->isVisible());
    EXPECT_EQ(clouds->model()->rowCount(), cloudRows);
}

TEST_F(OutageTest, AChangeCutOffBetweenRequestAndAnswerIsSaidInTheDialogAndConfirmedOnceLater)
{
    // A locked workspace whose owner has no card, no credits and no linked cloud account: binding it
    // to a cloud account is the change.
    const QString id =
        column("SELECT w.id FROM workspaces w JOIN accounts a ON a.id = w.account_id WHERE "
               "a.card_brand = '' AND a.credits_minor = 0 AND a.linked_cloud_account_id IS NULL "
               "AND w.status = 'locked' ORDER BY w.id LIMIT 1")
            .value(0);
    ASSERT_FALSE(id.isEmpty());
    Console console(m_url, m_token);
    ASSERT_TRUE(QTest::qWaitForWindowActive(&console.window));
    ui::MainWindow &window = console.window;
    ASSERT_NO_FATAL_FAILURE(selectWorkspace(window.workspaces(), id));
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

    EXPECT_FALSE(dialog->form()->cloudAccountRadio->isEnabled()) << "frozen: it is sent again as it was";

    // Back on its port: the dialog sends the change again by itself, and the platform applies it once.
    start(quint16(m_url.port()));
    const QPointer<ui::ChangeBillingMethodDialog> open(dialog);
    ASSERT_TRUE(test::waitUntil([&] { return !open || !open->isVisible(); }, 40000))
        << open->form()->eligibilityLabel->text().toStdString();
    EXPECT_EQ(
        column(QStringLiteral("SELECT billing_method FROM workspaces WHERE id = '%1'").arg(id)).value(0),
        "cloud_account");
    EXPECT_EQ(auditCount(id, "workspace.billing_method_changed"), 1) << "applied once";
}

TEST_F(OutageTest, AHungPlatformTimesOutIntoStaleRowsAndIsPickedUpWhenItWakes)
{
    Console console(m_url, m_token);
    console.client.setTimeout(std::chrono::seconds(2));
    console.client.setRetryDelay(std::chrono::milliseconds(100));
    ASSERT_TRUE(QTest::qWaitForWindowActive(&console.window));
    ui::MainWindow &window = console.window;
    ui::WorkspaceManagementView *view = window.workspaces();
    models::WorkspaceTableModel *model = view->model();
    ASSERT_TRUE(test::waitUntil([&] { return model->total() == 300 && model->workspaceAt(7).has_value(); }));
    const QString chosen = model->workspaceAt(7)->id;
    view->table()->selectRow(7);
    ASSERT_TRUE(test::waitUntil([&] { return view->details()->contents().workspace.has_value(); }));

    // The platform hangs: connections open, nothing answers. F5 must not hang the console or empty it.
    // F5 is a window shortcut, which only the active window hears: checked first, so that a failure
    // below is the console's and not the key's (this wait once timed out in a full test run).
    ::kill(pid_t(m_serve.processId()), SIGSTOP);
    ASSERT_TRUE(QTest::qWaitForWindowActive(&window));
    QTest::keyClick(view->table(), Qt::Key_F5);
    ASSERT_TRUE(test::waitUntil([&] { return view->isStale(); }, 20000));
    EXPECT_EQ(model->total(), 300);
    EXPECT_EQ(model->workspaceAt(7)->id, chosen);
    EXPECT_EQ(view->table()->currentIndex().row(), 7);
    EXPECT_EQ(view->details()->contents().workspaceId, chosen);
    EXPECT_TRUE(view->staleNotice()->isVisible());
    EXPECT_FALSE(window.changeBillingMethodAction()->isEnabled());
    EXPECT_FALSE(window.changeBillingMethodAction()->toolTip().isEmpty()) << "disabled with a reason";

    ::kill(pid_t(m_serve.processId()), SIGCONT);
    ASSERT_TRUE(test::waitUntil([&] { return !view->isStale(); }, 40000));
    EXPECT_EQ(view->table()->currentIndex().row(), 7);
    EXPECT_EQ(view->details()->contents().workspaceId, chosen);
    ASSERT_TRUE(test::waitUntil([&] { return window.changeBillingMethodAction()->isEnabled(); }));
}

TEST_F(OutageTest, EventsMissedWhileAwayAreReplayedFromWhereTheStreamStood)
{
    test::TcpRelay relay(quint16(m_url.port()));
    Console console(relay.url(), m_token);
    ASSERT_TRUE(QTest::qWaitForWindowActive(&console.window));
    ui::MainWindow &window = console.window;
    models::WorkspaceTableModel *model = window.workspaces()->model();
    ASSERT_TRUE(test::waitUntil([&] { return model->total() == 300 && model->workspaceAt(0).has_value(); }));
    services::PlatformEvents *events = window.events();
    // No event has happened since the console connected: the stream's opening says where it stands.
    ASSERT_TRUE(test::waitUntil([&] { return events->isLive() && events->lastSeq() > 0; }));
    QList<contract::AuditEvent> heard;
    QObject::connect(events, &services::PlatformEvents::changed,
                     [&](const contract::AuditEvent &event) { heard.append(event); });

    relay.setMode(test::TcpRelay::Mode::Gone);
    ASSERT_TRUE(test::waitUntil([&] { return !events->isLive(); }, 10000));
    // Where it stood when it went away: an event of the platform's own may have come before.
    const qint64 stood = events->lastSeq();
    heard.clear();
    // Meanwhile someone else locks a workspace on the platform.
    const QString id =
        column("SELECT id FROM workspaces WHERE status = 'active' ORDER BY id LIMIT 1").value(0);
    const qint64 version = column(QStringLiteral("SELECT version FROM workspaces WHERE id = '%1'").arg(id))
                               .value(0)
                               .toLongLong();
    QNetworkRequest lock(test::endpoint(m_url, "/v1/workspace-locks"));
    lock.setRawHeader("Authorization", "Bearer " + m_token.toUtf8());
    lock.setRawHeader("Idempotency-Key", "outage-replay-1");
    lock.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
    const auto locked = test::exchange(
        lock, "POST",
        QStringLiteral(R"({"reason": "payment_overdue", "workspaces": [{"id": "%1", "version": %2}]})")
            .arg(id)
            .arg(version)
            .toUtf8());
    ASSERT_EQ(locked.status, 200) << locked.body.toStdString();
    EXPECT_TRUE(heard.isEmpty());

    relay.setMode(test::TcpRelay::Mode::Pass);
    ASSERT_TRUE(test::waitUntil(
        [&] {
            return std::any_of(heard.begin(), heard.end(), [&](const contract::AuditEvent &e) {
                return e.targetId == id && e.action == "workspace.locked";
            });
        },
        40000));
    EXPECT_TRUE(relay.sent().contains("Last-Event-ID: " + QByteArray::number(stood)))
        << "the stream resumed after the last event it had, not from the new head";
    EXPECT_GT(heard.first().seq, stood);
}

TEST_F(OutageTest, ALockWhoseAnswerIsLostIsSentAgainByItselfAndAppliedOnce)
{
    test::TcpRelay relay(quint16(m_url.port()));
    Console console(relay.url(), m_token);
    ASSERT_TRUE(QTest::qWaitForWindowActive(&console.window));
    ui::MainWindow &window = console.window;
    const QString id =
        column("SELECT id FROM workspaces WHERE status = 'active' ORDER BY id LIMIT 1").value(0);
    ASSERT_NO_FATAL_FAILURE(selectWorkspace(window.workspaces(), id));
    ASSERT_TRUE(test::waitUntil([&] { return window.lockAction()->isEnabled(); }));
    window.lockAction()->trigger();
    ui::LockWorkspacesDialog *dialog = nullptr;
    ASSERT_TRUE(test::waitUntil(
        [&] { return (dialog = window.findChild<ui::LockWorkspacesDialog *>()) && dialog->isVisible(); }));
    auto *form = dialog->form();
    form->reasonCombo->setCurrentIndex(form->reasonCombo->findData("payment_overdue"));
    QTest::keyClicks(form->noteEdit, "Invoice 2026-118 unpaid");
    ASSERT_NO_FATAL_FAILURE(throughAnOutage(
        relay, dialog, form->verdictLabel, form->buttons->button(QDialogButtonBox::Ok),
        [&] { return form->noteEdit->text() == "Invoice 2026-118 unpaid"; },
        [&] {
            return column(QStringLiteral("SELECT status FROM workspaces WHERE id = '%1'").arg(id)).value(0) ==
                   "locked";
        }));
    EXPECT_EQ(auditCount(id, "workspace.locked"), 1);
    EXPECT_EQ(column(QStringLiteral("SELECT lock_note FROM workspaces WHERE id = '%1'").arg(id)).value(0),
              "Invoice 2026-118 unpaid");
}

TEST_F(OutageTest, ABindWhoseAnswerIsLostIsSentAgainByItselfAndAppliedOnce)
{
    const QString id =
        column("SELECT w.id FROM workspaces w JOIN accounts a ON a.id = w.account_id WHERE "
               "a.card_brand = '' AND a.credits_minor = 0 AND a.linked_cloud_account_id IS NULL "
               "AND w.status = 'locked' AND w.billing_method = 'none' AND w.site NOT LIKE 'cn-%' "
               "ORDER BY w.id LIMIT 1")
            .value(0);
    ASSERT_FALSE(id.isEmpty());
    test::TcpRelay relay(quint16(m_url.port()));
    Console console(relay.url(), m_token);
    ASSERT_TRUE(QTest::qWaitForWindowActive(&console.window));
    ui::MainWindow &window = console.window;
    ASSERT_NO_FATAL_FAILURE(selectWorkspace(window.workspaces(), id));
    ASSERT_TRUE(test::waitUntil([&] { return window.bindWorkspacesAction()->isEnabled(); }));
    window.bindWorkspacesAction()->trigger();
    ui::BindWorkspacesDialog *dialog = nullptr;
    ASSERT_TRUE(test::waitUntil(
        [&] { return (dialog = window.findChild<ui::BindWorkspacesDialog *>()) && dialog->isVisible(); }));
    ui::CloudAccountPicker *picker = dialog->form()->cloudAccounts;
    QTest::keyClicks(picker->searchField(), "Azure");
    ASSERT_TRUE(test::waitUntil([&] {
        return picker->list()->topLevelItemCount() > 0 &&
               picker->list()->topLevelItem(0)->text(0).contains("Azure", Qt::CaseInsensitive);
    }));
    picker->list()->setCurrentItem(picker->list()->topLevelItem(0));
    const QString cloud = picker->currentCloudAccountId();
    ASSERT_FALSE(cloud.isEmpty());
    ASSERT_NO_FATAL_FAILURE(throughAnOutage(
        relay, dialog, dialog->form()->verdictLabel, dialog->form()->buttons->button(QDialogButtonBox::Ok),
        [&] { return picker->currentCloudAccountId() == cloud; },
        [&] {
            return column(QStringLiteral("SELECT cloud_account_id FROM workspaces WHERE id = '%1'").arg(id))
                       .value(0) == cloud;
        }));
    EXPECT_EQ(auditCount(id, "workspace.billing_method_changed"), 1);
}

TEST_F(OutageTest, AnUnbindWhoseAnswerIsLostIsSentAgainByItselfAndAppliedOnce)
{
    const QString cloud =
        column("SELECT cloud_account_id FROM workspaces WHERE billing_method = 'cloud_account' "
               "GROUP BY cloud_account_id ORDER BY COUNT(*) DESC, cloud_account_id LIMIT 1")
            .value(0);
    ASSERT_FALSE(cloud.isEmpty());
    test::TcpRelay relay(quint16(m_url.port()));
    Console console(relay.url(), m_token);
    ASSERT_TRUE(QTest::qWaitForWindowActive(&console.window));
    ui::MainWindow &window = console.window;
    ui::CloudAccountsView *clouds = window.cloudAccounts();
    window.views()->setCurrentWidget(clouds);
    QTest::keyClicks(clouds->searchField(), cloud);
    QTest::keyClick(clouds->searchField(), Qt::Key_Return);
    ASSERT_TRUE(test::waitUntil(
        [&] { return clouds->model()->rowCount() == 1 && clouds->model()->cloudAccountAt(0)->id == cloud; }));
    clouds->table()->selectRow(0);
    ui::CloudAccountDetailPanel *panel = clouds->detailPanel();
    ASSERT_TRUE(test::waitUntil(
        [&] { return panel->cloudAccountId() == cloud && panel->boundModel()->workspaceAt(0).has_value(); }));
    const QString id = panel->boundModel()->workspaceAt(0)->id;
    panel->boundTable()->selectRow(0);
    ASSERT_TRUE(test::waitUntil([&] { return panel->unbindButton()->isEnabled(); }));
    QTest::mouseClick(panel->unbindButton(), Qt::LeftButton);
    ui::UnbindWorkspaceDialog *dialog = nullptr;
    ASSERT_TRUE(test::waitUntil(
        [&] { return (dialog = window.findChild<ui::UnbindWorkspaceDialog *>()) && dialog->isVisible(); }));
    auto *form = dialog->form();
    ASSERT_TRUE(test::waitUntil([&] { return !form->progress->isVisible(); }));
    QRadioButton *chosen = form->lockRadio;
    ASSERT_TRUE(chosen->isChecked());
    ASSERT_NO_FATAL_FAILURE(throughAnOutage(
        relay, dialog, form->verdictLabel, form->buttons->button(QDialogButtonBox::Ok),
        [&] { return chosen->isChecked(); },
        [&] {
            return column(QStringLiteral("SELECT billing_method FROM workspaces WHERE id = '%1'").arg(id))
                       .value(0) == "none";
        }));
    EXPECT_EQ(auditCount(id, "workspace.unbound_and_locked"), 1);
}
