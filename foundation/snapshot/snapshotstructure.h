// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "foundation/contract/problem.h"

#include <QList>

#include <atomic>

namespace billing::snapshot {

class SqliteFile;

// The file around the rows: what a snapshot may hold besides its tables' contents. The format defines
// its tables and nothing else (no index, trigger or view), and the platform writes its files in one
// pass, so a whole file has no free page and no page beyond its database. Anything else was added
// afterwards, and could change what a query answers (a partial index declared as a full one hides
// rows from every query that uses it); a file with such a problem is never read, only named.
class SnapshotStructure
{
public:
    // The cheap checks, done on every open: the schema object by object against the format's, the
    // file's length against its pages, the free list. Each problem names what it found
    // (schema_altered, file_altered).
    static QList<contract::Problem> check(SqliteFile &file, int formatVersion);
    // SQLite's own integrity check over every page and b-tree (about 0.5 s at a million workspaces):
    // the verifier's, as it reads every row anyway. `cancel` stops it early (no problem reported).
    static QList<contract::Problem> checkIntegrity(SqliteFile &file,
                                                   const std::atomic_bool *cancel = nullptr);

    // SHA-256 (hex) over the schema's objects (type, name, table and SQL, by name): what the
    // manifest signs as `schema_sha256`. `formatDigest` is the format's own, of a version.
    static QString schemaDigest(SqliteFile &file);
    static QString formatDigest(int formatVersion);
};

} // namespace billing::snapshot
