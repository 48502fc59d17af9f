// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QByteArray>
#include <QString>

namespace billing::services {

// The Idempotency-Key of one intended change: the same key for every retry of the same change, so
// the platform never applies it twice; a new key as soon as the change intended is another.
class ChangeKey
{
public:
    // `intended` describes the change (target, base version, choices) in any stable words.
    QByteArray forChange(const QString &intended);

private:
    QString m_intended;
    QByteArray m_key;
};

} // namespace billing::services
