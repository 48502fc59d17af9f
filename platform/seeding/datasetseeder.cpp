// SPDX-License-Identifier: Apache-2.0
#include "platform/seeding/datasetseeder.h"

#include "foundation/contract/auditevent.h"
#include "foundation/contract/vocabulary.h"
#include "platform/store/auditstore.h"
#include "platform/store/bulkinserter.h"
#include "platform/store/meteringstore.h"
#include "platform/store/migrations.h"
#include "platform/store/transaction.h"
#include "platform/store/workspacestore.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QSqlQuery>

#include <algorithm>
#include <array>
#include <functional>
#include <future>
#include <optional>
#include <random>

namespace billing::seeding {

using store::BulkInserter;
using store::Database;
using store::Migrations;
using store::Transaction;

using contract::Result;
namespace v = contract::vocabulary;

namespace {

// std::mt19937_64 is specified exactly by the standard, unlike the
// distributions: draw with modulo so that a seed gives the same data with every
// standard library.
class Dice
{
public:
    explicit Dice(quint64 seed)
        : m_engine(seed)
    {
    }
    quint64 below(quint64 n) { return m_engine() % n; }
    bool chance(int percentTimesTen) { return below(1000) < quint64(percentTimesTen); }
    template<typename T, size_t N>
    const T &pick(const std::array<T, N> &items)
    {
        return items[below(N)];
    }

private:
    std::mt19937_64 m_engine;
};

struct Site {
    const char *id;
    const char *name;
    const char *language;
    bool china;
};
constexpr std::array<Site, 7> Sites{{{"cn-hangzhou", "China (Hangzhou)", "zh-CN", true},
                                     {"cn-ningxia", "China (Ningxia)", "zh-CN", true},
                                     {"cn-beijing", "China (Beijing)", "zh-CN", true},
                                     {"us-west-2", "US West (Oregon)", "en", false},
                                     {"us-east-1", "US East (N. Virginia)", "en", false},
                                     {"eu-frankfurt", "Europe (Frankfurt)", "de", false},
                                     {"ap-singapore", "Asia Pacific (Singapore)", "en", false}}};

constexpr std::array<const char *, 24> CompanyWords{
    "Northwind", "Contoso", "Fabrikam", "Tailspin",    "Litware", "Adatum",        "Proseware",  "Wingtip",
    "Lucerne",   "Margie",  "Alpine",   "Blue Yonder", "Coho",    "Fourth Coffee", "Humongous",  "Wide World",
    "Woodgrove", "Trey",    "Graphic",  "Relecloud",   "Datum",   "Nod",           "Southridge", "Munson"};
constexpr std::array<const char *, 12> CompanySuffixes{"Analytics", "Logistics", "Retail",  "Health",
                                                       "Media",     "Energy",    "Labs",    "Foods",
                                                       "Travel",    "Insurance", "Capital", "Games"};
constexpr std::array<const char *, 8> ChineseCompanies{"杭州云析科技", "宁夏数联",     "北京星图数据",
                                                       "上海青禾网络", "深圳启明智能", "成都蓝海信息",
                                                       "南京知行软件", "苏州远景云"};
constexpr std::array<const char *, 12> Teams{"Production", "Staging", "Data Platform", "BI",
                                             "Marketing",  "Finance", "Sandbox",       "ML Research",
                                             "Ops",        "Growth",  "Support",       "Security"};
constexpr std::array<const char *, 4> CardBrands{"visa", "mastercard", "amex", "unionpay"};
constexpr std::array<const char *, 3> StaffNames{"li.wei", "maria.garcia", "sam.okafor"};

enum class AccountKind { Card, CardAndCredits, Credits, Linked, Cancelled, Eligible };

struct CloudAccountRow {
    QString id;
    QString provider;
    QString subscription;
    QString sync;
    qint64 changedAt = 0;
};

struct AccountRow {
    AccountKind kind = AccountKind::Card;
    int cloudAccount = -1; // index into cloud accounts for Linked and Cancelled
    bool anyMethodAllowed = false;
    bool chineseName = false;
    QString company;
};

QString paddedId(const char *prefix, qint64 n)
{
    return QLatin1String(prefix) + QLatin1Char('-') + QString::number(n).rightJustified(7, QLatin1Char('0'));
}

QString actorFor(const QString &provider)
{
    return provider == v::Provider::Azure ? QStringLiteral("marketplace:azure")
                                          : QStringLiteral("marketplace:aws");
}

// While a new SQLite file is loaded: a rollback journal instead of WAL (a new
// file's pages need no journal, where WAL would write every page twice), sorter
// threads for the index builds, and no per-row foreign-key probes (the generator
// keeps integrity by construction and the store tests check it with PRAGMA
// foreign_key_check). The page cache stays small and the sorter spills to temporary
// files, not memory, and the file is not mapped: a cache of 1 GiB built the indexes
// no faster and held 1.4 GB at a million workspaces. The index builds' sorters take
// memory in proportion to the cache: 32 MB keeps the seed's peak at 290 MB (323 MB
// with 64 MB) in the same time. The connection's own settings are read first and
// restored on the way out.
class SqliteBulkLoad
{
public:
    static Result<std::unique_ptr<SqliteBulkLoad>> enter(Database &database)
    {
        auto load = std::unique_ptr<SqliteBulkLoad>(new SqliteBulkLoad);
        if (!database.isSqlite())
            return load;
        auto db = database.connection();
        if (!db)
            return db.problem();
        load->m_db = *db;
        for (const char *setting : {"cache_size", "mmap_size", "temp_store", "threads"}) {
            QSqlQuery current(load->m_db);
            current.prepare(QStringLiteral("PRAGMA %1").arg(QLatin1String(setting)));
            if (auto ran = Database::exec(current, "Preparing a bulk load"); !ran)
                return ran.problem();
            if (current.next())
                load->m_restore << QStringLiteral("PRAGMA %1=%2")
                                       .arg(QLatin1String(setting), current.value(0).toString());
        }
        for (const char *pragma :
             {"PRAGMA journal_mode=DELETE", "PRAGMA foreign_keys=OFF", "PRAGMA cache_size=-32768",
              "PRAGMA threads=2", "PRAGMA mmap_size=0", "PRAGMA temp_store=FILE"}) {
            if (auto ran = Database::exec(load->m_db, QLatin1String(pragma), "Preparing a bulk load"); !ran)
                return ran.problem();
        }
        return load;
    }
    ~SqliteBulkLoad()
    {
        if (!m_db.isValid())
            return;
        m_restore << QStringLiteral("PRAGMA journal_mode=WAL") << QStringLiteral("PRAGMA foreign_keys=ON");
        for (const QString &pragma : std::as_const(m_restore))
            (void)Database::exec(m_db, pragma, "Ending a bulk load");
    }

private:
    QSqlDatabase m_db;
    QStringList m_restore;
};

// An audit event the seed writes once every row is made: then the trail is
// sorted by time and chained.
struct PendingAudit {
    qint64 at;
    QString actor, action, targetType, targetId;
    QByteArray before, after; // canonical JSON text
    QString note;
};

// One seeding run over one transaction's connection. Its steps run in this
// order, each writing one table (the workspaces' step their deployments too)
// and noting the audit events that tell how its rows came to be; the order is
// the dice's, so that a seed always gives the same rows.
struct Seeding {
    Seeding(QSqlDatabase connection, const DatasetSeeder::Options &given)
        : db(std::move(connection))
        , options(given)
        , dice(given.seed)
        , now(given.nowMs)
    {
        audit.reserve(size_t(options.workspaces / 2 + options.workspaces / 10));
    }

