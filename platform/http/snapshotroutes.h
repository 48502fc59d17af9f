// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <memory>

namespace billing::domain {
class BillingPlatform;
}

namespace billing::http {

class ApiServer;

// /v1/snapshots: make a signed audit snapshot, download it, and read the key that signs them.
// Making and downloading need the auditor or admin role; the public key is for every staff user.
void registerSnapshotRoutes(ApiServer &server, std::shared_ptr<domain::BillingPlatform> platform);

} // namespace billing::http
