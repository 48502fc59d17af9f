// SPDX-License-Identifier: Apache-2.0
#include "console/services/signin.h"

#include "console/services/platformclient.h"

namespace billing::services {

SignIn::SignIn(StoredTokens *tokens, QObject *parent)
    : QObject(parent)
    , m_tokens(tokens)
{
}

SignIn::~SignIn() = default;

QCoro::Task<contract::Result<SignIn::SignedIn>> SignIn::signIn(PlatformAccess access, bool remember)
{
    m_client = std::make_unique<PlatformClient>(access);
    auto session = co_await m_client->get(QStringLiteral("/v1/session"));
    if (!session)
        co_return session.problem();
    SignedIn signedIn{access,
                      session->body.value(QLatin1String("name")).toString(),
                      session->body.value(QLatin1String("role")).toString(),
                      {}};
    auto kept =
        remember ? co_await m_tokens->store(access.url, access.token) : co_await m_tokens->remove(access.url);
    if (!kept && remember)
        signedIn.notRemembered = kept.problem().message();
    co_return signedIn;
}

} // namespace billing::services
