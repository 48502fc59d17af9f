// SPDX-License-Identifier: Apache-2.0
#include "foundation/contract/workspacequery.h"

#include <gtest/gtest.h>

using billing::contract::WorkspaceQuery;

TEST(WorkspaceQuery, RoundTripsThroughTheUrlWithAwkwardCharacters)
{
    WorkspaceQuery query;
    query.q = QStringLiteral("a&b=c+d %25 杭州");
    query.status = "locked";
    query.billingMethod = "cloud_account";
    query.site = "cn-hangzhou";
    query.provider = "aws_cn";
    query.lockReason = "cloud_subscription_cancelled";
    query.lockedAt = 1795435392123; // milliseconds survive the trip
    query.sort = "purge_at";
    query.descending = true;
    query.offset = 4200;
    query.limit = 250;
    const auto parsed =
        WorkspaceQuery::fromUrlQuery(QUrlQuery(query.toUrlQuery().toString(QUrl::FullyEncoded)));
    ASSERT_TRUE(parsed.ok()) << parsed.problem().message().toStdString();
    EXPECT_EQ(*parsed, query);
}

TEST(WorkspaceQuery, DefaultsWhenNothingIsGiven)
{
    const auto parsed = WorkspaceQuery::fromUrlQuery(QUrlQuery());
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(parsed->sort, "id");
    EXPECT_FALSE(parsed->descending);
    EXPECT_EQ(parsed->offset, 0);
    EXPECT_EQ(parsed->limit, 100);
}

struct BadParameter {
    const char *query;
    const char *parameter;
};

class WorkspaceQueryRefuses : public ::testing::TestWithParam<BadParameter>
{
};

TEST_P(WorkspaceQueryRefuses, NamingTheParameter)
{
    const auto parsed = WorkspaceQuery::fromUrlQuery(QUrlQuery(QString::fromUtf8(GetParam().query)));
    ASSERT_FALSE(parsed.ok());
    EXPECT_EQ(parsed.problem().status, 400);
    EXPECT_EQ(parsed.problem().code, "invalid_request");
    EXPECT_EQ(parsed.problem().extra.value("parameter").toString(), QString::fromUtf8(GetParam().parameter));
}

INSTANTIATE_TEST_SUITE_P(
    BadInput, WorkspaceQueryRefuses,
    ::testing::Values(
        BadParameter{"limit=0", "limit"}, BadParameter{"limit=1001", "limit"},
        BadParameter{"limit=ten", "limit"}, BadParameter{"offset=-1", "offset"},
        BadParameter{"sort=password", "sort"}, BadParameter{"order=up", "order"},
        BadParameter{"status=frozen", "status"}, BadParameter{"billing_method=cash", "billing_method"},
        BadParameter{"provider=gcp", "provider"}, BadParameter{"lock_reason=boredom", "lock_reason"},
        BadParameter{"locked_at=tomorrow", "locked_at"}, BadParameter{"colour=blue", "colour"}));

TEST(WorkspaceQuery, RefusesAnOverlongSearch)
{
    QUrlQuery query;
    query.addQueryItem("q", QString(201, QLatin1Char('x')));
    const auto parsed = WorkspaceQuery::fromUrlQuery(query);
    ASSERT_FALSE(parsed.ok());
    EXPECT_EQ(parsed.problem().extra.value("parameter").toString(), "q");
}

TEST(WorkspaceQuery, FilterKeyIgnoresWindowAndSort)
{
    WorkspaceQuery a, b;
    a.status = b.status = "locked";
    b.offset = 500;
    b.sort = "name";
    EXPECT_EQ(a.filterKey(), b.filterKey());
    b.site = "us-west-2";
    EXPECT_NE(a.filterKey(), b.filterKey());
}
