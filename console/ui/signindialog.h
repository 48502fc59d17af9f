// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "console/services/signin.h"

#include <QDialog>

#include <memory>
#include <optional>

namespace Ui {
class SignInDialog;
}

namespace billing::ui {

// Signs in to a remote platform: its address, the staff token, whether the keychain keeps the token,
// which certificate authority to trust besides the system's, and — only when asked for — plain HTTP to
// another machine. Sign In tries the token at the platform before the dialog closes; every refusal is
// said in words in the dialog, and the dialog never stays busy after an answer.
class SignInDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SignInDialog)
public:
    // `platform` prefills the address (else the one signed in to last); `notice` says why the user is
    // asked (e.g. the token was revoked).
    SignInDialog(services::StoredTokens *tokens, const QUrl &platform, const QString &notice,
                 QWidget *parent = nullptr);
    ~SignInDialog() override;

    Ui::SignInDialog *form() const { return m_ui.get(); }
    // After acceptance: who signed in, where.
    const std::optional<services::SignIn::SignedIn> &signedIn() const { return m_signedIn; }

    void accept() override;

private:
    void setBusy(bool busy);
    void showProblem(const QString &text);
    void browseCaFile();

    std::unique_ptr<Ui::SignInDialog> m_ui;
    services::SignIn m_signIn;
    std::optional<services::SignIn::SignedIn> m_signedIn;
};

} // namespace billing::ui
