// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QJsonObject>
#include <QString>

namespace billing::contract {

// A running service of a workspace; cancellation stops paid ones and schedules deletion (rule 5).
struct Deployment {
    QString id;
    QString workspaceId;
    QString accountId;
    QString name;
    bool trial = false;
    QString state;
    qint64 stoppedAt = 0;
    qint64 deleteAt = 0;
    qint64 createdAt = 0;

    QJsonObject toJson() const;
    static Deployment fromJson(const QJsonObject &json);
};

} // namespace billing::contract
