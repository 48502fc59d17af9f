// SPDX-License-Identifier: Apache-2.0
#include "platform/store/migrations.h"

#include "platform/store/transaction.h"

#include <QDateTime>
#include <QRegularExpression>
#include <QSqlQuery>

namespace billing::store {

using contract::Problem;
using contract::Result;

namespace {

// Columns sorted in the console get an index (column, rid) so that pages can seek by key (keyset).
// The account index also serves the rules' "this account's workspaces" lookups.
const QStringList sortIndexColumns{"name",   "account_id",     "site",
                                   "plan",   "billing_method", "cloud_account_id",
                                   "status", "lock_purge_at",  "updated_at"};

// SQLite's triggers that keep a workspace's search row as it is inserted or deleted, and as its owner's
// email changes: the same before step 22 and after.
const QString sqliteSearchInsertTrigger =
    QStringLiteral(R"(sqlite: CREATE TRIGGER workspace_search_insert AFTER INSERT ON workspaces BEGIN
            INSERT INTO workspace_search (rowid, doc) SELECT rid, doc FROM workspace_search_text WHERE rid = NEW.rid;
        END)");
const QString sqliteSearchDeleteTrigger =
    QStringLiteral(R"(sqlite: CREATE TRIGGER workspace_search_delete AFTER DELETE ON workspaces BEGIN
            DELETE FROM workspace_search WHERE rowid = OLD.rid;
        END)");
const QString sqliteSearchOwnerTrigger =
    QStringLiteral(R"(sqlite: CREATE TRIGGER workspace_search_owner AFTER UPDATE OF email ON accounts
            WHEN OLD.email IS NOT NEW.email BEGIN
            UPDATE workspace_search SET doc = (SELECT doc FROM workspace_search_text t WHERE t.rid = workspace_search.rowid)
                WHERE rowid IN (SELECT rid FROM workspaces WHERE account_id = NEW.id);
        END)");

// The search as steps 7 and 17 made it: each workspace's text held its cloud account's name and
// customer id, so binding a workspace rewrote its search row. Step 22 replaced it; history keeps it.
const QStringList step7SearchTriggers{
    sqliteSearchInsertTrigger,
    R"(sqlite: CREATE TRIGGER workspace_search_update AFTER UPDATE OF id, name, account_id, cloud_account_id
            ON workspaces BEGIN
            UPDATE workspace_search SET doc = (SELECT doc FROM workspace_search_text WHERE rid = NEW.rid)
                WHERE rowid = NEW.rid;
        END)",
    sqliteSearchDeleteTrigger,
    sqliteSearchOwnerTrigger,
    R"(sqlite: CREATE TRIGGER workspace_search_cloud AFTER UPDATE OF display_name, customer_identifier
            ON cloud_accounts WHEN OLD.display_name IS NOT NEW.display_name
                OR OLD.customer_identifier IS NOT NEW.customer_identifier BEGIN
            UPDATE workspace_search SET doc = (SELECT doc FROM workspace_search_text t WHERE t.rid = workspace_search.rowid)
                WHERE rowid IN (SELECT rid FROM workspaces WHERE cloud_account_id = NEW.id);
        END)",
    R"(postgresql: CREATE TRIGGER workspace_search_workspaces AFTER INSERT OR DELETE
            OR UPDATE OF id, name, account_id, cloud_account_id ON workspaces
            FOR EACH ROW EXECUTE FUNCTION workspace_search_keep())",
    R"(postgresql: CREATE TRIGGER workspace_search_owner AFTER UPDATE OF email ON accounts
            FOR EACH ROW WHEN (OLD.email IS DISTINCT FROM NEW.email) EXECUTE FUNCTION workspace_search_keep())",
    R"(postgresql: CREATE TRIGGER workspace_search_cloud AFTER UPDATE OF display_name, customer_identifier
            ON cloud_accounts FOR EACH ROW WHEN (OLD.display_name IS DISTINCT FROM NEW.display_name
                OR OLD.customer_identifier IS DISTINCT FROM NEW.customer_identifier)
            EXECUTE FUNCTION workspace_search_keep())",
};

const QStringList step7SearchTriggerDrops{
    "sqlite: DROP TRIGGER workspace_search_insert",
    "sqlite: DROP TRIGGER workspace_search_update",
    "sqlite: DROP TRIGGER workspace_search_delete",
    "sqlite: DROP TRIGGER workspace_search_owner",
    "sqlite: DROP TRIGGER workspace_search_cloud",
    "postgresql: DROP TRIGGER workspace_search_workspaces ON workspaces",
    "postgresql: DROP TRIGGER workspace_search_owner ON accounts",
    "postgresql: DROP TRIGGER workspace_search_cloud ON cloud_accounts",
};

// Drops that may find nothing to drop, once each.
QStringList ifExists(QStringList drops)
{
    drops.removeDuplicates();
    drops.replaceInStrings(QStringLiteral("DROP TRIGGER "), QStringLiteral("DROP TRIGGER IF EXISTS "));
    return drops;
}

// The statements of `all` that apply to SQLite, each for SQLite alone.
QStringList onlySqlite(const QStringList &all)
{
    QStringList statements;
    for (const QString &sql : all) {
        if (!sql.startsWith(QLatin1String("postgresql:")))
            statements << (sql.startsWith(QLatin1String("sqlite:")) ? sql : QStringLiteral("sqlite: ") + sql);
    }
    return statements;
}

// The statements of `all` for PostgreSQL alone.
QStringList onlyPostgres(const QStringList &all)
{
    return all.filter(QRegularExpression(QStringLiteral("^postgresql:")));
}

