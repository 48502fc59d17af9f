// SPDX-License-Identifier: Apache-2.0
#include "console/reports/platformreportsource.h"

#include "console/services/platformclient.h"

#include <QNetworkReply>

namespace billing::reports {

PlatformReportSource::PlatformReportSource(services::PlatformClient *client)
    : m_client(client)
{
}

PlatformReportSource::~PlatformReportSource()
{
    cancel();
}

QString PlatformReportSource::origin() const
{
    return m_client->baseUrl().toDisplayString();
}

void PlatformReportSource::start(const contract::ReportQuery &query, RowHandler onRow, DoneHandler onDone)
{
    m_onRow = std::move(onRow);
    m_onDone = std::move(onDone);
    m_table = std::make_unique<ReportTable>(query.kind);
    m_reader = std::make_unique<contract::csv::Reader>([this](const contract::ReportCells &record) {
        if (!m_headerSeen) {
            m_headerSeen = true;
            if (auto known = m_table->checkHeader(record.texts()); !known) {
                m_failure = known.problem();
                return false;
            }
            return true;
        }
        // The wire carries cells neutralised (contract::csv); the writers get the text itself, each cell
        // a view of the record.
        m_restored.clear();
        for (qsizetype i = 0; i < record.size(); ++i)
            m_restored.addInPlace(contract::csv::restored(record.at(i)));
        return m_onRow(m_restored);
    });
    m_reply = m_client->openStream(query.path(), query.toUrlQuery(), "text/csv");
    QObject::connect(m_reply, &QNetworkReply::readyRead, m_reply, [this] { received(); });
    QObject::connect(m_reply, &QNetworkReply::finished, m_reply, [this] { ended(); });
}

void PlatformReportSource::received()
{
    const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status != 200) { // a refusal: its problem+json is read whole when it ends
        m_errorBody += m_reply->readAll();
        return;
    }
    if (!m_reader->feed(m_reply->readAll())) {
        // The row handler or the header check said stop.
        stop();
        DoneHandler done = std::move(m_onDone);
        if (done)
            done(m_failure);
    }
}

void PlatformReportSource::ended()
{
    if (!m_reply)
        return;
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    reply->deleteLater();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    std::optional<contract::Problem> failure;
    if (status == 200 && reply->error() == QNetworkReply::NoError) {
        if (reply->bytesAvailable() > 0)
            m_reader->feed(reply->readAll());
        if (m_failure)
            failure = m_failure;
        else if (!m_reader->finish() || !m_headerSeen)
            failure = m_client->failure(reply, {}); // ended inside a cell, or before the header: cut off
    } else {
        failure = m_client->failure(reply, m_errorBody + reply->readAll());
    }
    DoneHandler done = std::move(m_onDone);
    if (done)
        done(failure);
}

void PlatformReportSource::cancel()
{
    m_onDone = nullptr;
    stop();
}

void PlatformReportSource::stop()
{
    if (QNetworkReply *reply = m_reply) {
        m_reply = nullptr;
        reply->disconnect();
        reply->abort();
        reply->deleteLater();
    }
}

} // namespace billing::reports
