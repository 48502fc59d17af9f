// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "platform/store/database.h"

#include <optional>

namespace billing::store {

// Every message a marketplace sent, kept raw with what it did.
class MarketplaceEventStore
{
public:
    explicit MarketplaceEventStore(std::shared_ptr<Database> database);

    struct Event {
        QString provider;  // aws | azure
        QString messageId; // SNS MessageId, Azure webhook id
        qint64 receivedAt = 0;
        QByteArray raw;
        QString outcome; // what it did, or why it was refused
        bool accepted = false;
        QString cloudAccountId;
    };

    // What the accepted message with this id did, if one was accepted before (a replay has no second effect).
    contract::Result<std::optional<QString>> acceptedOutcome(QSqlDatabase db, const QString &provider,
                                                             const QString &messageId);
    // Inside the change's transaction when accepted; in one of its own when refused.
    contract::Result<contract::Done> record(const Event &event, QSqlDatabase transaction = {});
    // The newest first, for staff and tests.
    contract::Result<QList<Event>> latest(int limit);

private:
    std::shared_ptr<Database> m_database;
};

} // namespace billing::store
