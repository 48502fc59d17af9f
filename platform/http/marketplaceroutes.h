// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "platform/marketplace/marketplacegateway.h"
#include "platform/marketplace/marketplacetrust.h"

#include <memory>

namespace billing::domain {
class BillingPlatform;
}

namespace billing::http {

class ApiServer;

// What the marketplace endpoints check messages against, and whom they ask to resolve tokens.
struct MarketplaceConnection {
    marketplace::MarketplaceTrust trust;
    std::shared_ptr<marketplace::MarketplaceGateway> gateway;
};

// /v1/marketplace/...: the marketplaces' own message formats, authenticated by their signatures and
// tokens rather than a staff token; every message is kept with what it did.
void registerMarketplaceRoutes(ApiServer &server, std::shared_ptr<domain::BillingPlatform> platform,
                               std::shared_ptr<const MarketplaceConnection> marketplace);

} // namespace billing::http
