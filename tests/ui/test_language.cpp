// SPDX-License-Identifier: Apache-2.0
// The console in Chinese: with zh_CN chosen, no text a person sees on the main window, its views,
// each dialog or the Snapshot Review window is left in English.
#include "console/models/cloudaccounttablemodel.h"
#include "console/models/workspacedetails.h"
#include "console/services/storedtokens.h"
#include "console/ui/bindworkspacesdialog.h"
#include "console/ui/changebillingmethoddialog.h"
#include "console/ui/cloudaccountsview.h"
#include "console/ui/consolelanguage.h"
#include "console/ui/exportreportdialog.h"
#include "console/ui/lockworkspacesdialog.h"
#include "console/ui/signindialog.h"
#include "console/ui/snapshotreviewwindow.h"
#include "console/ui/workspacedetailpanel.h"
#include "tests/support/httpprobe.h"
#include "tests/support/testconsole.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QComboBox>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QPointer>
#include <QPushButton>
#include <QRegularExpression>
#include <QStatusBar>
#include <QStyle>
#include <QStyleOptionFrame>
#include <QStyleOptionHeader>
#include <QTabBar>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTextDocument>
#include <QTimer>
#include <QToolBar>
#include <QTranslator>
#include <QTreeView>
#include <QXmlStreamReader>
#include <QtMath>

using namespace billing;

namespace {

// The English texts the console's translation covers, as patterns: a visible text that matches one
// is a tr() string left untranslated. Patterns with too few words of their own ("%1 (%2)") are left
// out: they would match data. Qt's own button texts are checked by name.
QList<QRegularExpression> englishPatterns()
{
    QFile file(QStringLiteral(BILLING_SOURCE_DIR "/translations/billing-console_zh_CN.ts"));
    EXPECT_TRUE(file.open(QIODevice::ReadOnly));
    QList<QRegularExpression> patterns;
    QXmlStreamReader xml(&file);
    static const QRegularExpression placeholder(QStringLiteral("%(\\d+|n)"));
    static const QRegularExpression word(QStringLiteral("[A-Za-z]{3,}"));
    QString source;
    while (!xml.atEnd()) {
        if (xml.readNext() != QXmlStreamReader::StartElement)
            continue;
        if (xml.name() == QLatin1String("source")) {
            source = xml.readElementText();
            continue;
        }
        if (xml.name() != QLatin1String("translation") ||
            xml.readElementText(QXmlStreamReader::IncludeChildElements) == source)
            continue; // a name that stays as it is in Chinese too ("AWS Marketplace")
        QString text = QString(source).remove(QLatin1Char('&'));
        QString bare = text;
        bare.remove(placeholder);
        if (bare.count(word) < (text.contains(placeholder) ? 2 : 1))
            continue;
        QStringList pieces;
        for (const QString &piece : text.trimmed().split(placeholder))
            pieces << QRegularExpression::escape(piece);
        const QString pattern = pieces.join(QStringLiteral(".*"));
        patterns.append(QRegularExpression(QLatin1Char('^') + pattern + QLatin1Char('$'),
                                           QRegularExpression::DotMatchesEverythingOption));
    }
    for (const char *qt : {"OK", "Cancel", "Close", "Apply", "Yes", "No", "Save", "Open", "Reset"})
        patterns.append(QRegularExpression(QStringLiteral("^%1$").arg(QLatin1String(qt))));
    return patterns;
}

QString plain(const QString &text)
{
    if (!Qt::mightBeRichText(text))
        return QString(text).remove(QLatin1Char('&'));
    QTextDocument document;
    document.setHtml(text);
    return document.toPlainText();
}

// Every text of `root` a person can see: titles, labels, buttons, placeholders, tabs, column headers,
// the first rows of lists and tables, menus and tool bars.
QStringList visibleTexts(QWidget *root)
{
    QStringList texts{root->windowTitle()};
    QList<QWidget *> widgets = root->findChildren<QWidget *>();
    widgets.prepend(root);
    for (QWidget *w : std::as_const(widgets)) {
        if (w != root && !w->isVisibleTo(root))
            continue;
        if (auto *label = qobject_cast<QLabel *>(w))
            texts << plain(label->text());
        else if (auto *button = qobject_cast<QAbstractButton *>(w))
            texts << plain(button->text()) << button->toolTip();
        else if (auto *group = qobject_cast<QGroupBox *>(w))
            texts << plain(group->title());
        else if (auto *edit = qobject_cast<QLineEdit *>(w))
            texts << edit->placeholderText();
        else if (auto *tabs = qobject_cast<QTabBar *>(w)) {
            for (int i = 0; i < tabs->count(); ++i)
                texts << plain(tabs->tabText(i));
        } else if (auto *combo = qobject_cast<QComboBox *>(w)) {
            texts << combo->currentText();
        } else if (auto *header = qobject_cast<QHeaderView *>(w)) {
            for (int i = 0; header->model() && i < header->count(); ++i)
                if (!header->isSectionHidden(i))
                    texts << header->model()->headerData(i, header->orientation()).toString();
        } else if (auto *view = qobject_cast<QAbstractItemView *>(w); view && view->model()) {
            // The cells in sight: the console's words, and the platform's reasons it says again.
            const QAbstractItemModel *model = view->model();
            for (int row = 0; row < std::min(model->rowCount(), 40); ++row)
                for (int column = 0; column < model->columnCount(); ++column)
                    texts << model->index(row, column).data().toString();
        }
        texts << w->accessibleName();
        const auto addActions = [&texts](const QList<QAction *> &actions, const auto &self) -> void {
            for (QAction *action : actions) {
                texts << plain(action->text()) << action->toolTip() << action->statusTip();
                if (action->menu())
                    self(action->menu()->actions(), self);
            }
        };
        if (qobject_cast<QMenuBar *>(w) || qobject_cast<QToolBar *>(w))
            addActions(w->actions(), addActions);
    }
    texts.removeAll(QString());
    return texts;
}

// What a view's cells keep free on either side of their text: a text wider than its column less this is
// elided.
int cellMargins(const QWidget *view)
{
    return 2 * (view->style()->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, view) + 1);
}

