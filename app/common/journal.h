// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>

namespace billing::app::journal {

// Levels as syslog and systemd's journal number them.
enum class Level { Critical = 2, Error = 3, Warning = 4, Notice = 5, Info = 6, Debug = 7 };

// True when stderr is systemd's journal (a service's output): JOURNAL_STREAM names that very stream.
bool isJournal();
// "<3>" and so on when the journal reads this process's output, so it files each line under its level
// (sd-daemon(3)); nothing otherwise, so a terminal shows plain lines.
QByteArray prefix(Level level);
// Qt's own messages (qWarning …) as "PROGRAM: message" lines on stderr, with their level's prefix.
void installMessageHandler();

} // namespace billing::app::journal
