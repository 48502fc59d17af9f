// SPDX-License-Identifier: Apache-2.0
#include "console/models/billingtext.h"
#include "console/models/cloudaccounttablemodel.h"
#include "console/models/workspacetablemodel.h"
#include "console/ui/bindworkspacesdialog.h"
#include "console/ui/cloudaccountdetailpanel.h"
#include "console/ui/cloudaccountpicker.h"
#include "console/ui/cloudaccountsview.h"
#include "console/ui/mainwindow.h"
#include "console/ui/unbindworkspacedialog.h"
#include "console/ui/workspacemanagementview.h"
#include "tests/support/httpprobe.h"
#include "tests/support/testconsole.h"
#include "tests/support/wait.h"
#include "ui_bindworkspacesdialog.h"
#include "ui_unbindworkspacedialog.h"

#include <QComboBox>
#include <QInputDialog>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSqlQuery>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTest>
#include <QTreeWidget>

#include <gtest/gtest.h>

using namespace billing;
using models::CloudAccountTableModel;

namespace {

class CloudAccountsTest : public test::ConsoleWindowTest
{
protected:
    void windowShown() override
    {
        QTest::keyClick(window.get(), Qt::Key_2, Qt::ControlModifier);
        view = window->cloudAccounts();
        ASSERT_EQ(window->views()->currentWidget(), view);
        ASSERT_TRUE(test::waitUntil([&] { return view->model()->total() > 0; }));
    }

    test::HttpAnswer get(const QString &path)
    {
        return test::exchange("GET", test::endpoint(console->platform->url(), path),
                              console->platform->adminToken());
    }

    // The cloud account paying for the most workspaces, as the platform counts them.
    QJsonObject busiestCloudAccount()
    {
        QJsonObject busiest;
        for (const auto &item : get("/v1/cloud-accounts?limit=1000").json.value("items").toArray())
            if (item.toObject().value("bound_workspace_count").toInteger() >
                busiest.value("bound_workspace_count").toInteger())
                busiest = item.toObject();
        return busiest;
    }

    // Types the id into the search, waits for its single row and clicks it.
    bool openCloudAccount(const QString &id)
    {
        QTest::keyClicks(view->searchField(), id);
        QTest::keyClick(view->searchField(), Qt::Key_Return);
        if (!test::waitUntil(
                [&] { return view->model()->rowCount() == 1 && view->model()->cloudAccountAt(0)->id == id; }))
            return false;
        QTableView *table = view->table();
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {},
                          table->visualRect(view->model()->index(0, 1)).center());
        auto *panel = view->detailPanel();
        return test::waitUntil(
            [&] { return panel->cloudAccountId() == id && panel->boundModel()->workspaceAt(0).has_value(); });
    }

    ui::CloudAccountsView *view = nullptr;
};

} // namespace

TEST_F(CloudAccountsTest, ListsEveryCloudAccountAndFiltersByStateOnThePlatform)
{
    EXPECT_EQ(view->model()->total(), get("/v1/cloud-accounts?limit=1").json.value("total").toInteger());
    EXPECT_EQ(view->findChild<QLabel *>("cloudAccountCount")->text(),
              models::BillingText::cloudAccounts(view->model()->total()));
    EXPECT_FALSE(window->changeBillingMethodAction()->isEnabled())
        << "the Workspace menu acts on Workspace Management only";

    view->syncFilter()->setCurrentIndex(view->syncFilter()->findData("failed"));
    const qint64 failed = get("/v1/cloud-accounts?sync_state=failed&limit=1").json.value("total").toInteger();
    ASSERT_GT(failed, 0);
    ASSERT_TRUE(test::waitUntil([&] { return view->model()->total() == failed; }));
    for (int row = 0; row < view->model()->rowCount(); ++row)
        EXPECT_EQ(view->model()->index(row, CloudAccountTableModel::SyncColumn).data().toString(),
                  models::BillingText::syncState("failed"));

    view->subscriptionFilter()->setCurrentIndex(view->subscriptionFilter()->findData("pending"));
    const qint64 both = get("/v1/cloud-accounts?sync_state=failed&subscription_state=pending&limit=1")
                            .json.value("total")
                            .toInteger();
    ASSERT_TRUE(test::waitUntil([&] {
        return view->model()->query().subscriptionState == "pending" && view->model()->total() == both;
    }));

    QTest::keyClick(window.get(), Qt::Key_L, Qt::ControlModifier | Qt::ShiftModifier);
    ASSERT_TRUE(test::waitUntil(
        [&] { return view->model()->query().syncState.isEmpty() && view->model()->total() > failed; }));
}

