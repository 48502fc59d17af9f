// SPDX-License-Identifier: Apache-2.0
#include "app/console/snapshotcommand.h"

#include "app/console/commandline.h"
#include "console/services/platformclient.h"
#include "console/services/signingkeypins.h"
#include "console/services/snapshotservice.h"
#include "foundation/contract/csv.h"
#include "foundation/contract/jsonfields.h"
#include "foundation/snapshot/snapshotdiff.h"
#include "foundation/snapshot/snapshotverifier.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLocale>
#include <QTemporaryFile>
#include <QTextStream>

#include <unistd.h>

#include <filesystem>

namespace billing::app {

namespace {

using commandline::fail;

const char *Usage = "usage: billing-console snapshot create --out FILE [--platform URL] [--audit-from-seq N] "
                    "[--audit-to-seq N] [--audit-from TIME] [--audit-to TIME]\n"
                    "       billing-console snapshot verify FILE [--key FINGERPRINT]\n"
                    "       billing-console snapshot diff OLDER NEWER [--format text|csv] [--out FILE]";

QString number(qint64 n)
{
    return QLocale().toString(n);
}

// One line that says what a snapshot is: which platform, when, by whom, how much.
QString describe(const snapshot::SnapshotManifest &manifest)
{
    const QString events = manifest.audit.lastSeq
                               ? QObject::tr("%1 audit events (%2–%3)")
                                     .arg(number(manifest.tables.value("audit_events").rows),
                                          number(manifest.audit.firstSeq), number(manifest.audit.lastSeq))
                               : QObject::tr("no audit events");
    // A file of format 1 has no metering ledger, which is not the same as an empty one.
    const QString metered =
        manifest.tables.contains("metering_records")
            ? QObject::tr(", %1 metered hours").arg(number(manifest.tables.value("metering_records").rows))
            : QObject::tr(", no metering ledger (format %1)").arg(manifest.formatVersion);
    return QObject::tr("snapshot %1 of %2, made %3 by %4: %5 workspaces, %6%7")
        .arg(manifest.snapshotId, manifest.platformId, contract::json::time(manifest.createdAt).toString(),
             manifest.createdBy, number(manifest.tables.value("workspaces").rows), events, metered);
}

int create(const QStringList &arguments)
{
    QCommandLineParser parser;
    commandline::Platform::addOptions(parser);
    parser.addOption({"out", "The snapshot file to write.", "FILE"});
    const QList<QPair<QString, QString>> filters{{"audit-from-seq", "audit_from_seq"},
                                                 {"audit-to-seq", "audit_to_seq"},
                                                 {"audit-from", "audit_from"},
                                                 {"audit-to", "audit_to"}};
    for (const auto &[option, field] : filters)
        parser.addOption({option, QStringLiteral("Audit trail range: %1.").arg(field), "VALUE"});
    if (!parser.parse(arguments))
        return fail(parser.errorText());
    if (!parser.isSet("out"))
        return fail(QObject::tr("--out FILE is required."));
    QJsonObject filterJson;
    for (const auto &[option, field] : filters) {
        if (!parser.isSet(option))
            continue;
        bool isNumber = false;
        const qint64 n = parser.value(option).toLongLong(&isNumber);
        filterJson.insert(field, option.endsWith(QLatin1String("seq")) && isNumber
                                     ? QJsonValue(n)
                                     : QJsonValue(parser.value(option)));
    }
    auto filter = snapshot::SnapshotFilter::fromJson(filterJson);
    if (!filter)
        return fail(QStringLiteral("--%1: %2")
                        .arg(filter.problem()
                                 .extra.value("parameter")
                                 .toString()
                                 .replace(QLatin1Char('_'), QLatin1Char('-')),
                             filter.problem().message()));
    const QString out = parser.value("out");
    const QFileInfo outInfo(out);
    if (!outInfo.absoluteDir().exists())
        return fail(
            QObject::tr("Cannot write %1: the folder does not exist.").arg(QDir::toNativeSeparators(out)));

    commandline::Platform platform;
    if (auto opened = platform.open(parser); !opened)
        return fail(opened.problem().message());
    services::PlatformClient client(platform.access());
    client.setTimeout(std::chrono::minutes(30)); // a million workspaces take seconds, a slow disk longer
    services::SnapshotService snapshots(&client);

    // The key is pinned the first time; after that, a platform signing with another key is refused.
    const auto key = commandline::wait(snapshots.signingKey());
    if (!key)
        return fail(key.problem().message());
    // A rotated key is trusted when the platform's announcements lead to it from a pinned one.
    const QStringList trusted = services::SigningKeyPins::trusted(key->platformId);
    if (!trusted.isEmpty() && !trusted.contains(key->fingerprint) &&
        !snapshot::KeyAnnouncement::follow(key->platformId, trusted, key->announcements)
             .contains(key->fingerprint))
        return fail(
            QObject::tr("Platform %1 now signs with the key %2, which neither this console's pinned key %3 "
                        "nor any key it announced vouches for; if the key was replaced on purpose, remove "
                        "the pin in the console's settings.")
                .arg(key->platformId, key->fingerprint, trusted.last()));

    const auto made = commandline::wait(snapshots.create(*filter));
    if (!made)
        return fail(made.problem().message());
    // Written beside the destination under a temporary name, verified, then renamed into place.
    QTemporaryFile partial(
        outInfo.absoluteDir().filePath(QStringLiteral(".%1.XXXXXX.partial").arg(outInfo.fileName())));
    if (!partial.open())
        return fail(
            QObject::tr("Cannot write %1: %2").arg(QDir::toNativeSeparators(out), partial.errorString()));
    partial.close();
    const auto downloaded = commandline::wait(snapshots.download(made->id, partial.fileName()));
    if (!downloaded)
        return fail(downloaded.problem().message());
    const auto verification = snapshot::SnapshotVerifier::verify(
        partial.fileName(), [&key](const QString &) { return QStringList{key->fingerprint}; });
    if (!verification.intact())
        return fail(QObject::tr("The downloaded snapshot does not verify: %1")
                        .arg(verification.problems.first().message()));
    // A rename replaces an older file at once (as ReportExport's does): never a moment with neither.
    partial.close();
    std::error_code error;
    std::filesystem::rename(QFile::encodeName(partial.fileName()).toStdString(),
                            QFile::encodeName(out).toStdString(), error);
    if (error)
        return fail(QObject::tr("Cannot write %1: %2")
                        .arg(QDir::toNativeSeparators(out), QString::fromStdString(error.message())));
    partial.setAutoRemove(false);
    services::SigningKeyPins::trust(key->platformId, {key->fingerprint});
    if (isatty(STDERR_FILENO))
        QTextStream(stderr) << QDir::toNativeSeparators(out) << ": " << describe(*verification.manifest)
                            << '\n';
    return 0;
}

int verify(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOption(
        {"key",
         "The signer's key fingerprint to require (default: the key pinned for the snapshot's platform).",
         "FINGERPRINT"});
    if (!parser.parse(arguments))
        return fail(parser.errorText());
    const QStringList files = parser.positionalArguments().mid(2);
    if (files.size() != 1)
        return fail(QObject::tr("Name one snapshot file: snapshot verify FILE."));
    const QString explicitKey = parser.value("key");
    const auto verification =
        snapshot::SnapshotVerifier::verify(files.first(), [&explicitKey](const QString &platformId) {
            return explicitKey.isEmpty() ? services::SigningKeyPins::trusted(platformId)
                                         : QStringList{explicitKey};
        });
    if (!verification.intact()) {
        const qsizetype more = verification.problems.size() - 1;
        return fail(
            QStringLiteral("%1: %2%3")
                .arg(QDir::toNativeSeparators(files.first()), verification.problems.first().message(),
                     more ? QObject::tr(" (and %n more problem(s))", nullptr, int(more)) : QString()));
    }
    const QString signer =
        verification.signerPinned
            ? QObject::tr("signed by %1, the key pinned for its platform").arg(verification.signerFingerprint)
            : QObject::tr("signed by %1 (no key is pinned for this platform: compare the fingerprint with "
                          "the platform's)")
                  .arg(verification.signerFingerprint);
    QTextStream(stdout) << QObject::tr("%1: intact; %2; %3")
                               .arg(QDir::toNativeSeparators(files.first()), describe(*verification.manifest),
                                    signer)
                        << '\n';
    return 0;
}

int diff(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.addOption({"format", "text (default) or csv.", "FORMAT", "text"});
    parser.addOption({"out", "Write to FILE instead of standard output.", "FILE"});
    if (!parser.parse(arguments))
        return fail(parser.errorText());
    const QStringList files = parser.positionalArguments().mid(2);
    if (files.size() != 2)
        return fail(QObject::tr("Name two snapshot files, the older first: snapshot diff OLDER NEWER."));
    const QString format = parser.value("format");
    if (format != QLatin1String("text") && format != QLatin1String("csv"))
        return fail(QObject::tr("--format must be text or csv, not \"%1\".").arg(format));
    QFile output;
    if (parser.isSet("out")) {
        output.setFileName(parser.value("out"));
        if (!output.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return fail(QObject::tr("Cannot write %1: %2").arg(parser.value("out"), output.errorString()));
    } else if (!output.open(stdout, QIODevice::WriteOnly)) {
        return fail(QObject::tr("Cannot write to standard output."));
    }
    const bool csv = format == QLatin1String("csv");
    QByteArray buffer;
    if (csv)
        contract::csv::appendRecord(buffer, {"change", "workspace_id", "name", "billing_method_before",
                                             "billing_method_after", "cloud_account_before",
                                             "cloud_account_after", "status_before", "status_after",
                                             "lock_reason_before", "lock_reason_after"});
    const auto kindName = [](snapshot::WorkspaceChange::Kind kind) {
        switch (kind) {
        case snapshot::WorkspaceChange::Kind::Added:
            return QStringLiteral("added");
        case snapshot::WorkspaceChange::Kind::Removed:
            return QStringLiteral("removed");
        case snapshot::WorkspaceChange::Kind::Changed:
            break;
        }
        return QStringLiteral("changed");
    };
    bool writeFailed = false;
    const auto summary =
        snapshot::SnapshotDiff::compare(files.at(0), files.at(1), [&](const snapshot::WorkspaceChange &c) {
            if (csv) {
                contract::csv::appendRecord(buffer, {kindName(c.kind), c.id, c.name, c.billingMethodBefore,
                                                     c.billingMethodAfter, c.cloudAccountBefore,
                                                     c.cloudAccountAfter, c.statusBefore, c.statusAfter,
                                                     c.lockReasonBefore, c.lockReasonAfter});
            } else {
                QStringList what;
                if (c.billingMethodChanged())
                    what << QObject::tr("billing method %1 → %2")
                                .arg(c.billingMethodBefore, c.billingMethodAfter);
                if (c.cloudAccountChanged())
                    what << QObject::tr("cloud account %1 → %2")
                                .arg(c.cloudAccountBefore, c.cloudAccountAfter);
                if (c.lockChanged())
                    what << QObject::tr("status %1 (%2) → %3 (%4)")
                                .arg(c.statusBefore, c.lockReasonBefore, c.statusAfter, c.lockReasonAfter);
                buffer += QStringLiteral("%1 %2 %3%4\n")
                              .arg(c.kind == snapshot::WorkspaceChange::Kind::Added     ? QStringLiteral("+")
                                   : c.kind == snapshot::WorkspaceChange::Kind::Removed ? QStringLiteral("-")
                                                                                        : QStringLiteral("~"),
                                   c.id, c.name,
                                   what.isEmpty() ? QString()
                                                  : QStringLiteral(": ") + what.join(QStringLiteral("; ")))
                              .toUtf8();
            }
            if (buffer.size() > (1 << 20)) {
                writeFailed = output.write(buffer) != buffer.size();
                buffer.clear();
            }
            return !writeFailed;
        });
    // A comparison that could not be made or written leaves no --out file behind.
    const auto failed = [&output, &parser](const QString &message) {
        if (parser.isSet("out"))
            output.remove();
        return fail(message);
    };
    if (!summary)
        return failed(summary.problem().message());
    if (!csv)
        buffer +=
            QObject::tr("%1 added, %2 removed, %3 changed (billing method %4, cloud account %5, lock %6)\n")
                .arg(number(summary->added), number(summary->removed), number(summary->changed),
                     number(summary->billingMethodChanged), number(summary->cloudAccountChanged),
                     number(summary->lockChanged))
                .toUtf8();
    if (writeFailed || output.write(buffer) != buffer.size() || !output.flush())
        return failed(QObject::tr("Cannot write the comparison: %1").arg(output.errorString()));
    return 0;
}

} // namespace

int runSnapshotCommand(int &argc, char *argv[], const QStringList &arguments)
{
    QCoreApplication app(argc, argv);
    const QString action = arguments.value(2);
    if (action == QLatin1String("create"))
        return create(arguments);
    if (action == QLatin1String("verify"))
        return verify(arguments);
    if (action == QLatin1String("diff"))
        return diff(arguments);
    return fail(QString::fromLatin1(Usage).split(QLatin1Char('\n')).first());
}

} // namespace billing::app