// Written once for both dialects; %AUTOID% is the only difference the schema needs.
const QList<QStringList> &steps()
{
    static const QList<QStringList> all{
        // 1: the billing domain (docs/billing-rules.md)
        QStringList{
            R"(CREATE TABLE sites (
                id TEXT PRIMARY KEY, display_name TEXT NOT NULL, china INTEGER NOT NULL))",
            R"(CREATE TABLE cloud_accounts (
                id TEXT PRIMARY KEY, provider TEXT NOT NULL, display_name TEXT NOT NULL,
                subscription_state TEXT NOT NULL, sync_state TEXT NOT NULL, sync_message TEXT NOT NULL DEFAULT '',
                customer_identifier TEXT NOT NULL DEFAULT '', customer_aws_account_id TEXT NOT NULL DEFAULT '',
                product_code TEXT NOT NULL DEFAULT '', azure_subscription_id TEXT NOT NULL DEFAULT '',
                purchaser_tenant_id TEXT NOT NULL DEFAULT '', offer_id TEXT NOT NULL DEFAULT '',
                plan_id TEXT NOT NULL DEFAULT '', quantity INTEGER NOT NULL DEFAULT 0,
                version BIGINT NOT NULL DEFAULT 1, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL))",
            R"(CREATE INDEX cloud_accounts_provider ON cloud_accounts (provider, id))",
            R"(CREATE TABLE accounts (
                id TEXT PRIMARY KEY, email TEXT NOT NULL,
                card_brand TEXT NOT NULL DEFAULT '', card_last4 TEXT NOT NULL DEFAULT '',
                credits_minor BIGINT NOT NULL DEFAULT 0, credits_currency TEXT NOT NULL DEFAULT 'USD',
                linked_cloud_account_id TEXT REFERENCES cloud_accounts(id),
                any_method_allowed INTEGER NOT NULL DEFAULT 0, created_at BIGINT NOT NULL))",
            // rid is the row's integer key: the tie-breaker of every sort, small in every index.
            R"(CREATE TABLE workspaces (
                rid %AUTOID%, id TEXT NOT NULL UNIQUE, name TEXT NOT NULL, account_id TEXT NOT NULL REFERENCES accounts(id),
                site TEXT NOT NULL REFERENCES sites(id), language TEXT NOT NULL, plan TEXT NOT NULL,
                billing_method TEXT NOT NULL, cloud_account_id TEXT NOT NULL DEFAULT '',
                status TEXT NOT NULL, lock_reason TEXT NOT NULL DEFAULT '', lock_at BIGINT NOT NULL DEFAULT 0,
                lock_by TEXT NOT NULL DEFAULT '', lock_note TEXT NOT NULL DEFAULT '',
                lock_purge_at BIGINT NOT NULL DEFAULT 0, version BIGINT NOT NULL DEFAULT 1,
                created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL))",
            R"(CREATE TABLE deployments (
                id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL REFERENCES workspaces(id) DEFERRABLE INITIALLY DEFERRED,
                account_id TEXT NOT NULL, name TEXT NOT NULL, trial INTEGER NOT NULL, state TEXT NOT NULL,
                stopped_at BIGINT NOT NULL DEFAULT 0, delete_at BIGINT NOT NULL DEFAULT 0, created_at BIGINT NOT NULL))",
            R"(CREATE INDEX deployments_workspace ON deployments (workspace_id))",
            R"(CREATE INDEX deployments_due ON deployments (state, delete_at))",
            R"(CREATE TABLE marketplace_events (
                id %AUTOID%, provider TEXT NOT NULL, message_id TEXT NOT NULL, received_at BIGINT NOT NULL,
                raw TEXT NOT NULL, outcome TEXT NOT NULL))",
            R"(CREATE INDEX marketplace_events_message ON marketplace_events (provider, message_id))",
            R"(CREATE TABLE audit_events (
                seq BIGINT PRIMARY KEY, at BIGINT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
                target_type TEXT NOT NULL, target_id TEXT NOT NULL, before_state TEXT NOT NULL,
                after_state TEXT NOT NULL, note TEXT NOT NULL DEFAULT '', request_id TEXT NOT NULL DEFAULT '',
                prev_hash TEXT NOT NULL, hash TEXT NOT NULL))",
            R"(CREATE INDEX audit_events_target ON audit_events (target_id, seq))",
            R"(CREATE INDEX audit_events_actor ON audit_events (actor, seq))",
            R"(CREATE TABLE staff_users (
                id %AUTOID%, name TEXT NOT NULL UNIQUE, role TEXT NOT NULL, token_hash TEXT NOT NULL UNIQUE,
                created_at BIGINT NOT NULL, expires_at BIGINT NOT NULL DEFAULT 0, revoked_at BIGINT NOT NULL DEFAULT 0))",
            R"(CREATE TABLE idempotency_keys (
                staff TEXT NOT NULL, idem_key TEXT NOT NULL, request_hash TEXT NOT NULL, status INTEGER NOT NULL,
                response TEXT NOT NULL, created_at BIGINT NOT NULL, PRIMARY KEY (staff, idem_key)))",
        } + Migrations::workspaceIndexStatements(),
        // 2: locks lifted by an admin's override until a date (rule 6); the scheduler finds expired ones
        QStringList{
            R"(ALTER TABLE workspaces ADD COLUMN override_until BIGINT NOT NULL DEFAULT 0)",
            R"(CREATE INDEX workspaces_override_due ON workspaces (override_until))",
            // marketplace messages name their customer by the marketplace's identity
            R"(ALTER TABLE cloud_accounts ADD COLUMN license_arn TEXT NOT NULL DEFAULT '')",
            R"(CREATE INDEX cloud_accounts_customer ON cloud_accounts (customer_identifier))",
            R"(CREATE INDEX cloud_accounts_azure_subscription ON cloud_accounts (azure_subscription_id))",
            R"(CREATE INDEX accounts_linked ON accounts (linked_cloud_account_id))",
            // what a message did, and whether it was accepted (replays of accepted ones have no effect)
            R"(ALTER TABLE marketplace_events ADD COLUMN accepted INTEGER NOT NULL DEFAULT 0)",
            R"(ALTER TABLE marketplace_events ADD COLUMN cloud_account_id TEXT NOT NULL DEFAULT '')",
        },
        // 3: who this platform is to the readers of its snapshots: an id and the Ed25519 key that signs
        // them, made at first start (one row)
        QStringList{
            R"(CREATE TABLE platform_identity (
                slot TEXT PRIMARY KEY, platform_id TEXT NOT NULL, signing_key TEXT NOT NULL, created_at BIGINT NOT NULL))",
        },
        // 4: a refused marketplace message is kept as an excerpt with the whole body's size and digest,
        // and refusals are pruned oldest first (anyone may send them)
        QStringList{
            R"(ALTER TABLE marketplace_events ADD COLUMN refused INTEGER NOT NULL DEFAULT 0)",
            R"(ALTER TABLE marketplace_events ADD COLUMN raw_bytes BIGINT NOT NULL DEFAULT 0)",
            R"(ALTER TABLE marketplace_events ADD COLUMN raw_sha256 TEXT NOT NULL DEFAULT '')",
            R"(UPDATE marketplace_events SET refused = 1 WHERE outcome LIKE 'refused:%')",
            R"(CREATE INDEX marketplace_events_refusals ON marketplace_events (refused, id))",
        },
        // 5: each staff user's token lifetime, given again on rotation (0: never). Users from before
        // get the default of 90 days: "never" was the old default, never a choice anyone made.
        {
            R"(ALTER TABLE staff_users ADD COLUMN token_lifetime_ms BIGINT NOT NULL DEFAULT 7776000000)",
        },
        // 6: the snapshot signing key leaves the database for a key file; the database keeps its public
        // half and every rotation's announcement (signed by the key it replaced)
        {
            R"(ALTER TABLE platform_identity ADD COLUMN public_key TEXT NOT NULL DEFAULT '')",
            R"(CREATE TABLE signing_key_announcements (
                seq BIGINT PRIMARY KEY, body TEXT NOT NULL, announced_at BIGINT NOT NULL))",
        },
        // 7: the workspace search: a trigram index over each workspace's searched text, kept by
        // triggers in the transaction of every write, and prefix indexes for terms too short for trigrams
        QStringList{
            R"(CREATE VIEW workspace_search_text AS SELECT w.rid AS rid, lower(w.id || %SEP% || w.name || %SEP%
                || COALESCE(a.email, '') || %SEP% || COALESCE(c.display_name, '') || %SEP%
                || COALESCE(c.customer_identifier, '')) AS doc
                FROM workspaces w LEFT JOIN accounts a ON a.id = w.account_id
                LEFT JOIN cloud_accounts c ON c.id = w.cloud_account_id)",
            R"(sqlite: CREATE VIRTUAL TABLE workspace_search USING fts5(doc, tokenize = 'trigram case_sensitive 1', columnsize = 0))",
            R"(postgresql: CREATE EXTENSION IF NOT EXISTS pg_trgm)",
            R"(postgresql: CREATE TABLE workspace_search (rid BIGINT PRIMARY KEY, doc TEXT NOT NULL))",
            R"(postgresql: CREATE FUNCTION workspace_search_keep() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_TABLE_NAME = 'workspaces' THEN
                        IF TG_OP = 'DELETE' THEN
                            DELETE FROM workspace_search WHERE rid = OLD.rid;
                        ELSE
                            INSERT INTO workspace_search (rid, doc) SELECT rid, doc FROM workspace_search_text
                                WHERE rid = NEW.rid ON CONFLICT (rid) DO UPDATE SET doc = EXCLUDED.doc;
                        END IF;
                    ELSIF TG_TABLE_NAME = 'accounts' THEN
                        UPDATE workspace_search s SET doc = t.doc FROM workspaces w, workspace_search_text t
                            WHERE w.account_id = NEW.id AND t.rid = w.rid AND s.rid = w.rid;
                    ELSE
                        UPDATE workspace_search s SET doc = t.doc FROM workspaces w, workspace_search_text t
                            WHERE w.cloud_account_id = NEW.id AND t.rid = w.rid AND s.rid = w.rid;
                    END IF;
                    RETURN NULL;
                END $$)",
            R"(INSERT INTO workspace_search (%ROWID%, doc) SELECT rid, doc FROM workspace_search_text)",
            R"(postgresql: CREATE INDEX workspace_search_trigrams ON workspace_search USING gin (doc gin_trgm_ops))",
        } + Migrations::searchPrefixIndexStatements() +
            step7SearchTriggers,
        // 8: several instances on one database: each scheduler sweep with the instance that ran it (one at a
        // time), and idempotency keys forgotten by age through an index instead of a scan
        {
            R"(CREATE TABLE scheduler_sweeps (
                id %AUTOID%, instance TEXT NOT NULL, started_at BIGINT NOT NULL, finished_at BIGINT NOT NULL,
                outcome TEXT NOT NULL))",
            R"(CREATE INDEX scheduler_sweeps_started ON scheduler_sweeps (started_at))",
            R"(CREATE INDEX idempotency_keys_age ON idempotency_keys (created_at))",
        },
        // 9: marketplace messages in the order their marketplace sent them: when each was sent, and
        // whether it was taken in order (a stale or ignored one is kept but moves no customer forward)
        {
            R"(ALTER TABLE marketplace_events ADD COLUMN sent_at BIGINT NOT NULL DEFAULT 0)",
            R"(ALTER TABLE marketplace_events ADD COLUMN in_order INTEGER NOT NULL DEFAULT 0)",
            R"(UPDATE marketplace_events SET in_order = 1, sent_at = received_at WHERE accepted = 1)",
            R"(CREATE INDEX marketplace_events_customer ON marketplace_events (cloud_account_id, sent_at))",
        },
        // 10: every call the platform makes to a marketplace, each attempt with its status, latency and
        // the marketplace's request id
        {
            R"(CREATE TABLE marketplace_calls (
                id %AUTOID%, at BIGINT NOT NULL, marketplace TEXT NOT NULL, operation TEXT NOT NULL,
                attempt INTEGER NOT NULL, status INTEGER NOT NULL, latency_ms BIGINT NOT NULL,
                request_id TEXT NOT NULL, outcome TEXT NOT NULL))",
            R"(CREATE INDEX marketplace_calls_at ON marketplace_calls (at))",
        },
        // 11: what each marketplace message came to, as staff filter on it: applied, stale, ignored,
        // refused or noted
        {
            R"(ALTER TABLE marketplace_events ADD COLUMN verdict TEXT NOT NULL DEFAULT '')",
            R"(UPDATE marketplace_events SET verdict = CASE WHEN refused = 1 THEN 'refused'
                WHEN accepted = 1 AND outcome LIKE '%"stale":true%' THEN 'stale'
                WHEN accepted = 1 AND outcome LIKE '%"ignored":true%' THEN 'ignored'
                WHEN accepted = 1 THEN 'applied' ELSE 'noted' END)",
            R"(CREATE INDEX marketplace_events_verdict ON marketplace_events (verdict, id))",
        },
        // 12: each cloud account's entitlements as the marketplace last answered them (AWS GetEntitlements)
        {
            R"(CREATE TABLE cloud_account_entitlements (
                cloud_account_id TEXT NOT NULL, dimension TEXT NOT NULL, value TEXT NOT NULL,
                expires_at BIGINT NOT NULL, fetched_at BIGINT NOT NULL, PRIMARY KEY (cloud_account_id, dimension)))",
        },
        // 13: an AWS customer's agreements apart (concurrent agreements): CustomerAWSAccountId + LicenseArn
        {
            R"(CREATE INDEX cloud_accounts_agreement ON cloud_accounts (customer_aws_account_id, license_arn))",
        },
        // 14: the metering ledger: each cloud account's usage per hour and marketplace dimension, written
        // before it is sent, and where it is; and the hours already metered (each once, by one instance)
        {
            R"(CREATE TABLE metering_records (
                id %AUTOID%, cloud_account_id TEXT NOT NULL, marketplace TEXT NOT NULL, hour BIGINT NOT NULL,
                dimension TEXT NOT NULL, quantity BIGINT NOT NULL, allocations TEXT NOT NULL, state TEXT NOT NULL,
                marketplace_record_id TEXT NOT NULL DEFAULT '', attempts INTEGER NOT NULL DEFAULT 0,
                last_error TEXT NOT NULL DEFAULT '', next_attempt_at BIGINT NOT NULL DEFAULT 0,
                created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL,
                UNIQUE (cloud_account_id, hour, dimension)))",
            R"(CREATE INDEX metering_records_due ON metering_records (state, next_attempt_at))",
            R"(CREATE INDEX metering_records_hour ON metering_records (hour, id))",
            R"(CREATE TABLE metering_hours (
                hour BIGINT PRIMARY KEY, metered_at BIGINT NOT NULL, instance TEXT NOT NULL, records BIGINT NOT NULL))",
        },
        // 15: page positions that outlive the process and are shared by instances: how often each
        // workspace column was changed (every save counts its columns in its own transaction), and
        // each long list's positions with the sum of those counts for the columns it rests on when
        // they were built; they hold while that sum is unchanged
        {
            R"(CREATE TABLE workspace_column_changes (column_name TEXT PRIMARY KEY, changes BIGINT NOT NULL))",
            R"(sqlite: CREATE TABLE page_positions (list_key TEXT PRIMARY KEY, stamp BIGINT NOT NULL,
                total BIGINT NOT NULL, keys BLOB NOT NULL, built_at BIGINT NOT NULL))",
            R"(postgresql: CREATE TABLE page_positions (list_key TEXT PRIMARY KEY, stamp BIGINT NOT NULL,
                total BIGINT NOT NULL, keys BYTEA NOT NULL, built_at BIGINT NOT NULL))",
        },
        // 16: a seed on PostgreSQL commits its rows before it builds their indexes on two connections;
        // this row stands from that commit until the last index and trigger are made, and while it
        // stands the database is refused (an interrupted seed leaves rows without their search)
        {
            R"(CREATE TABLE unfinished_seed (started_at BIGINT NOT NULL))",
        },
        // 17: an owner or a cloud account saved without a new email, name or customer id rewrites none of
        // its workspaces' search rows (a subscription message or a sync saves its cloud account whole)
        step7SearchTriggerDrops + step7SearchTriggers,
        // 18: a list by lock reason gathers its workspaces through an index of the locked ones alone: the
        // others have no reason, so writing an active workspace (a bind) adds no entry to it
        {
            R"(CREATE INDEX workspaces_by_lock_reason ON workspaces (lock_reason, rid) WHERE lock_reason <> '')",
        },
        // 19: a marketplace's locked or dissolved workspaces (a few hundred of a million) are gathered
        // through an index of the bound workspaces that are not active: a bind writes no entry to it
        {
            R"(CREATE INDEX workspaces_by_status_bound ON workspaces (status, cloud_account_id, rid)
                WHERE status <> 'active' AND cloud_account_id <> '')",
        },
        // 20: SQLite's statistics of the workspaces counted whole (analyseStatements() says why)
        {
            R"(sqlite: PRAGMA analysis_limit = 0)",
            R"(sqlite: ANALYZE workspaces)",
        },
        // 21: SQLite's update-time index carries the columns lists filter by, so that a walk of that
        // order tests them from the index alone (workspaceIndexStatements() says why)
        {
            R"(sqlite: DROP INDEX workspaces_by_updated_at)",
            R"(sqlite: CREATE INDEX workspaces_by_updated_at ON workspaces
                (updated_at, rid, status, billing_method, site, cloud_account_id))",
            R"(sqlite: ANALYZE workspaces_by_updated_at)",
        },
        // 22: SQLite searches a cloud account's name and customer id in an index of the cloud accounts, no
        // longer in the text of each of its workspaces: binding 10,000 workspaces rewrote 10,000 search
        // rows (two thirds of the bind's time). A search finds a workspace by its own text or by its
        // cloud account's. (PostgreSQL keeps one text per workspace: its searches were 2 to 9 times
        // slower without.) It rebuilds the search whole, and can run again over itself.
        ifExists(onlySqlite(step7SearchTriggerDrops + Migrations::searchTriggerDropStatements())) +
            QStringList{
                R"(sqlite: DROP TABLE workspace_search)",
                R"(sqlite: CREATE VIRTUAL TABLE workspace_search USING fts5(doc, tokenize = 'trigram case_sensitive 1', columnsize = 0))",
                R"(sqlite: DROP TABLE IF EXISTS cloud_account_search)",
                R"(sqlite: DROP VIEW IF EXISTS cloud_account_search_text)",
                R"(sqlite: DROP VIEW workspace_search_text)",
                R"(sqlite: CREATE VIEW workspace_search_text AS SELECT w.rid AS rid, lower(w.id || %SEP% || w.name
                    || %SEP% || COALESCE(a.email, '')) AS doc FROM workspaces w LEFT JOIN accounts a ON a.id = w.account_id)",
                R"(sqlite: CREATE VIEW cloud_account_search_text AS SELECT id, lower(display_name || %SEP%
                    || customer_identifier) AS doc FROM cloud_accounts)",
                R"(sqlite: CREATE VIRTUAL TABLE cloud_account_search USING fts5(id UNINDEXED, doc,
                    tokenize = 'trigram case_sensitive 1', columnsize = 0))",
            } +
            onlySqlite(Migrations::searchTableStatements() + Migrations::searchTriggerStatements()),
        // 23: the workspaces tallied by status, billing method, site, lock reason and marketplace, one row
        // per group, kept by triggers in the transaction of every write: a list filtered by those alone
        // is counted from a few hundred rows instead of its workspaces (84-232 ms at a million).
        // PostgreSQL adds each statement's change once per group (a row's trigger would make a new
        // version of a group's row for each of a bind's 10,000 workspaces); writers take turns there
        // (Transaction), so they do not wait on one another's group rows. It can run again over itself.
        // Instances still running the program before it write on meanwhile: their writes wait until the
        // step commits, so that none falls between the count and the triggers.
        QStringList{R"(postgresql: LOCK TABLE workspaces IN SHARE ROW EXCLUSIVE MODE)"} +
            ifExists(Migrations::tallyTriggerDropStatements()) +
            QStringList{
                R"(CREATE TABLE IF NOT EXISTS workspace_tallies (status TEXT NOT NULL, billing_method TEXT NOT NULL,
                site TEXT NOT NULL, lock_reason TEXT NOT NULL, provider TEXT NOT NULL, workspaces BIGINT NOT NULL,
                PRIMARY KEY (status, billing_method, site, lock_reason, provider)))",
                R"(postgresql: CREATE OR REPLACE FUNCTION workspace_tallies_keep() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP = 'INSERT' THEN
                        INSERT INTO workspace_tallies AS t (status, billing_method, site, lock_reason, provider, workspaces)
                            SELECT n.status, n.billing_method, n.site, n.lock_reason, COALESCE(c.provider, ''), COUNT(*)
                            FROM new_rows n LEFT JOIN cloud_accounts c ON c.id = n.cloud_account_id
                            GROUP BY n.status, n.billing_method, n.site, n.lock_reason, COALESCE(c.provider, '')
                            ON CONFLICT (status, billing_method, site, lock_reason, provider)
                            DO UPDATE SET workspaces = t.workspaces + EXCLUDED.workspaces;
                    ELSIF TG_OP = 'DELETE' THEN
                        UPDATE workspace_tallies t SET workspaces = t.workspaces - d.workspaces
                            FROM (SELECT o.status, o.billing_method, o.site, o.lock_reason,
                                         COALESCE(c.provider, '') AS provider, COUNT(*) AS workspaces
                                  FROM old_rows o LEFT JOIN cloud_accounts c ON c.id = o.cloud_account_id
                                  GROUP BY 1, 2, 3, 4, 5) d
                            WHERE t.status = d.status AND t.billing_method = d.billing_method AND t.site = d.site
                                AND t.lock_reason = d.lock_reason AND t.provider = d.provider;
                    ELSE
                        INSERT INTO workspace_tallies AS t (status, billing_method, site, lock_reason, provider, workspaces)
                            SELECT d.status, d.billing_method, d.site, d.lock_reason, COALESCE(c.provider, ''), SUM(d.n)
                            FROM (SELECT status, billing_method, site, lock_reason, cloud_account_id, 1 AS n FROM new_rows
                                  UNION ALL SELECT status, billing_method, site, lock_reason, cloud_account_id, -1
                                  FROM old_rows) d
                            LEFT JOIN cloud_accounts c ON c.id = d.cloud_account_id
                            GROUP BY d.status, d.billing_method, d.site, d.lock_reason, COALESCE(c.provider, '')
                            HAVING SUM(d.n) <> 0
                            ON CONFLICT (status, billing_method, site, lock_reason, provider)
                            DO UPDATE SET workspaces = t.workspaces + EXCLUDED.workspaces;
                    END IF;
                    RETURN NULL;
                END $$)",
            } +
            Migrations::tallyStatements() + Migrations::tallyTriggerStatements(),
        // 24: the workspaces that are not active (the locked and the dissolved, about 6 % of a million) by
        // status and update time: a list of one such status is held in update-time order. Its first
        // page walked the update-time order, where a change of state leaves them at the recent end
        // (0.3-0.4 s on PostgreSQL, 0.07-0.12 s on SQLite at a million); a bind of active workspaces
        // writes no entry to it
        {
            R"(CREATE INDEX IF NOT EXISTS workspaces_by_status_updated_at ON workspaces (status, updated_at, rid)
                WHERE status <> 'active')",
            R"(sqlite: ANALYZE workspaces_by_status_updated_at)",
        },
        // 25: PostgreSQL's update-time index carries the columns lists filter by, as SQLite's has since
        // step 21: a list's walk in that order tests them from the index alone (workspaceIndexStatements()
        // says why). Such an index-only walk still reads the row of each entry on a page changed since
        // the table was last vacuumed (the cloud-billed in one site after a start's sweep dissolved
        // 4,700 workspaces: 12,500 of 72,370 entries, 33 ms; 15 ms once vacuumed), and by default a
        // million workspaces are vacuumed after 200,000 changes: the workspaces' table is vacuumed after
        // 2 % of it changed (a second or so at a million, mostly skipping pages that did not)
        {
            R"(postgresql: DROP INDEX workspaces_by_updated_at)",
            R"(postgresql: CREATE INDEX workspaces_by_updated_at ON workspaces (updated_at, rid)
                INCLUDE (status, billing_method, site, cloud_account_id))",
            R"(postgresql: ALTER TABLE workspaces SET (autovacuum_vacuum_scale_factor = 0.02))",
        },
    };
    return all;
}

} // namespace

