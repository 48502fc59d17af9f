// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>

namespace billing::contract {

// The answer to binding workspaces to a cloud account: every workspace's eligibility (rule 3).
struct BindingReport {
    static constexpr int MaxWorkspaces = 10'000; // per binding request, part of the contract

    struct Item {
        QString workspaceId;
        bool eligible = false;
        bool alreadyBound = false;
        QString site;
        QString code;      // why not, as a stable code
        QString reason;    // why not, as an English sentence
        QJsonObject facts; // what the sentence names, for saying it in another language
    };
    QString cloudAccountId;
    bool dryRun = true;
    int eligible = 0;
    int refused = 0;
    int bound = 0;
    QList<Item> items;

    static BindingReport fromJson(const QJsonObject &json);
};

} // namespace billing::contract
