// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QSettings>
#include <QVariant>

namespace billing::ui {

// Typed, namespaced settings: every remembered thing has one key, named here.
template<typename T>
class SettingValue
{
public:
    explicit SettingValue(QString key)
        : m_key(std::move(key))
    {
    }
    T get(const T &fallback = T()) const
    {
        return QSettings().value(m_key, QVariant::fromValue(fallback)).template value<T>();
    }
    void set(const T &value) const { QSettings().setValue(m_key, QVariant::fromValue(value)); }

private:
    QString m_key;
};

namespace settings {
SettingValue<QByteArray> mainWindowGeometry();
SettingValue<QByteArray> mainWindowState();
SettingValue<QByteArray> workspaceHeaderState();
SettingValue<QByteArray> workspaceSplitterState();
SettingValue<QString> workspaceSortKey();
SettingValue<bool> workspaceSortDescending();
SettingValue<QByteArray> changeBillingMethodGeometry();
SettingValue<QByteArray> bindWorkspacesGeometry();
SettingValue<QByteArray> unbindWorkspaceGeometry();
SettingValue<QByteArray> lockWorkspacesGeometry();
SettingValue<QByteArray> cloudAccountsHeaderState();
SettingValue<QByteArray> cloudAccountsSplitterState();
SettingValue<QByteArray> activitySplitterState();
SettingValue<QByteArray> meteringSplitterState();
SettingValue<QByteArray> exportReportGeometry();
SettingValue<QString> exportReportKind();   // "subscriptions", …
SettingValue<QString> exportReportFormat(); // "csv", "xlsx", "pdf"
SettingValue<QString> exportReportFolder();
SettingValue<bool> exportReportCsvBom();
SettingValue<QByteArray> snapshotReviewGeometry();
SettingValue<QString> snapshotFolder();           // where File → Open Snapshot… looked last
SettingValue<QString> currentView();              // the object name of the view shown last
SettingValue<QString> signInPlatform();           // the remote platform signed in to last (never its token)
SettingValue<QString> signInCaFile();             // the company CA file trusted besides the system's
SettingValue<QStringList> signInPlainHttpHosts(); // hosts the user allowed plain HTTP to
SettingValue<QString> language();                 // "en", "zh_CN"; empty: the system's
} // namespace settings

} // namespace billing::ui
