// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "foundation/contract/result.h"

#include <QSslConfiguration>
#include <QString>
#include <QUrl>

namespace billing::services {

// How the console reaches its platform: where, as whom, and which certificates it trusts. Every
// connection of one session (the window's, a report export's own thread, a command) uses the same.
struct PlatformAccess {
    QUrl url;
    QString token;
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration(); // the system's trust store

    // What the console insists on before it sends a token anywhere: HTTPS, or plain HTTP only to this
    // machine unless `allowPlainHttp`; with `caFile`, the certificates in it are trusted besides the
    // system's (a company CA). Answers the access, or why the console refuses it.
    static contract::Result<PlatformAccess> secure(const QUrl &url, const QString &token,
                                                   const QString &caFile = {}, bool allowPlainHttp = false);
    static bool isThisMachine(const QUrl &url);
};

} // namespace billing::services
