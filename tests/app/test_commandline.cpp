// SPDX-License-Identifier: Apache-2.0
#include "foundation/snapshot/sqlitefile.h"
#include "tests/support/httpprobe.h"
#include "tests/support/snapshottampering.h"
#include "tests/support/testcertificates.h"
#include "tests/support/testplatform.h"

#include <QDir>
#include <QElapsedTimer>
#include <QImage>
#include <QJsonArray>
#include <QNetworkRequest>
#include <QProcess>
#include <QRegularExpression>
#include <QSqlQuery>
#include <QSslKey>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <gtest/gtest.h>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

namespace {

struct Outcome {
    int exitCode = -1;
    QString out;
    QString err;
};

Outcome run(const QString &program, const QStringList &arguments,
            const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment())
{
    QProcess process;
    process.setProcessEnvironment(env);
    process.start(program, arguments);
    EXPECT_TRUE(process.waitForFinished(120000)) << program.toStdString();
    return {process.exitCode(), QString::fromUtf8(process.readAllStandardOutput()),
            QString::fromUtf8(process.readAllStandardError())};
}

const QString Platform = QStringLiteral(BILLING_PLATFORM_BINARY);
const QString Console = QStringLiteral(BILLING_CONSOLE_BINARY);

void expectOneLineFailure(const Outcome &r)
{
    EXPECT_NE(r.exitCode, 0);
    EXPECT_EQ(r.err.trimmed().count('\n'), 0) << r.err.toStdString();
    EXPECT_FALSE(r.err.trimmed().isEmpty());
}

} // namespace

TEST(PlatformCommandLine, SeedsThenAddsStaffWhoseTokenIsTheLastLine)
{
    QTemporaryDir dir;
    const QString db = "sqlite:" + dir.filePath("p.sqlite");
    const Outcome seeded = run(Platform, {"seed", "--db", db, "--workspaces", "500", "--seed", "3"});
    ASSERT_EQ(seeded.exitCode, 0) << seeded.err.toStdString();
    EXPECT_TRUE(seeded.out.contains("seeded 500 workspaces"));
    const Outcome again = run(Platform, {"seed", "--db", db, "--workspaces", "500"});
    expectOneLineFailure(again);
    EXPECT_TRUE(again.err.contains("already holds workspaces"));

    const Outcome staff = run(Platform, {"staff", "add", "--db", db, "mia", "--role", "operator"});
    ASSERT_EQ(staff.exitCode, 0) << staff.err.toStdString();
    const QString token = staff.out.trimmed().split('\n').last();
    EXPECT_TRUE(token.startsWith("bcc_")) << token.toStdString();
    expectOneLineFailure(run(Platform, {"staff", "add", "--db", db, "mia", "--role", "operator"}));
    expectOneLineFailure(run(Platform, {"staff", "add", "--db", db, "max", "--role", "emperor"}));

    // serve on a free port prints where it listens; the token works there.
    QProcess serve;
    serve.start(Platform, {"serve", "--db", db, "--listen", "127.0.0.1:0"});
    ASSERT_TRUE(serve.waitForReadyRead(30000));
    const QString line = QString::fromUtf8(serve.readLine()).trimmed();
    const QRegularExpressionMatch match =
        QRegularExpression(R"(^listening on (http://127\.0\.0\.1:(\d+))$)").match(line);
    ASSERT_TRUE(match.hasMatch()) << line.toStdString();
    const auto answer =
        billing::test::exchange("GET", QUrl(match.captured(1) + "/v1/workspaces?limit=1"), token);
    EXPECT_EQ(answer.status, 200);
    EXPECT_EQ(answer.json.value("total").toInteger(), 500);

    // Managed while the platform serves: a rotated or revoked token is refused at once.
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("USER", "ops-lead");
    const QUrl session(match.captured(1) + "/v1/session");
    const Outcome rotated = run(Platform, {"staff", "rotate", "--db", db, "mia", "--expires-in", "1"}, env);
    ASSERT_EQ(rotated.exitCode, 0) << rotated.err.toStdString();
    const QString newToken = rotated.out.trimmed().split('\n').last();
    EXPECT_EQ(billing::test::exchange("GET", session, token).status, 401);
    const auto renewed = billing::test::exchange("GET", session, newToken);
    EXPECT_EQ(renewed.status, 200);
    EXPECT_EQ(renewed.json.value("role").toString(), "operator"); // the role stays
    EXPECT_FALSE(renewed.json.value("expires_at").toString().isEmpty());
    const Outcome listed = run(Platform, {"staff", "list", "--db", db});
    EXPECT_TRUE(QRegularExpression(R"(\nmia +operator +active, expires 20)").match(listed.out).hasMatch())
        << listed.out.toStdString();
    ASSERT_EQ(run(Platform, {"staff", "revoke", "--db", db, "mia"}, env).exitCode, 0);
    const auto revoked = billing::test::exchange("GET", session, newToken);
    EXPECT_EQ(revoked.status, 401);
    EXPECT_TRUE(revoked.json.value("detail").toString().contains("revoked"));
    EXPECT_TRUE(run(Platform, {"staff", "list", "--db", db})
                    .out.contains(QRegularExpression(R"(mia +operator +revoked )")));
    expectOneLineFailure(run(Platform, {"staff", "revoke", "--db", db, "mia"}));
    expectOneLineFailure(run(Platform, {"staff", "revoke", "--db", db, "nobody"}));
    expectOneLineFailure(run(Platform, {"staff", "rotate", "--db", db, "mia", "--role", "admin"}));
    expectOneLineFailure(
        run(Platform, {"staff", "add", "--db", db, "ivy", "--role", "viewer", "--expires-in", "0"}));
    expectOneLineFailure(run(Platform, {"staff", "list", "--db", db, "extra"}));
    serve.terminate();
    serve.waitForFinished(10000);

    // Each change is in the audit trail, by the operating-system user who ran the command.
    auto file = billing::snapshot::SqliteFile::open(dir.filePath("p.sqlite"),
                                                    billing::snapshot::SqliteFile::Mode::ReadOnly);
    ASSERT_TRUE(file.ok());
    auto rows =
        (*file)->prepare("SELECT actor || ' ' || action || ' ' || target_id FROM audit_events "
                         "WHERE action IN ('staff.add', 'staff.rotate', 'staff.revoke') ORDER BY seq");
    ASSERT_TRUE(rows.ok());
    QStringList changes;
    ASSERT_TRUE((*rows)
                    ->forEachRow([&](const billing::snapshot::SqliteStatement &row) {
                        changes << row.text(0);
                        return true;
                    })
                    .ok());
    ASSERT_EQ(changes.size(), 3) << changes.join(", ").toStdString();
    EXPECT_EQ(changes.mid(1),
              (QStringList{"cli:ops-lead staff.rotate mia", "cli:ops-lead staff.revoke mia"}));
    EXPECT_TRUE(changes.value(0).endsWith("staff.add mia"));
}

