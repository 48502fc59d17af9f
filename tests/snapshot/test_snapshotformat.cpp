// SPDX-License-Identifier: Apache-2.0
// The audit snapshot file format on its own: files the platform's domain writes, read back with the
// console's reader, verifier and diff, altered as someone with the file and the sqlite3 shell would.
#include "foundation/contract/vocabulary.h"
#include "foundation/snapshot/keyannouncement.h"
#include "foundation/snapshot/signingkey.h"
#include "foundation/snapshot/snapshotdiff.h"
#include "foundation/snapshot/snapshotfile.h"
#include "foundation/snapshot/snapshotschema.h"
#include "foundation/snapshot/snapshotstructure.h"
#include "foundation/snapshot/snapshotverifier.h"
#include "foundation/snapshot/sqlitefile.h"
#include "platform/domain/billingplatform.h"
#include "platform/store/snapshotstore.h"
#include "tests/support/domainplatform.h"
#include "tests/support/snapshottampering.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSqlQuery>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace billing;
namespace v = contract::vocabulary;

namespace {

// Snapshots of a 1,000-workspace platform, made in a folder of the test's own.
class SnapshotFormat : public test::DomainTest<1000, 3>
{
protected:
    SnapshotFormat() { platform->snapshots().setDirectory(m_made.filePath(QStringLiteral("snapshots"))); }
    static contract::StaffUser console()
    {
        return {1, QStringLiteral("console"), v::StaffRole::Admin, 0, 0, 0};
    }

    // A snapshot as the platform makes one.
    QString snapshot()
    {
        auto made = platform->snapshots().create({}, console(), QStringLiteral("req-snapshot"));
        EXPECT_TRUE(made.ok()) << made.problem().message().toStdString();
        return made.ok() ? made->path : QString();
    }
    snapshot::SnapshotVerification verify(const QString &path)
    {
        const QString pinned = platform->snapshots().signingKey()->fingerprint;
        return snapshot::SnapshotVerifier::verify(path,
                                                  [pinned](const QString &) { return QStringList{pinned}; });
    }
    // A copy of `path` changed by `sql`.
    QString altered(const QString &path, const QByteArray &sql)
    {
        const QString copy = m_files.filePath(QStringLiteral("altered-%1.snapshot").arg(++m_copies));
        QFile::copy(path, copy);
        auto file = snapshot::SqliteFile::open(copy, snapshot::SqliteFile::Mode::Create);
        EXPECT_TRUE(file.ok());
        EXPECT_TRUE((*file)->exec(sql).ok()) << sql.toStdString();
        return copy;
    }
    // The manifest rewritten by `edit` and signed again by `key`: a forger's best effort.
    QString resigned(const QString &path, const std::function<void(QJsonObject &)> &edit,
                     const snapshot::SigningKey &key)
    {
        auto opened = snapshot::SnapshotFile::open(path);
        EXPECT_TRUE(opened.ok());
        QJsonObject manifest = (*opened)->manifest().toJson();
        edit(manifest);
        const QByteArray body = QJsonDocument(manifest).toJson(QJsonDocument::Compact);
        return altered(path, "UPDATE manifest SET body = '" + body + "', signature = '" +
                                 key.sign(body).toBase64() + "', public_key = '" +
                                 key.publicKey().toBase64() + "'");
    }
    static QStringList codes(const snapshot::SnapshotVerification &verification)
    {
        QStringList codes;
        for (const auto &problem : verification.problems)
            codes << problem.code;
        return codes;
    }
    // Every row of a report, as cells.
    static QList<QStringList>
    rows(const std::function<contract::Result<qint64>(const contract::ReportRowSink &)> &report)
    {
        QList<QStringList> all;
        const auto read = report([&](const contract::ReportCells &row) {
            all.append(row.texts());
            return true;
        });
        EXPECT_TRUE(read.ok()) << read.problem().message().toStdString();
        return all;
    }

    QTemporaryDir m_made;
    QTemporaryDir m_files;
    int m_copies = 0;
};

} // namespace

