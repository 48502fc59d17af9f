// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "console/reports/reportexport.h"
#include "foundation/contract/workspacequery.h"

#include <QDialog>
#include <QUrl>

#include <memory>

class QPushButton;

namespace Ui {
class ExportReportDialog;
}

namespace billing::ui {

// File → Export Report: which report, its filters (prefilled from the workspace table's), the format
// and the file. The export runs on its own thread with progress and Cancel; a cancelled or failed
// export leaves no file; "Open Folder" once it is written. The last choices are remembered.
class ExportReportDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ExportReportDialog)
public:
    // Where the rows come from: the platform, or a snapshot file (then the platform is unused).
    struct Connection {
        services::PlatformAccess platform;
        QString staffName;
        QString snapshot;
    };

    ExportReportDialog(Connection connection, const contract::WorkspaceQuery &tableFilter,
                       QWidget *parent = nullptr);
    ~ExportReportDialog() override;

    Ui::ExportReportDialog *form() const { return m_ui.get(); }
    QPushButton *exportButton() const { return m_export; }
    QPushButton *openFolderButton() const { return m_openFolder; }
    // What the dialog would export now; a filter the chosen report does not take is left out.
    reports::ReportRequest request() const;
    // Chooses `query`'s report with its filters (the Metering view proposes its month's usage).
    void propose(const contract::ReportQuery &query);

    void reject() override; // Cancel while exporting; Close otherwise

private:
    void reportChanged();
    void formatChanged();
    void browse();
    void startExport();
    void exportFinished(bool succeeded, bool cancelled, const QString &message, qint64 rows);
    void setBusy(bool busy);

    std::unique_ptr<Ui::ExportReportDialog> m_ui;
    Connection m_connection;
    QPushButton *m_export = nullptr;
    QPushButton *m_openFolder = nullptr;
    std::unique_ptr<reports::ReportExport> m_job;
    QString m_written; // the file last written
};

} // namespace billing::ui