TEST_F(CloudAccountsTest, TheListGrowsAsItIsScrolled)
{
    const qint64 total = view->model()->total();
    ASSERT_GT(total, CloudAccountTableModel::PageSize)
        << "the test dataset has more cloud accounts than one page";
    EXPECT_EQ(view->model()->rowCount(), CloudAccountTableModel::PageSize);
    QTableView *table = view->table();
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {},
                      table->visualRect(view->model()->index(0, 1)).center());
    QTest::keyClick(table, Qt::Key_End, Qt::ControlModifier);
    ASSERT_TRUE(
        test::waitUntil([&] { return view->model()->rowCount() > CloudAccountTableModel::PageSize; }));
}

TEST_F(CloudAccountsTest, DetailCountsBoundWorkspacesBySiteAndPagesThem)
{
    const QJsonObject busiest = busiestCloudAccount();
    const QString id = busiest.value("id").toString();
    ASSERT_TRUE(openCloudAccount(id));
    auto *panel = view->detailPanel();
    QMap<QString, qint64> bySite;
    const QJsonObject counts = busiest.value("bound_by_site").toObject();
    for (auto site = counts.begin(); site != counts.end(); ++site)
        bySite.insert(site.key(), site.value().toInteger());
    EXPECT_EQ(panel->fieldText("boundBySite"), models::BillingText::boundBySite(bySite));
    EXPECT_EQ(panel->fieldText("boundCount"),
              QLocale().toString(busiest.value("bound_workspace_count").toInteger()));
    EXPECT_EQ(panel->boundModel()->total(), busiest.value("bound_workspace_count").toInteger());
    EXPECT_EQ(view->model()->index(0, CloudAccountTableModel::SitesColumn).data().toString(),
              models::BillingText::boundBySite(bySite));
    for (int row = 0; row < std::min(panel->boundModel()->rowCount(), 100); ++row)
        EXPECT_EQ(panel->boundModel()->workspaceAt(row)->cloudAccountId, id);
    EXPECT_FALSE(panel->unbindButton()->isEnabled()) << "nothing selected yet";
    window->grab().save("cloud-accounts-window.png");

    QTest::keyClick(window.get(), Qt::Key_F5);
    ASSERT_TRUE(test::waitUntil(
        [&] { return !view->model()->isLoading() && panel->boundModel()->workspaceAt(0).has_value(); }));
    EXPECT_EQ(panel->cloudAccountId(), id) << "F5 keeps the cloud account shown";
    EXPECT_EQ(view->table()->currentIndex().row(), 0);
}

TEST_F(CloudAccountsTest, UnbindingWithoutAReplacementLocksTheWorkspace)
{
    const QJsonObject busiest = busiestCloudAccount();
    const QString id = busiest.value("id").toString();
    const qint64 bound = busiest.value("bound_workspace_count").toInteger();
    ASSERT_TRUE(openCloudAccount(id));
    auto *panel = view->detailPanel();
    QTableView *table = panel->boundTable();
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {},
                      table->visualRect(panel->boundModel()->index(0, 1)).center());
    ASSERT_TRUE(panel->unbindButton()->isEnabled());
    const QString workspaceId = panel->boundModel()->workspaceAt(0)->id;
    QTest::mouseClick(panel->unbindButton(), Qt::LeftButton);
    ui::UnbindWorkspaceDialog *dialog = nullptr;
    ASSERT_TRUE(test::waitUntil(
        [&] { return (dialog = window->findChild<ui::UnbindWorkspaceDialog *>()) && dialog->isVisible(); }));
    // Rule 1: the owner of a marketplace-billed workspace has no card and no credits to fall back on.
    ASSERT_TRUE(test::waitUntil([&] { return !dialog->form()->progress->isVisible(); }));
    EXPECT_FALSE(dialog->form()->creditCardRadio->isEnabled());
    EXPECT_TRUE(dialog->form()->creditCardRadio->text().contains("no card on file"));
    EXPECT_TRUE(dialog->form()->lockRadio->isChecked());
    EXPECT_TRUE(dialog->form()->verdictLabel->text().contains("locked"))
        << dialog->form()->verdictLabel->text().toStdString();
    dialog->grab().save("unbind-workspace-dialog.png");
    QTest::mouseClick(dialog->form()->buttons->button(QDialogButtonBox::Ok), Qt::LeftButton);
    ASSERT_TRUE(test::waitUntil(
        [&] { return window->statusBar()->currentMessage().contains("unbound and locked"); }));

    const QJsonObject w = get("/v1/workspaces/" + workspaceId).json;
    EXPECT_EQ(w.value("billing_method").toString(), "none");
    EXPECT_EQ(w.value("status").toString(), "locked");
    EXPECT_EQ(w.value("lock").toObject().value("reason").toString(), "no_billing_method");
    ASSERT_TRUE(
        test::waitUntil([&] { return panel->fieldText("boundCount") == QLocale().toString(bound - 1); }));
    ASSERT_TRUE(test::waitUntil([&] { return panel->boundModel()->total() == bound - 1; }));
    EXPECT_EQ(view->model()->cloudAccountAt(0)->boundWorkspaceCount, bound - 1)
        << "the list's row follows the detail";
}

