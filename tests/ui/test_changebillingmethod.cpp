// SPDX-License-Identifier: Apache-2.0
#include "console/models/workspacetablemodel.h"
#include "console/ui/changebillingmethoddialog.h"
#include "console/ui/cloudaccountpicker.h"
#include "console/ui/mainwindow.h"
#include "console/ui/workspacemanagementview.h"
#include "tests/support/httpprobe.h"
#include "tests/support/testconsole.h"
#include "tests/support/wait.h"
#include "ui_changebillingmethoddialog.h"

#include <QAction>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSqlQuery>
#include <QStatusBar>
#include <QTableView>
#include <QTest>
#include <QTimer>
#include <QTreeWidget>

#include <gtest/gtest.h>

using namespace billing;
using models::WorkspaceTableModel;

namespace {

class ChangeBillingMethodTest : public test::ConsoleWindowTest
{
protected:
    void windowShown() override
    {
        platform = console->platform.get();
        view = window->workspaces();
    }

    // Finds the workspace by typing its id, selects its row with a click, opens the dialog with the shortcut.
    ui::ChangeBillingMethodDialog *openFor(const QString &id)
    {
        view->searchField()->setFocus();
        view->searchField()->clear();
        QTest::keyClicks(view->searchField(), id);
        QTest::keyClick(view->searchField(), Qt::Key_Return);
        if (!test::waitUntil([&] {
                return view->model()->query().q == id && view->model()->rowCount() == 1 &&
                       view->model()->workspaceAt(0).has_value();
            }))
            return nullptr;
        const QRect cell =
            view->table()->visualRect(view->model()->index(0, WorkspaceTableModel::NameColumn));
        QTest::mouseClick(view->table()->viewport(), Qt::LeftButton, {}, cell.center());
        if (!window->changeBillingMethodAction()->isEnabled())
            return nullptr;
        QTest::keyClick(view->table(), Qt::Key_B, Qt::ControlModifier | Qt::ShiftModifier);
        ui::ChangeBillingMethodDialog *dialog = nullptr;
        test::waitUntil([&] {
            return (dialog = window->findChild<ui::ChangeBillingMethodDialog *>()) && dialog->isVisible();
        });
        return dialog;
    }

    // On its indicator: a radio button only takes clicks on its indicator and label, not its whole width.
    static void clickRadio(QRadioButton *radio)
    {
        QTest::mouseClick(radio, Qt::LeftButton, {}, QPoint(8, radio->height() / 2));
    }

    QPushButton *confirm(ui::ChangeBillingMethodDialog *dialog)
    {
        return dialog->form()->buttons->button(QDialogButtonBox::Ok);
    }

    bool chooseFirstCloudAccount(ui::ChangeBillingMethodDialog *dialog)
    {
        clickRadio(dialog->form()->cloudAccountRadio);
        if (!test::waitUntil([&] { return dialog->form()->cloudAccounts->list()->topLevelItemCount() > 0; }))
            return false;
        QTreeWidget *list = dialog->form()->cloudAccounts->list();
        const QRect first = list->visualItemRect(list->topLevelItem(0));
        QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, first.center());
        return list->currentItem() == list->topLevelItem(0);
    }

    QJsonObject serverWorkspace(const QString &id)
    {
        return test::exchange("GET", test::endpoint(platform->url(), "/v1/workspaces/" + id),
                              platform->adminToken())
            .json;
    }

    test::TestPlatform *platform = nullptr;
    ui::WorkspaceManagementView *view = nullptr;
};

} // namespace

TEST_F(ChangeBillingMethodTest, BindsAnEligibleWorkspaceToACloudAccountWithClicks)
{
    const QString id = pick(
        "SELECT w.id FROM workspaces w JOIN accounts a ON a.id = w.account_id WHERE a.card_brand = '' AND "
        "a.credits_minor = 0 AND a.linked_cloud_account_id IS NULL AND w.status = 'locked' ORDER BY w.id "
        "LIMIT 1");
    auto *dialog = openFor(id);
    ASSERT_NE(dialog, nullptr);
    // The owner's payment profile shapes the choices.
    ASSERT_TRUE(
        test::waitUntil([&] { return dialog->form()->creditCardRadio->text().contains("no card on file"); }));
    EXPECT_FALSE(dialog->form()->creditCardRadio->isEnabled());
    EXPECT_FALSE(dialog->form()->prepaidCreditsRadio->isEnabled());
    EXPECT_TRUE(dialog->form()->currentMethodLabel->text().contains("locked"));
    EXPECT_FALSE(confirm(dialog)->isEnabled());

    ASSERT_TRUE(chooseFirstCloudAccount(dialog));
    ASSERT_TRUE(test::waitUntil([&] { return dialog->form()->eligibilityLabel->text().startsWith("Ready"); }))
        << dialog->form()->eligibilityLabel->text().toStdString();
    ASSERT_TRUE(confirm(dialog)->isEnabled());
    window->grab().save("change-billing-method-window.png");
    dialog->grab().save("change-billing-method-dialog.png");
    QTest::mouseClick(confirm(dialog), Qt::LeftButton);
    ASSERT_TRUE(
        test::waitUntil([&] { return view->model()->workspaceAt(0)->billingMethod == "cloud_account"; }));

    const QJsonObject after = serverWorkspace(id);
    EXPECT_EQ(after.value("billing_method").toString(), "cloud_account");
    EXPECT_EQ(after.value("status").toString(), "active") << "binding unlocked it";
    EXPECT_EQ(view->model()->workspaceAt(0)->status, "active");
    EXPECT_TRUE(window->statusBar()->currentMessage().contains(id));
}