// The statements of `all` that apply to `database`: a "sqlite:" or "postgresql:" prefix names the one
// dialect a statement is written for; %AUTOID% and %SEP% are the only other differences.
QStringList Migrations::forDialect(const QStringList &all, const Database &database)
{
    const QString own = database.isSqlite() ? QStringLiteral("sqlite:") : QStringLiteral("postgresql:");
    const QString other = database.isSqlite() ? QStringLiteral("postgresql:") : QStringLiteral("sqlite:");
    QStringList statements;
    for (QString sql : all) {
        if (sql.startsWith(other))
            continue;
        if (sql.startsWith(own))
            sql.remove(0, own.size());
        sql.replace(QLatin1String("%AUTOID%"), database.isSqlite() ? QStringLiteral("INTEGER PRIMARY KEY")
                                                                   : QStringLiteral("BIGSERIAL PRIMARY KEY"));
        // Between the searched fields: a term never matches across two of them.
        sql.replace(QLatin1String("%SEP%"),
                    database.isSqlite() ? QStringLiteral("char(31)") : QStringLiteral("chr(31)"));
        sql.replace(QLatin1String("%ROWID%"),
                    database.isSqlite() ? QStringLiteral("rowid") : QStringLiteral("rid"));
        statements.append(sql.trimmed());
    }
    return statements;
}

