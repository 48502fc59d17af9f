// SPDX-License-Identifier: Apache-2.0
#include "console/ui/exportreportdialog.h"
#include "console/ui/mainwindow.h"
#include "tests/support/testconsole.h"
#include "tests/support/wait.h"
#include "ui_exportreportdialog.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <gtest/gtest.h>

using namespace billing;

namespace {

// File → Export Report against a real platform: the dialog, its thread, and the file it leaves.
class ExportReportTest : public test::ConsoleWindowTest
{
protected:
    std::unique_ptr<ui::ExportReportDialog> open(const contract::WorkspaceQuery &tableFilter = {})
    {
        auto dialog = std::make_unique<ui::ExportReportDialog>(
            ui::ExportReportDialog::Connection{{console->platform->url(), console->platform->adminToken()},
                                               "fiona.finance"},
            tableFilter, window.get());
        dialog->show();
        EXPECT_TRUE(QTest::qWaitForWindowExposed(dialog.get()));
        return dialog;
    }
    qint64 count(const QString &sql)
    {
        auto db = console->platform->directAccess()->database().connection();
        QSqlQuery q(*db);
        EXPECT_TRUE(q.exec(sql) && q.next()) << sql.toStdString();
        return q.value(0).toLongLong();
    }
    static QString status(ui::ExportReportDialog &dialog) { return dialog.form()->statusLabel->text(); }
    static QStringList filesIn(const QTemporaryDir &dir)
    {
        return QDir(dir.path()).entryList(QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot);
    }
};

} // namespace

TEST_F(ExportReportTest, ExportsTheTablesFilteredSubscriptionsAndOffersTheFolder)
{
    const QAction *action = window->findChild<QAction *>("exportReportAction");
    ASSERT_NE(action, nullptr);
    EXPECT_EQ(action->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_E));

    contract::WorkspaceQuery filter;
    filter.billingMethod = "credit_card";
    filter.status = "active";
    auto dialog = open(filter);
    auto *form = dialog->form();
    EXPECT_EQ(form->methodCombo->currentData().toString(), "credit_card") << "prefilled from the table";
    EXPECT_EQ(form->statusCombo->currentData().toString(), "active");
    form->reportCombo->setCurrentIndex(form->reportCombo->findData("subscriptions"));
    form->formatCombo->setCurrentIndex(form->formatCombo->findData("csv"));
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("active-card-subscriptions.csv"));
    form->destinationEdit->setText(path);
    EXPECT_FALSE(form->siteEdit->isEnabled() == false) << "subscriptions filter by site";

    QTest::mouseClick(dialog->exportButton(), Qt::LeftButton);
    EXPECT_FALSE(dialog->exportButton()->isEnabled()) << "one export at a time";
    ASSERT_TRUE(test::waitUntil([&] { return status(*dialog).startsWith("Saved"); }, 30000))
        << status(*dialog).toStdString();
    EXPECT_TRUE(dialog->exportButton()->isEnabled()) << "nothing is left disabled";
    EXPECT_TRUE(dialog->openFolderButton()->isVisible());
    EXPECT_FALSE(form->progress->isVisible());
    QFile csv(path);
    ASSERT_TRUE(csv.open(QIODevice::ReadOnly));
    const qint64 lines = csv.readAll().trimmed().count('\n');
    EXPECT_EQ(
        lines,
        count("SELECT COUNT(*) FROM workspaces WHERE billing_method = 'credit_card' AND status = 'active'"));
    dialog->grab().save(QStringLiteral("export-report.png"));

    // The choices are remembered for the next time.
    dialog.reset();
    auto again = open();
    EXPECT_EQ(again->form()->formatCombo->currentData().toString(), "csv");
    EXPECT_EQ(QFileInfo(again->form()->destinationEdit->text()).absolutePath(),
              QFileInfo(path).absolutePath());

    // A report that does not filter by a field says so instead of ignoring it.
    again->form()->reportCombo->setCurrentIndex(again->form()->reportCombo->findData("changes"));
    EXPECT_FALSE(again->form()->siteEdit->isEnabled());
    EXPECT_FALSE(again->form()->siteEdit->toolTip().isEmpty());
}

TEST_F(ExportReportTest, CancelAndFailureLeaveNoFileAndNothingDisabled)
{
    auto dialog = open();
    auto *form = dialog->form();
    form->reportCombo->setCurrentIndex(form->reportCombo->findData("subscriptions"));
    form->formatCombo->setCurrentIndex(form->formatCombo->findData("xlsx"));
    QTemporaryDir dir;
    form->destinationEdit->setText(dir.filePath("r.xlsx"));
    QTest::mouseClick(dialog->exportButton(), Qt::LeftButton);
    QPushButton *cancel = form->buttons->button(QDialogButtonBox::Close);
    EXPECT_EQ(cancel->text(), "&Cancel Export");
    QTest::mouseClick(cancel, Qt::LeftButton);
    ASSERT_TRUE(test::waitUntil([&] { return status(*dialog).contains("cancelled"); }, 30000))
        << status(*dialog).toStdString();
    EXPECT_TRUE(dialog->isVisible()) << "Cancel stops the export, not the dialog";
    EXPECT_TRUE(dialog->exportButton()->isEnabled());
    EXPECT_EQ(cancel->text(), "&Close");
    EXPECT_TRUE(filesIn(dir).isEmpty()) << filesIn(dir).join(", ").toStdString();

    form->destinationEdit->setText(dir.filePath("missing-folder/r.xlsx"));
    QTest::mouseClick(dialog->exportButton(), Qt::LeftButton);
    ASSERT_TRUE(test::waitUntil([&] { return status(*dialog).contains("failed"); }, 30000))
        << status(*dialog).toStdString();
    EXPECT_TRUE(status(*dialog).contains("missing-folder")) << status(*dialog).toStdString();
    EXPECT_TRUE(dialog->exportButton()->isEnabled());
    EXPECT_FALSE(form->progress->isVisible());
    EXPECT_TRUE(filesIn(dir).isEmpty());
}
