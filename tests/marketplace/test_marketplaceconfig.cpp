// SPDX-License-Identifier: Apache-2.0
// `serve --marketplace-config FILE`: what it accepts, what it refuses with one clear line, and the
// real endpoints it defaults to.
#include "platform/marketplace/marketplaceconfig.h"
#include "tests/support/testcertificates.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using billing::marketplace::MarketplaceConfig;

namespace {

class MarketplaceConfigTest : public ::testing::Test
{
protected:
    QString write(const QByteArray &text,
                  QFileDevice::Permissions permissions = QFileDevice::ReadOwner | QFileDevice::WriteOwner)
    {
        const QString path = dir.filePath(QStringLiteral("marketplaces-%1.json").arg(++files));
        QFile file(path);
        EXPECT_TRUE(file.open(QIODevice::WriteOnly));
        file.write(text);
        file.close();
        file.setPermissions(permissions);
        return path;
    }
    QString write(const QJsonObject &json) { return write(QJsonDocument(json).toJson()); }
    // The one-line refusal, or "" when it loads.
    QString refusal(const QJsonObject &json)
    {
        auto config = MarketplaceConfig::load(write(json), environment);
        return config ? QString() : config.problem().message();
    }

    static QJsonObject aws()
    {
        return {{"access_key_id", "AKIDEXAMPLE"},
                {"secret_access_key", QJsonObject{{"env", "BILLING_TEST_AWS_SECRET"}}},
                {"product_code", "bcc-platform-payg"},
                {"sns_topics",
                 QJsonArray{"arn:aws:sns:us-east-1:287250355862:aws-mp-subscription-notification-x"}}};
    }

    QTemporaryDir dir;
    int files = 0;
    std::function<QString(const QString &)> environment = [](const QString &name) {
        if (name == QLatin1String("CACHE_DIRECTORY")) // systemd's CacheDirectory=
            return QStringLiteral("/var/cache/billing-platform");
        return name == QLatin1String("BILLING_TEST_AWS_SECRET") ? QStringLiteral("wJalrXUtnFEMI/K7MDENG")
                                                                : QString();
    };
};

} // namespace

TEST_F(MarketplaceConfigTest, DefaultsToTheRealEndpointsAndReadsSecretsFromTheEnvironment)
{
    billing::test::TestCertificates authority;
    QFile ca(dir.filePath("ca.pem"));
    ASSERT_TRUE(ca.open(QIODevice::WriteOnly));
    ca.write(authority.authorityPem());
    ca.close();
    auto config =
        MarketplaceConfig::load(write(QJsonObject{{"aws", aws()},
                                                  {"aws_cn", QJsonObject{{"access_key_id", "AKIDCHINA"},
                                                                         {"secret_access_key", "literal"},
                                                                         {"product_code", "bcc-cn"}}},
                                                  {"azure", QJsonObject{{"tenant_id", "4b1c5e2a"},
                                                                        {"client_id", "app"},
                                                                        {"client_secret", "s3cret"}}},
                                                  {"ca_file", ca.fileName()},
                                                  {"timeout_seconds", 5}}),
                                environment);
    ASSERT_TRUE(config.ok()) << config.problem().message().toStdString();
    ASSERT_TRUE(config->aws.has_value());
    EXPECT_EQ(config->aws->secretAccessKey, "wJalrXUtnFEMI/K7MDENG");
    EXPECT_EQ(config->aws->region, "us-east-1");
    EXPECT_EQ(config->aws->meteringEndpoint, "https://metering.marketplace.us-east-1.amazonaws.com");
    EXPECT_EQ(config->aws->entitlementEndpoint, "https://entitlement.marketplace.us-east-1.amazonaws.com");
    EXPECT_EQ(config->aws->snsTopics.size(), 1);
    ASSERT_TRUE(config->awsChina.has_value());
    EXPECT_EQ(config->awsChina->region, "cn-northwest-1");
    EXPECT_EQ(config->awsChina->meteringEndpoint,
              "https://metering.marketplace.cn-northwest-1.amazonaws.com.cn");
    EXPECT_TRUE(config->awsChina->entitlementEndpoint.isEmpty()) << "none documented: the operator names it";
    ASSERT_TRUE(config->azure.has_value());
    EXPECT_EQ(config->azure->loginEndpoint, "https://login.microsoftonline.com");
    EXPECT_EQ(config->azure->fulfillmentEndpoint, "https://marketplaceapi.microsoft.com/api/saas");
    EXPECT_EQ(config->extraAuthorities.size(), 1);
    EXPECT_TRUE(config->aws->snsEndpoint.isEmpty()) << "SNS is asked at the host a message names";
    EXPECT_EQ(config->cacheDirectory, "/var/cache/billing-platform/sns-certificates");
    EXPECT_EQ(config->timeoutSeconds, 5);
    EXPECT_EQ(config->attempts, 3);
    EXPECT_FALSE(config->summary().contains("wJalr")) << "the start-up line never says a secret";
    EXPECT_FALSE(config->summary().contains("s3cret"));
}