QStringList Migrations::searchTableStatements()
{
    return {
        R"(INSERT INTO workspace_search (%ROWID%, doc) SELECT rid, doc FROM workspace_search_text)",
        R"(sqlite: INSERT INTO cloud_account_search (id, doc) SELECT id, doc FROM cloud_account_search_text)",
        R"(postgresql: CREATE INDEX workspace_search_trigrams ON workspace_search USING gin (doc gin_trgm_ops))",
    };
}

QStringList Migrations::searchPrefixIndexStatements()
{
    // Terms of one or two characters match the start of the id or the name.
    return {
        R"(sqlite: CREATE INDEX workspaces_by_lower_name ON workspaces (lower(name)))",
        R"(sqlite: CREATE INDEX workspaces_by_lower_id ON workspaces (lower(id)))",
        R"(postgresql: CREATE INDEX workspaces_by_lower_name ON workspaces ((lower(name) COLLATE "C")))",
        R"(postgresql: CREATE INDEX workspaces_by_lower_id ON workspaces ((lower(id) COLLATE "C")))",
    };
}

QStringList Migrations::searchTriggerStatements()
{
    // SQLite: a workspace's search row changes with its id, name or owner (or the owner's email), not
    // with its cloud account or billing state; a cloud account's with its name or customer id.
    // PostgreSQL: as steps 7 and 17 made them, each workspace's text holding its cloud account's.
    return onlyPostgres(step7SearchTriggers) +
           QStringList{
               sqliteSearchInsertTrigger,
               R"(sqlite: CREATE TRIGGER workspace_search_update AFTER UPDATE OF id, name, account_id ON workspaces BEGIN
            UPDATE workspace_search SET doc = (SELECT doc FROM workspace_search_text WHERE rid = NEW.rid)
                WHERE rowid = NEW.rid;
        END)",
               sqliteSearchDeleteTrigger,
               sqliteSearchOwnerTrigger,
               R"(sqlite: CREATE TRIGGER cloud_account_search_insert AFTER INSERT ON cloud_accounts BEGIN
            INSERT INTO cloud_account_search (id, doc) SELECT id, doc FROM cloud_account_search_text WHERE id = NEW.id;
        END)",
               R"(sqlite: CREATE TRIGGER cloud_account_search_update AFTER UPDATE OF id, display_name, customer_identifier
            ON cloud_accounts WHEN OLD.id IS NOT NEW.id OR OLD.display_name IS NOT NEW.display_name
                OR OLD.customer_identifier IS NOT NEW.customer_identifier BEGIN
            UPDATE cloud_account_search SET id = NEW.id,
                doc = (SELECT doc FROM cloud_account_search_text WHERE id = NEW.id) WHERE id = OLD.id;
        END)",
               R"(sqlite: CREATE TRIGGER cloud_account_search_delete AFTER DELETE ON cloud_accounts BEGIN
            DELETE FROM cloud_account_search WHERE id = OLD.id;
        END)",
           };
}

