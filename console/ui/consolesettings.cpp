// SPDX-License-Identifier: Apache-2.0
#include "console/ui/consolesettings.h"

namespace billing::ui::settings {

SettingValue<QByteArray> mainWindowGeometry()
{
    return SettingValue<QByteArray>("MainWindow/geometry");
}
SettingValue<QByteArray> mainWindowState()
{
    return SettingValue<QByteArray>("MainWindow/state");
}
SettingValue<QByteArray> workspaceHeaderState()
{
    return SettingValue<QByteArray>("WorkspaceManagement/headerState");
}
SettingValue<QByteArray> workspaceSplitterState()
{
    return SettingValue<QByteArray>("WorkspaceManagement/splitterState");
}
SettingValue<QString> workspaceSortKey()
{
    return SettingValue<QString>("WorkspaceManagement/sortKey");
}
SettingValue<bool> workspaceSortDescending()
{
    return SettingValue<bool>("WorkspaceManagement/sortDescending");
}
SettingValue<QByteArray> changeBillingMethodGeometry()
{
    return SettingValue<QByteArray>("Dialogs/changeBillingMethodGeometry");
}
SettingValue<QByteArray> bindWorkspacesGeometry()
{
    return SettingValue<QByteArray>("Dialogs/bindWorkspacesGeometry");
}
SettingValue<QByteArray> unbindWorkspaceGeometry()
{
    return SettingValue<QByteArray>("Dialogs/unbindWorkspaceGeometry");
}
SettingValue<QByteArray> lockWorkspacesGeometry()
{
    return SettingValue<QByteArray>("Dialogs/lockWorkspacesGeometry");
}
SettingValue<QByteArray> cloudAccountsHeaderState()
{
    return SettingValue<QByteArray>("CloudAccounts/headerState");
}
SettingValue<QByteArray> cloudAccountsSplitterState()
{
    return SettingValue<QByteArray>("CloudAccounts/splitterState");
}
SettingValue<QByteArray> activitySplitterState()
{
    return SettingValue<QByteArray>("MarketplaceActivity/splitterState");
}
SettingValue<QByteArray> meteringSplitterState()
{
    return SettingValue<QByteArray>("Metering/splitterState");
}
SettingValue<QByteArray> exportReportGeometry()
{
    return SettingValue<QByteArray>("Dialogs/exportReportGeometry");
}
SettingValue<QString> exportReportKind()
{
    return SettingValue<QString>("ExportReport/report");
}
SettingValue<QString> exportReportFormat()
{
    return SettingValue<QString>("ExportReport/format");
}
SettingValue<QString> exportReportFolder()
{
    return SettingValue<QString>("ExportReport/folder");
}
SettingValue<bool> exportReportCsvBom()
{
    return SettingValue<bool>("ExportReport/csvByteOrderMark");
}
SettingValue<QByteArray> snapshotReviewGeometry()
{
    return SettingValue<QByteArray>("SnapshotReview/geometry");
}
SettingValue<QString> snapshotFolder()
{
    return SettingValue<QString>("SnapshotReview/folder");
}
SettingValue<QString> currentView()
{
    return SettingValue<QString>("MainWindow/currentView");
}
SettingValue<QString> signInPlatform()
{
    return SettingValue<QString>("SignIn/platform");
}
SettingValue<QString> signInCaFile()
{
    return SettingValue<QString>("SignIn/caFile");
}
SettingValue<QStringList> signInPlainHttpHosts()
{
    return SettingValue<QStringList>("SignIn/plainHttpHosts");
}

SettingValue<QString> language()
{
    return SettingValue<QString>("Console/language");
}

} // namespace billing::ui::settings
