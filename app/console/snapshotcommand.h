// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QStringList>

namespace billing::app {

// `billing-console snapshot create|verify|diff ...`, headless: exit 0 on success, else 1 with one
// line on stderr naming the first thing that failed.
int runSnapshotCommand(int &argc, char *argv[], const QStringList &arguments);

} // namespace billing::app
