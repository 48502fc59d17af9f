// SPDX-License-Identifier: Apache-2.0
#include "app/common/journal.h"
#include "app/platform/platformcommands.h"

#include <QCoreApplication>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("billing-platform"));
    QCoreApplication::setApplicationVersion(QStringLiteral(BILLING_VERSION));
    billing::app::journal::installMessageHandler();
    return billing::app::runPlatformCommand(QCoreApplication::arguments());
}
