#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The first deep page of each sort right after the platform starts, in ROUNDS restarts over one seeded
# database: what staff wait for when they press Ctrl+End after a restart. Each round starts `serve`,
# asks every sort for its last page (Ctrl+End), then for the page at 60 % of the list, then stops it.
#   bash bench/coldstart.sh DB [ROUNDS]        DB: sqlite:/path or postgresql://user:pw@host/db, seeded
# BILLING_PLATFORM: another build's billing-platform, to compare builds on the same data.
# BILLING_BENCH_SNAPSHOTS: the snapshot folder, beside which the database's signing key is kept.
# BILLING_BENCH_DROP_CACHES=1: empty the kernel's page cache before each start (a cold machine; root).
# BILLING_BENCH_FORGET_POSITIONS=1: delete the stored page positions before each start (the first start
# after a seed that stored none); otherwise the platform first runs BILLING_BENCH_SETTLE seconds (40), and
# until its first sweep has ended, to store them. BILLING_BENCH_SETTLE=0: no such run, the database as it
# is (right after `seed`, its first start is the first round).
# BILLING_BENCH_DUE=N: before each start, N lock countdowns end as if while the platform was down, so
# that the start's own sweep dissolves those workspaces and moves the lists by status and update time.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
DB=${1:?usage: coldstart.sh DB [ROUNDS]}
ROUNDS=${2:-3}
work_folder coldstart

sql() { db_sql "$DB" "$1"; }

N=$(sql 'SELECT COUNT(*) FROM workspaces')
TOKEN=$($PLATFORM staff add --db "$DB" "coldstart-$$" --role viewer | tail -n 1)
SORTS="name site plan status updated_at id"
start_server() {
  $PLATFORM serve --db "$DB" --listen 127.0.0.1:0 --snapshot-dir "$SNAPSHOTS" >"$WORK/serve.out" 2>&1 &
  SERVER=$!
  URL=$(listening_url "$WORK/serve.out")
}
if [ "${BILLING_BENCH_FORGET_POSITIONS:-0}" != 1 ] && [ "${BILLING_BENCH_SETTLE:-40}" != 0 ]; then
  # A restart: the platform ran before, long enough to build every sort's positions (and to store them)
  # and to end its first sweep, which after a seed catches up on a day of metering (48 s at a million
  # on SQLite): stopped within it, each round's start would go on with it.
  settled_from=$(($(date +%s) * 1000))
  start_server
  sleep "${BILLING_BENCH_SETTLE:-40}"
  await_sweep "$DB" "$settled_from"
  stop_server
fi
for round in $(seq 1 "$ROUNDS"); do
  if [ "${BILLING_BENCH_FORGET_POSITIONS:-0}" = 1 ]; then sql 'DELETE FROM page_positions' >/dev/null 2>&1 || true; fi
  if [ "${BILLING_BENCH_DUE:-0}" != 0 ]; then
    # Written here, so counted here as a save counts it: positions resting on the purge date go.
    now_ms=$(($(date +%s) * 1000))
    sql "UPDATE workspaces SET lock_purge_at = $((now_ms - 3600000)) WHERE rid IN (SELECT rid FROM workspaces
      WHERE status = 'locked' AND lock_purge_at > $now_ms ORDER BY rid LIMIT $BILLING_BENCH_DUE)" >/dev/null
    sql "INSERT INTO workspace_column_changes (column_name, changes) VALUES ('lock_purge_at', 1)
      ON CONFLICT (column_name) DO UPDATE SET changes = workspace_column_changes.changes + 1" >/dev/null
  fi
  if [ "${BILLING_BENCH_DROP_CACHES:-0}" = 1 ]; then sync && echo 3 >/proc/sys/vm/drop_caches; fi
  start_server
  for sort in $SORTS; do
    for page in "last offset=$((N - 100))" "deep offset=$((N * 3 / 5))"; do
      set -- $page
      t=$(curl -s -o "$WORK/page.json" -w '%{time_total}' -H "Authorization: Bearer $TOKEN" \
        "$URL/v1/workspaces?sort=$sort&$2&limit=100")
      grep -q '"items":\[{' "$WORK/page.json" || { echo "no page: $(head -c 300 "$WORK/page.json")" >&2; exit 1; }
      echo "$sort $1 $(echo "$t * 1000" | bc)" >>"$WORK/times"
    done
  done
  stop_server # straight after its answers: the positions it builds then are not what is measured
done

echo "| sort | last page (Ctrl+End), median of $ROUNDS (ms) | rounds | then the page at 60 %, median (ms) | rounds |"
echo "|---|---|---|---|---|"
for sort in $SORTS; do
  deep=$(awk -v s="$sort" '$1 == s && $2 == "deep" {print $3}' "$WORK/times")
  last=$(awk -v s="$sort" '$1 == s && $2 == "last" {print $3}' "$WORK/times")
  echo "| $sort | $(echo "$last" | median | cut -d. -f1) | $(echo "$last" | cut -d. -f1 | paste -sd/) |" \
    "$(echo "$deep" | median | cut -d. -f1) | $(echo "$deep" | cut -d. -f1 | paste -sd/) |"
done