TEST_F(CloudAccountsTest, UnbindingOntoTheOwnersNewCardKeepsTheWorkspaceActive)
{
    const QJsonObject busiest = busiestCloudAccount();
    ASSERT_TRUE(openCloudAccount(busiest.value("id").toString()));
    auto *panel = view->detailPanel();
    const contract::Workspace workspace = *panel->boundModel()->workspaceAt(0);
    {
        // The customer has put a card on file since the binding.
        QSqlQuery q(*console->platform->directAccess()->database().connection());
        ASSERT_TRUE(q.exec(
            QStringLiteral("UPDATE accounts SET card_brand = 'Visa', card_last4 = '4242' WHERE id = '%1'")
                .arg(workspace.accountId)));
    }
    QTableView *table = panel->boundTable();
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {},
                      table->visualRect(panel->boundModel()->index(0, 1)).center());
    QTest::mouseClick(panel->unbindButton(), Qt::LeftButton);
    ui::UnbindWorkspaceDialog *dialog = nullptr;
    ASSERT_TRUE(test::waitUntil(
        [&] { return (dialog = window->findChild<ui::UnbindWorkspaceDialog *>()) && dialog->isVisible(); }));
    ASSERT_TRUE(test::waitUntil([&] { return dialog->form()->creditCardRadio->isEnabled(); }));
    EXPECT_TRUE(dialog->form()->creditCardRadio->isChecked()) << "the card is offered first";
    EXPECT_TRUE(dialog->form()->creditCardRadio->text().contains("4242"));
    QTest::mouseClick(dialog->form()->buttons->button(QDialogButtonBox::Ok), Qt::LeftButton);
    ASSERT_TRUE(test::waitUntil([&] {
        return window->statusBar()->currentMessage().contains("unbound; billed by credit card");
    })) << window->statusBar()->currentMessage().toStdString();
    const QJsonObject w = get("/v1/workspaces/" + workspace.id).json;
    EXPECT_EQ(w.value("billing_method").toString(), "credit_card");
    EXPECT_EQ(w.value("status").toString(), workspace.status);
}

TEST_F(CloudAccountsTest, BindsPastedWorkspaceIdsFromTheCloudAccountsPage)
{
    // An Azure cloud account taking bindings, and two workspaces whose owners may move to it.
    const QJsonObject azure = get("/v1/cloud-accounts?provider=azure&takes_bindings=true&limit=1")
                                  .json.value("items")
                                  .toArray()
                                  .at(0)
                                  .toObject();
    QSqlQuery q(*console->platform->directAccess()->database().connection());
    ASSERT_TRUE(q.exec(
        "SELECT w.id FROM workspaces w JOIN accounts a ON a.id = w.account_id WHERE a.card_brand = '' AND "
        "a.credits_minor = 0 AND a.linked_cloud_account_id IS NULL AND w.status <> 'dissolved' ORDER BY "
        "w.rid LIMIT 2"));
    QStringList ids;
    while (q.next())
        ids << q.value(0).toString();
    q.finish();
    ASSERT_EQ(ids.size(), 2);
    const QString id = azure.value("id").toString();
    QTest::keyClicks(view->searchField(), id);
    ASSERT_TRUE(test::waitUntil([&] { return view->model()->rowCount() == 1; }));
    QTest::mouseClick(view->table()->viewport(), Qt::LeftButton, {},
                      view->table()->visualRect(view->model()->index(0, 1)).center());
    auto *panel = view->detailPanel();
    ASSERT_TRUE(
        test::waitUntil([&] { return panel->cloudAccountId() == id && panel->bindButton()->isEnabled(); }));
    QTest::mouseClick(panel->bindButton(), Qt::LeftButton);
    QInputDialog *ask = nullptr;
    ASSERT_TRUE(test::waitUntil(
        [&] { return (ask = window->findChild<QInputDialog *>("bindIdsDialog")) && ask->isVisible(); }));
    ask->setTextValue(ids.join(",\n"));
    ask->accept();
    ui::BindWorkspacesDialog *dialog = nullptr;
    ASSERT_TRUE(test::waitUntil(
        [&] { return (dialog = window->findChild<ui::BindWorkspacesDialog *>()) && dialog->isVisible(); }));
    EXPECT_EQ(dialog->workspaceIds(), ids);
    QPushButton *bindAll = dialog->form()->buttons->button(QDialogButtonBox::Ok);
    ASSERT_TRUE(test::waitUntil([&] {
        return dialog->form()->cloudAccounts->currentCloudAccountId() == id && bindAll->isEnabled();
    })) << dialog->form()->verdictLabel->text().toStdString();
    QTest::mouseClick(bindAll, Qt::LeftButton);
    ASSERT_TRUE(
        test::waitUntil([&] { return window->statusBar()->currentMessage().contains("bound to " + id); }));
    for (const QString &workspace : ids)
        EXPECT_EQ(get("/v1/workspaces/" + workspace).json.value("cloud_account_id").toString(), id);
    ASSERT_TRUE(test::waitUntil([&] {
        return panel->boundModel()->total() == azure.value("bound_workspace_count").toInteger() + 2;
    }));
}

