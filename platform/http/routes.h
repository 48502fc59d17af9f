// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "platform/marketplace/marketplacegateway.h"
#include "platform/marketplace/marketplacetrust.h"

#include <memory>

namespace billing::domain {
class BillingPlatform;
}

// The /v1 routes of the platform API, one file per resource (resources/openapi.json documents them,
// docs/access.md says who may call each). PlatformServer registers them all through
// registerPlatformRoutes.
namespace billing::http {

class ApiServer;

// What the marketplace endpoints check messages against, and whom they ask to resolve tokens.
struct MarketplaceConnection {
    marketplace::MarketplaceTrust trust;
    std::shared_ptr<marketplace::MarketplaceGateway> gateway;
};

// Every route: health, the session, sites and the scheduler (platformroutes.cpp), and each resource's
// below. Without a marketplace connection the marketplace endpoints refuse every message.
void registerPlatformRoutes(ApiServer &server, std::shared_ptr<domain::BillingPlatform> platform,
                            std::shared_ptr<const MarketplaceConnection> marketplace = {});

// /v1/workspaces: the list and one workspace (its version as ETag), Change Billing Method (operators
// and admins), and locks and unlocks, of one workspace or a selection (admins; billing rule 6).
void registerWorkspaceRoutes(ApiServer &server, std::shared_ptr<domain::BillingPlatform> platform);
// /v1/cloud-accounts: the list and one cloud account, binding workspaces to it and unbinding one
// (operators and admins; billing rules 1-3).
void registerCloudAccountRoutes(ApiServer &server, std::shared_ptr<domain::BillingPlatform> platform);
// /v1/accounts/{id} and /v1/deployments: the owners of workspaces and their running services.
void registerAccountRoutes(ApiServer &server, std::shared_ptr<domain::BillingPlatform> platform);
// /v1/audit-events: the audit trail, filtered by actor or target, oldest or newest first.
void registerAuditRoutes(ApiServer &server, std::shared_ptr<domain::BillingPlatform> platform);
// /v1/snapshots: make a signed audit snapshot, download it, and read the key that signs them. Making
// and downloading need the auditor or admin role; the public key is for every staff user.
void registerSnapshotRoutes(ApiServer &server, std::shared_ptr<domain::BillingPlatform> platform);
// /v1/metering-records and /v1/metering-totals: the pay-as-you-go ledger, and Retry of a failed hour
// (operators and admins).
void registerMeteringRoutes(ApiServer &server, std::shared_ptr<domain::BillingPlatform> platform);
// /v1/marketplace/...: the marketplaces' own message formats, authenticated by their signatures and
// tokens rather than a staff token; every message is kept with what it did.
void registerMarketplaceRoutes(ApiServer &server, std::shared_ptr<domain::BillingPlatform> platform,
                               std::shared_ptr<const MarketplaceConnection> marketplace);

} // namespace billing::http
