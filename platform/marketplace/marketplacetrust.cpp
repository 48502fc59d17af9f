// SPDX-License-Identifier: Apache-2.0
#include "platform/marketplace/marketplacetrust.h"

#include <QDir>
#include <QFile>
#include <QSaveFile>

namespace billing::marketplace {

using contract::Problem;
using contract::Result;

namespace {

Problem unreadable(const QString &path, const QString &why)
{
    return {500,
            "marketplace_trust_unreadable",
            QStringLiteral("Marketplace trust unreadable"),
            QStringLiteral("Cannot read %1: %2").arg(path, why),
            {}};
}

Result<QByteArray> readOptional(const QString &path)
{
    QFile file(path);
    if (!file.exists())
        return QByteArray();
    if (!file.open(QIODevice::ReadOnly))
        return unreadable(path, file.errorString());
    return file.readAll();
}

Result<contract::Done> write(const QString &path, const QByteArray &content, bool secret = false)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size() || !file.commit())
        return Problem{500,
                       "marketplace_trust_unwritable",
                       QStringLiteral("Cannot write"),
                       QStringLiteral("Cannot write %1: %2").arg(path, file.errorString()),
                       {}};
    if (secret)
        QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    return contract::Done{};
}

} // namespace

Result<MarketplaceTrust> MarketplaceTrust::load(const QString &folder)
{
    const QDir dir(folder);
    if (!dir.exists())
        return unreadable(folder, QStringLiteral("no such folder"));
    MarketplaceTrust trust;
    const QDir sns(dir.filePath(QStringLiteral("sns")));
    for (const QString &name :
         sns.entryList({QStringLiteral("SimpleNotificationService-*.pem")}, QDir::Files)) {
        auto pem = readOptional(sns.filePath(name));
        if (!pem)
            return pem.problem();
        trust.snsCertificates.insert(name, *pem);
    }
    auto topics = readOptional(dir.filePath(QStringLiteral("sns-topics.txt")));
    if (!topics)
        return topics.problem();
    for (const QByteArray &line : topics->split('\n')) {
        if (!line.trimmed().isEmpty())
            trust.snsTopics << QString::fromUtf8(line.trimmed());
    }
    auto key = readOptional(dir.filePath(QStringLiteral("azure-webhook-key.pem")));
    if (!key)
        return key.problem();
    trust.azureWebhookKey = *key;
    for (const auto &[file, claim] : {std::pair{"azure-issuer.txt", &trust.azureIssuer},
                                      std::pair{"azure-audience.txt", &trust.azureAudience},
                                      std::pair{"azure-tenant.txt", &trust.azureTenantId}}) {
        auto text = readOptional(dir.filePath(QLatin1String(file)));
        if (!text)
            return text.problem();
        *claim = QString::fromUtf8(text->trimmed());
    }
    if (!trust.azureWebhookKey.isEmpty() &&
        (trust.azureIssuer.isEmpty() || trust.azureAudience.isEmpty() || trust.azureTenantId.isEmpty()))
        return Problem{
            500,
            "marketplace_trust_incomplete",
            QStringLiteral("Azure webhooks half trusted"),
            QStringLiteral("%1 holds azure-webhook-key.pem but not all of azure-issuer.txt, "
                           "azure-audience.txt and azure-tenant.txt: the issuer, audience and tenant "
                           "that Azure webhook tokens must carry. Write all three, or remove the key.")
                .arg(folder),
            {}};
    auto secret = readOptional(dir.filePath(QStringLiteral("gateway-secret")));
    if (!secret)
        return secret.problem();
    trust.gatewaySecret = secret->trimmed();
    return trust;
}

Result<contract::Done> MarketplaceTrust::save(const QString &folder) const
{
    QDir dir;
    if (!dir.mkpath(folder + QStringLiteral("/sns")))
        return Problem{500,
                       "marketplace_trust_unwritable",
                       QStringLiteral("Cannot write"),
                       QStringLiteral("Cannot create %1.").arg(folder),
                       {}};
    for (auto it = snsCertificates.cbegin(); it != snsCertificates.cend(); ++it) {
        if (auto ok = write(folder + QStringLiteral("/sns/") + it.key(), it.value()); !ok)
            return ok;
    }
    const QList<QPair<QString, QByteArray>> files{
        {QStringLiteral("sns-topics.txt"), snsTopics.join('\n').toUtf8() + '\n'},
        {QStringLiteral("azure-webhook-key.pem"), azureWebhookKey},
        {QStringLiteral("azure-issuer.txt"), azureIssuer.toUtf8() + '\n'},
        {QStringLiteral("azure-audience.txt"), azureAudience.toUtf8() + '\n'},
        {QStringLiteral("azure-tenant.txt"), azureTenantId.toUtf8() + '\n'}};
    for (const auto &[name, content] : files) {
        if (auto ok = write(folder + '/' + name, content); !ok)
            return ok;
    }
    return write(folder + QStringLiteral("/gateway-secret"), gatewaySecret + '\n', true);
}

} // namespace billing::marketplace
