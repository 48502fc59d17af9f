// SPDX-License-Identifier: Apache-2.0
#include "console/reports/snapshotreportsource.h"

#include "console/models/billingtext.h"
#include "console/services/signingkeypins.h"
#include "foundation/snapshot/snapshotfile.h"
#include "foundation/snapshot/snapshotverifier.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

#include <pwd.h>
#include <unistd.h>

namespace billing::reports {

SnapshotReportSource::SnapshotReportSource(QString path)
    : m_path(std::move(path))
{
    // The manifest (read, not yet verified: start() does that) names the snapshot in the heading.
    if (auto file = snapshot::SnapshotFile::open(m_path)) {
        const snapshot::SnapshotManifest &manifest = (*file)->manifest();
        m_origin = QCoreApplication::translate("SnapshotReportSource", "snapshot %1 of %2, as of %3")
                       .arg(manifest.snapshotId, manifest.platformId,
                            models::BillingText::dateTime(manifest.createdAt));
    } else {
        m_origin = QCoreApplication::translate("SnapshotReportSource", "snapshot %1")
                       .arg(QDir::toNativeSeparators(m_path));
    }
}

QString SnapshotReportSource::localUser()
{
    const passwd *user = getpwuid(getuid());
    return user ? QString::fromLocal8Bit(user->pw_name) : QString();
}

void SnapshotReportSource::start(const contract::ReportQuery &query, RowHandler onRow, DoneHandler onDone)
{
    const auto verification = snapshot::SnapshotVerifier::verify(m_path, &services::SigningKeyPins::trusted);
    if (!verification.intact()) {
        contract::Problem problem = verification.problems.value(0);
        problem.detail = QCoreApplication::translate("SnapshotReportSource", "%1 does not verify: %2")
                             .arg(QDir::toNativeSeparators(m_path), problem.message());
        onDone(problem);
        return;
    }
    auto file = snapshot::SnapshotFile::open(m_path);
    if (!file) {
        onDone(file.problem());
        return;
    }
    auto read = (*file)->report(query, verification.manifest->createdAt,
                                [&](const contract::ReportCells &row) { return !m_cancelled && onRow(row); });
    if (m_cancelled)
        return;
    onDone(read ? std::nullopt : std::optional<contract::Problem>(read.problem()));
}

} // namespace billing::reports
