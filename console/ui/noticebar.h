// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QFrame>

class QLabel;
class QPushButton;
class QToolButton;

namespace billing::ui {

// A non-modal notice above the views (what the platform did while staff worked): a sentence, one
// action and a close button. It stays until dismissed or replaced; it never takes the focus.
class NoticeBar final : public QFrame
{
    Q_OBJECT
public:
    explicit NoticeBar(QWidget *parent = nullptr);

    enum class Kind { Information, Warning };
    void showNotice(Kind kind, const QString &text, const QString &actionText, std::function<void()> action);
    // What a view says while the platform does not answer: since when and why, then `shown` (what
    // the view still shows, and what becomes of it), with Retry Now.
    void showPlatformAway(qint64 sinceMs, const QString &why, const QString &shown,
                          std::function<void()> retry);
    QString text() const;
    QPushButton *actionButton() const { return m_action; }
    QToolButton *closeButton() const { return m_close; }

private:
    QLabel *m_icon;
    QLabel *m_text;
    QPushButton *m_action;
    QToolButton *m_close;
    std::function<void()> m_run;
};

} // namespace billing::ui
