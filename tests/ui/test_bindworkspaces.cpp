// SPDX-License-Identifier: Apache-2.0
#include "console/models/workspacetablemodel.h"
#include "console/ui/bindworkspacesdialog.h"
#include "console/ui/cloudaccountpicker.h"
#include "console/ui/mainwindow.h"
#include "console/ui/workspacemanagementview.h"
#include "tests/support/httpprobe.h"
#include "tests/support/testconsole.h"
#include "tests/support/wait.h"
#include "ui_bindworkspacesdialog.h"

#include <QAction>
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
using models::WorkspaceTableModel;

namespace {

class BindWorkspacesTest : public test::ConsoleWindowTest
{
protected:
    void windowShown() override { view = window->workspaces(); }

    // Filters the table to workspaces without a billing method that are locked (their owners may all
    // move to a marketplace), selects the first `rows` with Shift+click, and opens the dialog with its
    // shortcut.
    ui::BindWorkspacesDialog *openForLockedWithoutMethod(int rows)
    {
        view->billingMethodFilter()->setCurrentIndex(view->billingMethodFilter()->findData("none"));
        view->statusFilter()->setCurrentIndex(view->statusFilter()->findData("locked"));
        if (!test::waitUntil([&] {
                return view->model()->query().status == "locked" && view->model()->rowCount() >= rows &&
                       view->model()->workspaceAt(0).has_value();
            }))
            return nullptr;
        QTableView *table = view->table();
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {},
                          table->visualRect(view->model()->index(0, 1)).center());
        QTest::mouseClick(table->viewport(), Qt::LeftButton, Qt::ShiftModifier,
                          table->visualRect(view->model()->index(rows - 1, 1)).center());
        if (table->selectionModel()->selectedRows().size() != rows ||
            !window->bindWorkspacesAction()->isEnabled())
            return nullptr;
        QTest::keyClick(table, Qt::Key_K, Qt::ControlModifier | Qt::ShiftModifier);
        ui::BindWorkspacesDialog *dialog = nullptr;
        test::waitUntil([&] {
            return (dialog = window->findChild<ui::BindWorkspacesDialog *>()) && dialog->isVisible();
        });
        return dialog;
    }

    // Types a search and clicks the first cloud account listed.
    bool pickCloudAccount(ui::BindWorkspacesDialog *dialog, const QString &search)
    {
        ui::CloudAccountPicker *picker = dialog->form()->cloudAccounts;
        QTest::keyClicks(picker->searchField(), search);
        if (!test::waitUntil([&] {
                return picker->list()->topLevelItemCount() > 0 &&
                       picker->list()->topLevelItem(0)->text(0).contains(search, Qt::CaseInsensitive);
            }))
            return false;
        QTest::mouseClick(picker->list()->viewport(), Qt::LeftButton, {},
                          picker->list()->visualItemRect(picker->list()->topLevelItem(0)).center());
        return !picker->currentCloudAccountId().isEmpty();
    }

    QPushButton *bindAll(ui::BindWorkspacesDialog *dialog)
    {
        return dialog->form()->buttons->button(QDialogButtonBox::Ok);
    }

    QJsonObject serverWorkspace(const QString &id)
    {
        return test::exchange("GET", test::endpoint(console->platform->url(), "/v1/workspaces/" + id),
                              console->platform->adminToken())
            .json;
    }

    ui::WorkspaceManagementView *view = nullptr;
};

} // namespace

TEST_F(BindWorkspacesTest, ChecksEveryWorkspaceThenBindsThemAllToOneAzureAccount)
{
    auto *dialog = openForLockedWithoutMethod(6);
    ASSERT_NE(dialog, nullptr);
    const QStringList ids = dialog->workspaceIds();
    ASSERT_EQ(ids.size(), 6);
    EXPECT_FALSE(bindAll(dialog)->isEnabled())
        << "nothing is bound before a cloud account is chosen and checked";
    ASSERT_TRUE(pickCloudAccount(dialog, "Azure"));
    ASSERT_TRUE(test::waitUntil([&] { return dialog->form()->resultTable->rowCount() == 6; }));
    ASSERT_TRUE(test::waitUntil([&] { return bindAll(dialog)->isEnabled(); }))
        << dialog->form()->verdictLabel->text().toStdString();
    dialog->grab().save("bind-workspaces-dialog.png");
    QTest::mouseClick(bindAll(dialog), Qt::LeftButton);
    ASSERT_TRUE(test::waitUntil([&] { return window->statusBar()->currentMessage().contains("bound to"); }));
    for (const QString &id : ids) {
        const QJsonObject w = serverWorkspace(id);
        EXPECT_EQ(w.value("billing_method").toString(), "cloud_account") << id.toStdString();
        EXPECT_EQ(w.value("status").toString(), "active") << id.toStdString();
    }
}

TEST_F(BindWorkspacesTest, ARefusedWorkspaceBlocksTheBindingUntilItIsLeftOut)
{
    auto *dialog = openForLockedWithoutMethod(8);
    ASSERT_NE(dialog, nullptr);
    // An AWS (global) account cannot pay for China sites: those are refused, the rest eligible.
    ASSERT_TRUE(pickCloudAccount(dialog, "(AWS)"));
    ASSERT_TRUE(test::waitUntil([&] { return dialog->form()->resultTable->rowCount() == 8; }));
    ASSERT_TRUE(dialog->form()->verdictLabel->text().contains("refused"))
        << "the seeded data has China-site workspaces among the first eight: "
        << dialog->form()->verdictLabel->text().toStdString();
    EXPECT_FALSE(bindAll(dialog)->isEnabled());
    EXPECT_TRUE(
        dialog->form()->resultTable->item(0, 2)->text().contains("cannot pay for workspaces on site cn-"))
        << dialog->form()->resultTable->item(0, 2)->text().toStdString();
    const QString refused = dialog->form()->resultTable->item(0, 0)->text();
    const QJsonObject before = serverWorkspace(refused);
    QTest::mouseClick(dialog->form()->removeRefusedButton, Qt::LeftButton);
    ASSERT_TRUE(test::waitUntil([&] { return bindAll(dialog)->isEnabled(); }))
        << dialog->form()->verdictLabel->text().toStdString();
    EXPECT_FALSE(dialog->workspaceIds().contains(refused));
    QTest::mouseClick(bindAll(dialog), Qt::LeftButton);
    ASSERT_TRUE(test::waitUntil([&] { return window->statusBar()->currentMessage().contains("bound to"); }));
    EXPECT_EQ(serverWorkspace(refused), before) << "the left-out workspace is untouched";
}