TEST_P(SnapshotFormat, EveryAlterationIsFoundAndNamed)
{
    const QString path = snapshot();
    EXPECT_TRUE(verify(path).intact()) << codes(verify(path)).join(", ").toStdString();
    const qint64 last =
        pick("SELECT MAX(seq) FROM audit_events WHERE action <> 'snapshot.create'").toLongLong();

    auto found = verify(altered(
        path, "UPDATE workspaces SET billing_method = 'credit_card' WHERE billing_method <> 'credit_card' "
              "AND id = (SELECT MIN(id) FROM workspaces WHERE billing_method <> 'credit_card')"));
    ASSERT_EQ(codes(found), QStringList{"digest_mismatch"});
    EXPECT_EQ(found.problems.first().extra.value("table").toString(), QLatin1String("workspaces"));

    found = verify(altered(path, "UPDATE audit_events SET note = 'nothing to see' WHERE seq = 7"));
    ASSERT_EQ(codes(found), (QStringList{"audit_chain_broken", "digest_mismatch"}));
    EXPECT_EQ(found.problems.first().extra.value("seq").toInteger(), 7);
    EXPECT_TRUE(found.problems.first().detail.contains("altered"));

    found = verify(altered(path, "DELETE FROM audit_events WHERE seq = 5"));
    ASSERT_EQ(codes(found).first(), QLatin1String("audit_chain_broken"));
    EXPECT_EQ(found.problems.first().extra.value("seq").toInteger(), 5);
    EXPECT_TRUE(found.problems.first().detail.contains("missing"));

    // A cut-off tail: every remaining event still chains; only the signed end says what is gone.
    found = verify(
        altered(path, QStringLiteral("DELETE FROM audit_events WHERE seq > %1").arg(last - 3).toUtf8()));
    ASSERT_EQ(codes(found).first(), QLatin1String("audit_chain_broken"));
    EXPECT_TRUE(found.problems.first().detail.contains("cut off"));

    found = verify(altered(path, "UPDATE manifest SET body = replace(body, '\"created_by\":\"console\"', "
                                 "'\"created_by\":\"mallory\"')"));
    EXPECT_EQ(codes(found), QStringList{"signature_invalid"});

    // Re-signed with another key: the signature holds, the signer is not the pinned one.
    const auto forger = snapshot::SigningKey::generate();
    found = verify(resigned(
        path, [](QJsonObject &) {}, forger));
    EXPECT_EQ(codes(found), QStringList{"signer_not_pinned"});
    EXPECT_FALSE(found.signerPinned);

    found = verify(resigned(
        path, [](QJsonObject &m) { m.insert("format_version", snapshot::SnapshotSchema::FormatVersion + 1); },
        forger));
    EXPECT_EQ(codes(found), QStringList{"snapshot_format_too_new"});

    // The metering ledger is digested like every table: one hour's quantity changed is named.
    found = verify(altered(path, "UPDATE metering_records SET quantity = quantity + 1 WHERE id = "
                                 "(SELECT MIN(id) FROM metering_records)"));
    ASSERT_EQ(codes(found), QStringList{"digest_mismatch"});
    EXPECT_EQ(found.problems.first().extra.value("table").toString(), QLatin1String("metering_records"));
    // Claiming the file is of format 1 (no ledger to check) takes a new signature: the pinned key's.
    found = verify(resigned(
        path, [](QJsonObject &m) { m.insert("format_version", 1); }, forger));
    EXPECT_TRUE(codes(found).contains("signer_not_pinned"));
    EXPECT_TRUE(codes(found).contains("schema_altered")); // and its ledger is a table format 1 lacks
}

TEST_P(SnapshotFormat, TheMeteringLedgerIsInTheSnapshotRowForRowAndItsPeriodBoundsIt)
{
    const qint64 records = number("SELECT COUNT(*) FROM metering_records");
    ASSERT_GT(records, 0); // the seed's usage history
    auto file = snapshot::SnapshotFile::open(snapshot());
    ASSERT_TRUE(file.ok());
    EXPECT_EQ((*file)->manifest().formatVersion, snapshot::SnapshotSchema::FormatVersion);
    EXPECT_EQ((*file)->manifest().tables.value("metering_records").rows, records);
    // Row for row as the platform holds them, compared through the ledger's own columns.
    QStringList inPlatform;
    for (const QString &row : platform.column(QStringLiteral(
             "SELECT CAST(id AS TEXT) || '|' || cloud_account_id || '|' || CAST(hour AS TEXT) || '|' "
             "|| dimension || '|' || CAST(quantity AS TEXT) || '|' || state || '|' || allocations || "
             "'|' || marketplace_record_id FROM metering_records ORDER BY id")))
        inPlatform << row;
    QStringList inFile;
    auto statement = (*file)->sqlite().prepare(
        "SELECT id || '|' || cloud_account_id || '|' || hour || '|' || dimension || "
        "'|' || quantity || '|' || state || '|' || allocations || '|' || "
        "marketplace_record_id FROM metering_records ORDER BY id");
    ASSERT_TRUE(statement.ok());
    ASSERT_TRUE((*statement)
                    ->forEachRow([&](const snapshot::SqliteStatement &row) {
                        inFile << row.text(0);
                        return true;
                    })
                    .ok());
    EXPECT_EQ(inFile, inPlatform);

    // A snapshot of a period holds the hours metered in it, and no other.
    const qint64 from = number("SELECT MIN(hour) FROM metering_records") + 3600000;
    const qint64 to = from + 6 * 3600000;
    snapshot::SnapshotFilter period;
    period.auditFrom = from;
    period.auditTo = to;
    auto made = platform->snapshots().create(period, console(), QStringLiteral("req-period"));
    ASSERT_TRUE(made.ok()) << made.problem().message().toStdString();
    EXPECT_TRUE(verify(made->path).intact()) << codes(verify(made->path)).join(", ").toStdString();
    auto bounded = snapshot::SnapshotFile::open(made->path);
    ASSERT_TRUE(bounded.ok());
    const qint64 inPeriod =
        number(QStringLiteral("SELECT COUNT(*) FROM metering_records WHERE hour >= %1 AND hour < %2")
                   .arg(from)
                   .arg(to));
    ASSERT_GT(inPeriod, 0);
    ASSERT_LT(inPeriod, records);
    EXPECT_EQ((*bounded)->manifest().tables.value("metering_records").rows, inPeriod);
    contract::ReportQuery metered;
    metered.kind = contract::ReportKind::MeteredUsage;
    const auto hours = rows([&](const contract::ReportRowSink &sink) {
        return (*bounded)->report(metered, (*bounded)->manifest().createdAt, sink);
    });
    EXPECT_EQ(hours.size(), inPeriod);
    metered.from = from;
    metered.to = to;
    EXPECT_EQ(hours,
              rows([&](const contract::ReportRowSink &sink) { return platform->report(metered, sink); }));
}