TEST(PlatformCommandLine, BadInputIsOneLineOnStderrAndANonZeroExit)
{
    expectOneLineFailure(run(Platform, {"frobnicate"}));
    expectOneLineFailure(
        run(Platform, {"seed", "--db", "sqlite:/nonexistent-dir/x.sqlite", "--workspaces", "10"}));
    expectOneLineFailure(run(Platform, {"seed", "--workspaces", "many"}));
    expectOneLineFailure(run(Platform, {"serve", "--listen", "localhost"}));
    expectOneLineFailure(
        run(Platform, {"serve", "--db", "postgresql://x:y@127.0.0.1:1/none", "--listen", "127.0.0.1:0"}));
    const Outcome help = run(Platform, {"--help"});
    EXPECT_EQ(help.exitCode, 0);
    EXPECT_TRUE(help.out.contains("staff add"));

    // A marketplace configuration others may read, or one missing a secret, stops the start with one line.
    QTemporaryDir dir;
    const auto config = [&](const QByteArray &json, QFileDevice::Permissions permissions) {
        QFile file(dir.filePath(QStringLiteral("marketplaces-%1.json").arg(int(permissions))));
        EXPECT_TRUE(file.open(QIODevice::WriteOnly));
        file.write(json);
        file.close();
        file.setPermissions(permissions);
        return file.fileName();
    };
    const QByteArray aws =
        R"({"aws": {"access_key_id": "AKID", "secret_access_key": "s", "product_code": "p"})";
    const QString db = "sqlite:" + dir.filePath("platform.sqlite");
    const auto serveWith = [&](const QString &file) {
        return run(Platform, {"serve", "--db", db, "--listen", "127.0.0.1:0", "--marketplace-config", file});
    };
    const Outcome readable = serveWith(
        config(aws + "}", QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadOther));
    expectOneLineFailure(readable);
    EXPECT_TRUE(readable.err.contains("chmod 600")) << readable.err.toStdString();
    const Outcome azure = serveWith(
        config(aws + R"(, "azure": {"tenant_id": "t", "client_id": "c"}})", QFileDevice::ReadOwner));
    expectOneLineFailure(azure);
    EXPECT_TRUE(azure.err.contains("azure.client_secret is required")) << azure.err.toStdString();
}

TEST(PlatformCommandLine, ASettingsFileGivesEveryCommandTheFlagsItDoesNotGiveItself)
{
    QTemporaryDir dir;
    const QString db = "sqlite:" + dir.filePath("platform.sqlite");
    const auto write = [&](const QString &name, const QByteArray &text) {
        QFile file(dir.filePath(name));
        EXPECT_TRUE(file.open(QIODevice::WriteOnly));
        file.write(text);
        return file.fileName();
    };
    const QString conf = write("platform.conf", "# the service's settings\n\ndb = " + db.toUtf8() +
                                                    "\nlisten = 127.0.0.1:0\n  snapshot-keep = 3\n");
    ASSERT_EQ(run(Platform, {"seed", "--config", conf, "--workspaces", "50"}).exitCode, 0);
    EXPECT_TRUE(QFile::exists(dir.filePath("platform.sqlite"))) << "seed used the file's database";
    const Outcome added = run(Platform, {"staff", "add", "--config", conf, "olga", "--role", "admin"});
    ASSERT_EQ(added.exitCode, 0) << added.err.toStdString();
    // The environment names the file when --config does not.
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("BILLING_PLATFORM_CONFIG", conf);
    EXPECT_TRUE(run(Platform, {"staff", "list"}, env).out.contains("olga"));
    // A flag given wins over the file.
    const Outcome elsewhere =
        run(Platform, {"staff", "list", "--config", conf, "--db", "sqlite:" + dir.filePath("other.sqlite")});
    EXPECT_FALSE(elsewhere.out.contains("olga")) << elsewhere.out.toStdString();

    // serve takes the file's listen address; a setting serve does not know stops it, named.
    QProcess serve;
    serve.start(Platform, {"serve", "--config", conf});
    ASSERT_TRUE(serve.waitForReadyRead(30000)) << serve.readAllStandardError().toStdString();
    EXPECT_TRUE(serve.readLine().startsWith("listening on http://127.0.0.1:"));
    serve.kill();
    serve.waitForFinished();
    const QString typo =
        write("typo.conf", "db = " + db.toUtf8() + "\nlisten = 127.0.0.1:0\nsnapshot-kep = 3\n");
    const Outcome refused = run(Platform, {"serve", "--config", typo});
    expectOneLineFailure(refused);
    EXPECT_TRUE(refused.err.contains("\"snapshot-kep\" is not a setting")) << refused.err.toStdString();
    const Outcome bad = run(Platform, {"staff", "list", "--config", write("bad.conf", "db sqlite:x\n")});
    expectOneLineFailure(bad);
    EXPECT_TRUE(bad.err.contains("bad.conf, line 1")) << bad.err.toStdString();
    expectOneLineFailure(run(Platform, {"staff", "list", "--config", dir.filePath("missing.conf")}));
}

TEST(PlatformCommandLine, UnderTheJournalEachLineCarriesItsLevel)
{
    // systemd names the stream it connected in JOURNAL_STREAM; a line then starts with its level.
    QTemporaryDir dir;
    const QString errors = dir.filePath("stderr");
    QFile(errors).open(QIODevice::WriteOnly);
    struct stat file {
    };
    ASSERT_EQ(::stat(QFile::encodeName(errors).constData(), &file), 0);
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("JOURNAL_STREAM", QStringLiteral("%1:%2").arg(file.st_dev).arg(file.st_ino));
    process.setProcessEnvironment(env);
    process.setStandardErrorFile(errors);
    process.start(Platform, {"staff", "list", "--db", "postgresql://nobody@127.0.0.1:1/none"});
    ASSERT_TRUE(process.waitForFinished(30000));
    QFile read(errors);
    ASSERT_TRUE(read.open(QIODevice::ReadOnly));
    const QByteArray said = read.readAll();
    EXPECT_TRUE(said.startsWith("<3>billing-platform: ")) << said.toStdString();
    // Anywhere else (a terminal, a file of one's own), plain lines.
    const Outcome plain = run(Platform, {"staff", "list", "--db", "postgresql://nobody@127.0.0.1:1/none"});
    EXPECT_TRUE(plain.err.startsWith("billing-platform: ")) << plain.err.toStdString();
}

// Behind a balancer every request comes from the balancer's address. Named with --trusted-proxy, its
// X-Forwarded-For says who the client is, so one client's wrong tokens do not block the others; from
// anyone else the header is the client's word and is ignored.
TEST(PlatformCommandLine, ATrustedBalancersForwardedForNamesTheClient)
{
    QTemporaryDir dir;
    const auto wrongTokens = [&](const QStringList &flags, const QString &name) {
        const QString db = "sqlite:" + dir.filePath(name + ".sqlite");
        EXPECT_EQ(run(Platform, {"seed", "--db", db, "--workspaces", "20"}).exitCode, 0);
        const QString token = run(Platform, {"staff", "add", "--db", db, "ada", "--role", "auditor"})
                                  .out.trimmed()
                                  .split('\n')
                                  .last();
        auto serve = std::make_unique<QProcess>();
        serve->start(Platform, QStringList{"serve", "--db", db, "--listen", "127.0.0.1:0"} + flags);
        EXPECT_TRUE(serve->waitForReadyRead(30000));
        const QUrl url(QString::fromUtf8(serve->readLine()).trimmed().section(' ', 2));
        const auto ask = [&](const QByteArray &client, const QString &bearer) {
            QNetworkRequest request(url.resolved(QUrl("/v1/workspaces?limit=1")));
            request.setRawHeader("Authorization", "Bearer " + bearer.toUtf8());
            request.setRawHeader("X-Forwarded-For", "198.51.100.1, " + client);
            return billing::test::exchange(request, "GET").status;
        };
        for (int i = 0; i < 10; ++i)
            EXPECT_EQ(ask("203.0.113.7", "bcc_wrong"), 401);
        const int sameClient = ask("203.0.113.7", "bcc_wrong");
        const int otherClient = ask("203.0.113.8", "bcc_wrong");
        const auto trail = billing::test::exchange(
            "GET", url.resolved(QUrl("/v1/audit-events?target=203.0.113.7&limit=100")), token);
        serve->terminate();
        serve->waitForFinished(10000);
        return std::tuple{sameClient, otherClient, trail.json.value("total").toInteger()};
    };
    const auto [trustedSame, trustedOther, trustedTrail] =
        wrongTokens({"--trusted-proxy", "127.0.0.1"}, "trusted");
    EXPECT_EQ(trustedSame, 429);
    EXPECT_EQ(trustedOther, 401) << "another client behind the balancer is not blocked";
    EXPECT_EQ(trustedTrail, 11) << "ten failures and the block, under the client's address";

    const auto [untrustedSame, untrustedOther, untrustedTrail] = wrongTokens({}, "untrusted");
    EXPECT_EQ(untrustedSame, 429);
    EXPECT_EQ(untrustedOther, 429) << "a header from an untrusted peer names nobody";
    EXPECT_EQ(untrustedTrail, 0);

    expectOneLineFailure(run(Platform, {"serve", "--db", "sqlite:" + dir.filePath("x.sqlite"), "--listen",
                                        "127.0.0.1:0", "--trusted-proxy", "balancer.example"}));
}

