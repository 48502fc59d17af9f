// SPDX-License-Identifier: Apache-2.0
#include "foundation/snapshot/snapshotfile.h"
#include "foundation/snapshot/snapshotverifier.h"
#include "tests/support/changesapitest.h"

#include <QFile>
#include <QJsonArray>
#include <QTemporaryDir>

using namespace billing;
using billing::test::Backend;

namespace {

// POST /v1/snapshots and GET /v1/snapshots/{id} against a real platform, the files read back with
// the console's own reader and verifier.
class SnapshotApiTest : public test::ChangesApiTest
{
protected:
    test::HttpAnswer post(const QByteArray &body = {}, const QString &token = {})
    {
        return test::exchange("POST", test::endpoint(platform->url(), "/v1/snapshots"),
                              token.isNull() ? platform->adminToken() : token, body);
    }
    // Makes a snapshot and downloads it into the test's folder.
    QString snapshot(const QByteArray &filter = {})
    {
        const auto made = post(filter);
        EXPECT_EQ(made.status, 201) << made.body.toStdString();
        const auto file = test::exchange(
            "GET", test::endpoint(platform->url(), "/v1/snapshots/" + made.json.value("id").toString()),
            platform->adminToken());
        EXPECT_EQ(file.status, 200);
        const QString path = m_files.filePath(made.json.value("id").toString() + ".snapshot");
        QFile out(path);
        EXPECT_TRUE(out.open(QIODevice::WriteOnly));
        out.write(file.body);
        return path;
    }
    QString fingerprint()
    {
        return test::exchange("GET", test::endpoint(platform->url(), "/v1/snapshots/signing-key"),
                              platform->adminToken())
            .json.value("fingerprint")
            .toString();
    }
    snapshot::SnapshotVerification verify(const QString &path)
    {
        const QString pinned = fingerprint();
        return snapshot::SnapshotVerifier::verify(path,
                                                  [pinned](const QString &) { return QStringList{pinned}; });
    }
    static QStringList codes(const snapshot::SnapshotVerification &verification)
    {
        QStringList codes;
        for (const auto &problem : verification.problems)
            codes << problem.code;
        return codes;
    }

    QTemporaryDir m_files;
};

} // namespace

TEST_P(SnapshotApiTest, ASnapshotHoldsThePlatformAsOfOneMomentSignedAndVerifies)
{
    const qint64 workspaces = number("SELECT COUNT(*) FROM workspaces");
    const qint64 head = number("SELECT MAX(seq) FROM audit_events");
    const auto made = post();
    ASSERT_EQ(made.status, 201) << made.body.toStdString();
    const QJsonObject manifest = made.json.value("manifest").toObject();
    EXPECT_EQ(manifest.value("tables").toObject().value("workspaces").toObject().value("rows").toInteger(),
              workspaces);
    EXPECT_EQ(manifest.value("audit").toObject().value("platform_head_seq").toInteger(), head);
    EXPECT_EQ(manifest.value("audit").toObject().value("last_seq").toInteger(), head);
    EXPECT_EQ(manifest.value("created_by").toString(), QLatin1String("console"));
    EXPECT_EQ(made.json.value("signer_fingerprint").toString(), fingerprint());
    // Taking it is audited after the fact: the event follows the snapshot's head.
    EXPECT_EQ(pick(QStringLiteral("SELECT action FROM audit_events WHERE seq = %1").arg(head + 1)),
              QLatin1String("snapshot.create"));

    const QString path = snapshot(); // a second one, downloaded
    const auto verification = verify(path);
    EXPECT_TRUE(verification.intact()) << codes(verification).join(", ").toStdString();
    EXPECT_TRUE(verification.signerPinned);
    auto file = snapshot::SnapshotFile::open(path);
    ASSERT_TRUE(file.ok());
    // Cards keep brand and last 4 only: the format has no other card column.
    auto columns = (*file)->sqlite().prepare("SELECT name FROM pragma_table_info('accounts')");
    ASSERT_TRUE(columns.ok());
    QStringList names;
    while (*(*columns)->step())
        names << (*columns)->text(0);
    EXPECT_EQ(names.filter("card"), (QStringList{"card_brand", "card_last4"}));
    // The rows are the platform's: one workspace compared field by field.
    const QString id = pick("SELECT id FROM workspaces WHERE status = 'locked' ORDER BY id LIMIT 1");
    auto row = (*file)->sqlite().prepare(
        "SELECT billing_method, lock_reason, version FROM workspaces WHERE id = '" + id.toUtf8() + "'");
    ASSERT_TRUE(row.ok());
    ASSERT_TRUE(*(*row)->step());
    const QJsonObject live = workspace(id);
    EXPECT_EQ((*row)->text(0), live.value("billing_method").toString());
    EXPECT_EQ((*row)->text(1), live.value("lock").toObject().value("reason").toString());
    EXPECT_EQ((*row)->integer(2), live.value("version").toInteger());
}