QStringList Migrations::searchTriggerDropStatements()
{
    return QStringList{
               "sqlite: DROP TRIGGER workspace_search_insert",
               "sqlite: DROP TRIGGER workspace_search_update",
               "sqlite: DROP TRIGGER workspace_search_delete",
               "sqlite: DROP TRIGGER workspace_search_owner",
               "sqlite: DROP TRIGGER cloud_account_search_insert",
               "sqlite: DROP TRIGGER cloud_account_search_update",
               "sqlite: DROP TRIGGER cloud_account_search_delete",
           } +
           onlyPostgres(step7SearchTriggerDrops);
}

QStringList Migrations::searchIndexDropStatements()
{
    const QStringList tablesAndIndexes{
        "postgresql: DROP INDEX workspace_search_trigrams",
        "DROP INDEX workspaces_by_lower_name",
        "DROP INDEX workspaces_by_lower_id",
        "DELETE FROM workspace_search",
        "sqlite: DELETE FROM cloud_account_search",
    };
    return searchTriggerDropStatements() + tablesAndIndexes;
}

QStringList Migrations::tallyStatements()
{
    // A cloud account's marketplace is fixed when it is registered, and workspaces are bound only to
    // registered accounts: the marketplace read as a workspace is written stays true.
    return {
        R"(DELETE FROM workspace_tallies)",
        R"(INSERT INTO workspace_tallies (status, billing_method, site, lock_reason, provider, workspaces)
            SELECT w.status, w.billing_method, w.site, w.lock_reason, COALESCE(c.provider, ''), COUNT(*)
            FROM workspaces w LEFT JOIN cloud_accounts c ON c.id = w.cloud_account_id
            GROUP BY w.status, w.billing_method, w.site, w.lock_reason, COALESCE(c.provider, ''))",
    };
}

