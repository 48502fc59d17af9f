// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QJsonObject>
#include <QString>

namespace billing::contract {

// Money is integer minor units plus currency, never floating point.
struct Money {
    qint64 amountMinor = 0;
    QString currency;
    QString display() const; // "1234.56 USD": locale-neutral, for files and logs
};

struct CreditCard {
    QString brand;
    QString last4;
};

// A customer login that owns workspaces, with its payment profile (rule 1 reads it).
struct Account {
    QString id;
    QString email;
    bool hasCreditCard = false;
    CreditCard creditCard;
    Money availableCredits;
    QString linkedCloudAccountId; // empty when not linked
    bool anyMethodAllowed = false;
    qint64 createdAt = 0;

    QJsonObject toJson() const;
    static Account fromJson(const QJsonObject &json);
};

} // namespace billing::contract