TEST_P(SnapshotFormat, TamperingWithTheFileAroundTheRowsIsNamedAndNothingIsReadFromIt)
{
    const QString path = snapshot();
    {
        auto whole = snapshot::SnapshotFile::open(path);
        ASSERT_TRUE(whole.ok());
        EXPECT_TRUE((*whole)->isReadable());
        EXPECT_EQ((*whole)->manifest().schemaSha256,
                  snapshot::SnapshotStructure::formatDigest(snapshot::SnapshotSchema::FormatVersion));
    }
    // What the rewritten index would hide: the site's cloud-billed workspaces, in its report.
    const QString site = pick("SELECT site FROM workspaces WHERE billing_method = 'cloud_account' "
                              "GROUP BY site ORDER BY COUNT(*) DESC LIMIT 1");
    contract::ReportQuery bySite;
    bySite.site = site;
    const auto reportOf = [&](snapshot::SnapshotFile &file) {
        return file.report(bySite, platform->clock().nowMs(),
                           [](const contract::ReportCells &) { return true; });
    };
    auto whole = snapshot::SnapshotFile::open(path);
    const auto wholeRows = reportOf(**whole);
    ASSERT_TRUE(wholeRows.ok());
    EXPECT_GT(*wholeRows, pick(QStringLiteral("SELECT COUNT(*) FROM workspaces WHERE site = '%1' AND "
                                              "billing_method <> 'cloud_account'")
                                   .arg(site))
                              .toLongLong());

    for (const test::SnapshotTampering &tampering : test::SnapshotTamperings::all()) {
        SCOPED_TRACE(tampering.name.toStdString());
        const QString copy = m_files.filePath(QStringLiteral("tampered-%1.snapshot").arg(++m_copies));
        ASSERT_TRUE(test::SnapshotTamperings::apply(tampering, path, copy));
        const auto found = verify(copy);
        EXPECT_FALSE(found.intact());
        const bool named = std::any_of(found.problems.begin(), found.problems.end(),
                                       [&](const auto &p) { return p.detail.contains(tampering.named); });
        EXPECT_TRUE(named) << codes(found).join(", ").toStdString() << ": "
                           << found.problems.value(0).detail.toStdString();
        EXPECT_TRUE(found.signatureValid); // the manifest was never touched

        // Opened to be named, never read: no page, no report, no comparison.
        auto tampered = snapshot::SnapshotFile::open(copy);
        ASSERT_TRUE(tampered.ok()) << tampered.problem().message().toStdString();
        EXPECT_FALSE((*tampered)->isReadable());
        const auto page = (*tampered)->workspaces({});
        ASSERT_FALSE(page.ok());
        EXPECT_EQ(page.problem().code, QLatin1String("snapshot_altered"));
        EXPECT_TRUE(page.problem().detail.contains(tampering.named)) << page.problem().detail.toStdString();
        const auto report = reportOf(**tampered);
        ASSERT_FALSE(report.ok());
        EXPECT_EQ(report.problem().code, QLatin1String("snapshot_altered"));
        EXPECT_FALSE((*tampered)->account(QStringLiteral("acct-000001")).ok());
        const auto compared = snapshot::SnapshotDiff::compare(path, copy, {});
        ASSERT_FALSE(compared.ok());
        EXPECT_EQ(compared.problem().code, QLatin1String("snapshot_altered"));
    }

    // A key changed in place, with a hex editor: the table's order is broken, so a lookup by id misses
    // rows a scan shows. SQLite's integrity check names it (and the digest, the changed row).
    QFile original(path);
    ASSERT_TRUE(original.open(QIODevice::ReadOnly));
    QByteArray bytes = original.readAll();
    const qsizetype at = bytes.indexOf("ws-0000500");
    ASSERT_GT(at, 0);
    bytes.replace(at, 10, "ws-0000999");
    QFile edited(m_files.filePath(QStringLiteral("edited.snapshot")));
    ASSERT_TRUE(edited.open(QIODevice::WriteOnly));
    edited.write(bytes);
    edited.close();
    const auto outOfOrder = verify(edited.fileName());
    ASSERT_FALSE(outOfOrder.problems.isEmpty());
    EXPECT_EQ(outOfOrder.problems.first().code, QLatin1String("file_damaged"));
    EXPECT_TRUE(outOfOrder.problems.first().detail.contains("PRIMARY KEY order"))
        << outOfOrder.problems.first().detail.toStdString();

    // A manifest that signs another schema than the file's (a forger's, so the signer is named too).
    const auto otherSchema = verify(resigned(
        path, [](QJsonObject &m) { m.insert("schema_sha256", QString(64, QLatin1Char('0'))); },
        snapshot::SigningKey::generate()));
    EXPECT_EQ(codes(otherSchema), (QStringList{"signer_not_pinned", "schema_altered"}));
    EXPECT_TRUE(otherSchema.problems.value(1).detail.contains("manifest signs"));
}

