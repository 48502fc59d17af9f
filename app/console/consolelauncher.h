// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QCommandLineParser>
#include <QString>

namespace billing::app {

// Wires the console: which platform (remote, or embedded on 127.0.0.1), its token, the main window,
// and the --screenshot mode used by tests and the README.
int runConsole(const QCommandLineParser &options);

} // namespace billing::app
