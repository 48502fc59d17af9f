#pragma once

#include <memory>

namespace billing::domain {
class BillingPlatform;
}

namespace billing::http {

class ApiServer;

// The /v1 routes of the platform API (resources/openapi.json documents them).
void registerPlatformRoutes(ApiServer &server, std::shared_ptr<domain::BillingPlatform> platform);

} // namespace billing::http