TEST(PlatformCommandLine, TheHeaderAndIdleDeadlinesAreSettings)
{
    QTemporaryDir dir;
    const QString db = "sqlite:" + dir.filePath("p.sqlite");
    ASSERT_EQ(run(Platform, {"seed", "--db", db, "--workspaces", "20"}).exitCode, 0);
    expectOneLineFailure(
        run(Platform, {"serve", "--db", db, "--listen", "127.0.0.1:0", "--header-timeout", "0"}));
    expectOneLineFailure(
        run(Platform, {"serve", "--db", db, "--listen", "127.0.0.1:0", "--idle-timeout", "soon"}));
    expectOneLineFailure(
        run(Platform, {"serve", "--db", db, "--listen", "127.0.0.1:0", "--snapshot-keep", "-1"}));
    expectOneLineFailure(
        run(Platform, {"serve", "--db", db, "--listen", "127.0.0.1:0", "--snapshot-max-age", "a week"}));

    QProcess serve;
    serve.start(Platform, {"serve", "--db", db, "--listen", "127.0.0.1:0", "--header-timeout", "2",
                           "--idle-timeout", "4"});
    ASSERT_TRUE(serve.waitForReadyRead(30000));
    const QUrl url(QString::fromUtf8(serve.readLine()).trimmed().section(' ', 2));
    QTcpSocket slow, idle;
    for (QTcpSocket *socket : {&slow, &idle}) {
        socket->connectToHost(url.host(), quint16(url.port()));
        ASSERT_TRUE(socket->waitForConnected(5000));
    }
    // A client that asks and does not read: a tiny receive window, more pipelined requests than the
    // kernel's buffers hold answers for.
    const int deaf = ::socket(AF_INET, SOCK_STREAM, 0);
    const int window = 4096;
    ::setsockopt(deaf, SOL_SOCKET, SO_RCVBUF, &window, sizeof window);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(quint16(url.port()));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(::connect(deaf, reinterpret_cast<sockaddr *>(&address), sizeof address), 0);
    const QByteArray ask("GET /v1/health HTTP/1.1\r\nHost: x\r\n\r\n");
    const QByteArray asks = ask.repeated(20000);
    qsizetype asked = 0;
    for (QElapsedTimer sending; asked < asks.size() && (!sending.isValid() || !sending.hasExpired(3000));) {
        if (!sending.isValid())
            sending.start();
        const ssize_t n =
            ::send(deaf, asks.constData() + asked, size_t(asks.size() - asked), MSG_DONTWAIT | MSG_NOSIGNAL);
        if (n > 0)
            asked += n;
        else
            QTest::qWait(20);
    }
    slow.write("GET /v1/health HTTP/1.1\r\nHost: x\r\n"); // and nothing more
    slow.flush();
    QElapsedTimer clock;
    clock.start();
    ASSERT_TRUE(slow.waitForDisconnected(6000));
    const qint64 slowClosed = clock.elapsed();
    EXPECT_GE(slowClosed, 1500);
    EXPECT_LE(slowClosed, 3500);
    ASSERT_TRUE(idle.waitForDisconnected(6000));
    EXPECT_GE(clock.elapsed(), 3500);
    // Each answer waits for its reader as long as an idle connection would, then the connection goes:
    // read at last, it ends before the answers do.
    QTest::qWait(5000);
    const timeval patience{5, 0};
    ::setsockopt(deaf, SOL_SOCKET, SO_RCVTIMEO, &patience, sizeof patience);
    QByteArray answers;
    char chunk[65536];
    ssize_t got = 0;
    while ((got = ::recv(deaf, chunk, sizeof chunk, 0)) > 0)
        answers.append(chunk, got);
    EXPECT_TRUE(got == 0 || errno == ECONNRESET) << "the connection is still open";
    EXPECT_LT(answers.count("HTTP/1.1 "), asked / ask.size()) << "a client that does not read was waited for";
    ::close(deaf);
    serve.kill();
    serve.waitForFinished();
}

