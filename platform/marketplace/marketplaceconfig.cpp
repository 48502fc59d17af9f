// SPDX-License-Identifier: Apache-2.0
#include "platform/marketplace/marketplaceconfig.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>

namespace billing::marketplace {

using contract::Problem;
using contract::Result;

namespace {

Problem bad(const QString &path, const QString &detail)
{
    return Problem{400,
                   "marketplace_config_invalid",
                   QStringLiteral("Marketplace configuration refused"),
                   QStringLiteral("%1: %2").arg(path, detail),
                   {}};
}

// Reads the keys of one section: every value a string, a secret possibly {"env": "NAME"}.
class Section
{
public:
    Section(QString path, QString name, QJsonObject json, std::function<QString(const QString &)> environment)
        : m_path(std::move(path))
        , m_name(std::move(name))
        , m_json(std::move(json))
        , m_environment(std::move(environment))
    {
    }

    std::optional<Problem> onlyKnown(const QStringList &known) const
    {
        for (auto it = m_json.begin(); it != m_json.end(); ++it) {
            if (!known.contains(it.key()))
                return bad(m_path, QStringLiteral("unknown key %1.%2 (known: %3).")
                                       .arg(m_name, it.key(), known.join(QStringLiteral(", "))));
        }
        return std::nullopt;
    }

    Result<QString> text(const QString &key, const QString &fallback = {}, bool secret = false) const
    {
        const QJsonValue value = m_json.value(key);
        if (value.isUndefined())
            return fallback;
        if (value.isString())
            return value.toString();
        const QJsonObject env = value.toObject();
        if (secret && env.size() == 1 && env.value("env").isString()) {
            const QString variable = env.value("env").toString();
            const QString read = m_environment(variable);
            if (read.isEmpty())
                return bad(m_path,
                           QStringLiteral("%1.%2 names the environment variable %3, which is not set.")
                               .arg(m_name, key, variable));
            return read;
        }
        return bad(m_path,
                   secret ? QStringLiteral("%1.%2 must be a string or {\"env\": \"NAME\"}.").arg(m_name, key)
                          : QStringLiteral("%1.%2 must be a string.").arg(m_name, key));
    }

    Result<QString> required(const QString &key, bool secret = false) const
    {
        auto value = text(key, {}, secret);
        if (value && value->isEmpty())
            return bad(m_path, QStringLiteral("%1.%2 is required.").arg(m_name, key));
        return value;
    }

    // An https URL, or http to a loopback address (the tests' fakes behind no TLS are never allowed).
    Result<QString> endpoint(const QString &key, const QString &fallback) const
    {
        auto value = text(key, fallback);
        if (!value)
            return value;
        const QUrl url(*value);
        if (!url.isValid() || url.scheme() != QLatin1String("https") || url.host().isEmpty())
            return bad(m_path,
                       QStringLiteral("%1.%2 must be an https:// URL, not %3.").arg(m_name, key, *value));
        return value;
    }

