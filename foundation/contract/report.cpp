// SPDX-License-Identifier: Apache-2.0
#include "foundation/contract/report.h"

#include "foundation/contract/jsonfields.h"
#include "foundation/contract/metering.h"
#include "foundation/contract/queryparameters.h"
#include "foundation/contract/vocabulary.h"

namespace billing::contract {

namespace {
using Type = ReportColumn::Type;

// Everything the contract says of one report, in one place.
struct Definition {
    QString name;
    QList<ReportColumn> columns;
    // The period is when a workspace was created, locked, or when a change happened; a cloud account
    // list is as of now.
    QStringList filters;
};

QList<ReportColumn> columnsOf(std::initializer_list<std::pair<const char *, Type>> list)
{
    QList<ReportColumn> columns;
    for (const auto &[key, type] : list)
        columns.append({QString::fromLatin1(key), type});
    return columns;
}

const Definition &definition(ReportKind kind)
{
    static const Definition definitions[] = {
        // ReportKind::Subscriptions
        {QStringLiteral("subscriptions"),
         columnsOf({
             {"workspace_id", Type::Text},
             {"workspace_name", Type::Text},
             {"account_id", Type::Text},
             {"account_email", Type::Text},
             {"site", Type::Text},
             {"plan", Type::Text},
             {"billing_method", Type::Text},
             {"card", Type::Text},
             {"credits", Type::Money},
             {"credits_currency", Type::Text},
             {"cloud_account_id", Type::Text},
             {"provider", Type::Text},
             {"cloud_account_external_id", Type::Text},
             {"subscription_state", Type::Text},
             {"sync_state", Type::Text},
             {"status", Type::Text},
             {"lock_reason", Type::Text},
             {"lock_days_left", Type::Integer},
             {"created_at", Type::DateTime},
             {"updated_at", Type::DateTime},
         }),
         {"from", "to", "site", "provider", "status", "billing_method"}},
        // ReportKind::CloudAccounts
        {QStringLiteral("cloud-accounts"),
         columnsOf({
             {"cloud_account_id", Type::Text},
             {"provider", Type::Text},
             {"display_name", Type::Text},
             {"external_id", Type::Text},
             {"subscription_state", Type::Text},
             {"sync_state", Type::Text},
             {"bound_workspaces", Type::Integer},
             {"bound_by_site", Type::Text},
             {"created_at", Type::DateTime},
         }),
         {"provider", "status"}},
        // ReportKind::Locked
        {QStringLiteral("locked"),
         columnsOf({
             {"workspace_id", Type::Text},
             {"workspace_name", Type::Text},
             {"account_id", Type::Text},
             {"site", Type::Text},
             {"billing_method", Type::Text},
             {"cloud_account_id", Type::Text},
             {"provider", Type::Text},
             {"lock_reason", Type::Text},
             {"locked_at", Type::DateTime},
             {"locked_by", Type::Text},
             {"lock_note", Type::Text},
             {"purge_at", Type::DateTime},
             {"days_left", Type::Integer},
         }),
         {"from", "to", "site", "provider", "billing_method"}},
        // ReportKind::Changes
        {QStringLiteral("changes"),
         columnsOf({
             {"seq", Type::Integer},
             {"at", Type::DateTime},
             {"actor", Type::Text},
             {"action", Type::Text},
             {"target_type", Type::Text},
             {"target_id", Type::Text},
             {"billing_method_before", Type::Text},
             {"billing_method_after", Type::Text},
             {"cloud_account_before", Type::Text},
             {"cloud_account_after", Type::Text},
             {"status_before", Type::Text},
             {"status_after", Type::Text},
             {"lock_reason", Type::Text},
             {"note", Type::Text},
             {"request_id", Type::Text},
         }),
         {"from", "to"}},
        // ReportKind::MeteredUsage: the metering ledger, one row per cloud account, hour and dimension;
        // the period is the hour metered.
        {QStringLiteral("metered-usage"),
         columnsOf({
             {"hour", Type::DateTime},
             {"cloud_account_id", Type::Text},
             {"provider", Type::Text},
             {"display_name", Type::Text},
             {"external_id", Type::Text},
             {"dimension", Type::Text},
             {"quantity", Type::Integer},
             {"workspaces", Type::Integer},
             {"state", Type::Text},
             {"marketplace_record_id", Type::Text},
             {"attempts", Type::Integer},
             {"last_error", Type::Text},
             {"updated_at", Type::DateTime},
         }),
         {"from", "to", "cloud_account_id", "provider", "status"}},
    };
    return definitions[int(kind)];
}
} // namespace

const QList<ReportKind> &ReportQuery::kinds()
{
    static const QList<ReportKind> all{ReportKind::Subscriptions, ReportKind::CloudAccounts,
                                       ReportKind::Locked, ReportKind::Changes, ReportKind::MeteredUsage};
    return all;
}

QString ReportQuery::name(ReportKind kind)
{
    return definition(kind).name;
}

std::optional<ReportKind> ReportQuery::kindNamed(const QString &name)
{
    for (ReportKind kind : kinds()) {
        if (ReportQuery::name(kind) == name)
            return kind;
    }
    return std::nullopt;
}

const QList<ReportColumn> &ReportQuery::columns(ReportKind kind)
{
    return definition(kind).columns;
}

const QStringList &ReportQuery::filters(ReportKind kind)
{
    return definition(kind).filters;
}

const QStringList &ReportQuery::statuses(ReportKind kind)
{
    // A cloud account's status is its subscription state; a metered hour's is its metering state; a
    // workspace's is active, locked or dissolved.
    switch (kind) {
    case ReportKind::CloudAccounts:
        return vocabulary::SubscriptionState::all();
    case ReportKind::MeteredUsage:
        return MeteringState::all();
    default:
        return vocabulary::WorkspaceStatus::all();
    }
}

QUrlQuery ReportQuery::toUrlQuery() const
{
    QUrlQuery query;
    const auto add = [&](const char *name, const QString &value) {
        if (!value.isEmpty())
            query.addQueryItem(QLatin1String(name), value);
    };
    add("from", json::time(from).toString());
    add("to", json::time(to).toString());
    add("site", site);
    add("provider", provider);
    add("status", status);
    add("billing_method", billingMethod);
    add("cloud_account_id", cloudAccountId);
    return query;
}

Result<ReportQuery> ReportQuery::fromUrlQuery(ReportKind kind, const QUrlQuery &query)
{
    using namespace parameters;
    if (auto known = onlyKnown(query, filters(kind)); !known)
        return known.problem();
    namespace v = vocabulary;
    ReportQuery r;
    r.kind = kind;
    const auto when = period(query);
    if (!when)
        return when.problem();
    std::tie(r.from, r.to) = *when;
    r.site = text(query, "site").trimmed();
    const auto provider = oneOf(query, "provider", v::Provider::all());
    if (!provider)
        return provider.problem();
    r.provider = *provider;
    const auto status = oneOf(query, "status", statuses(kind));
    if (!status)
        return status.problem();
    r.status = *status;
    const auto method = oneOf(query, "billing_method", v::BillingMethod::all());
    if (!method)
        return method.problem();
    r.billingMethod = *method;
    r.cloudAccountId = text(query, "cloud_account_id").trimmed();
    return r;
}

void ReportCells::copyInPlaceCells()
{
    Q_ASSERT(madeEmpty()); // no cell half made
    for (Cell &cell : m_cells) {
        if (!cell.inPlace)
            continue;
        const qsizetype begin = m_made.size();
        m_made.append(cell.inPlace, cell.size);
        cell = {nullptr, begin, cell.size};
    }
    m_madeEnd = m_made.size();
}

QStringList ReportCells::texts() const
{
    QStringList texts;
    texts.reserve(size());
    for (qsizetype i = 0; i < size(); ++i)
        texts.append(text(i));
    return texts;
}

} // namespace billing::contract
