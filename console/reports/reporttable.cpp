// SPDX-License-Identifier: Apache-2.0
#include "console/reports/reporttable.h"

#include "console/models/billingtext.h"
#include "foundation/contract/jsonfields.h"
#include "foundation/contract/vocabulary.h"

#include <QDateTime>

namespace billing::reports {

using contract::ReportKind;
using models::BillingText;
namespace v = contract::vocabulary;

QString formatName(ReportFormat format)
{
    switch (format) {
    case ReportFormat::Csv:
        return QStringLiteral("csv");
    case ReportFormat::Xlsx:
        return QStringLiteral("xlsx");
    case ReportFormat::Pdf:
        return QStringLiteral("pdf");
    }
    return {};
}

std::optional<ReportFormat> formatNamed(const QString &name)
{
    for (ReportFormat format : {ReportFormat::Csv, ReportFormat::Xlsx, ReportFormat::Pdf}) {
        if (formatName(format) == name.toLower())
            return format;
    }
    return std::nullopt;
}

namespace {
QString titleOf(const QString &key)
{
    static const QHash<QString, const char *> titles{
        {"workspace_id", QT_TRANSLATE_NOOP("ReportTable", "Workspace")},
        {"workspace_name", QT_TRANSLATE_NOOP("ReportTable", "Workspace name")},
        {"account_id", QT_TRANSLATE_NOOP("ReportTable", "Owner account")},
        {"account_email", QT_TRANSLATE_NOOP("ReportTable", "Owner email")},
        {"site", QT_TRANSLATE_NOOP("ReportTable", "Site")},
        {"plan", QT_TRANSLATE_NOOP("ReportTable", "Plan")},
        {"billing_method", QT_TRANSLATE_NOOP("ReportTable", "Billing method")},
        {"payment_method", QT_TRANSLATE_NOOP("ReportTable", "Payment method")},
        {"card", QT_TRANSLATE_NOOP("ReportTable", "Card")},
        {"credits", QT_TRANSLATE_NOOP("ReportTable", "Prepaid credits")},
        {"credits_currency", QT_TRANSLATE_NOOP("ReportTable", "Currency")},
        {"cloud_account_id", QT_TRANSLATE_NOOP("ReportTable", "Cloud account")},
        {"provider", QT_TRANSLATE_NOOP("ReportTable", "Provider")},
        {"cloud_account_external_id", QT_TRANSLATE_NOOP("ReportTable", "Marketplace customer")},
        {"external_id", QT_TRANSLATE_NOOP("ReportTable", "Marketplace customer")},
        {"display_name", QT_TRANSLATE_NOOP("ReportTable", "Name")},
        {"subscription_state", QT_TRANSLATE_NOOP("ReportTable", "Subscription")},
        {"sync_state", QT_TRANSLATE_NOOP("ReportTable", "Sync")},
        {"status", QT_TRANSLATE_NOOP("ReportTable", "Status")},
        {"lock_reason", QT_TRANSLATE_NOOP("ReportTable", "Lock reason")},
        {"lock_days_left", QT_TRANSLATE_NOOP("ReportTable", "Days left")},
        {"days_left", QT_TRANSLATE_NOOP("ReportTable", "Days left")},
        {"created_at", QT_TRANSLATE_NOOP("ReportTable", "Created")},
        {"updated_at", QT_TRANSLATE_NOOP("ReportTable", "Updated")},
        {"bound_workspaces", QT_TRANSLATE_NOOP("ReportTable", "Bound workspaces")},
        {"bound_by_site", QT_TRANSLATE_NOOP("ReportTable", "Bound by site")},
        {"locked_at", QT_TRANSLATE_NOOP("ReportTable", "Locked since")},
        {"locked_by", QT_TRANSLATE_NOOP("ReportTable", "Locked by")},
        {"lock_note", QT_TRANSLATE_NOOP("ReportTable", "Note")},
        {"purge_at", QT_TRANSLATE_NOOP("ReportTable", "Dissolved on")},
        {"seq", QT_TRANSLATE_NOOP("ReportTable", "Event")},
        {"at", QT_TRANSLATE_NOOP("ReportTable", "When")},
        {"actor", QT_TRANSLATE_NOOP("ReportTable", "Actor")},
        {"action", QT_TRANSLATE_NOOP("ReportTable", "Action")},
        {"target_type", QT_TRANSLATE_NOOP("ReportTable", "Target type")},
        {"target_id", QT_TRANSLATE_NOOP("ReportTable", "Target")},
        {"billing_method_before", QT_TRANSLATE_NOOP("ReportTable", "Method before")},
        {"billing_method_after", QT_TRANSLATE_NOOP("ReportTable", "Method after")},
        {"cloud_account_before", QT_TRANSLATE_NOOP("ReportTable", "Cloud account before")},
        {"cloud_account_after", QT_TRANSLATE_NOOP("ReportTable", "Cloud account after")},
        {"status_before", QT_TRANSLATE_NOOP("ReportTable", "Status before")},
        {"status_after", QT_TRANSLATE_NOOP("ReportTable", "Status after")},
        {"note", QT_TRANSLATE_NOOP("ReportTable", "Note")},
        {"request_id", QT_TRANSLATE_NOOP("ReportTable", "Request")},
        {"hour", QT_TRANSLATE_NOOP("ReportTable", "Hour")},
        {"dimension", QT_TRANSLATE_NOOP("ReportTable", "Dimension")},
        {"quantity", QT_TRANSLATE_NOOP("ReportTable", "Quantity")},
        {"workspaces", QT_TRANSLATE_NOOP("ReportTable", "Workspaces")},
        {"state", QT_TRANSLATE_NOOP("ReportTable", "Metering state")},
        {"marketplace_record_id", QT_TRANSLATE_NOOP("ReportTable", "Marketplace record")},
        {"attempts", QT_TRANSLATE_NOOP("ReportTable", "Attempts")},
        {"last_error", QT_TRANSLATE_NOOP("ReportTable", "Last error")},
    };
    const char *title = titles.value(key);
    return title ? ReportTable::tr(title) : key;
}

// How each report is exported beyond the platform's columns, indexed by ReportKind.
struct Layout {
    QStringList printed; // the columns a landscape page has room for
    QStringList summary; // the columns its rows are counted by
    QString measure;     // summed in the summary instead of counting rows, if any
};

const Layout &layoutOf(ReportKind kind)
{
    static const Layout layouts[] = {
        {{"workspace_id", "workspace_name", "site", "plan", "payment_method", "cloud_account_id", "status",
          "lock_days_left"},
         {"billing_method", "provider", "status"}},
        {{"cloud_account_id", "provider", "display_name", "subscription_state", "sync_state",
          "bound_workspaces", "bound_by_site"},
         {"provider", "subscription_state"}},
        {{"workspace_id", "workspace_name", "site", "lock_reason", "locked_at", "locked_by", "purge_at",
          "days_left"},
         {"lock_reason", "site"}},
        {{"seq", "at", "actor", "action", "target_id", "billing_method_after", "cloud_account_after",
          "status_after"},
         {"action", "actor"}},
        // Finance asks what was billed: the summary adds up quantities, by state first.
        {{"hour", "cloud_account_id", "provider", "dimension", "quantity", "state", "marketplace_record_id",
          "attempts"},
         {"state", "dimension", "provider"},
         "quantity"},
    };
    return layouts[int(kind)];
}

bool isCoded(const QString &key)
{
    static const QStringList coded{
        "billing_method", "billing_method_before", "billing_method_after", "plan",
        "provider",       "subscription_state",    "sync_state",           "status",
        "status_before",  "status_after",          "lock_reason",          "state"};
    return coded.contains(key);
}
} // namespace

ReportTable::ReportTable(ReportKind kind)
    : m_kind(kind)
{
    const QStringList &printed = layoutOf(kind).printed;
    QHash<QString, int> wireIndex; // column key → index in the platform's row
    for (const contract::ReportColumn &column : contract::ReportQuery::columns(kind)) {
        wireIndex.insert(column.key, int(wireIndex.size()));
        m_columns.append({column.key, column.type, titleOf(column.key), printed.contains(column.key),
                          isCoded(column.key)});
        if (kind == ReportKind::Subscriptions && column.key == QLatin1String("billing_method")) {
            m_labelAt = int(m_columns.size());
            m_columns.append({QStringLiteral("payment_method"), contract::ReportColumn::Type::Text,
                              titleOf("payment_method"), printed.contains(QStringLiteral("payment_method")),
                              false});
        }
    }
    m_labelFrom = {wireIndex.value(QStringLiteral("billing_method"), -1),
                   wireIndex.value(QStringLiteral("provider"), -1),
                   wireIndex.value(QStringLiteral("sync_state"), -1),
                   wireIndex.value(QStringLiteral("card"), -1)};
    for (const QString &key : layoutOf(kind).summary)
        m_summaryColumns.append(indexOf(key));
    if (!layoutOf(kind).measure.isEmpty())
        m_measureColumn = indexOf(layoutOf(kind).measure);
}

QString ReportTable::measureTitle() const
{
    return m_measureColumn < 0 ? tr("Rows") : m_columns.at(m_measureColumn).title;
}

QString ReportTable::title(ReportKind kind)
{
    switch (kind) {
    case ReportKind::Subscriptions:
        return tr("Subscriptions");
    case ReportKind::CloudAccounts:
        return tr("Cloud accounts");
    case ReportKind::Locked:
        return tr("Locked workspaces");
    case ReportKind::Changes:
        return tr("Changes");
    case ReportKind::MeteredUsage:
        return tr("Metered usage");
    }
    return {};
}

QString ReportTable::title() const
{
    return title(m_kind);
}

int ReportTable::indexOf(const QString &key) const
{
    for (qsizetype i = 0; i < m_columns.size(); ++i) {
        if (m_columns.at(i).key == key)
            return int(i);
    }
    return -1;
}

int ReportTable::currencyOf(int moneyColumn) const
{
    return indexOf(m_columns.at(moneyColumn).key + QStringLiteral("_currency"));
}

contract::Result<contract::Done> ReportTable::checkHeader(const QStringList &header) const
{
    QStringList expected;
    for (const contract::ReportColumn &column : contract::ReportQuery::columns(m_kind))
        expected.append(column.key);
    if (header != expected)
        // The platform's answer, though not one this console can read: 502, as a gateway would say.
        return contract::Problem{
            502,
            contract::ErrorCode::BadResponse,
            tr("Unknown report layout"),
            tr("The platform sent the %1 report with columns this console does not know (%2). "
               "Update the console to the platform's version.")
                .arg(title(), header.join(QStringLiteral(", ")).left(200)),
            {}};
    return contract::Done{};
}

const contract::ReportCells &ReportTable::present(const contract::ReportCells &row)
{
    if (m_labelAt < 0)
        return row;
    const QByteArrayView method = row.value(m_labelFrom.billingMethod);
    auto known = std::find_if(m_methodLabels.cbegin(), m_methodLabels.cend(),
                              [&](const MethodLabel &label) { return label.method == method; });
    if (known == m_methodLabels.cend()) {
        const QString code = QString::fromUtf8(method);
        const QString words = BillingText::billingMethod(code);
        // The card's label with a mark where the card goes, so that a translation may put it anywhere.
        const QString withCard = tr("%1 (%2)", "billing method and card").arg(words, QStringLiteral("\x1f"));
        const qsizetype mark = withCard.indexOf(QChar(0x1f));
        if (mark < 0) // a translation without the card
            m_methodLabels.append({method.toByteArray(), words.toUtf8(), withCard.toUtf8(), {}, false});
        else
            m_methodLabels.append({method.toByteArray(), words.toUtf8(), withCard.left(mark).toUtf8(),
                                   withCard.mid(mark + 1).toUtf8(), true});
        known = m_methodLabels.cend() - 1;
    }
    m_presented.clear();
    for (int i = 0; i < m_labelAt && i < row.size(); ++i)
        m_presented.addInPlace(row.at(i));
    QByteArray &label = m_presented.made(); // the label is the row's one made cell
    static const QByteArray cloudAccount = v::BillingMethod::CloudAccount.toUtf8();
    static const QByteArray creditCard = v::BillingMethod::CreditCard.toUtf8();
    if (method == cloudAccount) {
        const QByteArrayView provider = row.value(m_labelFrom.provider);
        const QByteArrayView syncState = row.value(m_labelFrom.syncState);
        auto cloud = std::find_if(m_cloudLabels.cbegin(), m_cloudLabels.cend(), [&](const CloudLabel &known) {
            return known.provider == provider && known.syncState == syncState;
        });
        if (cloud == m_cloudLabels.cend()) {
            contract::CloudAccount account;
            account.provider = QString::fromUtf8(provider);
            account.syncState = QString::fromUtf8(syncState);
            m_cloudLabels.append({provider.toByteArray(), syncState.toByteArray(),
                                  BillingText::paymentMethodLabel(account).toUtf8()});
            cloud = m_cloudLabels.cend() - 1;
        }
        label.append(cloud->label);
    } else if (const QByteArrayView card = row.value(m_labelFrom.card);
               method == creditCard && !card.isEmpty()) {
        label.append(known->beforeCard);
        if (known->showsCard) {
            label.append(card);
            label.append(known->afterCard);
        }
    } else {
        label.append(known->words);
    }
    m_presented.endMade();
    for (int i = m_labelAt; i < row.size(); ++i)
        m_presented.addInPlace(row.at(i));
    return m_presented;
}

QString ReportTable::words(int column, const QString &cell) const
{
    const Column &c = m_columns.at(column);
    if (cell.isEmpty() || !c.coded)
        return c.type == contract::ReportColumn::Type::DateTime
                   ? BillingText::dateTime(contract::json::time(QJsonValue(cell)))
                   : cell;
    const QString &key = c.key;
    if (key.startsWith(QLatin1String("billing_method")))
        return BillingText::billingMethod(cell);
    if (key == QLatin1String("plan"))
        return BillingText::plan(cell);
    if (key == QLatin1String("provider"))
        return BillingText::provider(cell);
    if (key == QLatin1String("subscription_state"))
        return BillingText::subscriptionState(cell);
    if (key == QLatin1String("sync_state"))
        return BillingText::syncState(cell);
    if (key == QLatin1String("lock_reason"))
        return BillingText::lockReason(cell);
    if (key == QLatin1String("state"))
        return BillingText::meteringState(cell);
    if (key.startsWith(QLatin1String("status")))
        return m_kind == ReportKind::CloudAccounts || v::SubscriptionState::all().contains(cell)
                   ? BillingText::subscriptionState(cell)
                   : BillingText::workspaceStatus(cell);
    return cell;
}

QString ReportTable::summaryWords(int column, const QString &cell) const
{
    if (!cell.isEmpty())
        return words(column, cell);
    const QString &key = m_columns.at(column).key;
    if (key == QLatin1String("provider"))
        return tr("No cloud account");
    if (key == QLatin1String("site"))
        return tr("No site");
    return tr("(none)");
}

QString ReportTable::describeFilters(const contract::ReportQuery &query)
{
    QStringList parts;
    const auto day = [](qint64 ms) {
        return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODate);
    };
    if (query.from > 0 || query.to > 0)
        parts << tr("Period: %1 to %2")
                     .arg(query.from > 0 ? day(query.from) : tr("the beginning"),
                          query.to > 0 ? day(query.to) : tr("now"));
    if (!query.site.isEmpty())
        parts << tr("Site: %1").arg(query.site);
    if (!query.provider.isEmpty())
        parts << tr("Provider: %1").arg(BillingText::provider(query.provider));
    if (!query.cloudAccountId.isEmpty())
        parts << tr("Cloud account: %1").arg(query.cloudAccountId);
    if (!query.status.isEmpty())
        parts << tr("Status: %1").arg(statusWords(query.kind, query.status));
    if (!query.billingMethod.isEmpty())
        parts << tr("Billing method: %1").arg(BillingText::billingMethod(query.billingMethod));
    return parts.isEmpty() ? tr("No filters") : parts.join(QStringLiteral(" · "));
}

