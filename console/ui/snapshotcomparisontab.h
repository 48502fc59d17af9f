// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "console/services/snapshotreview.h"

#include <QWidget>

namespace billing::ui {

// One comparison of the reviewed snapshot with a newer one: how many workspaces were added, removed
// and changed, and the first of them, one row each.
class SnapshotComparisonTab final : public QWidget
{
    Q_OBJECT
public:
    SnapshotComparisonTab(const services::SnapshotReview::Comparison &comparison, const QString &newerFile,
                          QWidget *parent = nullptr);
};

} // namespace billing::ui
