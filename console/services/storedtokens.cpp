// SPDX-License-Identifier: Apache-2.0
#include "console/services/storedtokens.h"

#include <QCoroSignal>
#include <qt6keychain/keychain.h>

namespace billing::services {

namespace {

const QString Service = QStringLiteral("Billing Center Console");

contract::Problem keychainProblem(const QKeychain::Job &job)
{
    return contract::Problem::local(
        QStringLiteral("keychain_unavailable"), StoredTokens::tr("Keychain unavailable"),
        StoredTokens::tr("The system keychain could not be used (%1), so the token is not remembered.")
            .arg(job.errorString()));
}

// A job set up the one way every call needs: this service, that entry, no plain-file fallback.
template<typename Job>
Job *job(const QUrl &platform)
{
    auto *made = new Job(Service);
    made->setAutoDelete(true);
    made->setInsecureFallback(false);
    made->setKey(StoredTokens::keyFor(platform));
    return made;
}

} // namespace

StoredTokens::StoredTokens(QObject *parent)
    : QObject(parent)
{
}

QString StoredTokens::keyFor(const QUrl &platform)
{
    return QStringLiteral("%1://%2:%3")
        .arg(platform.scheme(), platform.host().toLower())
        .arg(platform.port(platform.scheme() == QLatin1String("https") ? 443 : 80));
}

QCoro::Task<contract::Result<QString>> StoredTokens::read(QUrl platform)
{
    auto *reading = job<QKeychain::ReadPasswordJob>(platform);
    reading->start();
    co_await qCoro(reading, &QKeychain::Job::finished);
    if (reading->error() == QKeychain::EntryNotFound)
        co_return QString();
    if (reading->error() != QKeychain::NoError)
        co_return keychainProblem(*reading);
    co_return reading->textData();
}

QCoro::Task<contract::Result<contract::Done>> StoredTokens::store(QUrl platform, QString token)
{
    auto *writing = job<QKeychain::WritePasswordJob>(platform);
    writing->setTextData(token);
    writing->start();
    co_await qCoro(writing, &QKeychain::Job::finished);
    if (writing->error() != QKeychain::NoError)
        co_return keychainProblem(*writing);
    co_return contract::Done{};
}

QCoro::Task<contract::Result<contract::Done>> StoredTokens::remove(QUrl platform)
{
    auto *deleting = job<QKeychain::DeletePasswordJob>(platform);
    deleting->start();
    co_await qCoro(deleting, &QKeychain::Job::finished);
    if (deleting->error() != QKeychain::NoError && deleting->error() != QKeychain::EntryNotFound)
        co_return keychainProblem(*deleting);
    co_return contract::Done{};
}

} // namespace billing::services