TEST_P(SnapshotFormat, FilesThatAreNotWholeSnapshotsAreNamedNotRead)
{
    const QString path = snapshot();
    QFile whole(path);
    ASSERT_TRUE(whole.open(QIODevice::ReadOnly));
    const QByteArray bytes = whole.readAll();

    const auto write = [this](const QString &name, const QByteArray &content) {
        QFile file(m_files.filePath(name));
        EXPECT_TRUE(file.open(QIODevice::WriteOnly));
        file.write(content);
        return file.fileName();
    };
    EXPECT_EQ(codes(verify(write("empty.snapshot", {}))), QStringList{"not_a_snapshot"});
    EXPECT_EQ(codes(verify(write("text.snapshot", "workspace,billing_method\n"))),
              QStringList{"not_a_snapshot"});
    EXPECT_EQ(codes(verify(write("header.snapshot", bytes.left(100)))), QStringList{"snapshot_unreadable"});
    // Cut at every tenth of its length: each is refused with a problem, none crashes or passes.
    for (int tenth = 1; tenth < 10; ++tenth) {
        const auto found = verify(
            write(QStringLiteral("cut-%1.snapshot").arg(tenth), bytes.left(bytes.size() * tenth / 10)));
        EXPECT_FALSE(found.intact()) << "cut at " << tenth << "/10";
        EXPECT_FALSE(found.problems.isEmpty());
    }
    EXPECT_EQ(codes(verify(altered(path, "DROP TABLE manifest"))), QStringList{"not_a_snapshot"});
    const auto dropped = verify(altered(path, "DROP TABLE deployments"));
    ASSERT_FALSE(dropped.problems.isEmpty());
    EXPECT_EQ(dropped.problems.first().code, QLatin1String("schema_altered"));
    EXPECT_TRUE(dropped.problems.first().detail.contains("no table deployments"));
    EXPECT_EQ(codes(verify(altered(path, "DELETE FROM manifest"))), QStringList{"manifest_invalid"});
    EXPECT_EQ(codes(verify(altered(path, "UPDATE manifest SET body = '{not json'"))),
              QStringList{"manifest_invalid"});
}

TEST_P(SnapshotFormat, TwoSnapshotsCompareByWorkspace)
{
    const QString before = snapshot();
    const QString id = pick("SELECT id FROM workspaces WHERE status = 'active' ORDER BY id LIMIT 1");
    domain::ChangeRequest request;
    request.staff = console();
    request.requestId = request.idempotencyKey = QStringLiteral("lock-1");
    request.requestHash = "lock-1";
    const qint64 version = platform->workspace(id)->version;
    ASSERT_TRUE(platform->locks()
                    .lock(request, {{id, version}}, v::LockReason::AdminHold, {},
                          domain::WorkspaceLocks::Answer::Workspace)
                    .ok());
    const QString after = snapshot();

    QList<snapshot::WorkspaceChange> changes;
    const auto summary =
        snapshot::SnapshotDiff::compare(before, after, [&](const snapshot::WorkspaceChange &change) {
            changes.append(change);
            return true;
        });
    ASSERT_TRUE(summary.ok());
    EXPECT_EQ(summary->changed, 1);
    EXPECT_EQ(summary->lockChanged, 1);
    EXPECT_EQ(summary->added + summary->removed, 0);
    ASSERT_EQ(changes.size(), 1);
    EXPECT_EQ(changes.first().id, id);
    EXPECT_EQ(changes.first().statusAfter, QLatin1String("locked"));
    EXPECT_EQ(changes.first().lockReasonAfter, QLatin1String("admin_hold"));

    const auto removed = snapshot::SnapshotDiff::compare(
        before, altered(after, "DELETE FROM workspaces WHERE id = '" + id.toUtf8() + "'"), {});
    ASSERT_TRUE(removed.ok());
    EXPECT_EQ(removed->removed, 1);
    EXPECT_EQ(removed->changed, 0);
}

TEST_P(SnapshotFormat, RecordsReadBackAsThePlatformHoldsThem)
{
    auto file = snapshot::SnapshotFile::open(snapshot());
    ASSERT_TRUE(file.ok());
    // A workspace of every status, through the one row mapping both sides share.
    for (const QString &status : v::WorkspaceStatus::all()) {
        const QString id =
            pick("SELECT id FROM workspaces WHERE status = '" + status + "' ORDER BY id LIMIT 1");
        contract::WorkspaceQuery query;
        query.q = id;
        auto page = (*file)->workspaces(query);
        ASSERT_TRUE(page.ok());
        ASSERT_EQ(page->items.size(), 1) << id.toStdString();
        EXPECT_EQ(page->items.first().toJson(), platform->workspace(id)->toJson()) << id.toStdString();
    }
    // An owner with a card and one with credits; a cloud account of each marketplace.
    for (const QString &where : {QStringLiteral("card_brand <> ''"), QStringLiteral("credits_minor > 0"),
                                 QStringLiteral("linked_cloud_account_id IS NOT NULL")}) {
        const QString id = pick("SELECT id FROM accounts WHERE " + where + " ORDER BY id LIMIT 1");
        auto account = (*file)->account(id);
        ASSERT_TRUE(account.ok());
        ASSERT_TRUE(account->has_value()) << id.toStdString();
        EXPECT_EQ((*account)->toJson(), platform->account(id)->toJson()) << id.toStdString();
    }
    for (const QString &provider : v::Provider::all()) {
        const QString id =
            pick("SELECT id FROM cloud_accounts WHERE provider = '" + provider + "' ORDER BY id LIMIT 1");
        auto cloud = (*file)->cloudAccount(id);
        ASSERT_TRUE(cloud.ok());
        ASSERT_TRUE(cloud->has_value()) << id.toStdString();
        contract::CloudAccount live = platform->cloudAccount(id).value();
        // A snapshot keeps the account, not the counts of what is bound to it (those are the workspaces').
        live.boundWorkspaceCount = 0;
        live.boundBySite.clear();
        // Nor the entitlements the marketplace last answered: they are the marketplace's, kept apart.
        EXPECT_FALSE((*cloud)->entitlements.has_value());
        live.entitlements.reset();
        EXPECT_EQ((*cloud)->toJson(), live.toJson()) << id.toStdString();
    }
    auto none = (*file)->account(QStringLiteral("no-such-account"));
    ASSERT_TRUE(none.ok());
    EXPECT_FALSE(none->has_value());
}