TEST(PlatformCommandLine, SighupServesARenewedCertificateWithoutDroppingConnectionsAndKeysMayBeEncrypted)
{
    QTemporaryDir dir;
    const QString db = "sqlite:" + dir.filePath("p.sqlite");
    ASSERT_EQ(run(Platform, {"seed", "--db", db, "--workspaces", "20"}).exitCode, 0);
    const billing::test::TestCertificates authority;
    const auto first = authority.issue({"127.0.0.1"});
    const auto renewed = authority.issue({"127.0.0.1"});
    const auto write = [&](const QString &name, const QByteArray &bytes) {
        QFile file(dir.filePath(name));
        ASSERT_TRUE(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(bytes);
    };
    const auto install = [&](const billing::test::TestCertificates::Issued &issued) {
        write("cert.pem", issued.certificatePem);
        write("key.pem", QSslKey(issued.keyPem, QSsl::Ec).toPem("horse battery"));
    };
    install(first);
    write("passphrase", "horse battery\n");
    write("wrong", "horse\n");
    const QStringList tls{"--tls-cert", dir.filePath("cert.pem"), "--tls-key", dir.filePath("key.pem")};
    const QStringList serveArguments = QStringList{"serve", "--db", db, "--listen", "127.0.0.1:0"} + tls;

    // An encrypted key without the passphrase, or with a wrong one, is one line and no server.
    const Outcome noPassphrase = run(Platform, serveArguments);
    expectOneLineFailure(noPassphrase);
    EXPECT_TRUE(noPassphrase.err.contains("encrypted")) << noPassphrase.err.toStdString();
    expectOneLineFailure(
        run(Platform, serveArguments + QStringList{"--tls-key-passphrase-file", dir.filePath("wrong")}));

    QProcess serve;
    serve.start(Platform,
                serveArguments + QStringList{"--tls-key-passphrase-file", dir.filePath("passphrase")});
    ASSERT_TRUE(serve.waitForReadyRead(30000)) << serve.readAllStandardError().toStdString();
    const QUrl url(QString::fromUtf8(serve.readLine()).trimmed().section(' ', 2));
    ASSERT_EQ(url.scheme(), "https");
    QSslConfiguration trust = QSslConfiguration::defaultConfiguration();
    trust.setCaCertificates(QSslCertificate::fromData(authority.authorityPem()));
    const auto connectTo = [&](QSslSocket &socket) {
        socket.setSslConfiguration(trust);
        socket.connectToHostEncrypted(url.host(), quint16(url.port()));
        EXPECT_TRUE(socket.waitForEncrypted(10000)) << socket.errorString().toStdString();
    };
    const QByteArray token = run(Platform, {"staff", "add", "--db", db, "ops", "--role", "viewer"})
                                 .out.trimmed()
                                 .section('\n', -1)
                                 .toUtf8();
    const auto healthOn = [&token](QSslSocket &socket) {
        socket.write("GET /v1/health HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token + "\r\n\r\n");
        // One whole answer (its head, then Content-Length bytes), so the next starts clean.
        QByteArray answer;
        qsizetype end = -1;
        qsizetype length = -1;
        while ((end < 0 || answer.size() < end + 4 + length) && socket.waitForReadyRead(5000)) {
            answer += socket.readAll();
            end = answer.indexOf("\r\n\r\n");
            static const QRegularExpression contentLength("Content-Length: (\\d+)",
                                                          QRegularExpression::CaseInsensitiveOption);
            if (const auto match = contentLength.match(QString::fromLatin1(answer.left(end)));
                match.hasMatch())
                length = match.captured(1).toLongLong();
        }
        return answer.startsWith("HTTP/1.1 200") && length >= 0 && answer.size() == end + 4 + length;
    };
    const QSslCertificate firstCertificate = QSslCertificate::fromData(first.certificatePem).first();
    const QSslCertificate renewedCertificate = QSslCertificate::fromData(renewed.certificatePem).first();
    QSslSocket before;
    connectTo(before);
    ASSERT_TRUE(healthOn(before));
    EXPECT_EQ(before.peerCertificate(), firstCertificate);

    // The certificate is renewed in place; SIGHUP.
    install(renewed);
    ::kill(pid_t(serve.processId()), SIGHUP);
    QSslSocket after;
    for (QElapsedTimer clock; !clock.isValid() || !clock.hasExpired(10000);) {
        if (!clock.isValid())
            clock.start();
        QSslSocket probe;
        connectTo(probe);
        if (probe.peerCertificate() == renewedCertificate)
            break;
        QTest::qWait(50);
    }
    connectTo(after);
    EXPECT_EQ(after.peerCertificate(), renewedCertificate) << "new connections get the renewed certificate";
    EXPECT_TRUE(healthOn(after));
    EXPECT_TRUE(healthOn(before)) << "a connection open before the reload is not dropped";

    // A reload that cannot read its files changes nothing: the renewed certificate stays in use.
    write("key.pem", "not a key");
    ::kill(pid_t(serve.processId()), SIGHUP);
    QByteArray said;
    for (QElapsedTimer clock;
         !said.contains("was not reloaded") && (!clock.isValid() || !clock.hasExpired(5000));) {
        if (!clock.isValid())
            clock.start();
        serve.waitForReadyRead(100);
        said += serve.readAllStandardError();
    }
    EXPECT_TRUE(said.contains("was not reloaded")) << said.toStdString();
    QSslSocket later;
    connectTo(later);
    EXPECT_EQ(later.peerCertificate(), renewedCertificate);
    EXPECT_TRUE(healthOn(later));
    serve.kill();
    serve.waitForFinished();
}

TEST(PlatformCommandLine, SigtermOrSigintStopsServeCleanlyAfterItStoresWhatItQueued)
{
    // A lock moves its workspace in the lists by status and update time, whose positions follow it and
    // are stored on a thread of their own; a stop by SIGTERM (systemd's) ends the event loop, so that
    // they are stored before the process goes and the next start reads them. SIGINT stops it too.
    QTemporaryDir dir;
    const QString db = "sqlite:" + dir.filePath("p.sqlite");
    ASSERT_EQ(run(Platform, {"seed", "--db", db, "--workspaces", "6000"}).exitCode, 0); // long lists
    const QString admin =
        run(Platform, {"staff", "add", "--db", db, "ada", "--role", "admin"}).out.trimmed().section('\n', -1);
    for (const int stop : {SIGTERM, SIGINT}) {
        QProcess serve;
        serve.start(Platform, {"serve", "--db", db, "--listen", "127.0.0.1:0"});
        ASSERT_TRUE(serve.waitForReadyRead(30000)) << serve.readAllStandardError().toStdString();
        const QUrl url(QString::fromUtf8(serve.readLine()).trimmed().section(' ', 2));
        const auto active = billing::test::exchange(
            "GET", url.resolved(QUrl("/v1/workspaces?status=active&sort=id&limit=1")), admin);
        const QString id = active.json.value("items").toArray().first().toObject().value("id").toString();
        const auto one = billing::test::exchange("GET", url.resolved(QUrl("/v1/workspaces/" + id)), admin);
        QNetworkRequest lock(url.resolved(QUrl("/v1/workspaces/" + id + "/lock")));
        lock.setRawHeader("Authorization", "Bearer " + admin.toUtf8());
        lock.setRawHeader("If-Match", one.etag);
        lock.setRawHeader("Idempotency-Key", "lock-" + QByteArray::number(stop));
        lock.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
        const auto locked =
            billing::test::exchange(lock, "POST", R"({"reason": "admin_hold", "note": "Chargeback"})");
        ASSERT_EQ(locked.status, 200) << locked.body.toStdString();

        ::kill(pid_t(serve.processId()), stop);
        ASSERT_TRUE(serve.waitForFinished(10000)) << "still running after " << stop;
        EXPECT_EQ(serve.exitStatus(), QProcess::NormalExit);
        EXPECT_EQ(serve.exitCode(), 0);
        EXPECT_TRUE(serve.readAllStandardError().contains(stop == SIGTERM ? "SIGTERM: stopping"
                                                                          : "SIGINT: stopping"));

        // The lists' stored positions hold for the data as it is now.
        auto file = billing::snapshot::SqliteFile::open(dir.filePath("p.sqlite"),
                                                        billing::snapshot::SqliteFile::Mode::ReadOnly);
        ASSERT_TRUE(file.ok());
        for (const char *column : {"status", "updated_at"}) {
            auto holds = (*file)->prepare(
                QStringLiteral(
                    "SELECT COUNT(*) FROM page_positions WHERE list_key = replace(hex(zeroblob(8)), "
                    "'00', char(31)) || char(30) || '%1' AND stamp = (SELECT SUM(changes) FROM "
                    "workspace_column_changes WHERE column_name = '%1')")
                    .arg(QLatin1String(column))
                    .toUtf8());
            ASSERT_TRUE(holds.ok());
            ASSERT_TRUE((*holds)->step().ok());
            EXPECT_EQ((*holds)->integer(0), 1) << column << " after " << stop;
        }
    }
}

TEST(ConsoleCommandLine, AnswersVersionAndHelpWithoutADisplay)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove("DISPLAY");
    env.remove("WAYLAND_DISPLAY");
    env.remove("QT_QPA_PLATFORM");
    const Outcome version = run(Console, {"--version"}, env);
    EXPECT_EQ(version.exitCode, 0);
    EXPECT_TRUE(version.out.contains(BILLING_VERSION));
    const Outcome help = run(Console, {"--help"}, env);
    EXPECT_EQ(help.exitCode, 0);
    EXPECT_TRUE(help.out.contains("--platform"));
    const Outcome noDisplay = run(Console, {}, env);
    expectOneLineFailure(noDisplay);
    EXPECT_TRUE(noDisplay.err.contains("xvfb-run"));
}

TEST(ConsoleCommandLine, ScreenshotOfTheEmbeddedDemoPlatform)
{
    QTemporaryDir dir;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("QT_QPA_PLATFORM", "offscreen");
    env.insert("XDG_CONFIG_HOME", dir.filePath("config"));
    const QString png = dir.filePath("console.png");
    const Outcome shot = run(
        Console, {"--data-dir", dir.filePath("data"), "--demo-workspaces", "3000", "--screenshot", png}, env);
    ASSERT_EQ(shot.exitCode, 0) << shot.err.toStdString();
    const QImage image(png);
    ASSERT_FALSE(image.isNull());
    EXPECT_GE(image.width(), 800);
    EXPECT_TRUE(QFile::exists(dir.filePath("data/embedded-platform.sqlite")));
    // A second start reuses the demo database instead of seeding again.
    const Outcome second = run(Console, {"--data-dir", dir.filePath("data"), "--screenshot", png}, env);
    EXPECT_EQ(second.exitCode, 0) << second.err.toStdString();

    const Outcome badPlatform = run(Console, {"--platform", "ftp://example", "--screenshot", png}, env);
    expectOneLineFailure(badPlatform);
}

TEST(PlatformCommandLine, SimulatePlaysAMarketplaceAgainstARunningPlatform)
{
    QTemporaryDir dir;
    const QString db = "sqlite:" + dir.filePath("p.sqlite");
    ASSERT_EQ(run(Platform, {"seed", "--db", db, "--workspaces", "200"}).exitCode, 0);
    const QString token = run(Platform, {"staff", "add", "--db", db, "ada", "--role", "admin"})
                              .out.trimmed()
                              .split('\n')
                              .last();
    const QString sim = dir.filePath("mp");
    const Outcome init = run(Platform, {"simulate", "init", "--dir", sim});
    ASSERT_EQ(init.exitCode, 0) << init.err.toStdString();
    EXPECT_TRUE(init.out.contains("--marketplace-trust " + sim + "/trust"));

    QProcess serve;
    serve.start(Platform,
                {"serve", "--db", db, "--listen", "127.0.0.1:0", "--marketplace-trust", sim + "/trust"});
    ASSERT_TRUE(serve.waitForReadyRead(30000));
    const QString url =
        QRegularExpression(R"((http://\S+))").match(QString::fromUtf8(serve.readLine())).captured(1);
    ASSERT_FALSE(url.isEmpty());
    const auto cloud = [&] {
        return billing::test::exchange("GET", QUrl(url + "/v1/cloud-accounts?q=Simulated%20Fabrikam"), token)
            .json.value("items")
            .toArray();
    };

    // Registration, then AWS confirms: each a signed message the platform accepts.
    const Outcome registered = run(Platform, {"simulate", "aws", "register", "--dir", sim, "--platform", url,
                                              "--customer", "X01CLISIM01", "--name", "Simulated Fabrikam"});
    ASSERT_EQ(registered.exitCode, 0) << registered.err.toStdString();
    ASSERT_EQ(cloud().size(), 1);
    EXPECT_EQ(cloud().first().toObject().value("sync_state").toString(), "syncing");
    const Outcome confirmed =
        run(Platform, {"simulate", "aws", "subscribe-success", "--dir", sim, "--platform", url, "--customer",
                       "X01CLISIM01", "--message-id", "cli-1"});
    ASSERT_EQ(confirmed.exitCode, 0) << confirmed.err.toStdString();
    EXPECT_EQ(cloud().first().toObject().value("subscription_state").toString(), "subscribed");
    EXPECT_EQ(cloud().first().toObject().value("sync_state").toString(), "synced");

    // Refusals are one line and a non-zero exit: an unknown action, another simulator's keys.
    expectOneLineFailure(run(Platform, {"simulate", "aws", "subscribe-maybe", "--dir", sim, "--platform", url,
                                        "--customer", "X01CLISIM01"}));
    const QString other = dir.filePath("other");
    ASSERT_EQ(run(Platform, {"simulate", "init", "--dir", other}).exitCode, 0);
    const Outcome forged = run(Platform, {"simulate", "aws", "unsubscribe-success", "--dir", other,
                                          "--platform", url, "--customer", "X01CLISIM01"});
    expectOneLineFailure(forged);
    EXPECT_TRUE(forged.err.contains("403")) << forged.err.toStdString();
    EXPECT_EQ(cloud().first().toObject().value("subscription_state").toString(), "subscribed")
        << "a forged message changes nothing";
    serve.terminate();
    serve.waitForFinished(10000);
}

namespace {

// billing-console report against a real platform on 127.0.0.1.
class ReportCommand : public ::testing::Test
{
protected:
    void SetUp() override
    {
        platform = std::make_unique<billing::test::TestPlatform>(billing::test::Backend::Sqlite, 1500);
        env.insert("BILLING_CONSOLE_TOKEN", platform->adminToken());
        env.insert("QT_QPA_PLATFORM", "offscreen");
    }
    Outcome report(QStringList arguments)
    {
        arguments = QStringList{"report"} + arguments + QStringList{"--platform", platform->url().toString()};
        return run(Console, arguments, env);
    }
    // The same with every file the console writes limited to `bytes`: a disk that fills up part-way.
    Outcome reportOnAFullDisk(QStringList arguments, qint64 bytes)
    {
        arguments = QStringList{QStringLiteral("--fsize=%1").arg(bytes), Console, "report"} + arguments +
                    QStringList{"--platform", platform->url().toString()};
        return run("prlimit", arguments, env);
    }
    // Nothing but what the test put there: no report, no partial file or temporary folder.
    static QStringList leftIn(const QTemporaryDir &dir)
    {
        return QDir(dir.path()).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot);
    }

    std::unique_ptr<billing::test::TestPlatform> platform;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
};

} // namespace

