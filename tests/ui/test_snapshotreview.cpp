// SPDX-License-Identifier: Apache-2.0
#include "console/models/audittimelinemodel.h"
#include "console/models/workspacetablemodel.h"
#include "console/services/signingkeypins.h"
#include "console/ui/exportreportdialog.h"
#include "console/ui/snapshotreviewwindow.h"
#include "tests/support/httpprobe.h"
#include "tests/support/snapshottampering.h"
#include "tests/support/testplatform.h"
#include "tests/support/wait.h"
#include "ui_exportreportdialog.h"

#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QMimeData>
#include <QPointer>
#include <QPushButton>
#include <QSettings>
#include <QSqlQuery>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QTimer>

#include <gtest/gtest.h>

using namespace billing;

namespace {

// The Snapshot Review window on files a real platform made: offline, driven with QTest.
class SnapshotReviewTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        QSettings().clear();
        platform = std::make_unique<test::TestPlatform>(test::Backend::Sqlite, 2000);
    }
    void TearDown() override
    {
        QList<QPointer<QWidget>> windows;
        for (QWidget *window : QApplication::topLevelWidgets()) {
            if (window->inherits("billing::ui::SnapshotReviewWindow"))
                windows.append(window);
        }
        for (const QPointer<QWidget> &window : windows)
            delete window.data();
        QSettings().clear();
    }
    QString take(const QString &name)
    {
        const auto made =
            test::exchange("POST", test::endpoint(platform->url(), "/v1/snapshots"), platform->adminToken());
        EXPECT_EQ(made.status, 201);
        const auto file = test::exchange(
            "GET", test::endpoint(platform->url(), "/v1/snapshots/" + made.json.value("id").toString()),
            platform->adminToken());
        QFile out(files.filePath(name));
        EXPECT_TRUE(out.open(QIODevice::WriteOnly));
        out.write(file.body);
        return out.fileName();
    }
    void pinPlatformKey()
    {
        const QJsonObject key =
            test::exchange("GET", test::endpoint(platform->url(), "/v1/snapshots/signing-key"),
                           platform->adminToken())
                .json;
        services::SigningKeyPins::trust(key.value("platform_id").toString(),
                                        {key.value("fingerprint").toString()});
    }
    ui::SnapshotReviewWindow *openVerified(const QString &path, bool *intact)
    {
        auto *window = ui::SnapshotReviewWindow::open(path);
        EXPECT_NE(window, nullptr);
        if (!window)
            return nullptr;
        QObject::connect(window, &ui::SnapshotReviewWindow::verificationFinished, window,
                         [intact](bool ok) { *intact = ok; });
        EXPECT_TRUE(QTest::qWaitForWindowExposed(window));
        EXPECT_TRUE(test::waitUntil([window] { return window->isVerified(); }));
        return window;
    }
    static QString banner(ui::SnapshotReviewWindow *window)
    {
        return window->findChild<QLabel *>("integrityText")->text();
    }
    qint64 count(const QString &sql)
    {
        QSqlQuery q(*platform->directAccess()->database().connection());
        EXPECT_TRUE(q.exec(sql) && q.next()) << sql.toStdString();
        return q.value(0).toLongLong();
    }

    std::unique_ptr<test::TestPlatform> platform;
    QTemporaryDir files;
};

} // namespace