    // How rows go into `table`: frozen into one this transaction emptied.
    BulkInserter::Load loadInto(const QString &table) const
    {
        return emptied.contains(table) ? BulkInserter::Load::Frozen : BulkInserter::Load::Ordinary;
    }

    Result<contract::Done> writeSites();
    // Every provider in every subscription and sync state.
    Result<contract::Done> writeCloudAccounts();
    // Payment profiles of every kind rule 1 tells apart.
    Result<contract::Done> writeAccounts();
    // The workspaces, each with its deployments.
    Result<contract::Done> writeWorkspaces();
    // The trail in time order, each event chained to the one before (rule 10).
    Result<contract::Done> writeAuditTrail();

    QSqlDatabase db;
    DatasetSeeder::Options options;
    Dice dice;
    qint64 now;
    DatasetSeeder::Counts counts;
    std::vector<PendingAudit> audit;
    std::vector<CloudAccountRow> clouds;
    std::vector<int> bindable; // cloud accounts whose customers' workspaces are bound
    std::vector<int> cancelled;
    std::vector<AccountRow> accounts;
    qint64 accountCount = 0;
    QSet<QString> emptied; // tables emptied in this transaction (PostgreSQL)

private:
    // One workspace's row and its deployments.
    Result<contract::Done> writeWorkspace(qint64 i, BulkInserter &workspaces, BulkInserter &deployments);

    // An audit state's canonical JSON, one copy of each: the half million events the seed holds
    // until it chains them have a few thousand distinct states between them.
    QByteArray state(const QJsonObject &object)
    {
        return *states.insert(contract::AuditEvent::encodeState(object));
    }
    QSet<QByteArray> states;

