// SPDX-License-Identifier: Apache-2.0
#include "app/common/journal.h"

#include <QCoreApplication>
#include <QString>

#include <sys/stat.h>

#include <cstdio>

namespace billing::app::journal {

bool isJournal()
{
    static const bool journal = [] {
        // JOURNAL_STREAM is "DEVICE:INODE" of the stream systemd connected; a child whose stderr was
        // redirected elsewhere inherits the variable but not the stream.
        const QByteArray stream = qgetenv("JOURNAL_STREAM");
        const qsizetype colon = stream.indexOf(':');
        struct stat err {
        };
        if (colon < 0 || fstat(2, &err) != 0)
            return false;
        return stream.left(colon).toULongLong() == quint64(err.st_dev) &&
               stream.mid(colon + 1).toULongLong() == quint64(err.st_ino);
    }();
    return journal;
}

QByteArray prefix(Level level)
{
    return isJournal() ? '<' + QByteArray::number(int(level)) + '>' : QByteArray();
}

void installMessageHandler()
{
    qInstallMessageHandler([](QtMsgType type, const QMessageLogContext &, const QString &message) {
        Level level = Level::Info;
        switch (type) {
        case QtDebugMsg:
            level = Level::Debug;
            break;
        case QtInfoMsg:
            level = Level::Info;
            break;
        case QtWarningMsg:
            level = Level::Warning;
            break;
        case QtCriticalMsg:
            level = Level::Error;
            break;
        case QtFatalMsg:
            level = Level::Critical;
            break;
        }
        QByteArray line = prefix(level);
        // Messages of ours already name the program; Qt's own do not.
        const QString program = QCoreApplication::applicationName() + QStringLiteral(": ");
        if (!message.startsWith(program))
            line += program.toUtf8();
        line += message.toUtf8() + '\n';
        std::fwrite(line.constData(), 1, size_t(line.size()), stderr);
        std::fflush(stderr);
    });
}

} // namespace billing::app::journal