// The width a column's title has: its section less what the style keeps for margins and a sort arrow,
// as QHeaderView measures it before it elides the title.
int titleRoom(const QHeaderView *header, int section)
{
    QStyleOptionHeader option;
    option.initFrom(header);
    option.section = section;
    option.rect = QRect(0, 0, header->sectionSize(section), header->height());
    option.text = header->model()->headerData(section, header->orientation()).toString();
    if (header->isSortIndicatorShown() && header->sortIndicatorSection() == section)
        option.sortIndicator = header->sortIndicatorOrder() == Qt::AscendingOrder
                                   ? QStyleOptionHeader::SortDown
                                   : QStyleOptionHeader::SortUp;
    return header->style()->subElementRect(QStyle::SE_HeaderLabel, &option, header).width();
}

// What `root` shows cut off: a button narrower than its text, a one-line label (plain or rich text)
// narrower than its text, a wrapping label shorter than its lines, an empty field's placeholder wider than
// the field, a column title wider than its column, every cell of a short (tree) list and
// the cells of the columns whose values are the console's own words (status, plan, method, days left) wider
// than their column.
QStringList cutTexts(QWidget *root, const QList<int> &wordColumns = {})
{
    QStringList cut;
    QList<QWidget *> widgets = root->findChildren<QWidget *>();
    for (QWidget *w : std::as_const(widgets)) {
        if (!w->isVisibleTo(root) || w->width() <= 0)
            continue;
        if (auto *button = qobject_cast<QPushButton *>(w)) {
            if (button->width() < button->sizeHint().width())
                cut << QStringLiteral("button \"%1\": %2 < %3")
                           .arg(button->text())
                           .arg(button->width())
                           .arg(button->sizeHint().width());
        } else if (auto *label = qobject_cast<QLabel *>(w)) {
            if (label->text().isEmpty() || !label->pixmap().isNull())
                continue;
            if (label->wordWrap()) {
                // A wrapping label is cut when the lines its width makes need more height than it has.
                const int needed = label->heightForWidth(label->width());
                if (label->height() < needed)
                    cut << QStringLiteral("wrapped label \"%1\": height %2 < %3")
                               .arg(plain(label->text()))
                               .arg(label->height())
                               .arg(needed);
                continue;
            }
            int needed = 0;
            if (Qt::mightBeRichText(label->text())) {
                QTextDocument document;
                document.setDefaultFont(label->font());
                document.setDocumentMargin(0);
                document.setHtml(label->text());
                needed = qCeil(document.idealWidth());
            } else {
                needed = label->fontMetrics().horizontalAdvance(label->text().remove(QLatin1Char('&')));
            }
            if (label->contentsRect().width() < needed)
                cut << QStringLiteral("label \"%1\": %2 < %3")
                           .arg(plain(label->text()))
                           .arg(label->contentsRect().width())
                           .arg(needed);
        } else if (auto *tree = qobject_cast<QTreeView *>(w)) {
            // A short list: every column, the last (which takes the rest of the width) too.
            QHeaderView *header = tree->header();
            for (int column = 0; column < header->count(); ++column) {
                const QString title = tree->model()->headerData(column, Qt::Horizontal).toString();
                if (titleRoom(header, column) < header->fontMetrics().horizontalAdvance(title))
                    cut << QStringLiteral("column \"%1\"").arg(title);
                for (int row = 0; row < std::min(tree->model()->rowCount(), 40); ++row) {
                    const QString text = tree->model()->index(row, column).data().toString();
                    if (tree->columnWidth(column) <
                        tree->fontMetrics().horizontalAdvance(text) + cellMargins(tree))
                        cut << QStringLiteral("cell \"%1\" of \"%2\"").arg(text, title);
                }
            }
        } else if (auto *edit = qobject_cast<QLineEdit *>(w)) {
            // An empty field's placeholder says what goes in it: it fits between the frame's margins
            // and any button inside the field (the clear button).
            if (!edit->text().isEmpty() || edit->placeholderText().isEmpty())
                continue;
            QStyleOptionFrame frame;
            frame.initFrom(edit);
            frame.lineWidth =
                edit->hasFrame() ? edit->style()->pixelMetric(QStyle::PM_DefaultFrameWidth, &frame, edit) : 0;
            QRect room = edit->style()->subElementRect(QStyle::SE_LineEditContents, &frame, edit);
            room = room.marginsRemoved(edit->textMargins());
            int width = room.width() - 2 * 2; // QLineEdit's own horizontal margin
            for (QWidget *inside : edit->findChildren<QWidget *>(Qt::FindDirectChildrenOnly))
                if (inside->isVisibleTo(edit))
                    width -= inside->width();
            const int needed = edit->fontMetrics().horizontalAdvance(edit->placeholderText());
            if (width < needed)
                cut << QStringLiteral("placeholder \"%1\": %2 < %3")
                           .arg(edit->placeholderText())
                           .arg(width)
                           .arg(needed);
        } else if (auto *table = qobject_cast<QTableView *>(w)) {
            QHeaderView *header = table->horizontalHeader();
            for (int column = 0; column < header->count(); ++column) {
                if (header->isSectionHidden(column) || column == header->count() - 1)
                    continue; // the last one stretches
                const QString title = table->model()->headerData(column, Qt::Horizontal).toString();
                if (titleRoom(header, column) < header->fontMetrics().horizontalAdvance(title))
                    cut << QStringLiteral("column \"%1\"").arg(title);
                if (!wordColumns.contains(column))
                    continue;
                for (int row = 0; row < std::min(table->model()->rowCount(), 40); ++row) {
                    const QString text = table->model()->index(row, column).data().toString();
                    if (header->sectionSize(column) <
                        table->fontMetrics().horizontalAdvance(text) + cellMargins(table))
                        cut << QStringLiteral("cell \"%1\" of \"%2\"").arg(text, title);
                }
            }
        }
    }
    return cut;
}