TEST_F(SnapshotReviewTest, ShowsAVerifiedSnapshotsWorkspacesAndTrailWithNoPlatform)
{
    const QString path = take("review.snapshot");
    pinPlatformKey();
    platform.reset(); // offline from here on

    bool intact = false;
    auto *window = openVerified(path, &intact);
    ASSERT_NE(window, nullptr);
    EXPECT_TRUE(intact);
    EXPECT_TRUE(banner(window).contains("Verified")) << banner(window).toStdString();

    auto *table = window->findChild<QTableView *>("snapshotWorkspaceTable");
    ASSERT_NE(table, nullptr);
    auto *model = qobject_cast<models::WorkspaceTableModel *>(table->model());
    ASSERT_TRUE(
        test::waitUntil([model] { return model->total() == 2000 && model->workspaceAt(0).has_value(); }));
    // Filters: locked workspaces only, then a search within them.
    auto *status = window->findChild<QComboBox *>("statusFilter");
    ASSERT_NE(status, nullptr);
    status->setCurrentIndex(status->findData("locked"));
    ASSERT_TRUE(
        test::waitUntil([model] { return model->total() < 2000 && model->workspaceAt(0).has_value(); }));
    EXPECT_EQ(model->workspaceAt(0)->status, QLatin1String("locked"));
    const qint64 locked = model->total();
    const QString first = model->workspaceAt(0)->id;
    auto *search = window->findChild<QLineEdit *>("workspaceSearch");
    QTest::keyClicks(search, first);
    ASSERT_TRUE(test::waitUntil([model] { return model->total() == 1; }));
    EXPECT_GT(locked, 1);
    // Its details, with its owner as the snapshot holds it.
    table->setFocus();
    table->selectRow(0);
    auto *details = window->findChild<QTextBrowser *>("workspaceDetail");
    ASSERT_TRUE(test::waitUntil([details] {
        return details->toPlainText().contains("Owner account") &&
               details->toPlainText().contains("Credit card");
    }));
    EXPECT_TRUE(details->toPlainText().contains(first));
    window->grab().save(QStringLiteral("snapshot-review.png"));

    // The timeline: every event, then one actor's, then an event's changes field by field.
    window->tabs()->setCurrentIndex(1);
    auto *timelineTable = window->findChild<QTableView *>("auditTimelineTable");
    auto *timeline = qobject_cast<models::AuditTimelineModel *>(timelineTable->model());
    ASSERT_TRUE(test::waitUntil([timeline] { return timeline->total() > 0 && timeline->rowCount() > 0; }));
    const qint64 all = timeline->total();
    EXPECT_EQ(timeline->rowCount(), std::min<qint64>(all, models::AuditTimelineModel::PageSize));
    auto *actor = window->findChild<QComboBox *>("actorFilter");
    ASSERT_TRUE(test::waitUntil([actor] { return actor->count() > 2; }));
    actor->setCurrentIndex(actor->findData("system:scheduler") >= 0 ? actor->findData("system:scheduler")
                                                                    : 1);
    const QString chosen = actor->currentData().toString();
    ASSERT_TRUE(test::waitUntil([timeline, all] {
        return timeline->total() > 0 && timeline->total() < all && timeline->rowCount() > 0;
    }));
    EXPECT_EQ(timeline->eventAt(0)->actor, chosen);
    timelineTable->selectRow(0);
    auto *eventDetail = window->findChild<QTextBrowser *>("eventDetail");
    ASSERT_TRUE(
        test::waitUntil([eventDetail] { return eventDetail->toPlainText().contains("What changed"); }));
    window->grab().save(QStringLiteral("snapshot-timeline.png"));
}

TEST_F(SnapshotReviewTest, ComparesTwoSnapshotsWorkspaceByWorkspace)
{
    const QString older = take("older.snapshot");
    QNetworkRequest lock(test::endpoint(platform->url(), "/v1/workspaces/ws-0000001/lock"));
    const auto before = test::exchange("GET", test::endpoint(platform->url(), "/v1/workspaces/ws-0000001"),
                                       platform->adminToken());
    ASSERT_EQ(before.json.value("status").toString(), QLatin1String("active"));
    lock.setRawHeader("Authorization", "Bearer " + platform->adminToken().toUtf8());
    lock.setRawHeader("If-Match", before.etag);
    lock.setRawHeader("Idempotency-Key", "review-compare-lock");
    lock.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
    ASSERT_EQ(test::exchange(lock, "POST", R"({"reason": "admin_hold"})").status, 200);
    const QString newer = take("newer.snapshot");

    bool intact = false;
    auto *window = openVerified(older, &intact);
    ASSERT_NE(window, nullptr);
    bool compared = false;
    QObject::connect(window, &ui::SnapshotReviewWindow::comparisonFinished, window,
                     [&compared](bool ok) { compared = ok; });
    window->compareWith(newer);
    ASSERT_TRUE(test::waitUntil([&compared] { return compared; }));
    auto *counts = window->findChild<QLabel *>("comparisonCounts");
    ASSERT_NE(counts, nullptr);
    EXPECT_TRUE(counts->text().contains("<b>1</b> changed")) << counts->text().toStdString();
    auto *table = window->findChild<QTableView *>("comparisonTable");
    ASSERT_EQ(table->model()->rowCount(), 1);
    EXPECT_EQ(table->model()->index(0, 1).data().toString(), QLatin1String("ws-0000001"));
    EXPECT_TRUE(table->model()->index(0, 5).data().toString().contains("→"))
        << table->model()->index(0, 5).data().toString().toStdString();
    window->grab().save(QStringLiteral("snapshot-compare.png"));
}

