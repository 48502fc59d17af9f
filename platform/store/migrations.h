// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "platform/store/database.h"

#include <QStringList>

namespace billing::store {

// Versioned schema steps applied at start, each in its own transaction. A database written by a
// newer program is refused rather than guessed at.
class Migrations
{
public:
    static int latestVersion();
    // Brings the schema to latestVersion(); the database's version afterwards.
    static contract::Result<int> apply(Database &database);
    static contract::Result<int> currentVersion(Database &database);

    // Secondary indexes of the workspace table: the seeder drops them for a bulk load and builds
    // them again afterwards, which is several times faster than maintaining them row by row. The
    // statements as they are today, for both dialects (forDialect() picks).
    static QStringList workspaceIndexNames();
    static QStringList workspaceIndexStatements();
    // The columns lists filter by that the update-time index carries beside its key (steps 21 and 25),
    // so that a walk in that order tests them without reading a row.
    static const QStringList &updateTimeIndexCarries();
    // The workspace search: the seeder drops it for a bulk load and makes it again from the loaded rows,
    // in its three parts: the search tables filled (each workspace's own text; on SQLite each cloud
    // account's too) with the trigram indexes over them, the prefix indexes of the workspace table, and
    // the triggers that keep them from then on.
    static QStringList searchTableStatements();
    static QStringList searchPrefixIndexStatements();
    static QStringList searchTriggerStatements();
    static QStringList searchIndexDropStatements();
    static QStringList searchTriggerDropStatements(); // the triggers alone, to make them again
    // The workspaces tallied by the columns lists filter by (step 23): the tally counted again from the
    // workspaces, and the triggers that keep it. The seeder drops the triggers for a bulk load, then
    // counts the loaded rows and makes them again.
    static QStringList tallyStatements();
    static QStringList tallyTriggerStatements();
    static QStringList tallyTriggerDropStatements();
    // A database whose seed stopped between committing its rows and building their indexes is refused
    // (a storage problem saying so); apply() asks this after migrating.
    static contract::Result<contract::Done> refuseUnfinishedSeed(Database &database);
    // SQLite keeps no statistics for its planner unless asked (PostgreSQL's autovacuum keeps its own),
    // and a database made by use was never asked: apply() gathers them (analyseStatements()) when the
    // workspaces have none or were counted at a quarter of their size or four times it. At start, on
    // the first connection: the others read them when they open.
    static contract::Result<contract::Done> keepStatistics(Database &database);
    static constexpr qint64 StatisticsDrift = 4;
    // SQLite's: every table sampled, the workspaces counted whole (the seed gathers them so too).
    static QStringList analyseStatements();
    // The statements of `all` for `database`'s dialect: "sqlite:" and "postgresql:" prefixes name the
    // one dialect a statement is for; %AUTOID%, %ROWID% and %SEP% are said in that dialect.
    static QStringList forDialect(const QStringList &all, const Database &database);
};

} // namespace billing::store