class LanguageTest : public test::ConsoleWindowTest
{
protected:
    LanguageTest()
        : test::ConsoleWindowTest(300)
    {
    }
    void SetUp() override
    {
        m_locale = QLocale();
        QSettings().clear();
        ui::language::choose(language());
        ui::language::install(qApp);
        test::ConsoleWindowTest::SetUp();
    }
    void TearDown() override
    {
        for (QTranslator *translator : qApp->findChildren<QTranslator *>()) {
            QCoreApplication::removeTranslator(translator);
            delete translator;
        }
        QLocale::setDefault(m_locale);
        test::ConsoleWindowTest::TearDown();
    }
    void windowShown() override
    {
        view = window->workspaces();
        ASSERT_TRUE(test::waitUntil([&] { return view->model()->workspaceAt(0).has_value(); }));
    }

    virtual QString language() const { return QStringLiteral("zh_CN"); }

    // A snapshot the platform made, in a file of `dir`, opened in Snapshot Review and verified.
    QPointer<ui::SnapshotReviewWindow> reviewSnapshot(const QTemporaryDir &dir)
    {
        const auto made = test::exchange("POST", test::endpoint(console->platform->url(), "/v1/snapshots"),
                                         console->platform->adminToken());
        EXPECT_EQ(made.status, 201);
        const auto file = test::exchange(
            "GET",
            test::endpoint(console->platform->url(), "/v1/snapshots/" + made.json.value("id").toString()),
            console->platform->adminToken());
        QFile out(dir.filePath("platform.snapshot"));
        EXPECT_TRUE(out.open(QIODevice::WriteOnly));
        out.write(file.body);
        out.close();
        QPointer<ui::SnapshotReviewWindow> review = ui::SnapshotReviewWindow::open(out.fileName());
        EXPECT_TRUE(review);
        if (!review)
            return review;
        EXPECT_TRUE(QTest::qWaitForWindowExposed(review));
        EXPECT_TRUE(test::waitUntil([&] { return review->isVerified(); }));
        QTest::qWait(300);
        return review;
    }