TEST_P(SnapshotFormat, EveryCellIsCopiedAsStoredWithItsColumnsType)
{
    // Staff's free text as it may come: COPY's own escapes (tab, line ends, backslash, "\N", which is
    // not NULL), other control characters, CJK and emoji, and empty text.
    const QStringList texts{QStringLiteral("tab\there\nline\rreturn \\ back\\slash"), QStringLiteral("\\N"),
                            QStringLiteral("\\"), QString::fromUtf8("南京 — é 😀 \x01\x1f\x7f \\011"),
                            QStringLiteral("")};
    const QStringList ids =
        platform.column(QStringLiteral("SELECT id FROM workspaces ORDER BY id LIMIT %1").arg(texts.size()));
    ASSERT_EQ(ids.size(), texts.size());
    {
        auto db = platform->database().connection();
        ASSERT_TRUE(db.ok());
        for (qsizetype i = 0; i < texts.size(); ++i) {
            QSqlQuery update(*db);
            update.prepare(QStringLiteral("UPDATE workspaces SET name = ?, lock_note = ? WHERE id = ?"));
            update.addBindValue(texts.at(i));
            update.addBindValue(texts.at(texts.size() - 1 - i));
            update.addBindValue(ids.at(i));
            ASSERT_TRUE(update.exec());
        }
    }
    const QString unlinked =
        pick("SELECT id FROM accounts WHERE linked_cloud_account_id IS NULL ORDER BY id");
    ASSERT_FALSE(unlinked.isEmpty());

    auto file = snapshot::SqliteFile::open(snapshot(), snapshot::SqliteFile::Mode::ReadOnly);
    ASSERT_TRUE(file.ok());
    const auto stepped = [](snapshot::SqliteStatement &statement) {
        const auto row = statement.step();
        return row.ok() && *row;
    };
    auto cells = (*file)->prepare("SELECT name, lock_note FROM workspaces WHERE id = ?");
    ASSERT_TRUE(cells.ok());
    for (qsizetype i = 0; i < texts.size(); ++i) {
        (*cells)->bindText(1, ids.at(i).toUtf8());
        ASSERT_TRUE(stepped(**cells));
        EXPECT_EQ((*cells)->type(0), snapshot::SqliteStatement::Type::Text);
        EXPECT_EQ((*cells)->bytes(0), texts.at(i).toUtf8()) << i;
        EXPECT_EQ((*cells)->bytes(1), texts.at(texts.size() - 1 - i).toUtf8()) << i;
        (*cells)->reset();
    }
    // NULL stays NULL, on both backends alike.
    auto link = (*file)->prepare("SELECT linked_cloud_account_id IS NULL FROM accounts WHERE id = ?");
    ASSERT_TRUE(link.ok());
    (*link)->bindText(1, unlinked.toUtf8());
    ASSERT_TRUE(stepped(**link));
    EXPECT_EQ((*link)->integer(0), 1);
    // Each column holds its declared type: numbers as integers (compared and summed as numbers), text as
    // text.
    for (const snapshot::SnapshotTable &table : snapshot::SnapshotSchema::tables()) {
        for (const auto &[column, type] : table.columns) {
            auto others = (*file)->prepare("SELECT COUNT(*) FROM " + table.name + " WHERE typeof(" + column +
                                           ") NOT IN ('" + type.toLower() + "', 'null')");
            ASSERT_TRUE(others.ok());
            ASSERT_TRUE(stepped(**others));
            EXPECT_EQ((*others)->integer(0), 0) << table.name.toStdString() << '.' << column.toStdString();
        }
        // Every row (the trail up to the snapshot's own event, which follows it).
        auto rows = (*file)->prepare("SELECT COUNT(*), MAX(" + table.key + ") FROM " + table.name);
        ASSERT_TRUE(rows.ok());
        ASSERT_TRUE(stepped(**rows));
        const QString upTo = table.name == "audit_events"
                                 ? QStringLiteral(" WHERE seq <= %1").arg((*rows)->integer(1))
                                 : QString();
        EXPECT_EQ((*rows)->integer(0),
                  number("SELECT COUNT(*) FROM " + QString::fromLatin1(table.name) + upTo))
            << table.name.toStdString();
    }
}

