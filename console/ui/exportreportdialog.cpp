// SPDX-License-Identifier: Apache-2.0
#include "console/ui/exportreportdialog.h"

#include "console/models/billingtext.h"
#include "console/reports/reporttable.h"
#include "console/ui/consolesettings.h"
#include "foundation/contract/vocabulary.h"
#include "ui_exportreportdialog.h"

#include <QDesktopServices>
#include <QDir>
#include <QFileDialog>
#include <QLocale>
#include <QPushButton>
#include <QStandardPaths>
#include <QTimeZone>

namespace billing::ui {

using models::BillingText;
using reports::ReportFormat;
namespace v = contract::vocabulary;

namespace {
// A combo's first entry is "Any" (no filter); the others carry their code as data.
void fillChoices(QComboBox *combo, const QStringList &codes,
                 const std::function<QString(const QString &)> &words)
{
    combo->clear();
    combo->addItem(ExportReportDialog::tr("Any"), QString());
    for (const QString &code : codes)
        combo->addItem(words(code), code);
}

void choose(QComboBox *combo, const QString &code)
{
    combo->setCurrentIndex(std::max(0, combo->findData(code)));
}

qint64 startOfDay(const QDate &date)
{
    return QDateTime(date, QTime(0, 0), QTimeZone::utc()).toMSecsSinceEpoch();
}
} // namespace

ExportReportDialog::ExportReportDialog(Connection connection, const contract::WorkspaceQuery &tableFilter,
                                       QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::ExportReportDialog>())
    , m_connection(std::move(connection))
{
    m_ui->setupUi(this);
    setWindowTitle(tr("Export Report"));
    m_ui->reportCaption->setText(tr("&Report:"));
    m_ui->formatCaption->setText(tr("&Format:"));
    m_ui->destinationCaption->setText(tr("&Save as:"));
    m_ui->browseButton->setText(tr("&Browse…"));
    m_ui->bomCheck->setText(tr("Start the CSV with a byte order mark (for Excel)"));
    m_ui->filtersGroup->setTitle(tr("Filters"));
    m_ui->fromCheck->setText(tr("F&rom:"));
    m_ui->toCheck->setText(tr("&Until (not including):"));
    m_ui->siteCaption->setText(tr("S&ite:"));
    m_ui->providerCaption->setText(tr("&Provider:"));
    m_ui->statusCaption->setText(tr("S&tatus:"));
    m_ui->methodCaption->setText(tr("&Billing method:"));
    m_ui->cloudAccountCaption->setText(tr("Clou&d account:"));
    m_ui->siteEdit->setPlaceholderText(tr("Any site"));
    m_ui->cloudAccountEdit->setPlaceholderText(tr("Any cloud account (its id, e.g. ca-000123)"));
    m_ui->destinationEdit->setAccessibleName(tr("Report file"));
    m_ui->fromDate->setAccessibleName(tr("Period start"));
    m_ui->toDate->setAccessibleName(tr("Period end"));
    m_ui->progress->setAccessibleName(tr("Export progress"));
    m_ui->progress->hide();

    for (contract::ReportKind kind : contract::ReportQuery::kinds())
        m_ui->reportCombo->addItem(reports::ReportTable::title(kind), contract::ReportQuery::name(kind));
    m_ui->formatCombo->addItem(tr("CSV (comma-separated values)"), reports::formatName(ReportFormat::Csv));
    m_ui->formatCombo->addItem(tr("Excel workbook (XLSX)"), reports::formatName(ReportFormat::Xlsx));
    m_ui->formatCombo->addItem(tr("PDF document"), reports::formatName(ReportFormat::Pdf));
    fillChoices(m_ui->providerCombo, v::Provider::all(), &BillingText::provider);
    fillChoices(m_ui->methodCombo, v::BillingMethod::all(), &BillingText::billingMethod);
    const QDate today = QDate::currentDate();
    m_ui->fromDate->setDate(today.addMonths(-1));
    m_ui->toDate->setDate(today.addDays(1));
    m_ui->fromDate->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
    m_ui->toDate->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));

    m_export = m_ui->buttons->addButton(tr("&Export"), QDialogButtonBox::AcceptRole);
    m_export->setDefault(true);
    m_openFolder = m_ui->buttons->addButton(tr("&Open Folder"), QDialogButtonBox::ActionRole);
    m_openFolder->hide();

    // The last choices, then the table's filter.
    choose(m_ui->reportCombo, settings::exportReportKind().get(
                                  contract::ReportQuery::name(contract::ReportKind::Subscriptions)));
    choose(m_ui->formatCombo, settings::exportReportFormat().get(reports::formatName(ReportFormat::Xlsx)));
    m_ui->bomCheck->setChecked(settings::exportReportCsvBom().get(false));
    reportChanged();
    m_ui->siteEdit->setText(tableFilter.site);
    choose(m_ui->providerCombo, tableFilter.provider);
    choose(m_ui->statusCombo, tableFilter.status);
    choose(m_ui->methodCombo, tableFilter.billingMethod);
    m_ui->cloudAccountEdit->setText(tableFilter.cloudAccountId);
    if (const QByteArray geometry = settings::exportReportGeometry().get(); !geometry.isEmpty())
        restoreGeometry(geometry);

    connect(m_ui->reportCombo, &QComboBox::currentIndexChanged, this, &ExportReportDialog::reportChanged);
    connect(m_ui->formatCombo, &QComboBox::currentIndexChanged, this, &ExportReportDialog::formatChanged);
    connect(m_ui->browseButton, &QPushButton::clicked, this, &ExportReportDialog::browse);
    connect(m_ui->fromCheck, &QCheckBox::toggled, m_ui->fromDate, &QWidget::setEnabled);
    connect(m_ui->toCheck, &QCheckBox::toggled, m_ui->toDate, &QWidget::setEnabled);
    connect(m_export, &QPushButton::clicked, this, &ExportReportDialog::startExport);
    connect(m_openFolder, &QPushButton::clicked, this,
            [this] { QDesktopServices::openUrl(QUrl::fromLocalFile(QFileInfo(m_written).absolutePath())); });
    connect(m_ui->buttons, &QDialogButtonBox::rejected, this, &ExportReportDialog::reject);
    m_ui->fromDate->setEnabled(false);
    m_ui->toDate->setEnabled(false);
}