    // What `root` shows in English, with the pattern it matched.
    QStringList english(QWidget *root) const
    {
        QStringList found;
        for (const QString &text : visibleTexts(root))
            for (const QRegularExpression &pattern : m_patterns)
                if (pattern.match(text.trimmed()).hasMatch()) {
                    found << text;
                    break;
                }
        return found;
    }
    void selectRowWithStatus(const QString &status)
    {
        selectRowWhere([&](const contract::Workspace &w) { return w.status == status; },
                       status + QStringLiteral(" workspace"));
    }
    void selectRowWithId(const QString &id)
    {
        selectRowWhere([&](const contract::Workspace &w) { return w.id == id; }, id);
    }
    void selectRowWhere(const std::function<bool(const contract::Workspace &)> &wanted, const QString &what)
    {
        for (int row = 0; row < 100; ++row) {
            auto w = view->model()->workspaceAt(row);
            if (w && wanted(*w)) {
                view->table()->selectRow(row);
                return;
            }
        }
        FAIL() << "no " << what.toStdString() << " in the first rows";
    }
    template<typename Dialog>
    Dialog *opened(QAction *action)
    {
        EXPECT_TRUE(test::waitUntil([&] { return action->isEnabled(); })) << action->toolTip().toStdString();
        action->trigger();
        Dialog *dialog = nullptr;
        EXPECT_TRUE(
            test::waitUntil([&] { return (dialog = window->findChild<Dialog *>()) && dialog->isVisible(); }));
        return dialog;
    }

    // Opens a dialog with `action`, answers what `check` finds in it, and closes it.
    template<typename Dialog>
    QStringList inDialog(QAction *action, const std::function<QStringList(QWidget *)> &check)
    {
        Dialog *dialog = opened<Dialog>(action);
        if (!dialog)
            return {QStringLiteral("(the dialog did not open)")};
        QTest::qWait(300);
        const QStringList found = check(dialog);
        dialog->reject();
        return found;
    }

    // Export Report runs modally: `check` reads it from inside its own event loop, then it is closed.
    QStringList inExportReport(const std::function<QStringList(QWidget *)> &check)
    {
        QStringList found{QStringLiteral("(the dialog did not open)")};
        QTimer look;
        int shown = 0;
        QObject::connect(&look, &QTimer::timeout, [&] {
            auto *dialog = window->findChild<ui::ExportReportDialog *>();
            if (!dialog || !dialog->isVisible() || ++shown < 3) // laid out and painted first
                return;
            look.stop();
            found = check(dialog);
            dialog->reject();
        });
        look.start(100);
        window->findChild<QAction *>("exportReportAction")->trigger();
        return found;
    }