    // What every workspace draws from, set up once by writeWorkspaces().
    QByteArray noneState, lockedState, dissolvedState;
    QStringList siteIds, siteLanguages, teams, staffNames;
    const QString scheduler = QStringLiteral("system:scheduler");
    qint64 deploymentNumber = 0;
};

Result<contract::Done> Seeding::writeSites()
{
    BulkInserter sites(db, "sites", {"id", "display_name", "china"}, loadInto("sites"));
    for (const Site &site : Sites) {
        if (auto ok =
                sites.add({QString::fromUtf8(site.id), QString::fromUtf8(site.name), site.china ? 1 : 0});
            !ok)
            return ok.problem();
    }
    if (auto ok = sites.finish(); !ok)
        return ok.problem();
    counts.sites = sites.rowsWritten();
    return contract::Done{};
}

Result<contract::Done> Seeding::writeCloudAccounts()
{
    const qint64 cloudCount = std::max<qint64>(24, options.workspaces / 20);
    clouds.resize(size_t(cloudCount));
    BulkInserter inserter(db, "cloud_accounts",
                          {"id", "provider", "display_name", "subscription_state", "sync_state",
                           "sync_message", "customer_identifier", "customer_aws_account_id", "product_code",
                           "azure_subscription_id", "purchaser_tenant_id", "offer_id", "plan_id", "quantity",
                           "version", "created_at", "updated_at"},
                          loadInto("cloud_accounts"));
    for (qint64 i = 0; i < cloudCount; ++i) {
        CloudAccountRow &c = clouds[i];
        c.id = paddedId("ca", i + 1);
        const quint64 p = dice.below(100);
        c.provider = p < 55 ? v::Provider::Aws : (p < 85 ? v::Provider::Azure : v::Provider::AwsChina);
        // The first rows walk through every state so that even a tiny dataset has
        // each one.
        const quint64 s = i < 6 ? quint64(i) : dice.below(1000);
        const QStringList &states = v::SubscriptionState::all();
        if (i < 6)
            c.subscription = states.at(int(s));
        else if (s < 840)
            c.subscription = v::SubscriptionState::Subscribed;
        else if (s < 870)
            c.subscription = v::SubscriptionState::Pending;
        else if (s < 890)
            c.subscription = v::SubscriptionState::SubscribeFailed;
        else if (s < 910)
            c.subscription = v::SubscriptionState::UnsubscribePending;
        else if (s < 980)
            c.subscription = v::SubscriptionState::Unsubscribed;
        else
            c.subscription = v::SubscriptionState::Suspended;
        QString syncMessage;
        if (c.subscription == v::SubscriptionState::Pending) {
            c.sync = v::SyncState::Syncing;
        } else if (c.subscription == v::SubscriptionState::SubscribeFailed || i == 6 || dice.chance(8)) {
            c.sync = v::SyncState::Failed;
            syncMessage = QStringLiteral("The marketplace did not confirm the entitlement in time.");
        } else if (i == 7 || dice.chance(15)) {
            c.sync = v::SyncState::Syncing;
        } else {
            c.sync = v::SyncState::Synced;
        }
        const qint64 created = now - qint64(30 + dice.below(700)) * v::DayMs - qint64(dice.below(v::DayMs));
        c.changedAt = c.subscription == v::SubscriptionState::Unsubscribed
                          ? now - qint64(dice.below(40 * v::DayMs))
                          : created;
        const QString company = QString::fromUtf8(dice.pick(CompanyWords)) + QLatin1Char(' ') +
                                QString::fromUtf8(dice.pick(CompanySuffixes));
        const bool azure = c.provider == v::Provider::Azure;
        const QString label =
            azure ? QStringLiteral("Azure")
                  : (c.provider == v::Provider::Aws ? QStringLiteral("AWS") : QStringLiteral("AWS China"));
        const QString customer =
            QStringLiteral("%1").arg(dice.below(1ULL << 48), 12, 36, QLatin1Char('0')).toUpper();
        const QString awsAccount = QStringLiteral("%1").arg(100000000000ULL + dice.below(899999999999ULL));
        const QString uuid = QStringLiteral("%1-%2-4%3-a%4-%5")
                                 .arg(dice.below(1ULL << 32), 8, 16, QLatin1Char('0'))
                                 .arg(dice.below(1 << 16), 4, 16, QLatin1Char('0'))
                                 .arg(dice.below(1 << 12), 3, 16, QLatin1Char('0'))
                                 .arg(dice.below(1 << 12), 3, 16, QLatin1Char('0'))
                                 .arg(dice.below(1ULL << 48), 12, 16, QLatin1Char('0'));
        const QVariantList row{
            c.id,
            c.provider,
            QStringLiteral("%1 (%2)").arg(company, label),
            c.subscription,
            c.sync,
            syncMessage,
            azure ? QString() : customer,
            azure ? QString() : awsAccount,
            azure ? QString()
                  : QStringLiteral("bcc-platform-%1")
                        .arg(c.provider == v::Provider::AwsChina ? "cn" : "global"),
            azure ? uuid : QString(),
            azure ? uuid.right(12) + QStringLiteral("-tenant") : QString(),
            azure ? QStringLiteral("bcc-saas-offer") : QString(),
            azure ? (dice.chance(500) ? QStringLiteral("team") : QStringLiteral("enterprise")) : QString(),
            azure ? int(1 + dice.below(50)) : 0,
            1 + qint64(dice.below(4)),
            created,
            c.changedAt};
        if (auto ok = inserter.add(row); !ok)
            return ok.problem();
        const QString actor = actorFor(c.provider);
        audit.push_back({created, actor, v::AuditAction::CloudAccountSubscriptionChanged,
                         v::AuditTarget::CloudAccount, c.id,
                         state({{"subscription_state", QJsonValue::Null}}),
                         state({{"subscription_state", c.subscription == v::SubscriptionState::Unsubscribed
                                                           ? v::SubscriptionState::Subscribed
                                                           : c.subscription},
                                {"sync_state", c.sync}}),
                         QString()});
        if (c.subscription == v::SubscriptionState::Unsubscribed)
            audit.push_back({c.changedAt, actor, v::AuditAction::CloudAccountSubscriptionChanged,
                             v::AuditTarget::CloudAccount, c.id,
                             state({{"subscription_state", v::SubscriptionState::Subscribed}}),
                             state({{"subscription_state", v::SubscriptionState::Unsubscribed}}),
                             QStringLiteral("unsubscribe-success")});
        const bool paying =
            c.sync == v::SyncState::Synced && (c.subscription == v::SubscriptionState::Subscribed ||
                                               c.subscription == v::SubscriptionState::UnsubscribePending ||
                                               c.subscription == v::SubscriptionState::Suspended);
        if (paying)
            bindable.push_back(int(i));
    }
    if (auto ok = inserter.finish(); !ok)
        return ok.problem();
    counts.cloudAccounts = inserter.rowsWritten();
    for (int i = 0; i < int(clouds.size()); ++i) {
        if (clouds[i].subscription == v::SubscriptionState::Unsubscribed)
            cancelled.push_back(i);
    }
    return contract::Done{};
}

Result<contract::Done> Seeding::writeAccounts()
{
    accountCount = std::max<qint64>(12, options.workspaces * 3 / 10);
    accounts.resize(size_t(accountCount));
    BulkInserter inserter(db, "accounts",
                          {"id", "email", "card_brand", "card_last4", "credits_minor", "credits_currency",
                           "linked_cloud_account_id", "any_method_allowed", "created_at"},
                          loadInto("accounts"));
    for (qint64 i = 0; i < accountCount; ++i) {
        AccountRow &a = accounts[i];
        // The first accounts walk through every kind (the last one exempt from the
        // marketplace partition), so that even a tiny dataset has each.
        constexpr std::array<quint64, 7> FirstKinds{0, 420, 500, 700, 900, 950, 960};
        const quint64 k = i < qint64(FirstKinds.size()) ? FirstKinds[size_t(i)] : dice.below(1000);
        a.kind = k < 400   ? AccountKind::Card
                 : k < 450 ? AccountKind::CardAndCredits
                 : k < 590 ? AccountKind::Credits
                 : k < 880 ? AccountKind::Linked
                 : k < 920 ? AccountKind::Cancelled
                           : AccountKind::Eligible;
        if (a.kind == AccountKind::Linked)
            a.cloudAccount = bindable.empty() ? -1 : bindable[dice.below(bindable.size())];
        if (a.kind == AccountKind::Cancelled)
            a.cloudAccount = cancelled.empty() ? -1 : cancelled[dice.below(cancelled.size())];
        if (a.cloudAccount < 0 && (a.kind == AccountKind::Linked || a.kind == AccountKind::Cancelled))
            a.kind = AccountKind::Eligible;
        a.anyMethodAllowed = i == 6 || dice.chance(20);
        a.chineseName = dice.chance(250);
        a.company = a.chineseName ? QString::fromUtf8(dice.pick(ChineseCompanies))
                                  : QString::fromUtf8(dice.pick(CompanyWords)) + QLatin1Char(' ') +
                                        QString::fromUtf8(dice.pick(CompanySuffixes));
        const bool card = a.kind == AccountKind::Card || a.kind == AccountKind::CardAndCredits;
        const bool credits = a.kind == AccountKind::Credits || a.kind == AccountKind::CardAndCredits;
        const QString currency = a.chineseName ? QStringLiteral("CNY") : QStringLiteral("USD");
        const QVariantList row{
            paddedId("acct", i + 1),
            QStringLiteral("billing+%1@%2.example")
                .arg(i + 1)
                .arg(a.chineseName ? QStringLiteral("customer-cn") : QStringLiteral("customer")),
            card ? QString::fromUtf8(dice.pick(CardBrands)) : QString(),
            card ? QStringLiteral("%1").arg(dice.below(10000), 4, 10, QLatin1Char('0')) : QString(),
            credits ? qint64(1000 + dice.below(5000000)) : qint64(0),
            currency,
            a.kind == AccountKind::Linked ? QVariant(clouds[a.cloudAccount].id) : QVariant(),
            a.anyMethodAllowed ? 1 : 0,
            now - qint64(60 + dice.below(900)) * v::DayMs};
        if (auto ok = inserter.add(row); !ok)
            return ok.problem();
    }
    if (auto ok = inserter.finish(); !ok)
        return ok.problem();
    counts.accounts = inserter.rowsWritten();
    return contract::Done{};
}

Result<contract::Done> Seeding::writeWorkspaces()
{
    noneState = state({{"billing_method", v::BillingMethod::None}});
    lockedState = state({{"status", v::WorkspaceStatus::Locked}});
    dissolvedState = state({{"status", v::WorkspaceStatus::Dissolved}});
    for (const Site &site : Sites) {
        siteIds << QString::fromUtf8(site.id);
        siteLanguages << QString::fromUtf8(site.language);
    }
    for (const char *team : Teams)
        teams << QString::fromUtf8(team);
    for (const char *name : StaffNames)
        staffNames << QString::fromUtf8(name);
    BulkInserter workspaces(db, "workspaces",
                            {"rid", "id", "name", "account_id", "site", "language", "plan", "billing_method",
                             "cloud_account_id", "status", "lock_reason", "lock_at", "lock_by", "lock_note",
                             "lock_purge_at", "version", "created_at", "updated_at"},
                            loadInto("workspaces"));
    BulkInserter deployments(db, "deployments",
                             {"id", "workspace_id", "account_id", "name", "trial", "state", "stopped_at",
                              "delete_at", "created_at"},
                             loadInto("deployments"));
    for (qint64 i = 0; i < options.workspaces; ++i) {
        if (auto ok = writeWorkspace(i, workspaces, deployments); !ok)
            return ok.problem();
    }
    if (auto ok = workspaces.finish(); !ok)
        return ok.problem();
    if (auto ok = deployments.finish(); !ok)
        return ok.problem();
    counts.workspaces = workspaces.rowsWritten();
    counts.deployments = deployments.rowsWritten();
    return contract::Done{};
}

Result<contract::Done> Seeding::writeWorkspace(qint64 i, BulkInserter &workspaces, BulkInserter &deployments)
{
    // The first accounts each get a workspace, so every account kind appears in
    // small datasets.
    const qint64 accountIndex = i < accountCount && i < 12 ? i : qint64(dice.below(accountCount));
    const AccountRow &a = accounts[accountIndex];
    const QString id = paddedId("ws", i + 1);
    const QString accountId = paddedId("acct", accountIndex + 1);
    const bool trial = dice.chance(200);
    const CloudAccountRow *cloud = a.cloudAccount >= 0 ? &clouds[a.cloudAccount] : nullptr;

    // Marketplaces are partitioned by site (rule 2) unless the account is exempt.
    int site = int(dice.below(Sites.size()));
    if (cloud && !a.anyMethodAllowed && cloud->provider != v::Provider::Azure) {
        const bool china = cloud->provider == v::Provider::AwsChina;
        while (Sites[site].china != china)
            site = int(dice.below(Sites.size()));
    }
    const qint64 created = now - qint64(1 + dice.below(800)) * v::DayMs - qint64(dice.below(v::DayMs));
    qint64 updated = created;
    QString method = v::BillingMethod::None;
    QString cloudId;
    QString status = v::WorkspaceStatus::Active;
    QString lockReason, lockBy, lockNote;
    qint64 lockAt = 0;
    qint64 version = 1;
    const QString &staff = staffNames.at(int(dice.below(staffNames.size())));

    switch (a.kind) {
    case AccountKind::Card:
    case AccountKind::CardAndCredits:
        method = v::BillingMethod::CreditCard;
        if (!trial && dice.chance(10)) {
            lockReason = v::LockReason::PaymentOverdue;
            lockBy = scheduler;
        }
        break;
    case AccountKind::Credits:
        method = v::BillingMethod::PrepaidCredits;
        break;
    case AccountKind::Linked: {
        method = v::BillingMethod::CloudAccount;
        cloudId = cloud->id;
        updated = std::max(created, cloud->changedAt) + qint64(dice.below(20 * v::DayMs));
        updated = std::min(updated, now - 1000);
        ++version;
        audit.push_back({updated, staff, v::AuditAction::WorkspaceBillingMethodChanged,
                         v::AuditTarget::Workspace, id, noneState,
                         state({{"billing_method", method}, {"cloud_account_id", cloudId}}),
                         QStringLiteral("Customer bound the workspace to its marketplace subscription.")});
        break;
    }
    case AccountKind::Cancelled:
        lockReason = v::LockReason::CloudSubscriptionCancelled;
        lockBy = actorFor(cloud->provider);
        lockAt = cloud->changedAt;
        break;
    case AccountKind::Eligible:
        if (!trial) {
            lockReason = v::LockReason::NoBillingMethod;
            lockBy = scheduler;
        }
        break;
    }
    if (lockReason.isEmpty() && !trial && dice.chance(3)) {
        lockReason = v::LockReason::AdminHold;
        lockBy = staff;
        lockNote = QStringLiteral("Held for a billing dispute review.");
    }
    qint64 purgeAt = 0;
    if (!lockReason.isEmpty()) {
        if (lockAt == 0)
            lockAt = now - qint64(dice.below(20 * v::DayMs));
        lockAt = std::max(lockAt, created + 1000);
        purgeAt = lockAt + v::LockCountdownDays * v::DayMs;
        status = purgeAt <= now ? v::WorkspaceStatus::Dissolved : v::WorkspaceStatus::Locked;
        updated = std::max(updated, status == v::WorkspaceStatus::Dissolved ? purgeAt : lockAt);
        ++version;
        audit.push_back(
            {lockAt, lockBy, v::AuditAction::WorkspaceLocked, v::AuditTarget::Workspace, id,
             state({{"status", v::WorkspaceStatus::Active},
                    {"billing_method",
                     a.kind == AccountKind::Cancelled ? v::BillingMethod::CloudAccount : method}}),
             state({{"status", v::WorkspaceStatus::Locked},
                    {"billing_method", method},
                    {"lock_reason", lockReason}}),
             lockNote});
        if (status == v::WorkspaceStatus::Dissolved) {
            ++version;
            audit.push_back({purgeAt, scheduler, v::AuditAction::WorkspaceDissolved,
                             v::AuditTarget::Workspace, id, lockedState, dissolvedState, QString()});
        }
    }
    const QString name = a.company + QLatin1Char(' ') + teams.at(int(dice.below(teams.size())));
    const QVariantList row{i + 1,
                           id,
                           name,
                           accountId,
                           siteIds.at(site),
                           siteLanguages.at(site),
                           trial ? v::Plan::Trial : v::Plan::Commercial,
                           method,
                           cloudId,
                           status,
                           lockReason,
                           lockAt,
                           lockBy,
                           lockNote,
                           purgeAt,
                           version,
                           created,
                           updated};
    if (auto ok = workspaces.add(row); !ok)
        return ok.problem();

    // Deployments follow the workspace's fate (rule 5): cancelled paid ones are
    // stopped and deleted 3 days later; trial ones keep running; dissolved
    // workspaces keep none.
    const int deploymentsHere = dice.chance(150) ? 0 : (dice.chance(250) ? 2 : 1);
    for (int d = 0; d < deploymentsHere; ++d) {
        QString state = v::DeploymentState::Running;
        qint64 stoppedAt = 0, deleteAt = 0;
        if (status == v::WorkspaceStatus::Dissolved) {
            state = v::DeploymentState::Deleted;
            stoppedAt = lockAt;
            deleteAt = lockAt + 3 * v::DayMs;
        } else if (lockReason == v::LockReason::CloudSubscriptionCancelled && !trial) {
            stoppedAt = lockAt;
            deleteAt = lockAt + 3 * v::DayMs;
            state = deleteAt <= now ? v::DeploymentState::Deleted : v::DeploymentState::Stopped;
        } else if (!lockReason.isEmpty() && lockReason != v::LockReason::CloudSubscriptionCancelled) {
            state = v::DeploymentState::Stopped;
            stoppedAt = lockAt;
        }
        const QVariantList dep{paddedId("dep", ++deploymentNumber),
                               id,
                               accountId,
                               (trial ? QStringLiteral("trial-") : QStringLiteral("service-")) +
                                   QString::number(d + 1),
                               trial ? 1 : 0,
                               state,
                               stoppedAt,
                               deleteAt,
                               created + v::DayMs};
        if (auto ok = deployments.add(dep); !ok)
            return ok.problem();
    }
    return contract::Done{};
}

Result<contract::Done> Seeding::writeAuditTrail()
{
    // By time, then in the order they were noted (a stable sort's order), through an index of 16 bytes
    // an event: sorting the events themselves would copy all of them aside.
    std::vector<std::pair<qint64, size_t>> order;
    order.reserve(audit.size());
    for (size_t i = 0; i < audit.size(); ++i)
        order.emplace_back(audit[i].at, i);
    std::sort(order.begin(), order.end());
    store::AuditChainWriter chain(db, {});
    qint64 seq = 0;
    for (const auto &[at, index] : order) {
        const PendingAudit &p = audit[index];
        contract::AuditEvent e;
        e.at = p.at;
        e.actor = p.actor;
        e.action = p.action;
        e.targetType = p.targetType;
        e.targetId = p.targetId;
        e.before = p.before;
        e.after = p.after;
        e.note = p.note;
        e.requestId = QStringLiteral("seed-%1").arg(++seq);
        if (auto ok = chain.add(e); !ok)
            return ok.problem();
    }
    if (auto ok = chain.finish(); !ok)
        return ok.problem();
    counts.auditEvents = chain.written();
    audit = {}; // written: the steps after this one need its memory more
    return contract::Done{};
}

// What a seed sets aside on PostgreSQL for its load and puts back after it, each by its own definition
// as the catalogue gives it, so that it comes back exactly as the migrations made it:
// - the foreign keys: PostgreSQL checks one row by row as rows arrive (a deferred one queues every row
//   until the commit); added after the load, each is checked once, in one join;
// - the secondary indexes of the tables whose COPY bounds the load (12 of its 14 s at a million): kept
//   up row by row they are much of it; built once after it, each is one sort. Only indexes that back
//   no constraint: the primary and unique keys stay.
class PostgresSetAside
{
public:
    static Result<PostgresSetAside> foreignKeys(QSqlDatabase db)
    {
        return take(db,
                    "SELECT 'ALTER TABLE ' || conrelid::regclass::text || ' DROP CONSTRAINT ' || conname, "
                    "'ALTER TABLE ' || conrelid::regclass::text || ' ADD CONSTRAINT ' || conname || ' ' || "
                    "pg_get_constraintdef(oid) FROM pg_constraint WHERE contype = 'f' AND conrelid IN "
                    "('accounts'::regclass, 'workspaces'::regclass, 'deployments'::regclass) ORDER BY "
                    "conrelid::regclass::text, conname",
                    {}, "Reading the foreign keys", "Setting a foreign key aside", "Checking a foreign key");
    }
    static Result<PostgresSetAside> secondaryIndexes(QSqlDatabase db, const QString &table)
    {
        return take(
            db,
            "SELECT 'DROP INDEX ' || i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM "
            "pg_index i WHERE i.indrelid = CAST(? AS regclass) AND NOT EXISTS (SELECT 1 FROM "
            "pg_constraint c WHERE c.conindid = i.indexrelid) ORDER BY i.indexrelid::regclass::text",
            {table}, "Reading the indexes", "Setting an index aside", "Building an index");
    }
    Result<contract::Done> restore(QSqlDatabase db) const
    {
        return Database::execEach(db, m_restore, m_restoring);
    }

private:
    // `catalogue` answers, for each thing, the statement that drops it and the one that makes it again.
    static Result<PostgresSetAside> take(QSqlDatabase db, const char *catalogue, const QVariantList &binds,
                                         const char *reading, const char *dropping, const char *restoring)
    {
        PostgresSetAside aside;
        aside.m_restoring = restoring;
        QSqlQuery q(db);
        q.prepare(QString::fromLatin1(catalogue));
        for (const QVariant &value : binds)
            q.addBindValue(value);
        if (auto ran = Database::exec(q, reading); !ran)
            return ran.problem();
        QStringList drops;
        while (q.next()) {
            drops.append(q.value(0).toString());
            aside.m_restore.append(q.value(1).toString());
        }
        q.finish();
        if (auto dropped = Database::execEach(db, drops, dropping); !dropped)
            return dropped.problem();
        return aside;
    }

