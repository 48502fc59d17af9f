// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QAbstractButton>
#include <QLabel>

namespace billing::ui {

// A dialog's verdict before its confirming button: the sentence, in the refusal colour when the
// change may not go ahead, and the button enabled only when it may.
inline void showVerdict(QLabel *label, QAbstractButton *confirm, const QString &text, bool confirmable)
{
    label->setText(text);
    label->setStyleSheet(confirmable ? QString() : QStringLiteral("color: #b03a00;"));
    confirm->setEnabled(confirmable);
}

} // namespace billing::ui
