// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "foundation/contract/metering.h"
#include "foundation/contract/page.h"

#include <QCoroTask>
#include <QObject>

#include <optional>

namespace billing::services {

class PlatformClient;

// Pay as you go, as staff read it: the metering ledger, a period's totals per cloud account and
// dimension, and Retry of a failed hour (operators and admins).
class MeteringLedger final : public QObject
{
    Q_OBJECT
public:
    explicit MeteringLedger(PlatformClient *client, QObject *parent = nullptr);

    QCoro::Task<contract::Result<contract::Page<contract::MeteringRecord>>>
    records(contract::MeteringQuery query);
    // A period's totals; without one, the calendar month the platform's clock is in.
    struct Totals {
        qint64 from = 0;
        qint64 to = 0;
        QList<contract::MeteringTotal> items;
    };
    QCoro::Task<contract::Result<Totals>> totals(std::optional<QPair<qint64, qint64>> period,
                                                 QString cloudAccountId = {});
    // Answers the record as it is after the attempt. One key per press.
    QCoro::Task<contract::Result<contract::MeteringRecord>> retry(qint64 recordId, QByteArray idempotencyKey);

private:
    PlatformClient *m_client;
};

} // namespace billing::services
