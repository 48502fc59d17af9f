// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "foundation/contract/problem.h"

#include <utility>
#include <variant>

namespace billing::contract {

// Errors are values everywhere (docs/architecture.md, "Errors"): a call answers either a T or a Problem.
// No exceptions cross a layer, so coroutines nobody awaits cannot lose one (QCoro 0.8 pitfall).
template<typename T>
class [[nodiscard]] Result
{
public:
    // Empty until assigned (QCoro::waitFor needs a default); reads as an internal problem.
    Result()
        : m_state(Problem{500, ErrorCode::Internal, QStringLiteral("No result"), {}, {}})
    {
    }
    Result(T value)
        : m_state(std::move(value))
    {
    }
    Result(Problem problem)
        : m_state(std::move(problem))
    {
    }

    bool ok() const { return std::holds_alternative<T>(m_state); }
    explicit operator bool() const { return ok(); }

    const T &value() const & { return std::get<T>(m_state); }
    T &value() & { return std::get<T>(m_state); }
    T &&value() && { return std::get<T>(std::move(m_state)); }
    const T *operator->() const { return &std::get<T>(m_state); }
    T *operator->() { return &std::get<T>(m_state); }
    const T &operator*() const & { return value(); }

    const Problem &problem() const { return std::get<Problem>(m_state); }

private:
    std::variant<T, Problem> m_state;
};

struct Done {
}; // the value of a Result that has nothing to return

} // namespace billing::contract
