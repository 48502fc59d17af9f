// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "foundation/contract/result.h"

#include <QCoroTask>
#include <QObject>
#include <QUrl>

namespace billing::services {

// Staff tokens kept in the system keychain (the Secret Service on Linux, through QtKeychain), one per
// platform address, never in the settings file. It fails closed: with no keychain nothing is kept and
// the console asks for the token each time; QtKeychain's plain-file fallback stays off.
class StoredTokens final : public QObject
{
    Q_OBJECT
public:
    explicit StoredTokens(QObject *parent = nullptr);

    // The token kept for the platform; empty when there is none.
    QCoro::Task<contract::Result<QString>> read(QUrl platform);
    QCoro::Task<contract::Result<contract::Done>> store(QUrl platform, QString token);
    // Removing a token that is not there is not a failure.
    QCoro::Task<contract::Result<contract::Done>> remove(QUrl platform);

    // The keychain entry's name: scheme, host and port; a path or query does not make another platform.
    static QString keyFor(const QUrl &platform);
};

} // namespace billing::services