QStringList Migrations::tallyTriggerStatements()
{
    const QString provider =
        QStringLiteral("COALESCE((SELECT provider FROM cloud_accounts WHERE id = %1.cloud_account_id), '')");
    const QString added =
        QStringLiteral(
            "INSERT INTO workspace_tallies (status, billing_method, site, lock_reason, provider, workspaces) "
            "VALUES (NEW.status, NEW.billing_method, NEW.site, NEW.lock_reason, %1, 1) ON CONFLICT (status, "
            "billing_method, site, lock_reason, provider) DO UPDATE SET workspaces = workspaces + 1;")
            .arg(provider.arg(QLatin1String("NEW")));
    const QString removed =
        QStringLiteral("UPDATE workspace_tallies SET workspaces = workspaces - 1 WHERE status = OLD.status "
                       "AND billing_method = OLD.billing_method AND site = OLD.site AND lock_reason = "
                       "OLD.lock_reason AND provider = %1;")
            .arg(provider.arg(QLatin1String("OLD")));
    return {
        QStringLiteral(
            "sqlite: CREATE TRIGGER workspace_tallies_insert AFTER INSERT ON workspaces BEGIN %1 END")
            .arg(added),
        QStringLiteral(
            "sqlite: CREATE TRIGGER workspace_tallies_delete AFTER DELETE ON workspaces BEGIN %1 END")
            .arg(removed),
        QStringLiteral(
            "sqlite: CREATE TRIGGER workspace_tallies_update AFTER UPDATE OF status, billing_method, "
            "site, lock_reason, cloud_account_id ON workspaces WHEN OLD.status IS NOT NEW.status OR "
            "OLD.billing_method IS NOT NEW.billing_method OR OLD.site IS NOT NEW.site OR "
            "OLD.lock_reason IS NOT NEW.lock_reason OR OLD.cloud_account_id IS NOT "
            "NEW.cloud_account_id BEGIN %1 %2 END")
            .arg(removed, added),
        // A trigger with transition tables fires on one event and on any update (no column list).
        QStringLiteral("postgresql: CREATE TRIGGER workspace_tallies_insert AFTER INSERT ON workspaces "
                       "REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "
                       "workspace_tallies_keep()"),
        QStringLiteral("postgresql: CREATE TRIGGER workspace_tallies_delete AFTER DELETE ON workspaces "
                       "REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "
                       "workspace_tallies_keep()"),
        QStringLiteral("postgresql: CREATE TRIGGER workspace_tallies_update AFTER UPDATE ON workspaces "
                       "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE "
                       "FUNCTION workspace_tallies_keep()"),
    };
}

