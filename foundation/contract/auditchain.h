// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "foundation/contract/auditevent.h"
#include "foundation/contract/problem.h"

#include <optional>

namespace billing::contract {

// Walks a hash chain of audit events in sequence order (rule 10): each event must follow the one
// before by number, name its hash as prev_hash, and hash to its own `hash`. A plain chain catches edits,
// deletions and reordering; only a signed head (the snapshot manifest) also catches a cut-off tail.
class AuditChain
{
public:
    // Where the walk starts: the first sequence number expected and the hash it chains to ("" at 1).
    AuditChain(qint64 firstSeq = 1, QString firstPrevHash = {});

    // The problem (audit_chain_broken, naming the event) at the first event that breaks the chain.
    std::optional<Problem> add(const AuditEvent &event);
    // Whether the walk ended where it should: at `lastSeq` with `lastHash`.
    std::optional<Problem> endsAt(qint64 lastSeq, const QString &lastHash) const;

    qint64 count() const { return m_count; }
    qint64 lastSeq() const { return m_nextSeq - 1; }
    const QString &lastHash() const { return m_previousHash; }

    static Problem broken(qint64 seq, const QString &detail);

private:
    qint64 m_nextSeq;
    QString m_previousHash;
    qint64 m_count = 0;
};

} // namespace billing::contract
