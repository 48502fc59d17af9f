// SPDX-License-Identifier: Apache-2.0
#include "console/services/changekey.h"

#include "console/services/platformclient.h"

namespace billing::services {

QByteArray ChangeKey::forChange(const QString &intended)
{
    if (m_key.isEmpty() || intended != m_intended) {
        m_key = PlatformClient::newIdempotencyKey();
        m_intended = intended;
    }
    return m_key;
}

} // namespace billing::services