QStringList Migrations::tallyTriggerDropStatements()
{
    return {
        "sqlite: DROP TRIGGER workspace_tallies_insert",
        "sqlite: DROP TRIGGER workspace_tallies_delete",
        "sqlite: DROP TRIGGER workspace_tallies_update",
        "postgresql: DROP TRIGGER workspace_tallies_insert ON workspaces",
        "postgresql: DROP TRIGGER workspace_tallies_delete ON workspaces",
        "postgresql: DROP TRIGGER workspace_tallies_update ON workspaces",
    };
}

QStringList Migrations::workspaceIndexNames()
{
    QStringList names;
    for (const QString &column : sortIndexColumns)
        names.append(QStringLiteral("workspaces_by_%1").arg(column));
    return names;
}

QStringList Migrations::workspaceIndexStatements()
{
    QStringList statements;
    for (const QString &column : sortIndexColumns) {
        // The name index also carries the id, so the text search (name or id) reads only this index.
        const QString extra = column == QLatin1String("name") ? QStringLiteral(", id") : QString();
        const QString statement =
            QStringLiteral("CREATE INDEX workspaces_by_%1 ON workspaces (%1, rid%2").arg(column, extra);
        if (column != QLatin1String("updated_at")) {
            statements.append(statement + QLatin1Char(')'));
            continue;
        }
        // The update-time index also carries the columns lists filter by. The workspaces a change of
        // state made (the locked, the cloud-billed) are the last ones in that order, so a walk of it
        // steps over many others, each read from the table to test the filters (SQLite, the locked,
        // walked: 3.9 s at a million; 0.05 s from the index alone; PostgreSQL, 51,769 rows walked for
        // the cloud-billed in one site: 188 ms, 11 ms by an index-only scan). Every change rewrites
        // this entry anyway, as it sets the update time; on PostgreSQL the wider entry made a 5,000-row
        // bind about 3 % slower. PostgreSQL keeps them out of the key (INCLUDE).
        const QString carried = updateTimeIndexCarries().join(QStringLiteral(", "));
        statements.append(QStringLiteral("sqlite: %1, %2)").arg(statement, carried));
        statements.append(QStringLiteral("postgresql: %1) INCLUDE (%2)").arg(statement, carried));
    }
    return statements;
}

