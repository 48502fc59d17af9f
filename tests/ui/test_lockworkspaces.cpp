// SPDX-License-Identifier: Apache-2.0
#include "console/models/billingtext.h"
#include "console/models/workspacetablemodel.h"
#include "console/services/billingservice.h"
#include "console/services/platformclient.h"
#include "console/services/workspaceservice.h"
#include "console/ui/lockworkspacesdialog.h"
#include "console/ui/mainwindow.h"
#include "console/ui/workspacemanagementview.h"
#include "foundation/contract/jsonfields.h"
#include "tests/support/httpprobe.h"
#include "tests/support/testconsole.h"
#include "tests/support/wait.h"
#include "ui_lockworkspacesdialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSqlQuery>
#include <QStatusBar>
#include <QTableView>
#include <QTest>

#include <gtest/gtest.h>

using namespace billing;
using models::WorkspaceTableModel;

namespace {

constexpr qint64 Day = 24LL * 3600 * 1000;

// An admin locks and unlocks through the Workspace menu's dialog, against a real platform.
class LockWorkspacesTest : public test::ConsoleWindowTest
{
protected:
    void windowShown() override { view = workspacesShown(); }

    // Active workspaces whose owners have no card, no credits and no cloud account: nothing pays for them.
    QStringList unpaid(int count)
    {
        return column("SELECT w.id FROM workspaces w JOIN accounts a ON a.id = w.account_id "
                      "WHERE a.card_brand = '' AND a.credits_minor = 0 AND a.linked_cloud_account_id IS NULL "
                      "AND w.status = 'active' AND w.cloud_account_id = '' ORDER BY w.id",
                      count);
    }
    QJsonObject workspace(const QString &id)
    {
        return test::exchange("GET", test::endpoint(console->platform->url(), "/v1/workspaces/" + id),
                              console->platform->adminToken())
            .json;
    }
    // Lists exactly these workspaces (a search matching each) and selects them all.
    void select(const QStringList &ids)
    {
        view->searchField()->setText(ids.size() == 1 ? ids.first()
                                                     : QString()); // several: found in the whole list
        ASSERT_TRUE(test::waitUntil([&] {
            return view->model()->query().q == view->searchField()->text() && view->model()->workspaceAt(0);
        }));
        QTableView *table = view->table();
        table->clearSelection();
        for (const QString &id : ids) {
            int row = -1;
            ASSERT_TRUE(test::waitUntil([&] {
                for (int r = 0; r < view->model()->rowCount() && r < 400; ++r)
                    if (auto w = view->model()->workspaceAt(r); w && w->id == id)
                        row = r;
                if (row < 0)
                    (void)view->model()->index(std::min(view->model()->rowCount() - 1, 399), 0).data();
                return row >= 0;
            })) << id.toStdString();
            table->selectionModel()->select(view->model()->index(row, 0),
                                            QItemSelectionModel::Select | QItemSelectionModel::Rows);
        }
    }
    ui::LockWorkspacesDialog *openDialog(QAction *action)
    {
        EXPECT_TRUE(action->isEnabled()) << action->toolTip().toStdString();
        action->trigger();
        auto *dialog = window->findChild<ui::LockWorkspacesDialog *>();
        EXPECT_NE(dialog, nullptr);
        if (dialog)
            EXPECT_TRUE(QTest::qWaitForWindowExposed(dialog));
        return dialog;
    }
    QPushButton *confirm(ui::LockWorkspacesDialog *dialog)
    {
        return dialog->form()->buttons->button(QDialogButtonBox::Ok);
    }

    ui::WorkspaceManagementView *view = nullptr;
};

} // namespace

TEST_F(LockWorkspacesTest, AnAdminLocksASelectionForAReasonWithANote)
{
    const QStringList ids = unpaid(2);
    ASSERT_EQ(ids.size(), 2);
    select(ids);
    EXPECT_FALSE(window->unlockAction()->isEnabled()) << "nothing selected is locked";
    QPointer<ui::LockWorkspacesDialog> dialog = openDialog(window->lockAction());
    ASSERT_TRUE(dialog);
    auto *form = dialog->form();
    EXPECT_EQ(dialog->windowTitle(), "Lock Workspaces");
    EXPECT_TRUE(form->summaryLabel->text().contains("2 workspaces"));
    EXPECT_TRUE(form->consequencesLabel->text().contains("dissolved after 14 days"))
        << form->consequencesLabel->text().toStdString();
    EXPECT_TRUE(form->consequencesLabel->text().contains("deployments are not stopped"));
    EXPECT_FALSE(form->overrideCheck->isVisible());
    form->reasonCombo->setCurrentIndex(form->reasonCombo->findData("payment_overdue"));
    QTest::keyClicks(form->noteEdit, "Invoice 2026-118 unpaid for 60 days");
    dialog->grab().save(QStringLiteral("lock-workspaces-dialog.png"));
    QTest::mouseClick(confirm(dialog), Qt::LeftButton);
    ASSERT_TRUE(test::waitUntil([&] { return !dialog; }));

    for (const QString &id : ids) {
        const QJsonObject w = workspace(id);
        EXPECT_EQ(w.value("status").toString(), "locked");
        EXPECT_EQ(w.value("lock").toObject().value("reason").toString(), "payment_overdue");
        EXPECT_EQ(w.value("lock").toObject().value("note").toString(), "Invoice 2026-118 unpaid for 60 days");
    }
    EXPECT_EQ(window->statusBar()->currentMessage(), "2 workspaces locked.");
    ASSERT_TRUE(test::waitUntil([&] {
        const auto rows = view->table()->selectionModel()->selectedRows();
        return !rows.isEmpty() && view->model()->workspaceAt(rows.first().row())->status == "locked";
    })) << "the rows show it";
    EXPECT_TRUE(window->unlockAction()->isEnabled());
    EXPECT_FALSE(window->lockAction()->isEnabled());
}

