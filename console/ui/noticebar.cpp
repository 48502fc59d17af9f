// SPDX-License-Identifier: Apache-2.0
#include "console/ui/noticebar.h"

#include <QDateTime>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QStyle>
#include <QToolButton>

namespace billing::ui {

NoticeBar::NoticeBar(QWidget *parent)
    : QFrame(parent)
    , m_icon(new QLabel)
    , m_text(new QLabel)
    , m_action(new QPushButton)
    , m_close(new QToolButton)
{
    setObjectName("noticeBar");
    setAccessibleName(tr("Notice"));
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    m_text->setObjectName("noticeText");
    m_text->setWordWrap(true);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_action->setObjectName("noticeAction");
    m_close->setObjectName("noticeClose");
    m_close->setIcon(style()->standardIcon(QStyle::SP_TitleBarCloseButton));
    m_close->setAutoRaise(true);
    m_close->setAccessibleName(tr("Dismiss notice"));
    m_close->setToolTip(tr("Dismiss"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 4, 4, 4);
    layout->addWidget(m_icon);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_action);
    layout->addWidget(m_close);
    connect(m_close, &QToolButton::clicked, this, &QWidget::hide);
    connect(m_action, &QPushButton::clicked, this, [this] {
        if (m_run)
            m_run();
    });
    hide();
}

void NoticeBar::showNotice(Kind kind, const QString &text, const QString &actionText,
                           std::function<void()> action)
{
    // Amber for what staff must act on, pale blue for news; both light enough for black text.
    const bool warning = kind == Kind::Warning;
    QPalette tinted = palette();
    tinted.setColor(QPalette::Window, warning ? QColor(255, 243, 205) : QColor(222, 236, 250));
    tinted.setColor(QPalette::WindowText, Qt::black);
    setPalette(tinted);
    const int iconSize = style()->pixelMetric(QStyle::PM_SmallIconSize);
    m_icon->setPixmap(
        style()
            ->standardIcon(warning ? QStyle::SP_MessageBoxWarning : QStyle::SP_MessageBoxInformation)
            .pixmap(iconSize, iconSize));
    m_text->setText(text);
    m_action->setText(actionText);
    m_action->setVisible(bool(action));
    m_run = std::move(action);
    setAccessibleDescription(text);
    show();
}

void NoticeBar::showPlatformAway(qint64 sinceMs, const QString &why, const QString &shown,
                                 std::function<void()> retry)
{
    const QString since =
        QLocale().toString(QDateTime::fromMSecsSinceEpoch(sinceMs).time(), QLocale::ShortFormat);
    QString reason = why.trimmed();
    if (reason.endsWith(QLatin1Char('.')))
        reason.chop(1);
    showNotice(Kind::Warning,
               tr("The platform stopped answering at %1 (%2).").arg(since, reason) + QLatin1Char(' ') + shown,
               tr("&Retry Now"), std::move(retry));
}

QString NoticeBar::text() const
{
    return m_text->text();
}

} // namespace billing::ui
