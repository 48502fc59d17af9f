// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "console/services/platformaccess.h"
#include "console/services/storedtokens.h"
#include "foundation/contract/result.h"

#include <QCoroTask>
#include <QObject>

#include <memory>

namespace billing::services {

class PlatformClient;

// Signs a staff user in to a remote platform: the token is tried there first (the platform audits the
// sign-in), then kept in the keychain or removed from it as the user chose.
class SignIn final : public QObject
{
    Q_OBJECT
public:
    struct SignedIn {
        PlatformAccess access;
        QString name;
        QString role;
        QString
            notRemembered; // why the keychain could not keep the token; empty when it did or was not asked to
    };

    explicit SignIn(StoredTokens *tokens, QObject *parent = nullptr);
    ~SignIn() override;

    QCoro::Task<contract::Result<SignedIn>> signIn(PlatformAccess access, bool remember);

private:
    StoredTokens *m_tokens;
    std::unique_ptr<PlatformClient> m_client; // the attempt's own connection, alive while it runs
};

} // namespace billing::services
