// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "platform/store/database.h"

#include <optional>

namespace billing::store {

// Every message a marketplace sent, with what it did. Accepted and noted messages are kept whole (a
// marketplace route takes at most 256 KiB); a refused one, which anyone can send, is kept as an
// excerpt with the whole body's size and SHA-256, and refusals are pruned as each is kept: those
// older than the bounds' days, and all but the newest `kept`.
class MarketplaceEventStore
{
public:
    static constexpr qsizetype RefusalExcerptBytes = 1024;
    struct RefusalBounds {
        int kept = 10'000;
        int days = 30;
    };

    explicit MarketplaceEventStore(std::shared_ptr<Database> database);
    MarketplaceEventStore(std::shared_ptr<Database> database, RefusalBounds bounds);

    struct Event {
        QString provider;  // aws | azure
        QString messageId; // SNS MessageId, Azure webhook id
        qint64 receivedAt = 0;
        QByteArray raw;  // the body, or for a refusal its first RefusalExcerptBytes
        QString outcome; // what it did, or why it was refused
        bool accepted = false;
        QString cloudAccountId;
        bool refused = false;
        qint64 rawBytes = 0; // the whole body's size and digest
        QString rawSha256;
        qint64 sentAt = 0;    // by the marketplace's clock (SNS Timestamp, Azure timeStamp)
        bool inOrder = false; // applied in its customer's order; a stale or ignored one is not
        QString verdict;      // applied | stale | ignored | refused | noted (empty: from the flags)
        qint64 id = 0;        // as kept
    };
    // Which messages staff look at; empty strings do not filter.
    struct Filter {
        QString provider;
        QString cloudAccountId;
        QString verdict;
    };
    static const QStringList Verdicts;

    // One attempt of a call the platform made to a marketplace. Calls older than CallDays are pruned
    // as new ones are kept.
    struct Call {
        qint64 at = 0;
        QString marketplace;
        QString operation;
        int attempt = 1;
        int status = 0; // 0: no answer
        qint64 latencyMs = 0;
        QString requestId;
        QString outcome;
    };
    static constexpr int CallDays = 30;
    contract::Result<contract::Done> recordCall(const Call &call);
    // The newest first.
    contract::Result<QList<Call>> latestCalls(int limit);

    // What the accepted message with this id did, if one was accepted before (a replay has no second effect).
    contract::Result<std::optional<QString>> acceptedOutcome(QSqlDatabase db, const QString &provider,
                                                             const QString &messageId);
    // When the newest message applied in order to this cloud account was sent (0: none yet). A message
    // sent before it is stale: the marketplace does not promise order.
    contract::Result<qint64> lastInOrder(QSqlDatabase db, const QString &cloudAccountId);
    // Inside the change's transaction when accepted; in one of its own when only noted. The size and
    // digest are taken here.
    contract::Result<contract::Done> record(Event event, QSqlDatabase transaction = {});
    // A refused message: its excerpt, size and digest, and the pruning, in one transaction.
    // `whole`: a verified message the platform could not apply (an unknown customer) is kept whole, so
    // that an admin can replay it; only the marketplace can sign one.
    contract::Result<contract::Done> recordRefusal(Event event, bool whole = false);
    // The newest first, for staff and tests.
    contract::Result<QList<Event>> latest(int limit, const Filter &filter = {});
    contract::Result<std::optional<Event>> event(qint64 id);

private:
    contract::Result<contract::Done> inOwnTransaction(const Event &event);
    contract::Result<contract::Done> insert(const Event &event, QSqlDatabase db);

    std::shared_ptr<Database> m_database;
    RefusalBounds m_bounds;
};

} // namespace billing::store