ExportReportDialog::~ExportReportDialog()
{
    settings::exportReportGeometry().set(saveGeometry());
}

void ExportReportDialog::reportChanged()
{
    const auto kind = contract::ReportQuery::kindNamed(m_ui->reportCombo->currentData().toString())
                          .value_or(contract::ReportKind::Subscriptions);
    const QStringList &takes = contract::ReportQuery::filters(kind);
    // Each report's own statuses: a cloud account's subscription state, a metered hour's state, …
    const QString status = m_ui->statusCombo->currentData().toString();
    fillChoices(m_ui->statusCombo, contract::ReportQuery::statuses(kind),
                [kind](const QString &code) { return reports::ReportTable::statusWords(kind, code); });
    choose(m_ui->statusCombo, status);
    const auto offer = [&](QWidget *field, QWidget *caption, const char *parameter) {
        const bool taken = takes.contains(QLatin1String(parameter));
        field->setEnabled(taken);
        caption->setEnabled(taken);
        field->setToolTip(
            taken ? QString()
                  : tr("The %1 report does not filter by this.").arg(reports::ReportTable::title(kind)));
    };
    offer(m_ui->siteEdit, m_ui->siteCaption, "site");
    offer(m_ui->providerCombo, m_ui->providerCaption, "provider");
    offer(m_ui->statusCombo, m_ui->statusCaption, "status");
    offer(m_ui->methodCombo, m_ui->methodCaption, "billing_method");
    offer(m_ui->cloudAccountEdit, m_ui->cloudAccountCaption, "cloud_account_id");
    offer(m_ui->fromCheck, m_ui->fromCheck, "from");
    offer(m_ui->toCheck, m_ui->toCheck, "to");
    m_ui->fromDate->setEnabled(m_ui->fromCheck->isEnabled() && m_ui->fromCheck->isChecked());
    m_ui->toDate->setEnabled(m_ui->toCheck->isEnabled() && m_ui->toCheck->isChecked());
    formatChanged();
}

void ExportReportDialog::propose(const contract::ReportQuery &query)
{
    choose(m_ui->reportCombo, contract::ReportQuery::name(query.kind));
    reportChanged();
    const auto day = [](qint64 ms) { return QDateTime::fromMSecsSinceEpoch(ms, QTimeZone::utc()).date(); };
    m_ui->fromCheck->setChecked(query.from > 0);
    if (query.from > 0)
        m_ui->fromDate->setDate(day(query.from));
    m_ui->toCheck->setChecked(query.to > 0);
    if (query.to > 0)
        m_ui->toDate->setDate(day(query.to));
    m_ui->siteEdit->setText(query.site);
    choose(m_ui->providerCombo, query.provider);
    choose(m_ui->statusCombo, query.status);
    choose(m_ui->methodCombo, query.billingMethod);
    m_ui->cloudAccountEdit->setText(query.cloudAccountId);
}

void ExportReportDialog::formatChanged()
{
    const QString format = m_ui->formatCombo->currentData().toString();
    m_ui->bomCheck->setEnabled(format == reports::formatName(ReportFormat::Csv));
    // The file name follows the report and the format, in the last folder used.
    QString folder = QFileInfo(m_ui->destinationEdit->text()).absolutePath();
    if (m_ui->destinationEdit->text().isEmpty())
        folder = settings::exportReportFolder().get(
            QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation));
    const QString name = QStringLiteral("%1-%2.%3")
                             .arg(m_ui->reportCombo->currentData().toString(),
                                  QDate::currentDate().toString(Qt::ISODate), format);
    m_ui->destinationEdit->setText(QDir::toNativeSeparators(QDir(folder).filePath(name)));
}