TEST_P(SnapshotFormat, EveryReportFromASnapshotIsThePlatformsReportAsOfThatMoment)
{
    auto file = snapshot::SnapshotFile::open(snapshot());
    ASSERT_TRUE(file.ok());
    const qint64 at = (*file)->manifest().createdAt;
    for (const contract::ReportKind kind : contract::ReportQuery::kinds()) {
        contract::ReportQuery query;
        query.kind = kind;
        const auto live =
            rows([&](const contract::ReportRowSink &sink) { return platform->report(query, sink); });
        const auto fromFile =
            rows([&](const contract::ReportRowSink &sink) { return (*file)->report(query, at, sink); });
        EXPECT_GT(live.size(), 0) << contract::ReportQuery::name(kind).toStdString();
        EXPECT_EQ(fromFile, live) << contract::ReportQuery::name(kind).toStdString();
    }
    // Filters narrow both alike.
    contract::ReportQuery cloudBilled;
    cloudBilled.billingMethod = v::BillingMethod::CloudAccount;
    cloudBilled.site =
        pick("SELECT site FROM workspaces WHERE billing_method = 'cloud_account' ORDER BY id LIMIT 1");
    const auto live =
        rows([&](const contract::ReportRowSink &sink) { return platform->report(cloudBilled, sink); });
    EXPECT_GT(live.size(), 0);
    EXPECT_EQ(
        rows([&](const contract::ReportRowSink &sink) { return (*file)->report(cloudBilled, at, sink); }),
        live);
}

TEST_P(SnapshotFormat, RetentionDeletesWhatItNoLongerKeepsAuditedAndNeverWhatIsBeingDownloaded)
{
    const qint64 day = v::DayMs;
    // Four snapshots, a day apart: made at Now, Now+1d, Now+2d, Now+3d.
    QStringList ids;
    for (int i = 0; i < 4; ++i) {
        if (i > 0)
            platform.clock().advance(day);
        ids.prepend(QFileInfo(snapshot()).completeBaseName()); // newest first
    }
    const auto files = [&] {
        return QDir(platform->snapshots().directory())
            .entryList({"*"}, QDir::Files | QDir::Hidden, QDir::Name | QDir::Reversed);
    };
    const auto deletions = [&] {
        return number("SELECT COUNT(*) FROM audit_events WHERE action = 'snapshot.delete'");
    };
    // No retention set: nothing is ever deleted.
    platform.clock().advance(400 * day);
    auto swept = platform->scheduler().runDue();
    ASSERT_TRUE(swept.ok());
    EXPECT_EQ(swept->snapshotsDeleted, 0);
    EXPECT_EQ(files().size(), 4);

    // Keep the newest two; the oldest of them is being downloaded when the sweep comes.
    platform->snapshots().setRetention({2, 0});
    auto downloading = platform->snapshots().beginReading(ids.at(3));
    ASSERT_NE(downloading, nullptr);
    swept = platform->scheduler().runDue();
    ASSERT_TRUE(swept.ok());
    EXPECT_EQ(swept->snapshotsDeleted, 1);
    EXPECT_EQ(files(),
              (QStringList{ids.at(0) + ".snapshot", ids.at(1) + ".snapshot", ids.at(3) + ".snapshot"}))
        << "the third went; the fourth is being read";
    EXPECT_EQ(deletions(), 1);
    EXPECT_EQ(pick("SELECT target_id FROM audit_events WHERE action = 'snapshot.delete'"), ids.at(2));
    EXPECT_EQ(pick("SELECT actor FROM audit_events WHERE action = 'snapshot.delete'"),
              domain::Actor::Platform);
    downloading.reset(); // the download ends; the next sweep takes it
    swept = platform->scheduler().runDue();
    EXPECT_EQ(swept->snapshotsDeleted, 1);
    EXPECT_EQ(files(), (QStringList{ids.at(0) + ".snapshot", ids.at(1) + ".snapshot"}));
    EXPECT_EQ(platform->snapshots().beginReading(ids.at(3)), nullptr) << "a deleted snapshot cannot be read";
    EXPECT_FALSE(platform->snapshots().file(ids.at(3)).ok());

    // By age: older than 402 days (the clock is 403 days past the first, 400 past the newest).
    platform->snapshots().setRetention({0, 402 * day});
    swept = platform->scheduler().runDue();
    EXPECT_EQ(swept->snapshotsDeleted, 0) << "400 and 401 days old";
    platform.clock().advance(3 * day); // 403 and 404 days old
    swept = platform->scheduler().runDue();
    EXPECT_EQ(swept->snapshotsDeleted, 2);
    EXPECT_TRUE(files().isEmpty());
    EXPECT_EQ(deletions(), 4);
}