TEST_F(LockWorkspacesTest, UnlockingAWorkspaceNothingPaysForOffersAnOverrideThatNeedsANote)
{
    const QString id = unpaid(1).value(0);
    const auto locked = test::exchange(
        [&] {
            QNetworkRequest r(test::endpoint(console->platform->url(), "/v1/workspaces/" + id + "/lock"));
            r.setRawHeader("Authorization", "Bearer " + console->platform->adminToken().toUtf8());
            r.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
            r.setRawHeader("If-Match",
                           "\"" + QByteArray::number(workspace(id).value("version").toInteger()) + "\"");
            r.setRawHeader("Idempotency-Key", "lock-for-unlock-test");
            return r;
        }(),
        "POST", R"({"reason":"admin_hold","note":"Held"})");
    ASSERT_EQ(locked.status, 200) << locked.body.toStdString();
    select({id});
    ASSERT_TRUE(test::waitUntil([&] { return window->unlockAction()->isEnabled(); }));
    QPointer<ui::LockWorkspacesDialog> dialog = openDialog(window->unlockAction());
    ASSERT_TRUE(dialog);
    auto *form = dialog->form();
    EXPECT_FALSE(form->reasonCombo->isVisible());
    EXPECT_FALSE(form->overrideCheck->isChecked());
    const qint64 versionBefore = workspace(id).value("version").toInteger();

    // Refused as a whole: the dialog says why and offers the override; nothing changed.
    QTest::mouseClick(confirm(dialog), Qt::LeftButton);
    ASSERT_TRUE(test::waitUntil([&] { return form->overrideCheck->isChecked(); }));
    EXPECT_TRUE(form->verdictLabel->text().startsWith("Nothing was changed"))
        << form->verdictLabel->text().toStdString();
    EXPECT_TRUE(form->verdictLabel->text().contains(id));
    EXPECT_FALSE(confirm(dialog)->isEnabled()) << "an override needs a note";
    EXPECT_EQ(workspace(id).value("version").toInteger(), versionBefore);
    EXPECT_EQ(form->overrideDate->maximumDate(), form->overrideDate->minimumDate().addDays(29))
        << "at most 30 days";

    QTest::keyClicks(form->noteEdit, "Customer paying by bank transfer this week");
    EXPECT_TRUE(confirm(dialog)->isEnabled());
    form->overrideDate->setDate(form->overrideDate->maximumDate());
    dialog->grab().save(QStringLiteral("unlock-workspaces-dialog.png"));
    QTest::mouseClick(confirm(dialog), Qt::LeftButton);
    ASSERT_TRUE(test::waitUntil([&] { return !dialog; }));
    const QJsonObject w = workspace(id);
    EXPECT_EQ(w.value("status").toString(), "active");
    const qint64 until = contract::json::time(w.value("unlock_override_until"));
    EXPECT_EQ(until, console->platform->clock().nowMs() + 30 * Day);
}

TEST_F(LockWorkspacesTest, AnOperatorSeesLockAndUnlockDisabledWithTheRoleTheyNeed)
{
    const QString token = console->platform->addStaff("oscar.operator", "operator");
    services::PlatformClient client(console->platform->url(), token);
    services::WorkspaceService workspaces(&client);
    services::BillingService billing(&client);
    ui::MainWindow operatorWindow(&workspaces, &billing, {console->platform->url().toString(), false});
    operatorWindow.show();
    auto *staff = operatorWindow.findChild<QLabel *>("staffLabel");
    ASSERT_TRUE(test::waitUntil([&] { return staff->text() == "oscar.operator (operator)"; }));
    ui::WorkspaceManagementView *theirs = operatorWindow.workspaces();
    ASSERT_TRUE(test::waitUntil([&] { return theirs->model()->workspaceAt(0).has_value(); }));
    theirs->table()->selectRow(0);
    EXPECT_FALSE(operatorWindow.lockAction()->isEnabled());
    EXPECT_FALSE(operatorWindow.unlockAction()->isEnabled());
    EXPECT_EQ(operatorWindow.lockAction()->toolTip(),
              "Locking and unlocking need the admin role; you are signed in as operator.");
    EXPECT_TRUE(operatorWindow.changeBillingMethodAction()->isEnabled())
        << "operators change billing methods";
    EXPECT_EQ(window->findChild<QLabel *>("staffLabel")->text(), "console (admin)") << "the admin's window";
}