QString ReportTable::statusWords(ReportKind kind, const QString &status)
{
    switch (kind) {
    case ReportKind::CloudAccounts:
        return BillingText::subscriptionState(status);
    case ReportKind::MeteredUsage:
        return BillingText::meteringState(status);
    default:
        return BillingText::workspaceStatus(status);
    }
}

ReportSummary::ReportSummary(const ReportTable &table)
    : counts(table.summaryColumns().size())
    , m_columns(table.summaryColumns())
    , m_measure(table.measureColumn())
    , m_keys(m_columns.size())
{
}

void ReportSummary::tally(const contract::ReportCells &presentedRow)
{
    constexpr qsizetype KeptKeys = 64; // past these, a column's value is read as it comes
    ++rows;
    const qint64 weight = m_measure < 0 ? 1 : presentedRow.value(m_measure).toLongLong();
    measured += weight;
    for (qsizetype i = 0; i < m_columns.size(); ++i) {
        const QByteArrayView value = presentedRow.value(m_columns.at(i));
        QList<std::pair<QByteArray, QString>> &keys = m_keys[i];
        auto key =
            std::find_if(keys.cbegin(), keys.cend(), [&](const auto &known) { return known.first == value; });
        if (key != keys.cend()) {
            counts[i][key->second] += weight;
        } else if (keys.size() < KeptKeys) {
            keys.append({value.toByteArray(), QString::fromUtf8(value)});
            counts[i][keys.last().second] += weight;
        } else {
            counts[i][QString::fromUtf8(value)] += weight;
        }
    }
}

} // namespace billing::reports