TEST_P(SnapshotFormat, TheSigningKeyLivesInAFileOfItsOwnAndNeverInTheDatabase)
{
    auto key = platform->snapshots().signingKey();
    ASSERT_TRUE(key.ok()) << key.problem().message().toStdString();
    const QString path = key->keyPath;
    EXPECT_TRUE(path.startsWith(m_made.path() + "/signing-keys/")) << path.toStdString();
    EXPECT_EQ(QFileInfo(path).permissions() &
                  (QFile::ReadGroup | QFile::ReadOther | QFile::WriteGroup | QFile::WriteOther),
              QFile::Permissions())
        << "readable by its owner only";
    EXPECT_EQ(pick("SELECT signing_key FROM platform_identity"), QString())
        << "a database backup cannot sign";
    EXPECT_EQ(pick("SELECT public_key FROM platform_identity"),
              QString::fromLatin1(key->publicKey.toBase64()));

    // A key file others may read is refused, not used.
    QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner | QFile::ReadOther);
    const auto exposed = platform->snapshots().signingKey();
    ASSERT_FALSE(exposed.ok());
    EXPECT_TRUE(exposed.problem().message().contains("chmod 600"))
        << exposed.problem().message().toStdString();
    QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner);

    // A database from before the key file: its key is moved into the file and erased from the database.
    const auto legacy = snapshot::SigningKey::fromPem(
        [&] {
            QFile file(path);
            EXPECT_TRUE(file.open(QIODevice::ReadOnly));
            return file.readAll();
        }(),
        {});
    ASSERT_TRUE(legacy.has_value());
    {
        auto db = platform->database().connection();
        ASSERT_TRUE(db.ok());
        QSqlQuery q(*db);
        ASSERT_TRUE(q.exec(QStringLiteral("UPDATE platform_identity SET signing_key = '%1', public_key = ''")
                               .arg(QString::fromLatin1(legacy->privateKey().toBase64()))));
    }
    ASSERT_TRUE(QFile::remove(path));
    const auto moved = platform->snapshots().signingKey();
    ASSERT_TRUE(moved.ok()) << moved.problem().message().toStdString();
    EXPECT_EQ(moved->fingerprint, key->fingerprint) << "the same key, now from its file";
    EXPECT_TRUE(QFileInfo::exists(path));
    EXPECT_EQ(pick("SELECT signing_key FROM platform_identity"), QString());

    // A missing key file stops signing, and says where the key should be.
    ASSERT_TRUE(QFile::rename(path, path + ".elsewhere"));
    const auto missing = platform->snapshots().signingKey();
    ASSERT_FALSE(missing.ok());
    EXPECT_TRUE(missing.problem().message().contains(path)) << missing.problem().message().toStdString();
    EXPECT_FALSE(platform->snapshots().create({}, console(), QStringLiteral("req")).ok());
}

TEST_P(SnapshotFormat, ARotatedKeyIsAnnouncedByTheOldOneAndOldSnapshotsStillVerify)
{
    const QString older = snapshot();
    const auto before = platform->snapshots().signingKey();
    ASSERT_TRUE(before.ok());
    const auto after = platform->snapshots().rotateKey(QStringLiteral("cli:test"));
    ASSERT_TRUE(after.ok()) << after.problem().message().toStdString();
    EXPECT_NE(after->fingerprint, before->fingerprint);
    ASSERT_EQ(after->announcements.size(), 1);
    const snapshot::KeyAnnouncement &announcement = after->announcements.first();
    EXPECT_EQ(announcement.previousFingerprint(), before->fingerprint);
    EXPECT_EQ(announcement.fingerprint(), after->fingerprint);
    EXPECT_TRUE(announcement.signatureValid());
    EXPECT_EQ(
        number(
            "SELECT COUNT(*) FROM audit_events WHERE action = 'snapshot.key_rotated' AND actor = 'cli:test'"),
        1);
    EXPECT_EQ(pick("SELECT signing_key FROM platform_identity"), QString());
    const QString newer = snapshot();

    const auto verifyTrusting = [](const QString &path, const QStringList &trusted) {
        return snapshot::SnapshotVerifier::verify(path, [trusted](const QString &) { return trusted; });
    };
    // A console that pinned the old key: the old snapshot verifies as before; the new one carries the
    // announcement, which leads from the old key to the new one.
    const auto old = verifyTrusting(older, {before->fingerprint});
    EXPECT_TRUE(old.intact()) << codes(old).join(", ").toStdString();
    const auto followed = verifyTrusting(newer, {before->fingerprint});
    EXPECT_TRUE(followed.intact()) << codes(followed).join(", ").toStdString();
    EXPECT_EQ(followed.keysFollowed, QStringList{after->fingerprint});
    // Having followed, it trusts both: old snapshots keep verifying against the key that signed them.
    EXPECT_TRUE(verifyTrusting(older, {before->fingerprint, after->fingerprint}).intact());
    // A console that trusts some other key gains nothing from the announcement.
    const QString stranger = snapshot::SigningKey::fingerprint(snapshot::SigningKey::generate().publicKey());
    EXPECT_EQ(codes(verifyTrusting(newer, {stranger})), QStringList{"signer_not_pinned"});

    // An announcement not signed by the trusted key leads nowhere.
    const snapshot::SigningKey forger = snapshot::SigningKey::generate();
    snapshot::KeyAnnouncement forged = snapshot::KeyAnnouncement::make(
        after->platformId, forger, snapshot::SigningKey::generate().publicKey(), test::TestPlatform::Now);
    forged.previousPublicKey = before->publicKey; // claims the old key, signed by another
    EXPECT_FALSE(forged.signatureValid());
    EXPECT_TRUE(
        snapshot::KeyAnnouncement::follow(after->platformId, {before->fingerprint}, {forged}).isEmpty());
    // Nor one for another platform.
    EXPECT_TRUE(
        snapshot::KeyAnnouncement::follow("platform-other", {before->fingerprint}, {announcement}).isEmpty());
}