TEST_F(SnapshotReviewTest, AnAlteredFileIsShownWithWhatFailedAndAnUnknownKeyIsNotTrusted)
{
    const QString path = take("whole.snapshot");
    const QString altered = files.filePath("altered.snapshot");
    QFile::copy(path, altered);
    {
        QSqlDatabase db = QSqlDatabase::addDatabase("QSQLITE", "alter");
        db.setDatabaseName(altered);
        ASSERT_TRUE(db.open());
        ASSERT_TRUE(QSqlQuery(db).exec("UPDATE audit_events SET actor = 'someone else' WHERE seq = 4"));
        db.close();
    }
    QSqlDatabase::removeDatabase("alter");

    bool intact = true;
    auto *window = openVerified(altered, &intact);
    ASSERT_NE(window, nullptr);
    EXPECT_FALSE(intact);
    EXPECT_TRUE(banner(window).contains("not what the platform wrote")) << banner(window).toStdString();
    EXPECT_TRUE(banner(window).contains("event 4")) << banner(window).toStdString();
    window->grab().save(QStringLiteral("snapshot-altered.png"));
    delete window;

    // No key pinned for the platform: verified, but the key is offered for trust, not trusted.
    window = openVerified(path, &intact);
    ASSERT_NE(window, nullptr);
    EXPECT_FALSE(intact);
    EXPECT_TRUE(banner(window).contains("no signing key is pinned")) << banner(window).toStdString();
    auto *trust = window->findChild<QPushButton *>("trustKeyButton");
    ASSERT_NE(trust, nullptr);
    ASSERT_TRUE(trust->isVisible());
    QTest::mouseClick(trust, Qt::LeftButton);
    ASSERT_TRUE(test::waitUntil([&intact] { return intact; }));
    EXPECT_TRUE(banner(window).contains("Verified"));
}

TEST_F(SnapshotReviewTest, ATamperedFileIsNamedInTheBannerAndNothingInItIsShown)
{
    pinPlatformKey();
    const QString path = take("whole.snapshot");
    for (const test::SnapshotTampering &tampering : test::SnapshotTamperings::all()) {
        SCOPED_TRACE(tampering.name.toStdString());
        const QString copy = files.filePath(QStringLiteral("tampered.snapshot"));
        ASSERT_TRUE(test::SnapshotTamperings::apply(tampering, path, copy));
        bool intact = false; // the banner says it; the signal may have gone before the window was watched
        auto *window = openVerified(copy, &intact);
        ASSERT_NE(window, nullptr);
        EXPECT_TRUE(banner(window).contains("not what the platform wrote")) << banner(window).toStdString();
        EXPECT_TRUE(banner(window).contains(tampering.named)) << banner(window).toStdString();
        // The rows of such a file are not shown: the table is empty and says why.
        auto *table = window->findChild<QTableView *>("snapshotWorkspaceTable");
        ASSERT_NE(table, nullptr);
        EXPECT_TRUE(test::waitUntil([table] { return table->model()->rowCount() == 0; }));
        auto *failure = table->parentWidget()->parentWidget()->findChild<QLabel *>("readFailure");
        ASSERT_NE(failure, nullptr);
        EXPECT_TRUE(test::waitUntil([failure] { return failure->isVisible(); }));
        EXPECT_TRUE(failure->text().contains("Nothing is read from this file"))
            << failure->text().toStdString();
        EXPECT_TRUE(failure->text().contains(tampering.named)) << failure->text().toStdString();
        if (tampering.name == QLatin1String("rewritten index")) {
            QTest::qWait(50); // the banner's new height laid out
            window->grab().save(QStringLiteral("snapshot-tampered.png"));
        }
        delete window;
    }
}

