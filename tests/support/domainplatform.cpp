// SPDX-License-Identifier: Apache-2.0
#include "tests/support/domainplatform.h"

#include "platform/seeding/datasetseeder.h"

#include <QSqlQuery>

#include <gtest/gtest.h>

namespace billing::test {

DomainPlatform::DomainPlatform(Backend backend, qint64 workspaces, quint64 seed)
    : m_database(backend)
{
    auto opened = domain::BillingPlatform::open(m_database.spec(), m_clock);
    if (!opened) {
        ADD_FAILURE() << opened.problem().message().toStdString();
        return;
    }
    m_platform = *opened;
    auto seeded = seeding::DatasetSeeder::seed(m_platform->database(), {workspaces, seed, TestPlatform::Now});
    EXPECT_TRUE(seeded.ok()) << (seeded ? "" : seeded.problem().message().toStdString());
}

QString DomainPlatform::pick(const QString &sql) const
{
    const QStringList found = column(sql);
    EXPECT_FALSE(found.isEmpty()) << "no fixture for: " << sql.toStdString();
    return found.value(0);
}

QStringList DomainPlatform::column(const QString &sql) const
{
    QSqlQuery q(*m_platform->database().connection());
    EXPECT_TRUE(q.exec(sql)) << sql.toStdString();
    QStringList values;
    while (q.next())
        values << q.value(0).toString();
    return values;
}

namespace fixture {

QString eligibleWorkspace(const QString &siteCondition)
{
    return "SELECT w.id FROM workspaces w JOIN accounts a ON a.id = w.account_id WHERE a.card_brand = '' AND "
           "a.credits_minor = 0 AND a.linked_cloud_account_id IS NULL AND a.any_method_allowed = 0 AND "
           "w.status = 'active' AND " +
           siteCondition + " ORDER BY w.id LIMIT 1";
}

QString bindableCloudAccount(const QString &provider)
{
    return "SELECT id FROM cloud_accounts WHERE provider = '" + provider +
           "' AND subscription_state = 'subscribed' AND sync_state = 'synced' ORDER BY id LIMIT 1";
}

} // namespace fixture

} // namespace billing::test