TEST_P(SnapshotApiTest, ARangeOfTheTrailVerifiesFromItsFirstEvent)
{
    const QString path = snapshot(R"({"audit_from_seq": 10, "audit_to_seq": 20})");
    const auto verification = verify(path);
    EXPECT_TRUE(verification.intact()) << codes(verification).join(", ").toStdString();
    ASSERT_TRUE(verification.manifest);
    EXPECT_EQ(verification.manifest->tables.value("audit_events").rows, 11);
    EXPECT_EQ(verification.manifest->audit.firstSeq, 10);
    EXPECT_EQ(verification.manifest->audit.firstPrevHash,
              pick("SELECT hash FROM audit_events WHERE seq = 9"));
    EXPECT_EQ(verification.manifest->filter.auditToSeq, 20);
}

TEST_P(SnapshotApiTest, OnlyAuditorsAndAdminsTakeSnapshotsAndBadRequestsChangeNothing)
{
    const QString viewer = platform->addStaff("vera.viewer", "viewer");
    const QString auditor = platform->addStaff("aida.auditor", "auditor");
    for (const QString &token : {viewer, operatorToken}) {
        const auto refused = post({}, token);
        EXPECT_EQ(refused.status, 403);
        EXPECT_EQ(refused.json.value("required_roles").toArray(), (QJsonArray{"auditor", "admin"}));
    }
    const auto made = post({}, auditor);
    ASSERT_EQ(made.status, 201);
    const QString id = made.json.value("id").toString();
    EXPECT_EQ(test::exchange("GET", test::endpoint(platform->url(), "/v1/snapshots/" + id), viewer).status,
              403);
    EXPECT_EQ(test::exchange("GET", test::endpoint(platform->url(), "/v1/snapshots/" + id), auditor).status,
              200);
    EXPECT_EQ(
        test::exchange("GET", test::endpoint(platform->url(), "/v1/snapshots/signing-key"), viewer).status,
        200);
    EXPECT_EQ(
        test::exchange("GET", test::endpoint(platform->url(), "/v1/snapshots/signing-key"), QString()).status,
        401);

    const qint64 audit = auditCount();
    const QStringList before = QDir(platform->snapshotDirectory()).entryList(QDir::Files);
    const QList<QPair<QByteArray, QString>> bad{
        {"{not json", "body"},
        {R"({"audit_from_seq": "ten"})", "audit_from_seq"},
        {R"({"audit_from_seq": 0})", "audit_from_seq"},
        {R"({"audit_from": "yesterday"})", "audit_from"},
        {R"({"audit_from_seq": 9, "audit_to_seq": 3})", "audit_to_seq"},
        {R"({"workspaces": "all"})", "workspaces"}};
    for (const auto &[body, parameter] : bad) {
        const auto refused = post(body);
        EXPECT_EQ(refused.status, 400) << body.toStdString();
        EXPECT_EQ(refused.json.value("parameter").toString(), parameter) << body.toStdString();
    }
    EXPECT_EQ(auditCount(), audit);
    EXPECT_EQ(QDir(platform->snapshotDirectory()).entryList(QDir::Files), before);
    for (const QString &unknown : {QStringLiteral("snap-20260101T000000Z-00000000"),
                                   QStringLiteral("..%2Fplatform.sqlite"), QStringLiteral("nothing")}) {
        const auto missing =
            test::exchange("GET", test::endpoint(platform->url(), "/v1/snapshots/" + unknown), auditor);
        EXPECT_EQ(missing.status, 404) << unknown.toStdString();
    }
}

INSTANTIATE_TEST_SUITE_P(Backends, SnapshotApiTest, ::testing::Values(Backend::Sqlite, Backend::Postgres),
                         [](const auto &info) { return std::string(test::backendName(info.param)); });

TEST_P(SnapshotApiTest, ASnapshotsSearchFindsWhatThePlatformsFinds)
{
    auto file = snapshot::SnapshotFile::open(snapshot());
    ASSERT_TRUE(file.ok());
    // Wildcards are literal on both: "_" and "%" match only themselves.
    for (const QString &search : {QStringLiteral("ws-00001"), QStringLiteral("retail"), QStringLiteral("_"),
                                  QStringLiteral("%"), QStringLiteral("ws_0")}) {
        contract::WorkspaceQuery query;
        query.q = search;
        auto page = (*file)->workspaces(query);
        ASSERT_TRUE(page.ok());
        const auto live = test::exchange(
            "GET", test::endpoint(platform->url(), "/v1/workspaces?q=" + QUrl::toPercentEncoding(search)),
            platform->adminToken());
        EXPECT_EQ(page->total, live.json.value("total").toInteger()) << search.toStdString();
    }
}
