// SPDX-License-Identifier: Apache-2.0
// Any bytes as a snapshot file: opening, verifying and reading it must answer a problem or a result,
// never crash, hang or read out of bounds (issue 6, bad input). Seeded with a real small snapshot.
#include "foundation/snapshot/snapshotfile.h"
#include "foundation/snapshot/snapshotverifier.h"

#include <QFile>
#include <QTemporaryDir>

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("input.snapshot"));
    {
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return 0;
        file.write(reinterpret_cast<const char *>(data), qint64(size));
    }
    const auto verification = billing::snapshot::SnapshotVerifier::verify(
        path, [](const QString &) { return QStringList{QStringLiteral("SHA256:pinned")}; });
    (void)verification.intact();
    if (auto file = billing::snapshot::SnapshotFile::open(path)) {
        billing::contract::WorkspaceQuery query;
        query.sort = QStringLiteral("name");
        query.q = QStringLiteral("a");
        (void)(*file)->workspaces(query);
        (void)(*file)->auditEvents({});
        (void)(*file)->account(QStringLiteral("acct-0000001"));
        (void)(*file)->cloudAccount(QStringLiteral("ca-aws-00001"));
        (void)(*file)->distinctAuditValues("actor");
        for (const auto kind : billing::contract::ReportQuery::kinds()) {
            billing::contract::ReportQuery report;
            report.kind = kind;
            (void)(*file)->report(report, 0, [](const contract::ReportCells &) { return true; });
        }
    }
    return 0;
}
