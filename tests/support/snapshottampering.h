// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <QList>
#include <QString>

namespace billing::test {

// What someone with a snapshot file, the sqlite3 shell and a hex editor can do to it without touching
// a row the manifest signs: each one changes what a query answers, or hides data in the file.
struct SnapshotTampering {
    QString name;  // for test output
    QString named; // the words a verifier's problem must contain to name what was done
};

class SnapshotTamperings
{
public:
    static QList<SnapshotTampering> all();
    // A copy of `path` at `copy` tampered as `tampering` says, with a raw SQLite connection that has
    // none of the reader's protections (writable_schema allowed, secure_delete off).
    static bool apply(const SnapshotTampering &tampering, const QString &path, const QString &copy);
};

} // namespace billing::test
