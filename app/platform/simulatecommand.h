// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QStringList>

namespace billing::app {

// `billing-platform simulate ...`: plays AWS Marketplace and Azure against a running platform with
// properly signed messages, so a person can watch a subscription's whole lifecycle happen.
int simulate(const QStringList &arguments);

} // namespace billing::app