const QStringList &Migrations::updateTimeIndexCarries()
{
    static const QStringList carried{"status", "billing_method", "site", "cloud_account_id"};
    return carried;
}

int Migrations::latestVersion()
{
    return int(steps().size());
}

Result<int> Migrations::currentVersion(Database &database)
{
    auto db = database.connection();
    if (!db)
        return db.problem();
    if (!db->tables().contains(QStringLiteral("schema_version")))
        return 0;
    QSqlQuery q(*db);
    q.prepare(QStringLiteral("SELECT MAX(version) FROM schema_version"));
    if (auto ran = Database::exec(q, "Reading the schema version"); !ran)
        return ran.problem();
    return q.next() ? q.value(0).toInt() : 0;
}

Result<int> Migrations::apply(Database &database)
{
    auto current = currentVersion(database);
    if (!current)
        return current;
    if (*current > latestVersion()) {
        return Problem{
            409,
            "schema_too_new",
            QStringLiteral("Database too new"),
            QStringLiteral("The database has schema version %1 but this program knows only up to %2; "
                           "use a newer billing-platform.")
                .arg(*current)
                .arg(latestVersion()),
            {}};
    }
    for (int version = *current + 1; version <= latestVersion(); ++version) {
        auto tx = Transaction::begin(database, Transaction::Mode::Schema);
        if (!tx)
            return tx.problem();
        // Instances started together on one database take turns here: a step another one applied
        // while this one waited is not applied again.
        auto now = currentVersion(database);
        if (!now)
            return now;
        if (*now >= version)
            continue;
        QSqlDatabase db = (*tx)->connection();
        if (version == 1) {
            if (auto made = Database::exec(
                    db, "CREATE TABLE schema_version (version INTEGER NOT NULL, applied_at BIGINT NOT NULL)",
                    "Creating schema_version");
                !made)
                return made.problem();
        }
        if (auto ran = Database::execEach(db, forDialect(steps().at(version - 1), database),
                                          "Applying a schema migration");
            !ran)
            return ran.problem();
        QSqlQuery mark(db);
        mark.prepare("INSERT INTO schema_version (version, applied_at) VALUES (?, ?)");
        mark.addBindValue(version);
        mark.addBindValue(QDateTime::currentMSecsSinceEpoch());
        if (auto ran = Database::exec(mark, "Recording the schema version"); !ran)
            return ran.problem();
        if (auto done = (*tx)->commit(); !done)
            return done.problem();
    }
    if (auto whole = refuseUnfinishedSeed(database); !whole)
        return whole.problem();
    if (auto kept = keepStatistics(database); !kept)
        return kept.problem();
    return latestVersion();
}

Result<contract::Done> Migrations::keepStatistics(Database &database)
{
    if (!database.isSqlite())
        return contract::Done{};
    const auto number = [&](const QString &sql) -> Result<qint64> {
        auto read = database.query(sql, {}, "Reading the planner's statistics");
        if (!read)
            return read.problem();
        return read->next() ? read->value(0).toString().section(QLatin1Char(' '), 0, 0).toLongLong() : 0;
    };
    const auto workspaces = number(QStringLiteral("SELECT MAX(rid) FROM workspaces"));
    const auto kept =
        number(QStringLiteral("SELECT COUNT(*) FROM sqlite_master WHERE name = 'sqlite_stat1'"));
    if (!workspaces || !kept)
        return !workspaces ? workspaces.problem() : kept.problem();
    if (*workspaces == 0)
        return contract::Done{}; // nothing to count yet
    qint64 counted = 0;          // the workspaces the statistics saw (estimated, as a sampled ANALYZE counts)
    if (*kept > 0) {
        const auto seen = number(QStringLiteral("SELECT stat FROM sqlite_stat1 WHERE tbl = 'workspaces' "
                                                "AND idx IS NOT NULL ORDER BY idx LIMIT 1"));
        if (!seen)
            return seen.problem();
        counted = *seen;
    }
    if (counted > 0 && *workspaces <= StatisticsDrift * counted && StatisticsDrift * *workspaces >= counted)
        return contract::Done{};
    auto db = database.connection();
    if (!db)
        return db.problem();
    return Database::execEach(*db, analyseStatements(), "Gathering the planner's statistics");
}

QStringList Migrations::analyseStatements()
{
    // Sampled, tens of milliseconds at a million rows, except the workspaces: a sample reads the first
    // 2,000 entries of each index, in which a status, a site or a billing method has one value, so
    // each looked as narrow as any other, and SQLite counted the card-paying active workspaces of one
    // site through all the active ones (170 ms, against 70 through the site's). Counted whole they take
    // about a second at a million.
    return {QStringLiteral("PRAGMA analysis_limit = 2000"), QStringLiteral("ANALYZE"),
            QStringLiteral("PRAGMA analysis_limit = 0"), QStringLiteral("ANALYZE workspaces")};
}

Result<contract::Done> Migrations::refuseUnfinishedSeed(Database &database)
{
    auto unfinished = database.query(QStringLiteral("SELECT COUNT(*) FROM unfinished_seed"), {},
                                     "Checking that the database's seed finished");
    if (!unfinished)
        return unfinished.problem();
    if (unfinished->next() && unfinished->value(0).toLongLong() > 0)
        return Database::storageProblem(
            QStringLiteral("The database's seed did not finish: its rows were written but not all of their "
                           "indexes and search. Seed a new database."));
    return contract::Done{};
}

} // namespace billing::store