void ExportReportDialog::browse()
{
    const QString format = m_ui->formatCombo->currentData().toString();
    const QString chosen =
        QFileDialog::getSaveFileName(this, tr("Save Report As"), m_ui->destinationEdit->text(),
                                     tr("%1 files (*.%2)").arg(format.toUpper(), format));
    if (!chosen.isEmpty())
        m_ui->destinationEdit->setText(QDir::toNativeSeparators(chosen));
}

reports::ReportRequest ExportReportDialog::request() const
{
    reports::ReportRequest request;
    request.query.kind = contract::ReportQuery::kindNamed(m_ui->reportCombo->currentData().toString())
                             .value_or(contract::ReportKind::Subscriptions);
    const QStringList &takes = contract::ReportQuery::filters(request.query.kind);
    const auto taken = [&](const char *parameter) { return takes.contains(QLatin1String(parameter)); };
    if (taken("from") && m_ui->fromCheck->isChecked())
        request.query.from = startOfDay(m_ui->fromDate->date());
    if (taken("to") && m_ui->toCheck->isChecked())
        request.query.to = startOfDay(m_ui->toDate->date());
    if (taken("site"))
        request.query.site = m_ui->siteEdit->text().trimmed();
    if (taken("provider"))
        request.query.provider = m_ui->providerCombo->currentData().toString();
    if (taken("status"))
        request.query.status = m_ui->statusCombo->currentData().toString();
    if (taken("billing_method"))
        request.query.billingMethod = m_ui->methodCombo->currentData().toString();
    if (taken("cloud_account_id"))
        request.query.cloudAccountId = m_ui->cloudAccountEdit->text().trimmed();
    request.format =
        reports::formatNamed(m_ui->formatCombo->currentData().toString()).value_or(ReportFormat::Csv);
    request.path = QDir::fromNativeSeparators(m_ui->destinationEdit->text().trimmed());
    request.options.csvByteOrderMark = m_ui->bomCheck->isChecked();
    request.generatedBy = m_connection.staffName;
    request.snapshot = m_connection.snapshot;
    return request;
}

void ExportReportDialog::startExport()
{
    const reports::ReportRequest r = request();
    if (r.path.isEmpty() || QFileInfo(r.path).isDir()) {
        m_ui->statusLabel->setText(tr("Choose the file to save the report as."));
        m_ui->destinationEdit->setFocus();
        return;
    }
    if (r.query.from > 0 && r.query.to > 0 && r.query.from >= r.query.to) {
        m_ui->statusLabel->setText(tr("The period must end after it starts."));
        m_ui->toDate->setFocus();
        return;
    }
    settings::exportReportKind().set(contract::ReportQuery::name(r.query.kind));
    settings::exportReportFormat().set(reports::formatName(r.format));
    settings::exportReportFolder().set(QFileInfo(r.path).absolutePath());
    settings::exportReportCsvBom().set(r.options.csvByteOrderMark);

    m_job = std::make_unique<reports::ReportExport>(r, m_connection.platform);
    connect(m_job.get(), &reports::ReportExport::progressed, this, [this](qint64 rows) {
        m_ui->statusLabel->setText(tr("Exporting… %1 rows so far.").arg(QLocale().toString(rows)));
    });
    connect(m_job.get(), &reports::ReportExport::finished, this, &ExportReportDialog::exportFinished);
    m_openFolder->hide();
    m_ui->statusLabel->setText(tr("Exporting…"));
    setBusy(true);
    m_job->start();
}

void ExportReportDialog::exportFinished(bool succeeded, bool cancelled, const QString &message, qint64 rows)
{
    setBusy(false);
    const QString path = m_job ? m_job->request().path : QString();
    if (succeeded) {
        m_written = path;
        m_ui->statusLabel->setText(
            tr("Saved %1 rows to %2.").arg(QLocale().toString(rows), QDir::toNativeSeparators(path)));
        m_openFolder->show();
        m_openFolder->setFocus();
    } else if (cancelled) {
        m_ui->statusLabel->setText(tr("Export cancelled; no file was written."));
    } else {
        m_ui->statusLabel->setText(tr("The export failed; no file was written. %1").arg(message));
    }
}

void ExportReportDialog::setBusy(bool busy)
{
    m_ui->progress->setVisible(busy);
    m_export->setEnabled(!busy);
    m_ui->filtersGroup->setEnabled(!busy);
    for (QWidget *w :
         {static_cast<QWidget *>(m_ui->reportCombo), static_cast<QWidget *>(m_ui->formatCombo),
          static_cast<QWidget *>(m_ui->destinationEdit), static_cast<QWidget *>(m_ui->browseButton)})
        w->setEnabled(!busy);
    m_ui->bomCheck->setEnabled(!busy && m_ui->formatCombo->currentData().toString() ==
                                            reports::formatName(ReportFormat::Csv));
    QPushButton *close = m_ui->buttons->button(QDialogButtonBox::Close);
    close->setText(busy ? tr("&Cancel Export") : tr("&Close"));
}

void ExportReportDialog::reject()
{
    if (m_job && m_job->isRunning()) {
        m_ui->statusLabel->setText(tr("Cancelling…"));
        m_job->cancel();
        return;
    }
    QDialog::reject();
}

} // namespace billing::ui
