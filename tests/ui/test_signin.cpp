// SPDX-License-Identifier: Apache-2.0
#include "console/services/storedtokens.h"
#include "console/ui/noticebar.h"
#include "console/ui/signindialog.h"
#include "tests/support/testconsole.h"
#include "tests/support/wait.h"
#include "ui_signindialog.h"

#include <QApplication>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QTimer>

#include <gtest/gtest.h>

using namespace billing;

// These tests talk to a real Secret Service (gnome-keyring on a private D-Bus session), which
// `packaging/setup.sh test` starts for the run.
class SignInTest : public ::testing::Test
{
protected:
    void SetUp() override
    {
        ASSERT_FALSE(qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
            << "no D-Bus session: run the tests with `bash packaging/setup.sh test`, which starts a Secret "
               "Service";
        QSettings().clear();
        platform = std::make_unique<test::TestPlatform>(test::Backend::Sqlite, 300);
        ASSERT_TRUE(test::await(tokens.remove(platform->url())).ok());
    }
    void TearDown() override
    {
        if (platform)
            (void)test::await(tokens.remove(platform->url())); // clean-up: each test checks what it needs
        QSettings().clear();
    }

    QString stored() { return read(platform->url()); }
    QString read(const QUrl &url)
    {
        auto token = test::await(tokens.read(url));
        EXPECT_TRUE(token.ok()) << (token ? "" : token.problem().message().toStdString());
        return token ? *token : QStringLiteral("<keychain failed>");
    }

    // Fills the dialog and presses Sign In; answers once it is no longer busy.
    void signIn(ui::SignInDialog &dialog, const QString &address, const QString &token)
    {
        dialog.form()->platformEdit->setText(address);
        dialog.form()->tokenEdit->setText(token);
        QTest::mouseClick(dialog.form()->buttons->button(QDialogButtonBox::Ok), Qt::LeftButton);
        ASSERT_TRUE(test::waitUntil(
            [&] { return dialog.result() == QDialog::Accepted || dialog.form()->tokenEdit->isEnabled(); }));
    }

    services::StoredTokens tokens;
    std::unique_ptr<test::TestPlatform> platform;
};

TEST_F(SignInTest, TheKeychainKeepsOneTokenPerPlatformAndForgetsItOnRequest)
{
    EXPECT_EQ(stored(), QString());
    ASSERT_TRUE(test::await(tokens.store(platform->url(), "bcc_first")).ok());
    ASSERT_TRUE(test::await(tokens.store(platform->url(), "bcc_second")).ok());
    EXPECT_EQ(stored(), "bcc_second");
    // The same platform whatever the path; another port is another platform.
    EXPECT_EQ(read(platform->url().resolved(QUrl("/v1/x"))), "bcc_second");
    QUrl otherPort = platform->url();
    otherPort.setPort(1);
    EXPECT_EQ(read(otherPort), QString());
    ASSERT_TRUE(test::await(tokens.remove(platform->url())).ok());
    EXPECT_EQ(stored(), QString());
    EXPECT_TRUE(test::await(tokens.remove(platform->url())).ok()); // nothing to remove is fine
}

TEST_F(SignInTest, AWrongTokenIsSaidInTheDialogAndNothingIsStored)
{
    ui::SignInDialog dialog(&tokens, QUrl(), QString());
    dialog.show();
    signIn(dialog, platform->url().toString(), "bcc_not-a-real-token");
    EXPECT_NE(dialog.result(), QDialog::Accepted);
    EXPECT_TRUE(dialog.form()->statusLabel->text().contains("did not accept this token"))
        << dialog.form()->statusLabel->text().toStdString();
    EXPECT_TRUE(dialog.form()->buttons->button(QDialogButtonBox::Ok)->isEnabled());
    EXPECT_EQ(stored(), QString());
    dialog.grab().save("sign-in.png");

    // Plain HTTP to another machine is refused before anything is sent, unless allowed explicitly.
    signIn(dialog, "http://10.20.30.40:8080", platform->adminToken());
    EXPECT_TRUE(dialog.form()->statusLabel->text().contains("unencrypted"))
        << dialog.form()->statusLabel->text().toStdString();
    EXPECT_TRUE(dialog.form()->buttons->button(QDialogButtonBox::Ok)->isEnabled());
    dialog.form()->platformEdit->setText(platform->url().toString());
    dialog.form()->tokenEdit->clear();
    QTest::mouseClick(dialog.form()->buttons->button(QDialogButtonBox::Ok), Qt::LeftButton);
    EXPECT_EQ(dialog.form()->statusLabel->text(), "Enter your staff token.");
}

TEST_F(SignInTest, SigningInKeepsTheTokenInTheKeychainAndNeverInTheSettings)
{
    const QString token = platform->addStaff("olga.operator", "operator");
    ui::SignInDialog dialog(&tokens, QUrl(), QString());
    dialog.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&dialog));
    signIn(dialog, platform->url().toString(), token);
    ASSERT_EQ(dialog.result(), QDialog::Accepted) << dialog.form()->statusLabel->text().toStdString();
    ASSERT_TRUE(dialog.signedIn().has_value());
    EXPECT_EQ(dialog.signedIn()->name, "olga.operator");
    EXPECT_EQ(dialog.signedIn()->role, "operator");
    EXPECT_EQ(stored(), token);
    QSettings settings;
    for (const QString &key : settings.allKeys())
        EXPECT_FALSE(settings.value(key).toString().contains(token))
            << key.toStdString() << " holds the token";
    EXPECT_EQ(settings.value("SignIn/platform").toString(), platform->url().toString());

    // The next dialog remembers the address, not the token; unticking Remember forgets the stored one.
    ui::SignInDialog again(&tokens, QUrl(), QString());
    EXPECT_EQ(again.form()->platformEdit->text(), platform->url().toString());
    EXPECT_TRUE(again.form()->tokenEdit->text().isEmpty());
    again.form()->rememberCheck->setChecked(false);
    again.show();
    signIn(again, platform->url().toString(), token);
    ASSERT_EQ(again.result(), QDialog::Accepted);
    EXPECT_EQ(stored(), QString());
}