TEST_F(ChangeBillingMethodTest, SaysWhyACloudAccountMayNotPayAndKeepsConfirmDisabled)
{
    const QString id =
        pick("SELECT w.id FROM workspaces w JOIN accounts a ON a.id = w.account_id WHERE a.card_brand <> '' "
             "AND w.status = 'active' ORDER BY w.id LIMIT 1");
    auto *dialog = openFor(id);
    ASSERT_NE(dialog, nullptr);
    ASSERT_TRUE(test::waitUntil([&] { return dialog->form()->creditCardRadio->isEnabled(); }));
    EXPECT_TRUE(dialog->form()->creditCardRadio->text().contains("ending in"));
    ASSERT_TRUE(chooseFirstCloudAccount(dialog));
    ASSERT_TRUE(test::waitUntil([&] {
        return dialog->form()->eligibilityLabel->text().contains("credit card on file");
    })) << dialog->form()->eligibilityLabel->text().toStdString();
    EXPECT_FALSE(confirm(dialog)->isEnabled());
    dialog->reject();
    EXPECT_EQ(serverWorkspace(id).value("billing_method").toString(), "credit_card");
}

TEST_F(ChangeBillingMethodTest, AConflictOffersToReloadThenTheChangeGoesThrough)
{
    const QString id =
        pick("SELECT w.id FROM workspaces w JOIN accounts a ON a.id = w.account_id WHERE a.card_brand <> '' "
             "AND a.credits_minor > 0 AND w.status = 'active' ORDER BY w.id LIMIT 1");
    auto *dialog = openFor(id);
    ASSERT_NE(dialog, nullptr);
    ASSERT_TRUE(test::waitUntil([&] { return dialog->form()->prepaidCreditsRadio->isEnabled(); }));
    // Someone else changes the workspace meanwhile.
    const QJsonObject before = serverWorkspace(id);
    QNetworkAccessManager network;
    QNetworkRequest request(test::endpoint(platform->url(), "/v1/workspaces/" + id + "/billing-method"));
    request.setRawHeader("Authorization", "Bearer " + platform->adminToken().toUtf8());
    request.setRawHeader("If-Match",
                         QByteArray("\"") + QByteArray::number(before.value("version").toInteger()) + "\"");
    request.setRawHeader("Idempotency-Key", "someone-else");
    request.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
    QNetworkReply *other = network.post(request, R"({"method":"credit_card"})");
    ASSERT_TRUE(test::waitUntil([&] { return other->isFinished(); }));
    ASSERT_EQ(other->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);

    clickRadio(dialog->form()->prepaidCreditsRadio);
    ASSERT_TRUE(confirm(dialog)->isEnabled())
        << dialog->form()->eligibilityLabel->text().toStdString()
        << " checked=" << dialog->form()->prepaidCreditsRadio->isChecked();
    bool offered = false;
    QTimer answerer;
    QObject::connect(&answerer, &QTimer::timeout, [&] {
        if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
            box && box->text().contains("changed")) {
            offered = true;
            box->button(QMessageBox::Yes)->click();
        }
    });
    answerer.start(20);
    QTest::mouseClick(confirm(dialog), Qt::LeftButton);
    ASSERT_TRUE(test::waitUntil([&] { return offered; }));
    // Reloaded: the dialog now knows the new version and the choice still stands.
    ASSERT_TRUE(test::waitUntil(
        [&] { return confirm(dialog)->isEnabled() && dialog->form()->prepaidCreditsRadio->isChecked(); }));
    EXPECT_TRUE(dialog->form()->currentMethodLabel->text().contains("Credit card"));
    QTest::mouseClick(confirm(dialog), Qt::LeftButton);
    ASSERT_TRUE(test::waitUntil(
        [&] { return serverWorkspace(id).value("billing_method").toString() == "prepaid_credits"; }));
    EXPECT_EQ(serverWorkspace(id).value("version").toInteger(), before.value("version").toInteger() + 2);
}

TEST_F(ChangeBillingMethodTest, TheActionWaitsForExactlyOneSelectedWorkspace)
{
    ASSERT_TRUE(test::waitUntil(
        [&] { return view->model()->rowCount() > 0 && view->model()->workspaceAt(0).has_value(); }));
    EXPECT_FALSE(window->changeBillingMethodAction()->isEnabled());
    view->table()->selectRow(0);
    EXPECT_TRUE(window->changeBillingMethodAction()->isEnabled());
    view->table()->selectAll();
    EXPECT_FALSE(window->changeBillingMethodAction()->isEnabled());
    EXPECT_FALSE(window->changeBillingMethodAction()->toolTip().isEmpty());
}
