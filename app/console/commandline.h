// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "console/services/platformaccess.h"
#include "foundation/contract/result.h"
#include "platform/host/platformhost.h"

#include <QCoreApplication>
#include <QCoroTask>
#include <QEventLoop>
#include <QUrl>

#include <optional>

class QCommandLineParser;

// What the headless subcommands (report, snapshot) share: one way to fail, to reach the platform, and
// to wait for a service's answer.
namespace billing::app::commandline {

// --ca-file and --allow-plain-http: how the console trusts a remote platform (GUI and commands alike).
void addConnectionOptions(QCommandLineParser &parser);

// One line on stderr, exit code 1.
int fail(const QString &message);

// The platform a command talks to: --platform URL with the token from BILLING_CONSOLE_TOKEN (over HTTPS,
// or plain HTTP to this machine unless --allow-plain-http), or else the embedded platform's data in
// --data-dir (started on 127.0.0.1 for the command's length).
class Platform
{
public:
    static void addOptions(QCommandLineParser &parser);
    contract::Result<contract::Done> open(const QCommandLineParser &parser);
    const services::PlatformAccess &access() const { return m_access; }

private:
    host::PlatformHost m_embedded;
    services::PlatformAccess m_access;
};

// Runs the event loop until `task` answers.
template<typename T>
T wait(QCoro::Task<T> &&task)
{
    std::optional<T> answer;
    QEventLoop loop;
    QCoro::connect(std::move(task), QCoreApplication::instance(), [&](T &&value) {
        answer = std::move(value);
        loop.quit();
    });
    if (!answer)
        loop.exec();
    return std::move(*answer);
}

} // namespace billing::app::commandline
