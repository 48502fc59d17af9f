// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "foundation/contract/result.h"
#include "foundation/contract/workspace.h"

#include <QAbstractButton>
#include <QCoroTask>
#include <QDialog>
#include <QLabel>

#include <functional>
#include <optional>
#include <type_traits>

namespace billing::services {
class PlatformClient;
class WorkspaceService;
} // namespace billing::services

namespace billing::ui {

// What every dialog that changes billing does the same way. Staff see the platform's verdict before
// they confirm; while the platform decides, the dialog is busy; an answer closes it; a refusal is said
// in the platform's words; someone else's change meanwhile (a version conflict) is reloaded, or
// offered to be; a network failure leaves it unknown whether the platform applied the change, so the
// dialog freezes the choice, sends the same change again under the same idempotency key by itself
// as soon as the platform answers (or when staff confirm again), and never applies it twice.
class ChangeDialog : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChangeDialog)
public:
    explicit ChangeDialog(QWidget *parent = nullptr);

protected:
    // The form's parts the cycle drives: where the verdict is said, the button that confirms, the
    // progress shown while the platform decides, and the inputs frozen meanwhile. While `platform`
    // finds the platform away, the dialog says so, keeps what staff entered and holds Confirm back;
    // when it answers again, the verdict from before comes back.
    void setUpCycle(QLabel *verdict, QAbstractButton *confirm, QWidget *progress, QList<QWidget *> inputs,
                    services::PlatformClient *platform);

    // The verdict before confirming: the sentence, in the refusal colour when the change may not go
    // ahead, and the confirming button enabled only when it may.
    void setVerdict(const QString &text, bool confirmable);
    // While the platform decides: the progress shown, the inputs and the confirming button disabled,
    // and what is being done said. Once it has decided, a verdict follows.
    void setBusy(bool busy, const QString &doing = {});
    // Which inputs take input when the dialog is not busy (some depend on a choice).
    virtual void enableInputs(bool enabled);

    // Sends a change: busy meanwhile; its answer goes to `done` and closes the dialog, accepted; a
    // refusal goes to refused().
    template<typename T>
    void send(QCoro::Task<contract::Result<T>> &&change, const QString &doing,
              std::type_identity_t<std::function<void(const T &)>> done);

    // A network failure waits for the platform and sends the change again; a version conflict goes to
    // conflicted(); any other refusal to declined().
    void refused(const contract::Problem &problem);
    // Someone changed the workspace since the dialog read it. Says so; a dialog that can reload does.
    virtual void conflicted(const contract::Problem &problem);
    // The platform refused the change. Says why.
    virtual void declined(const contract::Problem &problem);

    // Reads one workspace again (busy meanwhile) and hands it to `reloaded`; a failure is the verdict.
    void reloadWorkspace(services::WorkspaceService *workspaces, const QString &id,
                         std::function<void(const contract::Workspace &)> reloaded);

private:
    void platformReachable(bool reachable, const QString &why);

    QLabel *m_verdict = nullptr;
    QAbstractButton *m_confirm = nullptr;
    QWidget *m_progress = nullptr;
    QList<QWidget *> m_inputs;
    struct Verdict {
        QString text;
        bool confirmable = false;
    };
    std::optional<Verdict> m_beforeAway; // set while the platform is away
    bool m_resendWhenBack = false;       // a change was cut off: its outcome is unknown
};

template<typename T>
void ChangeDialog::send(QCoro::Task<contract::Result<T>> &&change, const QString &doing,
                        std::type_identity_t<std::function<void(const T &)>> done)
{
    m_resendWhenBack = false;
    setBusy(true, doing);
    QCoro::connect(std::move(change), this,
                   [this, done = std::move(done)](const contract::Result<T> &answer) {
                       setBusy(false);
                       if (!answer)
                           return refused(answer.problem());
                       done(*answer);
                       QDialog::accept();
                   });
}

} // namespace billing::ui