TEST_F(SignInTest, SignOutForgetsTheTokenAndARevokedTokenAsksForASignIn)
{
    const QString token = platform->addStaff("vic.viewer", "viewer");
    ASSERT_TRUE(test::await(tokens.store(platform->url(), token)).ok());
    services::PlatformClient client(platform->url(), token);
    services::WorkspaceService workspaces(&client);
    services::BillingService billing(&client);
    {
        ui::MainWindow window(&workspaces, &billing, {platform->url().toString(), false, &tokens});
        window.show();
        ASSERT_TRUE(QTest::qWaitForWindowExposed(&window));
        // A viewer may look, not change billing: the actions say which role they need.
        ASSERT_TRUE(test::waitUntil(
            [&] { return window.findChild<QLabel *>("staffLabel")->text().contains("vic.viewer"); }));
        QTest::qWait(100); // let the status bar lay out the name it just got
        window.grab().save("viewer-window.png");
        EXPECT_FALSE(window.changeBillingMethodAction()->isEnabled());
        EXPECT_TRUE(window.changeBillingMethodAction()->toolTip().contains("operator or admin role"))
            << window.changeBillingMethodAction()->toolTip().toStdString();
        EXPECT_FALSE(window.bindWorkspacesAction()->isEnabled());
        EXPECT_TRUE(window.lockAction()->toolTip().contains("admin role"));

        ASSERT_TRUE(window.signOutAction()->isVisible());
        QSignalSpy signedOut(&window, &ui::MainWindow::signedOut);
        window.signOutAction()->trigger();
        ASSERT_TRUE(test::waitUntil([&] { return signedOut.count() == 1; }));
        EXPECT_EQ(signedOut.first().first().toString(), "You signed out.");
        EXPECT_EQ(stored(), QString());
    }
    ASSERT_TRUE(test::await(tokens.store(platform->url(), token)).ok());
    ui::MainWindow window(&workspaces, &billing, {platform->url().toString(), false, &tokens});
    window.show();
    ASSERT_TRUE(test::waitUntil(
        [&] { return window.findChild<QLabel *>("staffLabel")->text().contains("vic.viewer"); }));
    ASSERT_TRUE(platform->directAccess()->staff().revoke("vic.viewer", "test-setup").ok());
    QSignalSpy signedOut(&window, &ui::MainWindow::signedOut);
    QString shown;
    QTimer::singleShot(0, [&] {
        // The next request meets the revocation; the message box offers to sign in again.
        QTimer *poll = new QTimer(&window);
        QObject::connect(poll, &QTimer::timeout, [&, poll] {
            if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget())) {
                shown = box->text();
                box->grab().save("signed-out.png");
                for (QAbstractButton *b : box->buttons()) {
                    if (b->text().contains("Sign In"))
                        b->click();
                }
                poll->stop();
            }
        });
        poll->start(20);
        QTest::keyClick(&window, Qt::Key_F5);
    });
    ASSERT_TRUE(test::waitUntil([&] { return signedOut.count() == 1; }));
    EXPECT_TRUE(shown.contains("revoked")) << shown.toStdString();
    EXPECT_TRUE(signedOut.first().first().toString().contains("revoked"));
    EXPECT_EQ(stored(), QString());
}

TEST_F(SignInTest, ATokenThatEndsWithinAWeekIsAnnouncedByThePlatformsClock)
{
    // The platform's clock is in September 2026; the console's own may say anything.
    const auto soon = platform->directAccess()->staff().add("sam.soon", "operator",
                                                            contract::TokenLifetime::days(5), "test-setup");
    const auto later = platform->directAccess()->staff().add("lea.later", "operator",
                                                             contract::TokenLifetime::days(30), "test-setup");
    ASSERT_TRUE(soon.ok() && later.ok());
    for (const auto &[token, warned] : {std::pair{*soon, true}, std::pair{*later, false}}) {
        services::PlatformClient client(platform->url(), token);
        services::WorkspaceService workspaces(&client);
        services::BillingService billing(&client);
        ui::MainWindow window(&workspaces, &billing, {platform->url().toString(), false, &tokens});
        window.show();
        auto *staff = window.findChild<QLabel *>("staffLabel");
        ASSERT_TRUE(
            test::waitUntil([&] { return staff->text().contains(warned ? "sam.soon" : "lea.later"); }));
        auto *notice = window.findChild<ui::NoticeBar *>();
        ASSERT_NE(notice, nullptr);
        EXPECT_EQ(staff->text().contains("token expires"), warned) << staff->text().toStdString();
        EXPECT_EQ(notice->isVisible() && notice->text().contains("expires in 5 days"), warned)
            << notice->text().toStdString();
        if (warned) {
            EXPECT_TRUE(notice->text().contains("staff rotate"));
            QTest::qWait(100);
            window.grab().save("token-expiry-warning.png");
        }
    }
}