TEST_F(CloudAccountsTest, AWorkspaceChangedMeanwhileIsReloadedBeforeItIsUnbound)
{
    ASSERT_TRUE(openCloudAccount(busiestCloudAccount().value("id").toString()));
    auto *panel = view->detailPanel();
    QTableView *table = panel->boundTable();
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {},
                      table->visualRect(panel->boundModel()->index(0, 1)).center());
    const contract::Workspace workspace = *panel->boundModel()->workspaceAt(0);
    QTest::mouseClick(panel->unbindButton(), Qt::LeftButton);
    ui::UnbindWorkspaceDialog *dialog = nullptr;
    ASSERT_TRUE(test::waitUntil(
        [&] { return (dialog = window->findChild<ui::UnbindWorkspaceDialog *>()) && dialog->isVisible(); }));
    ASSERT_TRUE(test::waitUntil([&] { return !dialog->form()->progress->isVisible(); }));
    {
        // Someone else changes the workspace (a rename elsewhere bumps its version) while the dialog is open.
        QSqlQuery q(*console->platform->directAccess()->database().connection());
        ASSERT_TRUE(q.exec(
            QStringLiteral("UPDATE workspaces SET version = version + 1 WHERE id = '%1'").arg(workspace.id)));
    }
    QPushButton *unbind = dialog->form()->buttons->button(QDialogButtonBox::Ok);
    QTest::mouseClick(unbind, Qt::LeftButton);
    ASSERT_TRUE(test::waitUntil([&] { return dialog->form()->verdictLabel->text().contains("reloaded"); }))
        << dialog->form()->verdictLabel->text().toStdString();
    EXPECT_EQ(get("/v1/workspaces/" + workspace.id).json.value("billing_method").toString(), "cloud_account")
        << "nothing changed on the conflict";
    ASSERT_TRUE(unbind->isEnabled()) << "no disabled button left behind";
    QTest::mouseClick(unbind, Qt::LeftButton);
    ASSERT_TRUE(test::waitUntil(
        [&] { return window->statusBar()->currentMessage().contains("unbound and locked"); }));
    EXPECT_EQ(get("/v1/workspaces/" + workspace.id).json.value("version").toInteger(), workspace.version + 2);
}

TEST_F(CloudAccountsTest, EveryControlHasAnAccessibleName)
{
    for (QWidget *widget :
         {static_cast<QWidget *>(view->searchField()), static_cast<QWidget *>(view->providerFilter()),
          static_cast<QWidget *>(view->subscriptionFilter()), static_cast<QWidget *>(view->syncFilter()),
          static_cast<QWidget *>(view->table()), static_cast<QWidget *>(view->detailPanel()->boundTable())})
        EXPECT_FALSE(widget->accessibleName().isEmpty()) << widget->objectName().toStdString();
    QTest::keyClick(window.get(), Qt::Key_F, Qt::ControlModifier);
    EXPECT_TRUE(view->searchField()->hasFocus()) << "Ctrl+F searches the view shown";
    QTest::keyClick(window.get(), Qt::Key_1, Qt::ControlModifier);
    EXPECT_EQ(window->views()->currentWidget(), static_cast<QWidget *>(window->workspaces()));
}