TEST_F(MarketplaceConfigTest, RefusesAFileOthersMayReadAndEveryBadValueWithOneLine)
{
    const QString readable = write(QJsonDocument(QJsonObject{{"aws", aws()}}).toJson(),
                                   QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup);
    auto shared = MarketplaceConfig::load(readable, environment);
    ASSERT_FALSE(shared.ok());
    EXPECT_TRUE(shared.problem().message().contains("chmod 600")) << shared.problem().message().toStdString();

    EXPECT_FALSE(MarketplaceConfig::load(dir.filePath("absent.json"), environment).ok());
    EXPECT_FALSE(MarketplaceConfig::load(write(QByteArray("{not json")), environment).ok());
    EXPECT_TRUE(refusal({}).contains("names no marketplace"));
    EXPECT_TRUE(refusal({{"aws", aws()}, {"gcp", QJsonObject{}}}).contains("unknown key config.gcp"));

    QJsonObject noSecret = aws();
    noSecret.insert("secret_access_key", QJsonObject{{"env", "BILLING_TEST_UNSET"}});
    EXPECT_TRUE(refusal({{"aws", noSecret}}).contains("BILLING_TEST_UNSET, which is not set"));
    QJsonObject noProduct = aws();
    noProduct.remove("product_code");
    EXPECT_TRUE(refusal({{"aws", noProduct}}).contains("aws.product_code is required"));
    QJsonObject plainHttp = aws();
    plainHttp.insert("metering_endpoint", "http://metering.example");
    EXPECT_TRUE(refusal({{"aws", plainHttp}}).contains("must be an https:// URL"));
    QJsonObject typo = aws();
    typo.insert("secret_key", "x");
    EXPECT_TRUE(refusal({{"aws", typo}}).contains("unknown key aws.secret_key"));
    QJsonObject plainSns = aws();
    plainSns.insert("sns_endpoint", "http://127.0.0.1:1");
    EXPECT_TRUE(refusal({{"aws", plainSns}}).contains("aws.sns_endpoint must be an https:// URL"));
    QJsonObject badTopic = aws();
    badTopic.insert("sns_topics", QJsonArray{"topic"});
    EXPECT_TRUE(refusal({{"aws", badTopic}}).contains("topic ARNs"));
    EXPECT_TRUE(refusal({{"azure", QJsonObject{{"tenant_id", "t"}, {"client_id", "c"}}}})
                    .contains("azure.client_secret is required"));
    EXPECT_TRUE(refusal({{"aws", aws()}, {"ca_file", dir.filePath("none.pem")}}).contains("holds no PEM"));
    EXPECT_TRUE(
        refusal({{"aws", aws()}, {"attempts", 0}}).contains("attempts must be a whole number from 1 to 10"));
    EXPECT_TRUE(refusal({{"aws", aws()}, {"timeout_seconds", "ten"}}).contains("timeout_seconds"));
}

TEST_F(MarketplaceConfigTest, MeteringTakesADimensionPerPlanAndAPaceAndRefusesNonsense)
{
    QJsonObject section = aws();
    section.insert("dimensions", QJsonObject{{"commercial", "deployment_hours"}});
    section.insert("metering_calls_per_second", 5);
    auto config = MarketplaceConfig::load(write(QJsonObject{{"aws", section}}), environment);
    ASSERT_TRUE(config.ok()) << config.problem().message().toStdString();
    EXPECT_EQ(config->aws->metering.dimensions.value("commercial"), "deployment_hours");
    EXPECT_EQ(config->aws->metering.callsPerSecond, 5);
    // Unset: AWS's documented 10 BatchMeterUsage calls a second; the platform's default dimensions.
    auto plain = MarketplaceConfig::load(write(QJsonObject{{"aws", aws()}}), environment);
    ASSERT_TRUE(plain.ok());
    EXPECT_EQ(plain->aws->metering.callsPerSecond, 10);
    EXPECT_TRUE(plain->aws->metering.dimensions.isEmpty());

    for (const auto &[key, value, said] :
         {std::tuple{"dimensions", QJsonValue(QJsonObject{}), "aws.dimensions must map"},
          std::tuple{"dimensions", QJsonValue("deployment_hours"), "aws.dimensions must map"},
          std::tuple{"dimensions", QJsonValue(QJsonObject{{"commercial", 3}}), "aws.dimensions.commercial"},
          std::tuple{"metering_calls_per_second", QJsonValue(0), "aws.metering_calls_per_second"},
          std::tuple{"metering_calls_per_second", QJsonValue("fast"), "aws.metering_calls_per_second"}}) {
        QJsonObject bad = aws();
        bad.insert(QLatin1String(key), value);
        EXPECT_TRUE(refusal(QJsonObject{{"aws", bad}}).contains(QLatin1String(said)))
            << refusal(QJsonObject{{"aws", bad}}).toStdString();
    }
}
