// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "foundation/contract/account.h"
#include "foundation/contract/cloudaccount.h"
#include "foundation/contract/problem.h"

#include <QCoreApplication>
#include <QString>

namespace billing::models {

// The billing domain's words as staff read them, translated. One place, so the table, the detail
// panel and the reports say the same thing.
class BillingText
{
    Q_DECLARE_TR_FUNCTIONS(BillingText)
public:
    // A problem's message and what staff can do about it, as two sentences ("…refused. Press F5 …").
    static QString problemAndRemedy(const QString &problem, const QString &remedy);
    // Why a billing rule refused, from its code and the facts it names; the platform's English
    // `sentence` for a code this console does not know.
    static QString refusal(const QString &code, const QJsonObject &facts, const QString &sentence);
    // A platform problem in the user's language where the console knows it, else as the platform said it.
    static QString problem(const contract::Problem &problem);
    static QString billingMethod(const QString &method);
    static QString workspaceStatus(const QString &status);
    static QString plan(const QString &plan);
    static QString provider(const QString &provider);
    static QString subscriptionState(const QString &state);
    static QString syncState(const QString &state);
    // What a marketplace message came to: applied, stale, ignored, refused, noted.
    static QString marketplaceVerdict(const QString &verdict);
    static QString meteringState(const QString &state); // a metering record's state
    static QString lockReason(const QString &reason);
    static QString staffRole(const QString &role);
    static QString deploymentState(const QString &state);
    // "AWS Marketplace Subscription" once synced; says it is syncing (or failed) before (billing rule 4).
    static QString paymentMethodLabel(const contract::CloudAccount &cloudAccount);
    static QString cloudAccountName(
        const contract::CloudAccount &cloudAccount);    // "Contoso Robotics (ca-…)", or the id alone
    static QString money(const contract::Money &money); // in the user's locale: "1,234.56 USD"
    static QString daysLeft(int days);
    static QString workspaces(qint64 count); // "1 workspace", "1,234 workspaces"
    static QString cloudAccounts(qint64 count);
    static QString dateTime(qint64 msecsSinceEpoch);
    static QString boundBySite(const QMap<QString, qint64> &bySite); // "ap-singapore 3 · us-east 12"
};

} // namespace billing::models