    QStringList m_restore;
    const char *m_restoring = nullptr;
};

// The tables a seed loads most rows into, on PostgreSQL each written frozen when it starts empty.
const QStringList LoadedTables{"sites", "cloud_accounts", "accounts", "workspaces", "deployments"};

// COPY writes rows frozen and all-visible only into a table emptied (or made) in the same transaction.
// Without that, the first reader of a million rows sets every row's hint bits, and until a vacuum every
// index-only scan reads the heap too: a page positions' build over the workspaces took 2.8 s against
// 0.4 s, and the first start's walk to the page at 60 % 1.3 s against 0.1 s. So the seeded tables
// that are empty are emptied again (TRUNCATE); one holding rows of its own keeps them and is loaded
// as usual. Inside the seed's transaction, the foreign keys set aside, the tables locked.
Result<QSet<QString>> emptyForFreezing(QSqlDatabase db)
{
    QSet<QString> emptied;
    for (const QString &table : LoadedTables) {
        QSqlQuery any(db);
        any.prepare(QStringLiteral("SELECT EXISTS (SELECT 1 FROM %1)").arg(table));
        if (auto ran = Database::exec(any, "Checking for data"); !ran)
            return ran.problem();
        if (any.next() && any.value(0).toBool())
            continue;
        if (auto truncated =
                Database::exec(db, QStringLiteral("TRUNCATE ") + table, "Emptying a seeded table");
            !truncated)
            return truncated.problem();
        emptied.insert(table);
    }
    return emptied;
}

// A lane of what a seed builds from its rows: statements run in order on one connection.
using Lane = std::function<Result<contract::Done>(QSqlDatabase)>;

// A lane on PostgreSQL: a transaction of its own on this thread's connection, with the memory an index
// build wants, on PostgreSQL's parallel workers or on one core.
class PostgresLane
{
public:
    enum class Cores { All, One };
    static Result<contract::Done> run(Database &database, const Lane &work, Cores cores)
    {
        auto db = database.connection();
        if (!db)
            return db.problem();
        if (!db->transaction())
            return Database::failure(db->lastError(), "Beginning a seed's building");
        QStringList settings{QStringLiteral("SET LOCAL maintenance_work_mem = '512MB'")};
        if (cores == Cores::One)
            settings << QStringLiteral("SET LOCAL max_parallel_maintenance_workers = 0");
        auto built = Database::execEach(*db, settings, "Preparing a seed's building");
        if (built)
            built = work(*db);
        if (!built) {
            db->rollback();
            return built;
        }
        if (!db->commit())
            return Database::failure(db->lastError(), "Committing a seed's building");
        return contract::Done{};
    }
};

} // namespace

Result<bool> DatasetSeeder::holdsWorkspaces(QSqlDatabase db)
{
    QSqlQuery any(db);
    any.prepare(QStringLiteral("SELECT COUNT(*) FROM (SELECT id FROM workspaces LIMIT 1) any_rows"));
    if (auto ran = Database::exec(any, "Checking for data"); !ran)
        return ran.problem();
    return any.next() && any.value(0).toLongLong() > 0;
}

Result<DatasetSeeder::Counts> DatasetSeeder::seed(Database &database, const Options &options)
{
    if (options.workspaces < 1)
        return contract::Problem::invalidRequest("workspaces",
                                                 QStringLiteral("Seed at least one workspace."));
    if (auto migrated = Migrations::apply(database); !migrated)
        return migrated.problem();
    auto bulkLoad = SqliteBulkLoad::enter(database);
    if (!bulkLoad)
        return bulkLoad.problem();

    auto tx = Transaction::begin(database, Transaction::Mode::Write);
    if (!tx)
        return tx.problem();
    QSqlDatabase db = (*tx)->connection();
    // The tables it loads are locked before anything is read from them (which takes this transaction's
    // snapshot): no row can arrive unseen before they are found empty and emptied below.
    if (!database.isSqlite()) {
        if (auto locked = Database::exec(
                db, QStringLiteral("LOCK TABLE %1 IN ACCESS EXCLUSIVE MODE").arg(LoadedTables.join(", ")),
                "Locking the seeded tables");
            !locked)
            return locked.problem();
    }
    auto holds = holdsWorkspaces(db);
    if (!holds)
        return holds.problem();
    if (*holds)
        return contract::Problem{
            409,
            "database_not_empty",
            QStringLiteral("Database not empty"),
            QStringLiteral("The database already holds workspaces; seed a new database."),
            {}};
    // Indexes and the search are built once after the load instead of being kept up row by row, and on
    // PostgreSQL the foreign keys are checked once at the end.
    std::optional<PostgresSetAside> foreignKeys, deploymentIndexes, auditIndexes;
    if (!database.isSqlite()) {
        auto keys = PostgresSetAside::foreignKeys(db);
        if (!keys)
            return keys.problem();
        foreignKeys = *keys;
        auto deployments = PostgresSetAside::secondaryIndexes(db, QStringLiteral("deployments"));
        if (!deployments)
            return deployments.problem();
        deploymentIndexes = *deployments;
        auto audit = PostgresSetAside::secondaryIndexes(db, QStringLiteral("audit_events"));
        if (!audit)
            return audit.problem();
        auditIndexes = *audit;
    }
    for (const QString &index : Migrations::workspaceIndexNames()) {
        if (auto dropped = Database::exec(db, QStringLiteral("DROP INDEX ") + index, "Dropping an index");
            !dropped)
            return dropped.problem();
    }
    if (auto dropped = Database::execEach(db,
                                          Migrations::forDialect(Migrations::searchIndexDropStatements() +
                                                                     Migrations::tallyTriggerDropStatements(),
                                                                 database),
                                          "Setting the search and the tally aside");
        !dropped)
        return dropped.problem();

    Seeding seeding(db, options);
    if (!database.isSqlite()) {
        auto emptied = emptyForFreezing(db);
        if (!emptied)
            return emptied.problem();
        seeding.emptied = *emptied;
    }
    for (const auto step : {&Seeding::writeSites, &Seeding::writeCloudAccounts, &Seeding::writeAccounts,
                            &Seeding::writeWorkspaces, &Seeding::writeAuditTrail}) {
        if (auto done = (seeding.*step)(); !done)
            return done.problem();
    }

    // What is built from the rows goes in two lanes: the search table with its trigram index, and
    // everything else. PostgreSQL builds a trigram index on one core (17 s at a million), so there the
    // lanes run side by side on two connections, which needs the rows committed first; the
    // unfinished_seed row, committed with them, keeps every opener out until the last trigger is made.
    // SQLite has one writer: its lanes run one after the other in the load's transaction.
    const auto searchLane = [&database, &auditIndexes](QSqlDatabase lane) -> Result<contract::Done> {
        if (auto made = Database::execEach(
                lane, Migrations::forDialect(Migrations::searchTableStatements(), database),
                "Building the search");
            !made)
            return made;
        // Its statistics for the planner too (SQLite's ANALYZE in the other lane covers every table).
        if (database.isSqlite())
            return contract::Done{};
        // The audit trail's indexes and statistics too: here an index build cannot keep the other
        // lane's ANALYZE waiting for this lane's commit.
        if (auto built = auditIndexes->restore(lane); !built)
            return built;
        return Database::execEach(lane, {"ANALYZE workspace_search", "ANALYZE audit_events"}, "Analysing");
    };
    const auto workspaceLane = [&](QSqlDatabase lane) -> Result<contract::Done> {
        if (auto made =
                Database::execEach(lane,
                                   Migrations::forDialect(Migrations::workspaceIndexStatements() +
                                                              Migrations::searchPrefixIndexStatements(),
                                                          database),
                                   "Building an index");
            !made)
            return made;
        if (auto tallied =
                Database::execEach(lane, Migrations::forDialect(Migrations::tallyStatements(), database),
                                   "Tallying the workspaces");
            !tallied)
            return tallied;
        if (deploymentIndexes) {
            if (auto built = deploymentIndexes->restore(lane); !built)
                return built;
        }
        if (foreignKeys) {
            if (auto checked = foreignKeys->restore(lane); !checked)
                return checked;
        }
        // Statistics for the planner, before the metering history reads the seeded tables (without
        // them PostgreSQL plans an hour's usage 3× slower); on SQLite as the platform keeps them
        // (Migrations::analyseStatements). PostgreSQL is told the seeded tables (the audit trail is
        // analysed in the search lane): a bare ANALYZE also tries the system catalogues, which only a
        // superuser may, and warns about each one.
        const QStringList analyse = database.isSqlite()
                                        ? store::Migrations::analyseStatements()
                                        : QStringList{"ANALYZE sites, cloud_accounts, accounts, workspaces, "
                                                      "deployments"};
        if (auto analysed = Database::execEach(lane, analyse, "Analysing"); !analysed)
            return analysed;
        // Every sort's page positions, stored as a restart finds them: the first start after a seed
        // jumps deep into any sort at once instead of walking the list while it builds them (2.4 s
        // for a page by name at a million on PostgreSQL). 3.6 s there, 6 s on SQLite.
        store::WorkspaceStore workspaces(std::shared_ptr<Database>(std::shared_ptr<Database>{}, &database));
        if (auto stored = workspaces.storeUnfilteredSorts(); !stored)
            return stored;
        // Pay as you go has been running: the last hours' usage is in the ledger (fewer hours for a
        // big platform, which has more cloud accounts an hour).
        store::MeteringStore metering(std::shared_ptr<Database>(std::shared_ptr<Database>{}, &database));
        auto history =
            metering.seedHistory(lane, options.nowMs, options.workspaces <= 100'000 ? int(HistoryHours) : 3);
        if (!history)
            return history.problem();
        seeding.counts.meteringRecords = *history;
        return Database::exec(lane, QStringLiteral("ANALYZE metering_records"), "Analysing");
    };

    if (database.isSqlite()) {
        for (const Lane &lane : {Lane(searchLane), Lane(workspaceLane)}) {
            if (auto built = lane(db); !built)
                return built.problem();
        }
    } else {
        if (auto marked = Database::exec(
                db, QStringLiteral("INSERT INTO unfinished_seed (started_at) VALUES (%1)").arg(options.nowMs),
                "Marking the seed unfinished");
            !marked)
            return marked.problem();
        if (auto done = (*tx)->commit(); !done)
            return done.problem();
        tx->reset();
        auto search = std::async(std::launch::async, [&database, &searchLane] {
            // Its own connection, closed when the lane ends: this thread ends here.
            auto built = PostgresLane::run(database, searchLane, PostgresLane::Cores::All);
            database.closeConnection();
            return built;
        });
        // Beside the trigram build, the btree indexes take one core rather than PostgreSQL's parallel
        // workers: 20 s for both lanes at a million against 23 s.
        auto rest = PostgresLane::run(database, workspaceLane, PostgresLane::Cores::One);
        auto searched = search.get();
        if (!rest)
            return rest.problem();
        if (!searched)
            return searched.problem();
        tx = Transaction::begin(database, Transaction::Mode::Write);
        if (!tx)
            return tx.problem();
        db = (*tx)->connection();
    }
    if (auto made = Database::execEach(db,
                                       Migrations::forDialect(Migrations::searchTriggerStatements() +
                                                                  Migrations::tallyTriggerStatements(),
                                                              database),
                                       "Building the search and the tally");
        !made)
        return made.problem();
    if (!database.isSqlite()) {
        // Rows came with explicit keys; the next workspace made by the platform takes the next one.
        if (auto ran =
                Database::execEach(db,
                                   {QStringLiteral("SELECT setval(pg_get_serial_sequence('workspaces', "
                                                   "'rid'), (SELECT MAX(rid) FROM workspaces))"),
                                    QStringLiteral("DELETE FROM unfinished_seed")},
                                   "Finishing the seed");
            !ran)
            return ran.problem();
    }
    if (auto done = (*tx)->commit(); !done)
        return done.problem();
    return seeding.counts;
}

} // namespace billing::seeding
