// SPDX-License-Identifier: Apache-2.0
#include "foundation/contract/auditchain.h"

namespace billing::contract {

AuditChain::AuditChain(qint64 firstSeq, QString firstPrevHash)
    : m_nextSeq(firstSeq)
    , m_previousHash(std::move(firstPrevHash))
{
}

Problem AuditChain::broken(qint64 seq, const QString &detail)
{
    return Problem{422,
                   "audit_chain_broken",
                   QStringLiteral("Audit chain broken"),
                   QStringLiteral("The audit chain breaks at event %1: %2").arg(seq).arg(detail),
                   {{"seq", seq}}};
}

std::optional<Problem> AuditChain::add(const AuditEvent &e)
{
    if (e.seq != m_nextSeq) {
        if (e.seq < m_nextSeq)
            return broken(e.seq,
                          QStringLiteral("it is out of order (event %1 was expected).").arg(m_nextSeq));
        if (e.seq == m_nextSeq + 1)
            return broken(m_nextSeq, QStringLiteral("it is missing."));
        return broken(
            m_nextSeq,
            QStringLiteral("it and the %1 events after it are missing.").arg(e.seq - m_nextSeq - 1));
    }
    if (e.prevHash != m_previousHash)
        return broken(e.seq,
                      QStringLiteral("it does not chain to the event before it (its prev_hash differs)."));
    if (e.computeHash() != e.hash)
        return broken(e.seq, QStringLiteral("its hash does not match its contents: the event was altered."));
    m_previousHash = e.hash;
    ++m_nextSeq;
    ++m_count;
    return std::nullopt;
}

std::optional<Problem> AuditChain::endsAt(qint64 lastSeq, const QString &lastHash) const
{
    if (this->lastSeq() < lastSeq)
        return broken(this->lastSeq() + 1,
                      QStringLiteral("the trail ends at event %1, but events up to %2 were signed: "
                                     "the end of the trail was cut off.")
                          .arg(this->lastSeq())
                          .arg(lastSeq));
    if (this->lastSeq() > lastSeq || (m_count > 0 && m_previousHash != lastHash))
        return broken(this->lastSeq(), QStringLiteral("the last event is not the one that was signed."));
    return std::nullopt;
}

} // namespace billing::contract
