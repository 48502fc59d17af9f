// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QLocale>
#include <QString>
#include <QStringList>

class QCoreApplication;

namespace billing::ui::language {

// The languages the console speaks, by locale name: "en" (its own words) and the translations it
// carries ("zh_CN").
QStringList available();
// The one staff chose in View → Language; empty for the system's.
QString chosen();
void choose(const QString &name);
// The locale the console runs in: the chosen language, else the system's.
QLocale effective();
// At start: the effective locale becomes the default one (dates, numbers and money follow it), and
// the console's translation and Qt's own for it are installed on `app`.
void install(QCoreApplication *app);

} // namespace billing::ui::language
