// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "foundation/contract/jsonwriter.h"

#include <QJsonObject>
#include <QString>

namespace billing::contract {

// Why and since when a workspace is locked; `purgeAt` ends the 14-day countdown (rule 6).
struct WorkspaceLock {
    QString reason;
    qint64 at = 0;
    QString by;
    QString note;
    qint64 purgeAt = 0;

    // Whole days left before the workspace is dissolved, rounded up; 0 once due.
    int daysLeft(qint64 nowMs) const;
};

struct Workspace {
    QString id;
    QString name;
    QString accountId;
    QString site;
    QString language;
    QString plan;
    QString billingMethod;
    QString cloudAccountId; // empty unless billingMethod is cloud_account
    QString status;
    WorkspaceLock lock;       // meaningful when status is locked or dissolved
    qint64 overrideUntil = 0; // an admin unlocked it without a valid billing method until then (rule 6)
    qint64 version = 0;
    qint64 createdAt = 0;
    qint64 updatedAt = 0;

    bool hasLock() const { return !lock.reason.isEmpty(); }

    // The API's form. writeJson is the one serializer; toJson reads back what it wrote.
    void writeJson(JsonWriter &out) const;
    QJsonObject toJson() const;
    static Workspace fromJson(const QJsonObject &json);
};

} // namespace billing::contract
