// SPDX-License-Identifier: Apache-2.0
#include "console/ui/exportreportdialog.h"
#include "console/ui/mainwindow.h"
#include "console/ui/meteringview.h"
#include "tests/support/testconsole.h"
#include "tests/support/wait.h"
#include "ui_exportreportdialog.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QProcess>
#include <QPushButton>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

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

TEST_F(ExportReportTest, OnTheMeteringViewItProposesTheMonthsMeteredUsageOfTheCloudAccountShown)
{
    QTest::keyClick(window.get(), Qt::Key_4, Qt::ControlModifier);
    ui::MeteringView *view = window->metering();
    ASSERT_TRUE(
        test::waitUntil([&] { return !view->isLoading() && view->totals()->topLevelItemCount() > 0; }));
    view->totals()->setCurrentItem(view->totals()->topLevelItem(0));
    const QString cloud = view->totals()->topLevelItem(0)->text(0);

    auto dialog = open();
    dialog->propose(view->reportQuery());
    auto *form = dialog->form();
    EXPECT_EQ(form->reportCombo->currentData().toString(), "metered-usage");
    EXPECT_EQ(form->cloudAccountEdit->text(), cloud);
    EXPECT_TRUE(form->cloudAccountEdit->isEnabled());
    EXPECT_TRUE(form->fromCheck->isChecked()) << "the month shown";
    EXPECT_FALSE(form->siteEdit->isEnabled()) << "the ledger has no site";
    EXPECT_FALSE(form->methodCombo->isEnabled());
    EXPECT_GE(form->statusCombo->findData("customer_not_subscribed"), 0) << "a metered hour's states";
    EXPECT_LT(form->statusCombo->findData("locked"), 0);
    const contract::ReportQuery query = dialog->request().query;
    EXPECT_EQ(query.kind, contract::ReportKind::MeteredUsage);
    ASSERT_GT(query.from, 0);
    ASSERT_GT(query.to, query.from);

    form->formatCombo->setCurrentIndex(form->formatCombo->findData("pdf"));
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("metered.pdf"));
    form->destinationEdit->setText(path);
    dialog->grab().save(QStringLiteral("export-report-metered.png"));
    QTest::mouseClick(dialog->exportButton(), Qt::LeftButton);
    ASSERT_TRUE(test::waitUntil([&] { return status(*dialog).startsWith("Saved"); }, 30000))
        << status(*dialog).toStdString();
    const QString where =
        QStringLiteral(" FROM metering_records WHERE cloud_account_id = '%1' AND hour >= %2 AND "
                       "hour < %3")
            .arg(cloud)
            .arg(query.from)
            .arg(query.to);
    const qint64 hours = count("SELECT COUNT(*)" + where);
    ASSERT_GT(hours, 0);
    EXPECT_TRUE(status(*dialog).contains(QLocale().toString(hours))) << status(*dialog).toStdString();
    QProcess text;
    text.start("pdftotext", {"-layout", path, "-"});
    ASSERT_TRUE(text.waitForFinished(30000));
    const QString printed = QString::fromUtf8(text.readAllStandardOutput());
    EXPECT_TRUE(printed.contains("Cloud account: " + cloud)) << "the filters used";
    EXPECT_TRUE(printed.contains(
        QStringLiteral("Quantity in all: %1").arg(QLocale().toString(count("SELECT SUM(quantity)" + where)))))
        << printed.left(1500).toStdString();
}
