// SPDX-License-Identifier: Apache-2.0
#include "foundation/contract/account.h"

#include "foundation/contract/jsonfields.h"

namespace billing::contract {

QString Money::display() const
{
    const qint64 whole = amountMinor / 100;
    const qint64 cents = qAbs(amountMinor % 100);
    return QStringLiteral("%1.%2 %3").arg(whole).arg(cents, 2, 10, QLatin1Char('0')).arg(currency);
}

QJsonObject Account::toJson() const
{
    QJsonValue card = QJsonValue::Null;
    if (hasCreditCard)
        card = QJsonObject{{"brand", creditCard.brand}, {"last4", creditCard.last4}};
    return {{"id", id},
            {"email", email},
            {"credit_card", card},
            {"available_credits", QJsonObject{{"amount_minor", availableCredits.amountMinor},
                                              {"currency", availableCredits.currency}}},
            {"linked_cloud_account_id", json::nullable(linkedCloudAccountId)},
            {"any_method_allowed", anyMethodAllowed},
            {"created_at", json::time(createdAt)}};
}

Account Account::fromJson(const QJsonObject &o)
{
    Account a;
    a.id = o.value("id").toString();
    a.email = o.value("email").toString();
    if (const QJsonObject card = o.value("credit_card").toObject(); !card.isEmpty()) {
        a.hasCreditCard = true;
        a.creditCard = {card.value("brand").toString(), card.value("last4").toString()};
    }
    const QJsonObject credits = o.value("available_credits").toObject();
    a.availableCredits = {credits.value("amount_minor").toInteger(), credits.value("currency").toString()};
    a.linkedCloudAccountId = json::text(o.value("linked_cloud_account_id"));
    a.anyMethodAllowed = o.value("any_method_allowed").toBool();
    a.createdAt = json::time(o.value("created_at"));
    return a;
}

} // namespace billing::contract