    ui::WorkspaceManagementView *view = nullptr;
    const QList<QRegularExpression> m_patterns = englishPatterns();
    QLocale m_locale;
};

// The same screens in each language the console speaks, at the window's default size.
class LayoutTest : public LanguageTest, public ::testing::WithParamInterface<const char *>
{
protected:
    QString language() const override { return QString::fromLatin1(GetParam()); }
};

} // namespace

TEST_P(LayoutTest, NoLabelButtonTitleOrWordIsCut)
{
    using models::WorkspaceTableModel;
    // A locked workspace with a deployment whose deletion is due: every list of the detail panel filled.
    selectRowWithId(pick("SELECT w.id FROM workspaces w JOIN deployments d ON d.workspace_id = w.id WHERE "
                         "w.status = 'locked' AND d.delete_at > 0 ORDER BY w.id LIMIT 1"));
    ASSERT_TRUE(test::waitUntil([&] { return view->details()->contents().workspace.has_value(); }));
    QTest::qWait(300);
    const QList<int> words{WorkspaceTableModel::PlanColumn, WorkspaceTableModel::BillingMethodColumn,
                           WorkspaceTableModel::StatusColumn, WorkspaceTableModel::DaysLeftColumn};
    EXPECT_TRUE(cutTexts(window.get(), words).isEmpty())
        << cutTexts(window.get(), words).join(" | ").toStdString();

    window->views()->setCurrentWidget(window->cloudAccounts());
    ASSERT_TRUE(test::waitUntil([&] { return window->cloudAccounts()->model()->rowCount() > 0; }));
    QTest::qWait(200);
    const QList<int> cloudWords{models::CloudAccountTableModel::ProviderColumn,
                                models::CloudAccountTableModel::SubscriptionColumn,
                                models::CloudAccountTableModel::SyncColumn};
    EXPECT_TRUE(cutTexts(window.get(), cloudWords).isEmpty())
        << cutTexts(window.get(), cloudWords).join(" | ").toStdString();
    window->views()->setCurrentWidget(view);

    const QStringList unlock =
        inDialog<ui::LockWorkspacesDialog>(window->unlockAction(), [](QWidget *d) { return cutTexts(d); });
    EXPECT_TRUE(unlock.isEmpty()) << unlock.join(" | ").toStdString();

    selectRowWithStatus("active");
    const QStringList lock =
        inDialog<ui::LockWorkspacesDialog>(window->lockAction(), [](QWidget *d) { return cutTexts(d); });
    EXPECT_TRUE(lock.isEmpty()) << lock.join(" | ").toStdString();

    const QStringList change = inDialog<ui::ChangeBillingMethodDialog>(
        window->changeBillingMethodAction(), [](QWidget *d) { return cutTexts(d); });
    EXPECT_TRUE(change.isEmpty()) << change.join(" | ").toStdString();

    const QStringList bind = inDialog<ui::BindWorkspacesDialog>(window->bindWorkspacesAction(),
                                                                [](QWidget *d) { return cutTexts(d); });
    EXPECT_TRUE(bind.isEmpty()) << bind.join(" | ").toStdString();

    const QStringList exportCut = inExportReport([](QWidget *d) { return cutTexts(d); });
    EXPECT_TRUE(exportCut.isEmpty()) << exportCut.join(" | ").toStdString();

    services::StoredTokens tokens;
    ui::SignInDialog signIn(&tokens, console->platform->url(), QString());
    signIn.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&signIn));
    EXPECT_TRUE(cutTexts(&signIn).isEmpty()) << cutTexts(&signIn).join(" | ").toStdString();

    QTemporaryDir dir;
    QPointer<ui::SnapshotReviewWindow> review = reviewSnapshot(dir);
    ASSERT_TRUE(review);
    const QList<int> snapshotWords{WorkspaceTableModel::PlanColumn, WorkspaceTableModel::BillingMethodColumn,
                                   WorkspaceTableModel::StatusColumn, WorkspaceTableModel::DaysLeftColumn};
    EXPECT_TRUE(cutTexts(review, snapshotWords).isEmpty())
        << cutTexts(review, snapshotWords).join(" | ").toStdString();
    delete review.data();
}

INSTANTIATE_TEST_SUITE_P(Languages, LayoutTest, ::testing::Values("en", "zh_CN"));

