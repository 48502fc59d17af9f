// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QStringList>

namespace billing::app {

// `billing-console report subscriptions|cloud-accounts|locked|changes|metered-usage --format csv|xlsx|pdf
// --out FILE
// [--platform URL] [filters]`: one report, headless (cron). Exit 0 on success; otherwise 1 with one
// line on stderr. Progress goes to stderr when it is a terminal.
// Qt gets `argc`/`argv` without --platform (it would read it as its own); `arguments` are all of them.
int runReportCommand(int &argc, char *argv[], const QStringList &arguments);

} // namespace billing::app
