#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Filtered lists without a search on a seeded database: a cloud account's workspaces, an owner's, the
# locked ones, a marketplace's locked ones, and wider ones, each under four sorts, its first page and
# the page at offset 2,000. Each page is asked once right after `serve` starts (the first request),
# then, once its list's positions are built, 10 times (median / p95). Baseline in the same run: the
# same page as a plain ORDER BY … LIMIT … OFFSET in the backend's own shell, its planner choosing.
#   bash bench/lists.sh DB        DB: sqlite:/path or postgresql://user:pw@host/db, seeded
# BILLING_PLATFORM: another build's billing-platform, to compare builds on the same data.
# BILLING_BENCH_SNAPSHOTS: the snapshot folder, beside which the database's signing key is kept.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
DB=${1:?usage: lists.sh DB}
work_folder lists

sql() { db_sql "$DB" "$1"; }
timed() { db_timed "$DB" "$1"; }

# The lists, from the data: the cloud account and the owner with the most workspaces.
CLOUD=$(sql "SELECT cloud_account_id FROM workspaces WHERE cloud_account_id <> '' GROUP BY cloud_account_id ORDER BY COUNT(*) DESC, cloud_account_id LIMIT 1")
OWNER=$(sql "SELECT account_id FROM workspaces GROUP BY account_id ORDER BY COUNT(*) DESC, account_id LIMIT 1")
AZURE="cloud_account_id IN (SELECT id FROM cloud_accounts WHERE provider = 'azure')"
AWS="cloud_account_id IN (SELECT id FROM cloud_accounts WHERE provider = 'aws')"
LISTS=(
  "cloud_account_id=$CLOUD|cloud_account_id = '$CLOUD'"
  "account_id=$OWNER|account_id = '$OWNER'"
  "status=locked|status = 'locked'"
  "provider=azure&status=locked|status = 'locked' AND $AZURE"
  "lock_reason=payment_overdue|lock_reason = 'payment_overdue'"
  "billing_method=cloud_account&site=us-east-1|billing_method = 'cloud_account' AND site = 'us-east-1'"
  "status=active&billing_method=credit_card&site=eu-frankfurt|status = 'active' AND billing_method = 'credit_card' AND site = 'eu-frankfurt'"
  "provider=aws|$AWS"
)
SORTS=(id name updated_at site)

TOKEN=$($PLATFORM staff add --db "$DB" "lists-$$" --role viewer | tail -n 1)
$PLATFORM serve --db "$DB" --listen 127.0.0.1:0 --snapshot-dir "$SNAPSHOTS" >"$WORK/serve.out" 2>&1 &
SERVER=$!
URL=$(listening_url "$WORK/serve.out")
get() { curl -s -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $TOKEN" "$URL/v1/workspaces?limit=100&$1" | awk '{print $1*1000}'; }

settings=
case "$DB" in postgresql:*) settings=", shared_buffers $(sql 'SHOW shared_buffers')" ;; esac
echo "# Filtered lists, $(sql 'SELECT COUNT(*) FROM workspaces') workspaces ($(nproc) cores$settings), $(basename "$PLATFORM")"
echo
echo "| list | rows | sort | offset | first request ms | then: median / p95 ms | baseline: the plain ORDER BY in the shell, ms |"
echo "|---|---|---|---|---|---|---|"
for list in "${LISTS[@]}"; do
  request=${list%%|*}
  where=${list#*|}
  rows=$(sql "SELECT COUNT(*) FROM workspaces WHERE $where")
  for sort in "${SORTS[@]}"; do
    for offset in 0 2000; do
      [ "$offset" -lt "$rows" ] || continue
      first=$(get "$request&sort=$sort&offset=$offset")
      sleep 2 # its positions, built in the background meanwhile
      then=$(for _ in $(seq 1 10); do get "$request&sort=$sort&offset=$offset"; done)
      base=$(for _ in 1 2 3; do
        timed "SELECT COUNT(*) FROM (SELECT rid FROM workspaces WHERE $where ORDER BY $sort, rid LIMIT 100 OFFSET $offset) page" | tail -n 1
      done | median)
      echo "| $request | $rows | $sort | $offset | $first | $(echo "$then" | median) / $(echo "$then" | p95) | $base |"
    done
  done
done
