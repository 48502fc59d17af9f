// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "platform/http/marketplaceroutes.h"

#include <memory>

namespace billing::domain {
class BillingPlatform;
}

namespace billing::http {

class ApiServer;

// The /v1 routes of the platform API (resources/openapi.json documents them).
// Without a marketplace connection the marketplace endpoints refuse every message (nothing is trusted).
void registerPlatformRoutes(ApiServer &server, std::shared_ptr<domain::BillingPlatform> platform,
                            std::shared_ptr<const MarketplaceConnection> marketplace = {});

} // namespace billing::http