TEST_F(SnapshotReviewTest, AFileThatIsNoSnapshotIsRefusedInAMessage)
{
    QFile text(files.filePath("notes.snapshot"));
    ASSERT_TRUE(text.open(QIODevice::WriteOnly));
    text.write("not a snapshot\n");
    text.close();
    QString message;
    QTimer::singleShot(0, [&message] {
        test::waitUntil([] { return QApplication::activeModalWidget() != nullptr; }, 5000);
        if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget())) {
            message = box->text();
            box->accept();
        }
    });
    EXPECT_EQ(ui::SnapshotReviewWindow::open(text.fileName()), nullptr);
    EXPECT_TRUE(message.contains("not a Billing Center snapshot")) << message.toStdString();
}

TEST_F(SnapshotReviewTest, ExportsAReportAsOfTheSnapshotWithTheReviewsFilters)
{
    const QString path = take("report.snapshot");
    const qint64 lockedInSnapshot = count("SELECT COUNT(*) FROM workspaces WHERE status = 'locked'");
    // Changes after the snapshot do not reach its report.
    QSqlQuery(*platform->directAccess()->database().connection())
        .exec("UPDATE workspaces SET status = 'locked' WHERE id = 'ws-0000001'");
    pinPlatformKey();
    bool intact = false;
    auto *window = openVerified(path, &intact);
    ASSERT_NE(window, nullptr);
    auto *action = window->findChild<QAction *>("exportReportAction");
    ASSERT_NE(action, nullptr);
    EXPECT_EQ(action->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_E));

    contract::WorkspaceQuery filter;
    filter.status = "locked";
    ui::ExportReportDialog dialog({{}, "auditor", path}, filter, window);
    dialog.show();
    auto *form = dialog.form();
    EXPECT_EQ(form->statusCombo->currentData().toString(), "locked");
    form->reportCombo->setCurrentIndex(form->reportCombo->findData("subscriptions"));
    form->formatCombo->setCurrentIndex(form->formatCombo->findData("csv"));
    const QString csvPath = files.filePath("locked-then.csv");
    form->destinationEdit->setText(csvPath);
    QTest::mouseClick(dialog.exportButton(), Qt::LeftButton);
    ASSERT_TRUE(test::waitUntil([&] { return form->statusLabel->text().startsWith("Saved"); }, 30000))
        << form->statusLabel->text().toStdString();
    QFile csv(csvPath);
    ASSERT_TRUE(csv.open(QIODevice::ReadOnly));
    EXPECT_EQ(csv.readAll().trimmed().count('\n'), lockedInSnapshot);
}

TEST_F(SnapshotReviewTest, ASnapshotDroppedOnTheWindowOpensInAWindowOfItsOwn)
{
    const QString first = take("first.snapshot");
    const QString second = take("second.snapshot");
    bool intact = false;
    auto *window = openVerified(first, &intact);
    ASSERT_NE(window, nullptr);
    auto *mime = new QMimeData;
    mime->setUrls({QUrl::fromLocalFile(second)});
    QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(window, &enter);
    EXPECT_TRUE(enter.isAccepted());
    QDropEvent drop(QPointF(10, 10), Qt::CopyAction, mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(window, &drop);
    const auto reviews = [] {
        QStringList titles;
        for (QWidget *widget : QApplication::topLevelWidgets()) {
            if (widget->inherits("billing::ui::SnapshotReviewWindow") && widget->isVisible())
                titles << widget->windowTitle();
        }
        return titles;
    };
    ASSERT_TRUE(test::waitUntil([&] { return reviews().size() == 2; })) << reviews().join(", ").toStdString();
    EXPECT_TRUE(reviews().filter("second.snapshot").size() == 1);
    delete mime;
}
