// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QBoxLayout>
#include <QFormLayout>
#include <QLabel>

namespace billing::ui {

// A read-only, selectable value in a detail panel's form, named for accessibility and for tests.
inline QLabel *addDetailField(QFormLayout *form, const QString &label, const QString &objectName)
{
    auto *value = new QLabel;
    value->setObjectName(objectName);
    value->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    value->setWordWrap(true);
    value->setAccessibleName(QString(label).remove(QLatin1Char(':')));
    form->addRow(label, value);
    return value;
}

// A detail panel's heading: its title, larger and bold, and the message under it (why nothing is
// shown, or what is being read), each named for tests.
inline std::pair<QLabel *, QLabel *> addDetailHeading(QBoxLayout *layout, const QString &titleName,
                                                      const QString &messageName)
{
    auto *title = new QLabel;
    title->setObjectName(titleName);
    title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.3);
    titleFont.setBold(true);
    title->setFont(titleFont);
    title->setWordWrap(true);
    layout->addWidget(title);
    auto *message = new QLabel;
    message->setObjectName(messageName);
    message->setWordWrap(true);
    layout->addWidget(message);
    return {title, message};
}

} // namespace billing::ui