TEST_F(ReportCommand, WritesEachFormatAndExitsZeroSilently)
{
    QTemporaryDir dir;
    for (const char *format : {"csv", "xlsx", "pdf"}) {
        const QString out = dir.filePath(QStringLiteral("locked.%1").arg(format));
        const Outcome r = report({"locked", "--format", format, "--out", out});
        EXPECT_EQ(r.exitCode, 0) << r.err.toStdString();
        EXPECT_TRUE(r.err.isEmpty()) << "cron mails what a job prints: " << r.err.toStdString();
        EXPECT_GT(QFileInfo(out).size(), 0) << format;
    }
    QFile csv(dir.filePath("locked.csv"));
    ASSERT_TRUE(csv.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = csv.readAll().trimmed().split('\n');
    auto db = platform->directAccess()->database().connection();
    QSqlQuery q(*db);
    ASSERT_TRUE(q.exec("SELECT COUNT(*) FROM workspaces WHERE status = 'locked'") && q.next());
    EXPECT_EQ(lines.size() - 1, q.value(0).toInt());
    EXPECT_EQ(leftIn(dir).size(), 3) << leftIn(dir).join(", ").toStdString();

    // The format follows the file's suffix; filters are the API's, with dashes.
    const Outcome bySuffix =
        report({"subscriptions", "--out", dir.filePath("subs.xlsx"), "--billing-method", "credit_card"});
    EXPECT_EQ(bySuffix.exitCode, 0) << bySuffix.err.toStdString();
    EXPECT_TRUE(QFileInfo(dir.filePath("subs.xlsx")).size() > 0);
}

TEST_F(ReportCommand, BadInputFailsWithOneLineAndWritesNothing)
{
    QTemporaryDir dir;
    const QString out = dir.filePath("r.csv");
    expectOneLineFailure(report({"everything", "--out", out}));
    expectOneLineFailure(report({"subscriptions", "--format", "docx", "--out", out}));
    const Outcome badFilter = report({"changes", "--site", "us-east-1", "--out", out});
    expectOneLineFailure(badFilter);
    EXPECT_TRUE(badFilter.err.contains("--site")) << badFilter.err.toStdString();
    const Outcome badTime = report({"subscriptions", "--from", "last tuesday", "--out", out});
    expectOneLineFailure(badTime);
    EXPECT_TRUE(badTime.err.contains("--from")) << badTime.err.toStdString();
    env.insert("BILLING_CONSOLE_TOKEN", "bcc_not-a-token");
    const Outcome refused = report({"subscriptions", "--out", out});
    expectOneLineFailure(refused);
    EXPECT_TRUE(leftIn(dir).isEmpty()) << leftIn(dir).join(", ").toStdString();
}

TEST_F(ReportCommand, AnUnwritableDestinationOrAFullDiskLeavesNoFileBehind)
{
    QTemporaryDir dir;
    QFile blocker(dir.filePath("not-a-folder"));
    ASSERT_TRUE(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    const Outcome unwritable = report({"subscriptions", "--out", dir.filePath("not-a-folder/r.csv")});
    expectOneLineFailure(unwritable);
    EXPECT_TRUE(unwritable.err.contains("Cannot write the report")) << unwritable.err.toStdString();

    // A disk that fills up part-way: the file-size limit makes the writes fail after 20 kB.
    for (const char *format : {"csv", "pdf", "xlsx"}) {
        const QString out = dir.filePath(QStringLiteral("full.%1").arg(format));
        const Outcome full = reportOnAFullDisk({"subscriptions", "--out", out}, 20000);
        expectOneLineFailure(full);
        EXPECT_TRUE(full.err.contains("Cannot write the report to " + out))
            << format << ": " << full.err.toStdString();
    }
    // XLSX's rows stream to libxlsxwriter's temporary files, which it writes without checking: here
    // they fill the disk (1.3 MB of sheet XML against 600 kB) while the compressed workbook (160 kB)
    // would still fit. A workbook missing rows is never the result.
    const QString xlsx = dir.filePath("rows.xlsx");
    const Outcome cut = reportOnAFullDisk({"subscriptions", "--out", xlsx}, 600000);
    expectOneLineFailure(cut);
    EXPECT_TRUE(cut.err.contains("(is the disk full?)")) << cut.err.toStdString();
    EXPECT_EQ(report({"subscriptions", "--out", xlsx}).exitCode, 0)
        << "the same report fits without the limit";
    ASSERT_TRUE(QFile::remove(xlsx));
    EXPECT_EQ(leftIn(dir), QStringList{"not-a-folder"}) << "no report and no partial file";
}

TEST_F(ReportCommand, StoppedBySigtermOrSigintItLeavesNoPartialFile)
{
    QTemporaryDir dir;
    for (const int stop : {SIGTERM, SIGINT}) {
        QProcess console;
        console.setProcessEnvironment(env);
        console.start(Console, {"report", "subscriptions", "--format", "pdf", "--out", dir.filePath("r.pdf"),
                                "--platform", platform->url().toString()});
        ASSERT_TRUE(console.waitForStarted());
        // Stopped as soon as its partial file is there, so the signal comes mid-export.
        const auto partials = [&] {
            return QDir(dir.path()).entryList({"*.partial"}, QDir::Files | QDir::Hidden);
        };
        QElapsedTimer clock;
        clock.start();
        while (partials().isEmpty() && !clock.hasExpired(20000))
            QThread::usleep(500);
        ASSERT_EQ(partials().size(), 1);
        ::kill(pid_t(console.processId()), stop);
        ASSERT_TRUE(console.waitForFinished(20000));
        EXPECT_EQ(console.exitStatus(), QProcess::NormalExit) << "it cleans up rather than dying";
        EXPECT_EQ(console.exitCode(), 128 + stop);
        EXPECT_TRUE(console.readAllStandardError().contains("Stopped by signal"));
        EXPECT_TRUE(leftIn(dir).isEmpty()) << leftIn(dir).join(", ").toStdString();
    }
}

TEST_F(ReportCommand, PartialFilesADayOldAreRemovedByTheNextExport)
{
    QTemporaryDir dir;
    const auto make = [&](const QString &name, int daysOld, bool folder = false) {
        const QString path = dir.filePath(name);
        if (folder) {
            ASSERT_TRUE(QDir().mkpath(path + "/inside"));
        } else {
            QFile file(path);
            ASSERT_TRUE(file.open(QIODevice::WriteOnly));
            file.write("half a report");
        }
        QFile touched(path);
        ASSERT_TRUE(touched.open(folder ? QIODevice::ReadOnly : QIODevice::Append) || folder);
        const QDateTime when = QDateTime::currentDateTimeUtc().addDays(-daysOld).addSecs(-60);
        if (!folder)
            ASSERT_TRUE(touched.setFileTime(when, QFileDevice::FileModificationTime));
        else
            ASSERT_EQ(::system(qPrintable(
                          QStringLiteral("touch -d @%1 '%2'").arg(when.toSecsSinceEpoch()).arg(path))),
                      0);
    };
    make(".old.xlsx.0a1b2c3d.partial", 2);
    make(".old.xlsx.0a1b2c3d.partial.tmp", 2, true);
    make(".fresh.csv.9f8e7d6c.partial", 0); // another export may be writing it now
    make(".notes.partial", 5);              // not one of ours
    ASSERT_EQ(report({"locked", "--out", dir.filePath("locked.csv")}).exitCode, 0);
    EXPECT_EQ(leftIn(dir), (QStringList{".fresh.csv.9f8e7d6c.partial", ".notes.partial", "locked.csv"}));
}

TEST(PlatformCommandLine, AuditVerifyWalksTheChainAndNamesTheFirstBrokenEvent)
{
    QTemporaryDir dir;
    const QString path = dir.filePath("p.sqlite");
    ASSERT_EQ(
        run(Platform, {"seed", "--db", "sqlite:" + path, "--workspaces", "300", "--seed", "5"}).exitCode, 0);
    const Outcome intact = run(Platform, {"audit", "verify", "--db", "sqlite:" + path});
    EXPECT_EQ(intact.exitCode, 0) << intact.err.toStdString();
    EXPECT_TRUE(intact.out.startsWith("audit chain intact: ")) << intact.out.toStdString();
    {
        auto file = billing::snapshot::SqliteFile::open(path, billing::snapshot::SqliteFile::Mode::Create);
        ASSERT_TRUE(file.ok());
        ASSERT_TRUE((*file)->exec("UPDATE audit_events SET actor = 'nobody' WHERE seq = 42").ok());
    }
    const Outcome broken = run(Platform, {"audit", "verify", "--db", "sqlite:" + path});
    expectOneLineFailure(broken);
    EXPECT_TRUE(broken.err.contains("event 42")) << broken.err.toStdString();
    expectOneLineFailure(run(Platform, {"audit", "check", "--db", "sqlite:" + path}));
}

namespace {

// billing-console snapshot against a real platform on 127.0.0.1, with settings of its own (the pins).
class SnapshotCommand : public ReportCommand
{
protected:
    void SetUp() override
    {
        ReportCommand::SetUp();
        env.insert("XDG_CONFIG_HOME", config.path());
    }
    Outcome snapshot(const QStringList &arguments)
    {
        return run(Console, QStringList{"snapshot"} + arguments, env);
    }
    QTemporaryDir config;
    QTemporaryDir files;
};

} // namespace

TEST_F(SnapshotCommand, CreatesVerifiesAndComparesSnapshots)
{
    const QString older = files.filePath("older.snapshot");
    const Outcome created = snapshot({"create", "--platform", platform->url().toString(), "--out", older});
    ASSERT_EQ(created.exitCode, 0) << created.err.toStdString();
    EXPECT_TRUE(created.err.isEmpty()) << created.err.toStdString();
    EXPECT_EQ(leftIn(files), QStringList{"older.snapshot"}); // no partial left beside it

    const Outcome verified = snapshot({"verify", older});
    EXPECT_EQ(verified.exitCode, 0) << verified.err.toStdString();
    EXPECT_TRUE(verified.out.contains("intact")) << verified.out.toStdString();
    EXPECT_TRUE(verified.out.contains("the key pinned for its platform")) << verified.out.toStdString();

    // A workspace locked between two snapshots is the one difference.
    const QString newer = files.filePath("newer.snapshot");
    const auto session = billing::test::exchange(
        "GET", billing::test::endpoint(platform->url(), "/v1/workspaces/ws-0000002"), platform->adminToken());
    QNetworkRequest lock(billing::test::endpoint(platform->url(), "/v1/workspaces/ws-0000002/lock"));
    lock.setRawHeader("Authorization", "Bearer " + platform->adminToken().toUtf8());
    lock.setRawHeader("If-Match", session.etag);
    lock.setRawHeader("Idempotency-Key", "snapshot-command-lock");
    lock.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
    ASSERT_EQ(session.json.value("status").toString(), QLatin1String("active")); // the seeded fixture
    ASSERT_EQ(billing::test::exchange(lock, "POST", R"({"reason": "admin_hold"})").status, 200);
    ASSERT_EQ(snapshot({"create", "--platform", platform->url().toString(), "--out", newer}).exitCode, 0);
    const Outcome compared = snapshot({"diff", older, newer, "--format", "csv"});
    ASSERT_EQ(compared.exitCode, 0) << compared.err.toStdString();
    const QStringList lines = compared.out.trimmed().split('\n');
    ASSERT_EQ(lines.size(), 2) << compared.out.toStdString();
    EXPECT_TRUE(lines.at(1).startsWith("changed,ws-0000002,")) << lines.at(1).toStdString();
    EXPECT_TRUE(lines.at(1).endsWith(",locked,,admin_hold")) << lines.at(1).toStdString();
    const Outcome text = snapshot({"diff", older, newer});
    EXPECT_TRUE(text.out.trimmed().endsWith(")")) << text.out.toStdString();
}

TEST_F(SnapshotCommand, ARotatedSigningKeyIsFollowedFromThePinnedOneWithoutTrustOnFirstUse)
{
    const QString older = files.filePath("older.snapshot");
    ASSERT_EQ(snapshot({"create", "--platform", platform->url().toString(), "--out", older}).exitCode, 0);
    const QStringList where{"--db", platform->databaseSpec(), "--snapshot-dir",
                            platform->snapshotDirectory()};
    const Outcome shown = run(Platform, QStringList{"snapshot-key", "show"} + where);
    ASSERT_EQ(shown.exitCode, 0) << shown.err.toStdString();
    const Outcome rotated = run(Platform, QStringList{"snapshot-key", "rotate"} + where);
    ASSERT_EQ(rotated.exitCode, 0) << rotated.err.toStdString();
    EXPECT_TRUE(rotated.out.contains("now signs snapshots with SHA256:")) << rotated.out.toStdString();

    // The console pinned the old key; the platform's announcement, signed by it, vouches for the new one.
    const QString newer = files.filePath("newer.snapshot");
    const Outcome followed = snapshot({"create", "--platform", platform->url().toString(), "--out", newer});
    ASSERT_EQ(followed.exitCode, 0) << followed.err.toStdString();
    EXPECT_EQ(snapshot({"verify", newer}).exitCode, 0);
    EXPECT_EQ(snapshot({"verify", older}).exitCode, 0) << "the old key stays trusted for what it signed";

    // Trusting some other key, the announcement vouches for nothing.
    expectOneLineFailure(snapshot({"verify", newer, "--key", "SHA256:somebodyElse"}));
}

TEST_F(SnapshotCommand, BrokenFilesAndBadInputFailWithOneLine)
{
    const QString good = files.filePath("good.snapshot");
    ASSERT_EQ(snapshot({"create", "--platform", platform->url().toString(), "--out", good}).exitCode, 0);
    const QString altered = files.filePath("altered.snapshot");
    QFile::copy(good, altered);
    {
        auto file = billing::snapshot::SqliteFile::open(altered, billing::snapshot::SqliteFile::Mode::Create);
        ASSERT_TRUE(file.ok());
        ASSERT_TRUE((*file)->exec("UPDATE audit_events SET note = 'x' WHERE seq = 3").ok());
    }
    Outcome failed = snapshot({"verify", altered});
    expectOneLineFailure(failed);
    EXPECT_TRUE(failed.err.contains("event 3")) << failed.err.toStdString();

    failed = snapshot({"verify", good, "--key", "SHA256:someone-else"});
    expectOneLineFailure(failed);
    EXPECT_TRUE(failed.err.contains("pinned")) << failed.err.toStdString();

    QFile text(files.filePath("notes.txt"));
    ASSERT_TRUE(text.open(QIODevice::WriteOnly));
    text.write("not a snapshot\n");
    text.close();
    expectOneLineFailure(snapshot({"verify", text.fileName()}));
    expectOneLineFailure(snapshot({"verify", files.filePath("missing.snapshot")}));
    expectOneLineFailure(snapshot({"diff", good, text.fileName()}));
    const Outcome unsigned_ = snapshot(
        {"diff", good, altered, "--out", files.filePath("diff.csv")}); // altered rows: signature holds
    EXPECT_EQ(unsigned_.exitCode, 0) << unsigned_.err.toStdString();
    QFile::remove(files.filePath("diff.csv"));
    const Outcome notSnapshot =
        snapshot({"diff", good, text.fileName(), "--out", files.filePath("diff.csv")});
    expectOneLineFailure(notSnapshot);
    EXPECT_TRUE(notSnapshot.err.contains("notes.txt")) << notSnapshot.err.toStdString(); // names the file
    expectOneLineFailure(snapshot({"diff", good}));
    expectOneLineFailure(snapshot({"frobnicate"}));
    expectOneLineFailure(snapshot({"create", "--platform", platform->url().toString(), "--out",
                                   files.filePath("x.snapshot"), "--audit-from-seq", "zero"}));
    expectOneLineFailure(snapshot(
        {"create", "--platform", platform->url().toString(), "--out", "/nonexistent/dir/x.snapshot"}));
    env.insert("BILLING_CONSOLE_TOKEN", "bcc_not-a-token");
    expectOneLineFailure(snapshot(
        {"create", "--platform", platform->url().toString(), "--out", files.filePath("y.snapshot")}));
    EXPECT_EQ(leftIn(files), (QStringList{"altered.snapshot", "good.snapshot", "notes.txt"}));
}

TEST_F(SnapshotCommand, ReportsFromASnapshotOfflineAndNeverFromAnAlteredOne)
{
    const QString file = files.filePath("for-reports.snapshot");
    ASSERT_EQ(snapshot({"create", "--platform", platform->url().toString(), "--out", file}).exitCode, 0);
    // The same report from the platform and from the snapshot: the same rows (nothing changed between).
    const QString fromPlatform = files.filePath("platform.csv");
    const QString fromSnapshot = files.filePath("snapshot.csv");
    ASSERT_EQ(report({"subscriptions", "--out", fromPlatform}).exitCode, 0);
    const Outcome offline =
        run(Console, {"report", "subscriptions", "--snapshot", file, "--out", fromSnapshot}, env);
    ASSERT_EQ(offline.exitCode, 0) << offline.err.toStdString();
    EXPECT_TRUE(offline.err.isEmpty()) << offline.err.toStdString();
    QFile a(fromPlatform), b(fromSnapshot);
    ASSERT_TRUE(a.open(QIODevice::ReadOnly) && b.open(QIODevice::ReadOnly));
    const QList<QByteArray> platformRows = a.readAll().split('\n'), snapshotRows = b.readAll().split('\n');
    EXPECT_EQ(snapshotRows.size(), 1500 + 2); // header, rows, the final newline
    // Days left are counted as of the snapshot, which is the platform's clock here too.
    EXPECT_EQ(snapshotRows, platformRows);
    const Outcome pdf =
        run(Console, {"report", "locked", "--snapshot", file, "--out", files.filePath("locked.pdf")}, env);
    ASSERT_EQ(pdf.exitCode, 0) << pdf.err.toStdString();
    // The metering ledger too: the same hours from the snapshot as from the platform.
    ASSERT_EQ(report({"metered-usage", "--out", files.filePath("metered-platform.csv")}).exitCode, 0);
    const Outcome metered =
        run(Console, {"report", "metered-usage", "--snapshot", file, "--out", files.filePath("metered.csv")},
            env);
    ASSERT_EQ(metered.exitCode, 0) << metered.err.toStdString();
    QFile c(files.filePath("metered-platform.csv")), d(files.filePath("metered.csv"));
    ASSERT_TRUE(c.open(QIODevice::ReadOnly) && d.open(QIODevice::ReadOnly));
    const QByteArray meteredRows = d.readAll();
    EXPECT_GT(meteredRows.count('\n'), 2);
    EXPECT_EQ(meteredRows, c.readAll());
    QFile::remove(files.filePath("metered-platform.csv"));
    QFile::remove(files.filePath("metered.csv"));

    const QString altered = files.filePath("altered-for-reports.snapshot");
    QFile::copy(file, altered);
    {
        auto opened =
            billing::snapshot::SqliteFile::open(altered, billing::snapshot::SqliteFile::Mode::Create);
        ASSERT_TRUE(opened.ok());
        ASSERT_TRUE(
            (*opened)->exec("UPDATE workspaces SET billing_method = 'none' WHERE id = 'ws-0000001'").ok());
    }
    const Outcome refused = run(
        Console, {"report", "subscriptions", "--snapshot", altered, "--out", files.filePath("no.csv")}, env);
    expectOneLineFailure(refused);
    EXPECT_TRUE(refused.err.contains("does not verify")) << refused.err.toStdString();
    EXPECT_FALSE(QFile::exists(files.filePath("no.csv")));
    expectOneLineFailure(run(Console,
                             {"report", "subscriptions", "--snapshot", file, "--platform",
                              platform->url().toString(), "--out", files.filePath("both.csv")},
                             env));
    expectOneLineFailure(run(Console,
                             {"report", "subscriptions", "--snapshot", files.filePath("missing.snapshot"),
                              "--out", files.filePath("missing.csv")},
                             env));
    EXPECT_EQ(leftIn(files), (QStringList{"altered-for-reports.snapshot", "for-reports.snapshot",
                                          "locked.pdf", "platform.csv", "snapshot.csv"}));
}

TEST_F(SnapshotCommand, AFirstFormatSnapshotVerifiesAndSaysItHoldsNoMeteredUsage)
{
    // Written before the platform kept a metering ledger (tests/snapshot/data), by the key named here.
    const QString file = files.filePath("format-1.snapshot");
    ASSERT_TRUE(QFile::copy(BILLING_SOURCE_DIR "/tests/snapshot/data/format-1.snapshot", file));
    const Outcome verified =
        snapshot({"verify", file, "--key", "SHA256:DgkceYOdV4aG7AyVihKcoBYYwHv7ldxv/9R4G3CnCQQ"});
    ASSERT_EQ(verified.exitCode, 0) << verified.err.toStdString();
    EXPECT_TRUE(verified.out.contains("intact")) << verified.out.toStdString();
    EXPECT_TRUE(verified.out.contains("no metering ledger (format 1)")) << verified.out.toStdString();
    ASSERT_EQ(
        run(Console, {"report", "subscriptions", "--snapshot", file, "--out", files.filePath("s.csv")}, env)
            .exitCode,
        0);
    const Outcome metered =
        run(Console, {"report", "metered-usage", "--snapshot", file, "--out", files.filePath("m.csv")}, env);
    expectOneLineFailure(metered);
    EXPECT_TRUE(metered.err.contains("format version 1")) << metered.err.toStdString();
    EXPECT_FALSE(QFile::exists(files.filePath("m.csv")));
}

TEST_F(SnapshotCommand, ATamperedFileIsNamedByVerifyAndGivesNoReport)
{
    const QString file = files.filePath("whole.snapshot");
    ASSERT_EQ(snapshot({"create", "--platform", platform->url().toString(), "--out", file}).exitCode, 0);
    const QString copy = files.filePath("tampered.snapshot");
    for (const billing::test::SnapshotTampering &tampering : billing::test::SnapshotTamperings::all()) {
        SCOPED_TRACE(tampering.name.toStdString());
        ASSERT_TRUE(billing::test::SnapshotTamperings::apply(tampering, file, copy));
        const Outcome verified = snapshot({"verify", copy});
        expectOneLineFailure(verified);
        EXPECT_TRUE(verified.err.contains(tampering.named)) << verified.err.toStdString();
        const Outcome report = run(Console,
                                   {"report", "subscriptions", "--snapshot", copy, "--site", "us-east-1",
                                    "--out", files.filePath("site.csv")},
                                   env);
        expectOneLineFailure(report);
        EXPECT_TRUE(report.err.contains(tampering.named)) << report.err.toStdString();
        EXPECT_FALSE(QFile::exists(files.filePath("site.csv")));
    }
    EXPECT_EQ(leftIn(files), (QStringList{"tampered.snapshot", "whole.snapshot"}));
}

TEST_F(SnapshotCommand, BillingConsoleFileOpensTheReviewWindowWithNoPlatform)
{
    const QString file = files.filePath("window.snapshot");
    ASSERT_EQ(snapshot({"create", "--platform", platform->url().toString(), "--out", file}).exitCode, 0);
    platform.reset(); // no platform from here on
    const QString png = files.filePath("review.png");
    const Outcome shown = run(Console, {file, "--screenshot", png}, env);
    ASSERT_EQ(shown.exitCode, 0) << shown.err.toStdString();
    const QImage image(png);
    ASSERT_FALSE(image.isNull());
    EXPECT_GT(image.width(), 800);
}