    // {"<workspace plan>": "<dimension>"} and the calls a second, both optional.
    Result<MarketplaceConfig::Metering> metering() const
    {
        MarketplaceConfig::Metering m;
        const QJsonValue dimensions = m_json.value("dimensions");
        if (!dimensions.isUndefined()) {
            if (!dimensions.isObject() || dimensions.toObject().isEmpty())
                return bad(m_path, QStringLiteral("%1.dimensions must map workspace plans to dimensions, "
                                                  "e.g. {\"commercial\": \"deployment_hours\"}.")
                                       .arg(m_name));
            const QJsonObject map = dimensions.toObject();
            for (auto it = map.begin(); it != map.end(); ++it) {
                if (!it.value().isString() || it.value().toString().isEmpty() ||
                    it.value().toString().size() > 255)
                    return bad(m_path, QStringLiteral("%1.dimensions.%2 must be a dimension name (1 to 255 "
                                                      "characters).")
                                           .arg(m_name, it.key()));
                m.dimensions.insert(it.key(), it.value().toString());
            }
        }
        const QJsonValue rate = m_json.value("metering_calls_per_second");
        if (!rate.isUndefined()) {
            if (!rate.isDouble() || rate.toDouble() < 0.1 || rate.toDouble() > 1000)
                return bad(m_path,
                           QStringLiteral("%1.metering_calls_per_second must be a number from 0.1 to 1000.")
                               .arg(m_name));
            m.callsPerSecond = rate.toDouble();
        }
        return m;
    }

private:
    QString m_path;
    QString m_name;
    QJsonObject m_json;
    std::function<QString(const QString &)> m_environment;
};

Result<MarketplaceConfig::Aws> readAws(const Section &s, const QString &partition)
{
    const bool china = partition == QLatin1String("aws_cn");
    if (auto unknown = s.onlyKnown({"access_key_id", "secret_access_key", "session_token", "region",
                                    "product_code", "metering_endpoint", "entitlement_endpoint", "sns_topics",
                                    "sns_endpoint", "dimensions", "metering_calls_per_second"}))
        return *unknown;
    MarketplaceConfig::Aws aws;
    aws.partition = partition;
    auto id = s.required("access_key_id", true);
    auto secret = s.required("secret_access_key", true);
    auto token = s.text("session_token", {}, true);
    auto region = s.text("region", china ? QStringLiteral("cn-northwest-1") : QStringLiteral("us-east-1"));
    auto product = s.required("product_code");
    for (const auto *read : {&id, &secret, &token, &region, &product}) {
        if (!*read)
            return read->problem();
    }
    aws.accessKeyId = *id;
    aws.secretAccessKey = *secret;
    aws.sessionToken = *token;
    aws.region = *region;
    aws.productCode = *product;
    const QString domain = china ? QStringLiteral("amazonaws.com.cn") : QStringLiteral("amazonaws.com");
    auto metering = s.endpoint("metering_endpoint",
                               QStringLiteral("https://metering.marketplace.%1.%2").arg(aws.region, domain));
    // The Entitlement Service is documented in us-east-1 only; the China partition names its own.
    auto entitlement = s.endpoint(
        "entitlement_endpoint",
        china ? QString() : QStringLiteral("https://entitlement.marketplace.us-east-1.amazonaws.com"));
    if (!metering)
        return metering.problem();
    if (!entitlement && !(china && s.text("entitlement_endpoint").value().isEmpty()))
        return entitlement.problem();
    auto sns = s.endpoint("sns_endpoint", {});
    if (!sns && !s.text("sns_endpoint").value().isEmpty())
        return sns.problem();
    aws.snsEndpoint = sns ? *sns : QString();
    aws.meteringEndpoint = *metering;
    aws.entitlementEndpoint = entitlement ? *entitlement : QString();
    auto metered = s.metering();
    if (!metered)
        return metered.problem();
    aws.metering = *metered;
    return aws;
}

} // namespace

Result<MarketplaceConfig> MarketplaceConfig::load(const QString &path,
                                                  const std::function<QString(const QString &)> &environment)
{
    const auto env = environment ? environment : [](const QString &name) {
        return qEnvironmentVariable(name.toLocal8Bit());
    };
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return bad(path, QStringLiteral("cannot be read: %1.").arg(file.errorString()));
    // It holds secrets: only its owner may read it, as ssh insists of a private key.
    const QFileDevice::Permissions others =
        QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ReadOther | QFileDevice::WriteOther;
    if (QFileInfo(path).permissions() & others)
        return bad(path, QStringLiteral("others than its owner may read or write it; chmod 600 it."));
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return bad(path, QStringLiteral("not a JSON object: %1.").arg(error.errorString()));
    const QJsonObject json = document.object();
    const Section top(path, QStringLiteral("config"), json, env);
    if (auto unknown =
            top.onlyKnown({"aws", "aws_cn", "azure", "ca_file", "cache_dir", "timeout_seconds", "attempts"}))
        return *unknown;

    MarketplaceConfig config;
    for (const QString partition : {QStringLiteral("aws"), QStringLiteral("aws_cn")}) {
        if (!json.contains(partition))
            continue;
        if (!json.value(partition).isObject())
            return bad(path, QStringLiteral("%1 must be an object.").arg(partition));
        const Section section(path, partition, json.value(partition).toObject(), env);
        auto aws = readAws(section, partition);
        if (!aws)
            return aws.problem();
        const QJsonValue topics = json.value(partition).toObject().value("sns_topics");
        for (const QJsonValue &topic : topics.toArray()) {
            if (!topic.isString() || !topic.toString().startsWith(QLatin1String("arn:aws")))
                return bad(path,
                           QStringLiteral("%1.sns_topics holds topic ARNs (arn:aws...).").arg(partition));
            aws->snsTopics.append(topic.toString());
        }
        (partition == QLatin1String("aws") ? config.aws : config.awsChina) = *aws;
    }
    if (json.contains("azure")) {
        const Section s(path, QStringLiteral("azure"), json.value("azure").toObject(), env);
        if (auto unknown = s.onlyKnown({"tenant_id", "client_id", "client_secret", "login_endpoint",
                                        "fulfillment_endpoint", "metering_endpoint", "dimensions",
                                        "metering_calls_per_second"}))
            return *unknown;
        auto tenant = s.required("tenant_id");
        auto client = s.required("client_id");
        auto secret = s.required("client_secret", true);
        auto login = s.endpoint("login_endpoint", QStringLiteral("https://login.microsoftonline.com"));
        auto fulfillment = s.endpoint("fulfillment_endpoint",
                                      QStringLiteral("https://marketplaceapi.microsoft.com/api/saas"));
        auto metering =
            s.endpoint("metering_endpoint", QStringLiteral("https://marketplaceapi.microsoft.com/api"));
        for (const auto *read : {&tenant, &client, &secret, &login, &fulfillment, &metering}) {
            if (!*read)
                return read->problem();
        }
        auto metered = s.metering();
        if (!metered)
            return metered.problem();
        config.azure = Azure{*tenant, *client, *secret, *login, *fulfillment, *metering, *metered};
    }
    if (json.contains("ca_file")) {
        const QString caFile = json.value("ca_file").toString();
        config.extraAuthorities =
            QSslCertificate::fromPath(caFile, QSsl::Pem, QSslCertificate::PatternSyntax::FixedString);
        if (config.extraAuthorities.isEmpty())
            return bad(path, QStringLiteral("ca_file %1 holds no PEM certificate.").arg(caFile));
    }
    for (const auto &[key, target, low, high] :
         {std::tuple{"timeout_seconds", &config.timeoutSeconds, 1, 120},
          std::tuple{"attempts", &config.attempts, 1, 10}}) {
        const QJsonValue value = json.value(QLatin1String(key));
        if (value.isUndefined())
            continue;
        if (!value.isDouble() || value.toDouble() != value.toInt() || value.toInt() < low ||
            value.toInt() > high)
            return bad(path, QStringLiteral("%1 must be a whole number from %2 to %3.")
                                 .arg(QLatin1String(key))
                                 .arg(low)
                                 .arg(high));
        *target = value.toInt();
    }
    const QString systemdCache = env(QStringLiteral("CACHE_DIRECTORY")).section(':', 0, 0);
    config.cacheDirectory =
        json.value("cache_dir")
            .toString(!systemdCache.isEmpty()
                          ? systemdCache + QStringLiteral("/sns-certificates")
                          : QStandardPaths::writableLocation(QStandardPaths::CacheLocation) +
                                QStringLiteral("/sns-certificates"));
    if (!config.aws && !config.awsChina && !config.azure)
        return bad(path, QStringLiteral("names no marketplace (aws, aws_cn or azure)."));
    return config;
}

QString MarketplaceConfig::summary() const
{
    QStringList parts;
    for (const auto *aws : {&this->aws, &awsChina}) {
        if (*aws)
            parts << QStringLiteral("%1 (region %2, product %3, metering %4, entitlement %5)")
                         .arg((*aws)->partition == QLatin1String("aws_cn") ? QStringLiteral("AWS China")
                                                                           : QStringLiteral("AWS"),
                              (*aws)->region, (*aws)->productCode, (*aws)->meteringEndpoint,
                              (*aws)->entitlementEndpoint.isEmpty() ? QStringLiteral("none")
                                                                    : (*aws)->entitlementEndpoint);
    }
    if (azure)
        parts << QStringLiteral("Azure (tenant %1, fulfillment %2)")
                     .arg(azure->tenantId, azure->fulfillmentEndpoint);
    return QStringLiteral("marketplaces: ") + parts.join(QStringLiteral("; "));
}

} // namespace billing::marketplace
