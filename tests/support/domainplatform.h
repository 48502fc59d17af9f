// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "platform/domain/billingplatform.h"
#include "tests/support/testplatform.h"

#include <QStringList>

#include <gtest/gtest.h>

#include <memory>

namespace billing::test {

// The platform's domain over a fresh, seeded database of one backend, with no HTTP: for the tests of
// the layers below it (the billing rules, the snapshot format). Its clock starts at TestPlatform::Now.
class DomainPlatform
{
public:
    DomainPlatform(Backend backend, qint64 workspaces, quint64 seed);

    domain::BillingPlatform &operator*() const { return *m_platform; }
    domain::BillingPlatform *operator->() const { return m_platform.get(); }
    domain::ManualClock &clock() const { return *m_clock; }
    // Where its database is, for another platform over the same one (another process, as it were).
    QString databaseSpec() const { return m_database.spec(); }

    // The first value a query of the platform's own database answers (fixtures are picked this way).
    QString pick(const QString &sql) const;
    qint64 number(const QString &sql) const { return pick(sql).toLongLong(); }
    // The first column of every row.
    QStringList column(const QString &sql) const;

private:
    std::shared_ptr<domain::ManualClock> m_clock = std::make_shared<domain::ManualClock>(TestPlatform::Now);
    TestDatabase m_database;
    std::shared_ptr<domain::BillingPlatform> m_platform;
};

// A test of the layers below HTTP on each backend, over a DomainPlatform of its own seeded with
// `Workspaces` workspaces from `Seed`.
template<qint64 Workspaces, quint64 Seed>
class DomainTest : public ::testing::TestWithParam<Backend>
{
protected:
    DomainTest()
        : platform(GetParam(), Workspaces, Seed)
    {
    }
    QString pick(const QString &sql) { return platform.pick(sql); }
    qint64 number(const QString &sql) { return platform.number(sql); }

    DomainPlatform platform;
};

// Queries that pick a workspace or cloud account a rule is about, shared by the domain's and the
// API's tests.
namespace fixture {
// An active workspace whose owner has no card, no credits, no link and no exemption: rule 1 allows it.
QString eligibleWorkspace(const QString &siteCondition = QStringLiteral("1 = 1"));
// A cloud account of `provider` that takes bindings (rule 2).
QString bindableCloudAccount(const QString &provider);
} // namespace fixture

} // namespace billing::test
