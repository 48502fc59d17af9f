// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "foundation/contract/result.h"

#include <QHash>
#include <QList>
#include <QSslCertificate>
#include <QStringList>

#include <functional>
#include <optional>

namespace billing::marketplace {

// How the platform reaches the real marketplaces (`serve --marketplace-config FILE`): a JSON file only
// its owner may read. Any secret may instead name an environment variable: {"env": "NAME"}.
//
//   {"aws":    {"access_key_id", "secret_access_key", "session_token"?, "region", "product_code",
//               "metering_endpoint", "entitlement_endpoint", "sns_topics": [...], "sns_endpoint"?,
//               "dimensions"?: {"<workspace plan>": "<dimension>"}, "metering_calls_per_second"?},
//    "aws_cn": {the same, for the AWS China partition},
//    "azure":  {"tenant_id", "client_id", "client_secret", "login_endpoint", "fulfillment_endpoint",
//               "metering_endpoint", "dimensions"?, "metering_calls_per_second"?},
//    "ca_file": "extra certificate authorities for outbound TLS, besides the system's",
//    "cache_dir": "where fetched SNS signing certificates are kept",
//    "timeout_seconds": 10, "attempts": 3}
//
// Endpoints default to the real ones; tests point them at fakes on 127.0.0.1.
struct MarketplaceConfig {
    // Pay as you go: which dimension each workspace plan meters (none given: the platform's default),
    // and how many metering calls a second the marketplace takes (AWS documents 10 BatchMeterUsage
    // calls a second per account and region; Azure documents none, and 10 is kept).
    struct Metering {
        QHash<QString, QString> dimensions; // workspace plan → dimension
        double callsPerSecond = 10;
    };
    struct Aws {
        QString partition; // "aws" or "aws_cn"
        QString accessKeyId;
        QString secretAccessKey;
        QString sessionToken;
        QString region;
        QString productCode;
        QString meteringEndpoint;
        QString entitlementEndpoint;
        QStringList snsTopics;
        QString snsEndpoint; // empty: the host the message names (sns.<region>.amazonaws.com[.cn])
        Metering metering;
    };
    struct Azure {
        QString tenantId;
        QString clientId;
        QString clientSecret;
        QString loginEndpoint;
        QString fulfillmentEndpoint;
        QString meteringEndpoint; // the metered billing API (batchUsageEvent)
        Metering metering;
    };
    std::optional<Aws> aws;
    std::optional<Aws> awsChina;
    std::optional<Azure> azure;
    QList<QSslCertificate> extraAuthorities;
    QString
        cacheDirectory; // fetched SNS certificates; default $CACHE_DIRECTORY (systemd) or the user's cache
    int timeoutSeconds = 10;
    int attempts = 3;

    // `environment` reads a variable (qEnvironmentVariable by default); tests give their own.
    static contract::Result<MarketplaceConfig>
    load(const QString &path, const std::function<QString(const QString &)> &environment = {});
    // What the platform says at start: which marketplaces it reaches, never a secret.
    QString summary() const;
};

} // namespace billing::marketplace
