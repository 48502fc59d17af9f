// SPDX-License-Identifier: Apache-2.0
#include "foundation/contract/bindingreport.h"

#include <QJsonArray>

namespace billing::contract {

BindingReport BindingReport::fromJson(const QJsonObject &o)
{
    BindingReport report;
    report.cloudAccountId = o.value("cloud_account_id").toString();
    report.dryRun = o.value("dry_run").toBool();
    report.eligible = o.value("eligible").toInt();
    report.refused = o.value("refused").toInt();
    report.bound = o.value("bound").toInt();
    for (const auto &value : o.value("items").toArray()) {
        const QJsonObject item = value.toObject();
        report.items.append({item.value("workspace_id").toString(), item.value("eligible").toBool(),
                             item.value("already_bound").toBool(), item.value("site").toString(),
                             item.value("code").toString(), item.value("reason").toString(),
                             item.value("facts").toObject()});
    }
    return report;
}

} // namespace billing::contract
