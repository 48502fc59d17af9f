// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QStringList>

namespace billing::app {

// `billing-platform serve|seed|staff ...`: each answers the process exit code. Failures print one line on
// stderr.
int runPlatformCommand(const QStringList &arguments);

} // namespace billing::app
