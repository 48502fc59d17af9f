// SPDX-License-Identifier: Apache-2.0
#include "console/services/snapshotreview.h"

#include "console/services/signingkeypins.h"

#include <QCoroFuture>
#include <QtConcurrent>

namespace billing::services {

using contract::Result;

Result<std::unique_ptr<SnapshotReview>> SnapshotReview::open(const QString &path)
{
    auto file = snapshot::SnapshotFile::open(path);
    if (!file)
        return file.problem();
    return std::unique_ptr<SnapshotReview>(new SnapshotReview(std::move(file).value()));
}

SnapshotReview::SnapshotReview(std::unique_ptr<snapshot::SnapshotFile> file)
    : m_path(file->path())
    , m_manifest(file->manifest())
    , m_file(std::move(file))
{
    m_reads.setMaxThreadCount(1);
}

SnapshotReview::~SnapshotReview()
{
    m_closing->store(true);
    m_reads.clear();
    m_reads.waitForDone();
}

QCoro::Task<Result<contract::Page<contract::Workspace>>> SnapshotReview::page(contract::WorkspaceQuery query)
{
    // The future is named first: GCC 12 destroys a lambda temporary inside a co_await expression twice.
    auto reading = QtConcurrent::run(&m_reads, [file = m_file, query] { return file->workspaces(query); });
    co_return co_await reading;
}

QCoro::Task<Result<contract::Page<contract::AuditEvent>>>
SnapshotReview::auditEvents(snapshot::SnapshotFile::AuditFilter filter)
{
    auto reading = QtConcurrent::run(&m_reads, [file = m_file, filter] { return file->auditEvents(filter); });
    co_return co_await reading;
}

QCoro::Task<Result<QStringList>> SnapshotReview::auditValues(QByteArray column)
{
    auto reading =
        QtConcurrent::run(&m_reads, [file = m_file, column] { return file->distinctAuditValues(column); });
    co_return co_await reading;
}

QCoro::Task<Result<std::optional<contract::Account>>> SnapshotReview::account(QString id)
{
    auto reading = QtConcurrent::run(&m_reads, [file = m_file, id] { return file->account(id); });
    co_return co_await reading;
}

QCoro::Task<Result<std::optional<contract::CloudAccount>>> SnapshotReview::cloudAccount(QString id)
{
    auto reading = QtConcurrent::run(&m_reads, [file = m_file, id] { return file->cloudAccount(id); });
    co_return co_await reading;
}

QCoro::Task<Result<SnapshotReview::Comparison>> SnapshotReview::compareWith(QString newerPath, int maxRows)
{
    auto reading =
        QtConcurrent::run([older = m_path, newerPath, maxRows, closing = m_closing]() -> Result<Comparison> {
            Comparison comparison;
            auto summary = snapshot::SnapshotDiff::compare(
                older, newerPath,
                [&](const snapshot::WorkspaceChange &change) {
                    if (comparison.changes.size() < maxRows)
                        comparison.changes.append(change);
                    return true;
                },
                closing.get());
            if (!summary)
                return summary.problem();
            comparison.summary = *summary;
            return comparison;
        });
    co_return co_await reading;
}

QCoro::Task<snapshot::SnapshotVerification> SnapshotReview::verify()
{
    auto reading = QtConcurrent::run([path = m_path, closing = m_closing] {
        auto verification = snapshot::SnapshotVerifier::verify(path, &SigningKeyPins::trusted, closing.get());
        // A rotation the file's own announcements prove, from a key already trusted: followed.
        if (verification.signerPinned && verification.manifest)
            SigningKeyPins::trust(verification.manifest->platformId, verification.keysFollowed);
        return verification;
    });
    co_return co_await reading;
}

} // namespace billing::services