TEST_F(LanguageTest, TheMainWindowItsViewsAndEachDialogShowNoEnglish)
{
    ASSERT_GT(m_patterns.size(), 400) << "the English texts were read from the translation";
    EXPECT_EQ(QLocale().name(), "zh_CN") << "dates, numbers and money follow the chosen language";
    // Nothing selected yet: the detail panel says so, without empty lists of a workspace it lacks.
    EXPECT_FALSE(window->findChild<QWidget *>("deployments")->isVisible());
    EXPECT_FALSE(window->findChild<QWidget *>("auditEvents")->isVisible());
    window->grab().save("console-zh_CN-nothing-selected.png");
    selectRowWithStatus("active");
    ASSERT_TRUE(test::waitUntil([&] { return view->details()->contents().workspace.has_value(); }));
    QTest::qWait(200);
    EXPECT_TRUE(english(window.get()).isEmpty()) << english(window.get()).join(" | ").toStdString();
    window->grab().save("console-zh_CN.png");

    window->views()->setCurrentWidget(window->cloudAccounts());
    ASSERT_TRUE(test::waitUntil([&] { return window->cloudAccounts()->model()->rowCount() > 0; }));
    window->cloudAccounts()->table()->selectRow(0);
    QTest::qWait(300);
    EXPECT_TRUE(english(window.get()).isEmpty()) << english(window.get()).join(" | ").toStdString();
    window->grab().save("cloud-accounts-zh_CN.png");
    window->views()->setCurrentWidget(view);

    const QStringList change =
        inDialog<ui::ChangeBillingMethodDialog>(window->changeBillingMethodAction(), [this](QWidget *d) {
            d->grab().save("change-billing-method-zh_CN.png");
            return english(d);
        });
    EXPECT_TRUE(change.isEmpty()) << change.join(" | ").toStdString();

    const QStringList lock = inDialog<ui::LockWorkspacesDialog>(window->lockAction(), [this](QWidget *d) {
        d->grab().save("lock-workspaces-zh_CN.png");
        return english(d);
    });
    EXPECT_TRUE(lock.isEmpty()) << lock.join(" | ").toStdString();

    const QStringList bind =
        inDialog<ui::BindWorkspacesDialog>(window->bindWorkspacesAction(), [this](QWidget *d) {
            // The English words of the eligibility table too: checked against an account.
            static_cast<ui::BindWorkspacesDialog *>(d)->chooseCloudAccount("ca-0000002");
            auto *eligibility = d->findChild<QTableWidget *>("resultTable");
            EXPECT_TRUE(test::waitUntil([&] { return eligibility->rowCount() > 0; }));
            QTest::qWait(100);
            d->grab().save("bind-workspaces-zh_CN.png");
            return english(d);
        });
    EXPECT_TRUE(bind.isEmpty()) << bind.join(" | ").toStdString();

    selectRowWithStatus("locked");
    const QStringList unlock = inDialog<ui::LockWorkspacesDialog>(window->unlockAction(), [this](QWidget *d) {
        d->grab().save("unlock-workspaces-zh_CN.png");
        return english(d);
    });
    EXPECT_TRUE(unlock.isEmpty()) << unlock.join(" | ").toStdString();

    const QStringList exportEnglish = inExportReport([this](QWidget *d) {
        d->grab().save("export-report-zh_CN.png");
        return english(d);
    });
    EXPECT_TRUE(exportEnglish.isEmpty()) << exportEnglish.join(" | ").toStdString();

    services::StoredTokens tokens;
    ui::SignInDialog signIn(&tokens, console->platform->url(), QString());
    signIn.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&signIn));
    EXPECT_TRUE(english(&signIn).isEmpty()) << english(&signIn).join(" | ").toStdString();
    signIn.grab().save("sign-in-zh_CN.png");
}

TEST_F(LanguageTest, SnapshotReviewShowsNoEnglish)
{
    QTemporaryDir dir;
    QPointer<ui::SnapshotReviewWindow> review = reviewSnapshot(dir);
    ASSERT_TRUE(review);
    EXPECT_TRUE(english(review).isEmpty()) << english(review).join(" | ").toStdString();
    review->grab().save("snapshot-review-zh_CN.png");
    delete review.data();
}