// A file of format 1, as the platform wrote it before it kept a metering ledger (60 workspaces, made by
// auditor1 and signed by its platform's key; tests/snapshot/data/format-1.snapshot). It must go on
// verifying and reading as it was signed, and say that it holds no metered usage.
TEST(SnapshotFormatOne, AFileOfTheFirstFormatStillVerifiesReadsAndSaysItHoldsNoMeteredUsage)
{
    QTemporaryDir folder;
    const QString path = folder.filePath(QStringLiteral("format-1.snapshot"));
    ASSERT_TRUE(
        QFile::copy(QStringLiteral(BILLING_SOURCE_DIR "/tests/snapshot/data/format-1.snapshot"), path));
    QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    const auto verification = snapshot::SnapshotVerifier::verify(path, {});
    EXPECT_TRUE(verification.intact()) << verification.problems.value(0).detail.toStdString();
    EXPECT_TRUE(verification.signatureValid);
    ASSERT_TRUE(verification.manifest.has_value());
    EXPECT_EQ(verification.manifest->formatVersion, 1);
    EXPECT_FALSE(verification.manifest->tables.contains("metering_records"));
    EXPECT_EQ(verification.manifest->tables.size(), snapshot::SnapshotSchema::tables(1).size());

    auto file = snapshot::SnapshotFile::open(path);
    ASSERT_TRUE(file.ok());
    ASSERT_TRUE((*file)->isReadable());
    const auto page = (*file)->workspaces({});
    ASSERT_TRUE(page.ok());
    EXPECT_EQ(page->total, 60);
    const qint64 at = (*file)->manifest().createdAt;
    for (const contract::ReportKind kind : contract::ReportQuery::kinds()) {
        contract::ReportQuery query;
        query.kind = kind;
        qint64 seen = 0;
        const auto report =
            (*file)->report(query, at, [&](const contract::ReportCells &) { return ++seen > 0; });
        if (kind == contract::ReportKind::MeteredUsage) {
            ASSERT_FALSE(report.ok());
            EXPECT_EQ(report.problem().code, QLatin1String("not_in_snapshot"));
            EXPECT_TRUE(report.problem().detail.contains("format version 1"))
                << report.problem().detail.toStdString();
            EXPECT_EQ(seen, 0);
        } else {
            ASSERT_TRUE(report.ok()) << contract::ReportQuery::name(kind).toStdString();
            EXPECT_EQ(*report, seen);
            if (kind == contract::ReportKind::Subscriptions)
                EXPECT_EQ(seen, 60);
        }
    }

    // Still guarded as it was signed: a changed row is named, and a ledger smuggled into it is a
    // table its format does not define.
    const auto alter = [&](const QString &name, const QByteArray &sql) {
        const QString copy = folder.filePath(name);
        EXPECT_TRUE(QFile::copy(path, copy));
        auto sqlite = snapshot::SqliteFile::open(copy, snapshot::SqliteFile::Mode::Create);
        EXPECT_TRUE(sqlite.ok());
        EXPECT_TRUE((*sqlite)->exec(sql).ok()) << sql.toStdString();
        return snapshot::SnapshotVerifier::verify(copy, {});
    };
    const auto changed =
        alter(QStringLiteral("changed.snapshot"),
              "UPDATE workspaces SET name = 'renamed' WHERE id = (SELECT MIN(id) FROM workspaces)");
    ASSERT_EQ(changed.problems.size(), 1);
    EXPECT_EQ(changed.problems.first().code, QLatin1String("digest_mismatch"));
    const auto smuggled = alter(QStringLiteral("smuggled.snapshot"),
                                snapshot::SnapshotSchema::table("metering_records")->createStatement());
    ASSERT_FALSE(smuggled.intact());
    EXPECT_EQ(smuggled.problems.first().code, QLatin1String("schema_altered"));
    EXPECT_TRUE(smuggled.problems.first().detail.contains("metering_records"));
}

TEST(SigningKeyFile, ASealedKeyOpensOnlyWithItsPassphraseAndIsWrittenForItsOwnerOnly)
{
    const snapshot::SigningKey key = snapshot::SigningKey::generate();
    const QByteArray sealed = key.toPem("correct horse");
    EXPECT_TRUE(sealed.contains("ENCRYPTED PRIVATE KEY"));
    EXPECT_FALSE(sealed.contains(key.privateKey().toBase64()));
    ASSERT_TRUE(snapshot::SigningKey::fromPem(sealed, "correct horse").has_value());
    EXPECT_EQ(snapshot::SigningKey::fromPem(sealed, "correct horse")->publicKey(), key.publicKey());
    EXPECT_FALSE(snapshot::SigningKey::fromPem(sealed, "wrong").has_value());
    EXPECT_FALSE(snapshot::SigningKey::fromPem(sealed, {}).has_value()) << "never a prompt, never opened";
    EXPECT_EQ(snapshot::SigningKey::fromPem(key.toPem({}), {})->publicKey(), key.publicKey());

    QTemporaryDir dir;
    const QString path = dir.filePath("keys/k.pem");
    ASSERT_TRUE(store::SnapshotStore::writeKeyFile(path, key, "correct horse").ok());
    EXPECT_EQ(QFileInfo(path).permissions() &
                  ~(QFile::ReadOwner | QFile::WriteOwner | QFile::ReadUser | QFile::WriteUser),
              QFile::Permissions());
    EXPECT_FALSE(store::SnapshotStore::writeKeyFile(path, snapshot::SigningKey::generate(), {}).ok())
        << "never over another key file";
}

INSTANTIATE_TEST_SUITE_P(Backends, SnapshotFormat,
                         ::testing::Values(test::Backend::Sqlite, test::Backend::Postgres),
                         [](const auto &info) { return std::string(test::backendName(info.param)); });
