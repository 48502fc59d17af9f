// SPDX-License-Identifier: Apache-2.0
#include "platform/domain/clock.h"

#include <QDateTime>

namespace billing::domain {

qint64 SystemClock::nowMs() const
{
    return QDateTime::currentMSecsSinceEpoch();
}

} // namespace billing::domain
