// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QBoxLayout>
#include <QComboBox>
#include <QCoreApplication>
#include <QLabel>

namespace billing::ui {

// A filter of a list view: "Any" first, then the vocabulary's values in words; the value itself is
// each item's data.
inline QComboBox *filterBox(const QString &accessibleName, const QStringList &values,
                            QString (*text)(const QString &))
{
    auto *box = new QComboBox;
    box->setAccessibleName(accessibleName);
    box->addItem(QCoreApplication::translate("FilterBar", "Any"), QString());
    for (const QString &value : values)
        box->addItem(text(value), value);
    box->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    return box;
}

// Adds a captioned filter to a filter bar; the caption's mnemonic focuses the box.
inline void addFilter(QBoxLayout *bar, const QString &caption, QComboBox *box)
{
    auto *label = new QLabel(caption);
    label->setBuddy(box);
    bar->addWidget(label);
    bar->addWidget(box, 1);
}

} // namespace billing::ui
