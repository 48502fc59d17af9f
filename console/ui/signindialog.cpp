// SPDX-License-Identifier: Apache-2.0
#include "console/ui/signindialog.h"

#include "console/services/platformclient.h"
#include "console/ui/consolesettings.h"
#include "ui_signindialog.h"

#include <QFileDialog>
#include <QMessageBox>
#include <QPushButton>

namespace billing::ui {

SignInDialog::SignInDialog(services::StoredTokens *tokens, const QUrl &platform, const QString &notice,
                           QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::SignInDialog>())
    , m_signIn(tokens)
{
    m_ui->setupUi(this);
    m_ui->buttons->button(QDialogButtonBox::Ok)->setText(tr("&Sign In"));
    const QUrl address = platform.isValid() ? platform : QUrl(settings::signInPlatform().get());
    m_ui->platformEdit->setText(address.toString());
    m_ui->caFileEdit->setText(settings::signInCaFile().get());
    m_ui->plainHttpCheck->setChecked(settings::signInPlainHttpHosts().get().contains(address.host()));
    m_ui->statusLabel->setText(notice);
    m_ui->statusLabel->setVisible(!notice.isEmpty());
    (m_ui->platformEdit->text().isEmpty() ? m_ui->platformEdit : m_ui->tokenEdit)->setFocus();
    connect(m_ui->caFileBrowse, &QPushButton::clicked, this, &SignInDialog::browseCaFile);
    connect(m_ui->buttons, &QDialogButtonBox::accepted, this, &SignInDialog::accept);
    connect(m_ui->buttons, &QDialogButtonBox::rejected, this, &SignInDialog::reject);
    resize(640, sizeHint().height());
}

SignInDialog::~SignInDialog() = default;

void SignInDialog::browseCaFile()
{
    const QString file =
        QFileDialog::getOpenFileName(this, tr("Company CA Certificate"), m_ui->caFileEdit->text(),
                                     tr("PEM certificates (*.pem *.crt);;All files (*)"));
    if (!file.isEmpty())
        m_ui->caFileEdit->setText(file);
}

void SignInDialog::setBusy(bool busy)
{
    for (QWidget *w :
         {static_cast<QWidget *>(m_ui->platformEdit), static_cast<QWidget *>(m_ui->tokenEdit),
          static_cast<QWidget *>(m_ui->rememberCheck), static_cast<QWidget *>(m_ui->caFileEdit),
          static_cast<QWidget *>(m_ui->caFileBrowse), static_cast<QWidget *>(m_ui->plainHttpCheck)})
        w->setEnabled(!busy);
    m_ui->buttons->button(QDialogButtonBox::Ok)->setEnabled(!busy);
    if (busy) {
        m_ui->statusLabel->setText(tr("Signing in…"));
        m_ui->statusLabel->show();
    }
}

void SignInDialog::showProblem(const QString &text)
{
    setBusy(false);
    m_ui->statusLabel->setText(text);
    m_ui->statusLabel->show();
}

void SignInDialog::accept()
{
    const QUrl url = QUrl::fromUserInput(m_ui->platformEdit->text().trimmed());
    const QString token = m_ui->tokenEdit->text().trimmed();
    if (token.isEmpty()) {
        showProblem(tr("Enter your staff token."));
        m_ui->tokenEdit->setFocus();
        return;
    }
    auto access = services::PlatformAccess::secure(url, token, m_ui->caFileEdit->text().trimmed(),
                                                   m_ui->plainHttpCheck->isChecked());
    if (!access) {
        showProblem(access.problem().message());
        return;
    }
    setBusy(true);
    QCoro::connect(m_signIn.signIn(*access, m_ui->rememberCheck->isChecked()), this,
                   [this](const contract::Result<services::SignIn::SignedIn> &signedIn) {
                       if (!signedIn) {
                           const contract::Problem &p = signedIn.problem();
                           showProblem(p.status == 401
                                           ? tr("The platform did not accept this token: %1").arg(p.message())
                                           : tr("Not signed in: %1").arg(p.message()));
                           return;
                       }
                       m_signedIn = *signedIn;
                       settings::signInPlatform().set(signedIn->access.url.toString());
                       settings::signInCaFile().set(m_ui->caFileEdit->text().trimmed());
                       QStringList plainHosts = settings::signInPlainHttpHosts().get();
                       plainHosts.removeAll(signedIn->access.url.host());
                       if (m_ui->plainHttpCheck->isChecked())
                           plainHosts.append(signedIn->access.url.host());
                       settings::signInPlainHttpHosts().set(plainHosts);
                       if (!signedIn->notRemembered.isEmpty())
                           QMessageBox::warning(
                               this, tr("Token Not Remembered"),
                               tr("You are signed in, but %1 You will be asked for the token next time.")
                                   .arg(signedIn->notRemembered));
                       QDialog::accept();
                   });
}

} // namespace billing::ui
