// SPDX-License-Identifier: Apache-2.0
#include "foundation/contract/cloudaccount.h"

#include "foundation/contract/jsonfields.h"
#include "foundation/contract/vocabulary.h"

#include <QJsonArray>

namespace billing::contract {

bool CloudAccount::takesBindings() const
{
    return subscriptionState == vocabulary::SubscriptionState::Subscribed &&
           syncState == vocabulary::SyncState::Synced;
}

QJsonObject CloudAccount::toJson() const
{
    QJsonObject o{{"id", id},
                  {"provider", provider},
                  {"display_name", displayName},
                  {"subscription_state", subscriptionState},
                  {"sync_state", syncState},
                  {"sync_message", json::nullable(syncMessage)},
                  {"bound_workspace_count", boundWorkspaceCount},
                  {"version", version},
                  {"created_at", json::time(createdAt)},
                  {"updated_at", json::time(updatedAt)}};
    QJsonObject bySite;
    for (auto site = boundBySite.cbegin(); site != boundBySite.cend(); ++site)
        bySite.insert(site.key(), site.value());
    o.insert("bound_by_site", bySite);
    if (provider == vocabulary::Provider::Azure) {
        o.insert("subscription_id", azureSubscriptionId);
        o.insert("purchaser_tenant_id", purchaserTenantId);
        o.insert("offer_id", offerId);
        o.insert("plan_id", planId);
        o.insert("quantity", quantity);
    } else {
        o.insert("customer_identifier", customerIdentifier);
        o.insert("customer_aws_account_id", customerAwsAccountId);
        o.insert("product_code", productCode);
        o.insert("license_arn", json::nullable(licenseArn));
    }
    if (entitlements) {
        QJsonArray list;
        for (const Entitlement &e : *entitlements)
            list.append(QJsonObject{
                {"dimension", e.dimension}, {"value", e.value}, {"expires_at", json::time(e.expiresAt)}});
        o.insert("entitlements", list);
    }
    return o;
}

CloudAccount CloudAccount::fromJson(const QJsonObject &o)
{
    CloudAccount c;
    c.id = o.value("id").toString();
    c.provider = o.value("provider").toString();
    c.displayName = o.value("display_name").toString();
    c.subscriptionState = o.value("subscription_state").toString();
    c.syncState = o.value("sync_state").toString();
    c.syncMessage = json::text(o.value("sync_message"));
    if (o.value("entitlements").isArray()) {
        QList<Entitlement> list;
        for (const QJsonValue &e : o.value("entitlements").toArray())
            list.append({e.toObject().value("dimension").toString(), e.toObject().value("value").toString(),
                         json::time(e.toObject().value("expires_at"))});
        c.entitlements = list;
    }
    c.boundWorkspaceCount = o.value("bound_workspace_count").toInteger();
    const QJsonObject bySite = o.value("bound_by_site").toObject();
    for (auto site = bySite.begin(); site != bySite.end(); ++site)
        c.boundBySite.insert(site.key(), site.value().toInteger());
    c.customerIdentifier = o.value("customer_identifier").toString();
    c.customerAwsAccountId = o.value("customer_aws_account_id").toString();
    c.productCode = o.value("product_code").toString();
    c.licenseArn = json::text(o.value("license_arn"));
    c.azureSubscriptionId = o.value("subscription_id").toString();
    c.purchaserTenantId = o.value("purchaser_tenant_id").toString();
    c.offerId = o.value("offer_id").toString();
    c.planId = o.value("plan_id").toString();
    c.quantity = o.value("quantity").toInt();
    c.version = o.value("version").toInteger();
    c.createdAt = json::time(o.value("created_at"));
    c.updatedAt = json::time(o.value("updated_at"));
    return c;
}

} // namespace billing::contract
