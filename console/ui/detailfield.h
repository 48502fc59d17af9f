// SPDX-License-Identifier: Apache-2.0
#pragma once

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

} // namespace billing::ui
