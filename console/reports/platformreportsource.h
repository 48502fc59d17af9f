// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "console/reports/reportrowsource.h"
#include "console/reports/reporttable.h"
#include "foundation/contract/csv.h"

#include <QCoreApplication>
#include <QPointer>

#include <memory>

class QNetworkReply;

namespace billing::services {
class PlatformClient;
}

namespace billing::reports {

// A report streamed from GET /v1/reports/{report}: CSV read as it arrives, the header row checked
// against the columns this console knows. A report cut off (the platform stopped, the network
// dropped) is a failure, never a short report.
class PlatformReportSource final : public ReportRowSource
{
    Q_DECLARE_TR_FUNCTIONS(PlatformReportSource)
public:
    explicit PlatformReportSource(services::PlatformClient *client);
    ~PlatformReportSource() override;

    void start(const contract::ReportQuery &query, RowHandler onRow, DoneHandler onDone) override;
    void cancel() override;
    QString origin() const override;

private:
    void received();
    void ended();
    // Drops the reply without another word from it.
    void stop();

    services::PlatformClient *m_client;
    QPointer<QNetworkReply> m_reply;
    std::unique_ptr<ReportTable> m_table;
    std::unique_ptr<contract::csv::Reader> m_reader;
    RowHandler m_onRow;
    DoneHandler m_onDone;
    contract::ReportCells m_restored; // the row being handed on
    bool m_headerSeen = false;
    std::optional<contract::Problem> m_failure; // a problem found while reading (a bad header)
    QByteArray m_errorBody;                     // a refusal's problem+json
};

} // namespace billing::reports
