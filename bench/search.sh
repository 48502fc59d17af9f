#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The workspace search at a million workspaces, on SQLite or PostgreSQL: the first page and exact total
# through HTTP, right after the platform starts (cold, each term once) and warm (20 times each, once the
# platform has settled), beside its baseline in the same run:
# the LIKE scan over the same fields, run in the backend's own shell on the same data.
#   bash bench/search.sh sqlite [WORKSPACES]
#   bash bench/search.sh postgresql [WORKSPACES]   (needs BILLING_BENCH_POSTGRES=postgresql://user:pw@host/db,
#                                                   an empty database it may fill)
# Build first (bash packaging/setup.sh build). A file seeded before is reused: BILLING_BENCH_DB=sqlite:PATH.
# BILLING_PLATFORM: another build's billing-platform, to compare builds on the same data.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
BACKEND=${1:?sqlite or postgresql}
N=${2:-1000000}
BIN=build/release
PLATFORM=${BILLING_PLATFORM:-$BIN/app/platform/billing-platform}
work_folder search


case "$BACKEND" in
  sqlite)
    DB=${BILLING_BENCH_DB:-sqlite:$WORK/platform.sqlite}
    like=LIKE
    ;;
  postgresql)
    DB=${BILLING_BENCH_POSTGRES:?set BILLING_BENCH_POSTGRES}
    like=ILIKE
    ;;
  *) echo "unknown backend $BACKEND" >&2; exit 2 ;;
esac
timed() { db_timed "$DB" "$1"; }

if [ "$(db_sql "$DB" "SELECT COUNT(*) FROM workspaces" 2>/dev/null || echo 0)" != "$N" ]; then
  start=$(date +%s.%N)
  /usr/bin/time -f '%M' -o "$WORK/seed.rss" $PLATFORM seed --db "$DB" --workspaces "$N" --seed 1 >/dev/null
  echo "seed $N: $(echo "$(date +%s.%N) - $start" | bc | cut -c1-5) s, peak RSS $(( $(cat "$WORK/seed.rss") / 1024 )) MB"
fi
TOKEN=$($PLATFORM staff add --db "$DB" "search-$$" --role viewer | tail -n 1)
$PLATFORM serve --db "$DB" --listen 127.0.0.1:0 --snapshot-dir "$SNAPSHOTS" >"$WORK/serve.out" 2>&1 &
SERVER=$!
URL=$(listening_url "$WORK/serve.out")
get() { curl -s -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $TOKEN" "$URL/v1/workspaces?q=$1&limit=100$2" | awk '{print $1*1000}'; }
enc() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$1"; }

# (AWS) is in no workspace's own text: it finds the workspaces of 27,540 cloud accounts (159,267 of 1M).
TERMS=(Contoso "Insurance Sa" 南京知 zzzz Ops "@customer" "(AWS)" 南京 n)
# Cold: each term's first request, one after the other, right after the platform starts.
declare -A cold
for q in "${TERMS[@]}"; do cold[$q]=$(get "$(enc "$q")" ""); done
# Warm: once the platform has done what it does after a start (building the sorts' positions that a
# restart does not find stored), as staff see it the rest of the day.
sleep 20

settings= # the server's memory setting changes the figures
if [ "$BACKEND" = postgresql ]; then settings=", shared_buffers $(db_sql "$DB" "SHOW shared_buffers")"; fi
echo "# Search, $BACKEND, $N workspaces ($(nproc) cores$settings)"
echo
echo "| q | matches | mode | cold ms | warm median ms | warm p95 ms | baseline: LIKE scan, count + first page, ms |"
echo "|---|---|---|---|---|---|---|"
for q in "${TERMS[@]}"; do
  e=$(enc "$q")
  warm=$(for _ in $(seq 1 20); do get "$e" ""; done)
  answer=$(curl -s -H "Authorization: Bearer $TOKEN" "$URL/v1/workspaces?q=$e&limit=1")
  total=$(echo "$answer" | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')
  mode=$(echo "$answer" | python3 -c 'import json,sys; print(json.load(sys.stdin).get("search",""))')
  pattern=$(printf '%%%s%%' "$q")
  fields="w.id $like '$pattern' OR w.name $like '$pattern' OR a.email $like '$pattern' OR c.display_name $like '$pattern' OR c.customer_identifier $like '$pattern'"
  from="FROM workspaces w JOIN accounts a ON a.id = w.account_id LEFT JOIN cloud_accounts c ON c.id = w.cloud_account_id WHERE $fields"
  base=$(for _ in 1 2 3; do
    c=$(timed "SELECT COUNT(*) $from" | tail -n 1)
    f=$(timed "SELECT COUNT(*) FROM (SELECT w.id $from ORDER BY w.id LIMIT 100) page" | tail -n 1)
    echo "$c + $f" | bc
  done | median)
  echo "| $q | $total | $mode | ${cold[$q]} | $(echo "$warm" | median) | $(echo "$warm" | p95) | $base |"
done
echo
echo "Searches with filters (the first two are issue 22's combined filters, with and without the site):"
echo
echo "| request | warm median ms | warm p95 ms |"
echo "|---|---|---|"
for request in "Ops&status=active&billing_method=cloud_account&provider=aws&site=us-east-1" \
  "Ops&status=active&billing_method=cloud_account&provider=aws" "Ops&status=active" \
  "Contoso&billing_method=cloud_account"; do
  filtered=$(for _ in $(seq 1 20); do get "${request%%&*}" "&${request#*&}"; done)
  echo "| q=$request | $(echo "$filtered" | median) | $(echo "$filtered" | p95) |"
done
echo
echo "The same searches under other sorts (matches gathered at one end of an order, as Chinese names are at"
echo "the end of the name order, once made a page walk most of the table; a term in every workspace"
echo "first walks a few rows testing each one on SQLite):"
echo
echo "| q | name: median / p95 ms | name descending | updated_at | site |"
echo "|---|---|---|---|---|"
for q in Contoso "Insurance Sa" 南京知 Ops @customer "(AWS)"; do
  line="| $q |"
  for sort in "name" "name&order=desc" "updated_at" "site"; do
    sorted=$(for _ in $(seq 1 10); do get "$(enc "$q")" "&sort=$sort"; done)
    line="$line $(echo "$sorted" | median) / $(echo "$sorted" | p95) |"
  done
  echo "$line"
done
echo
echo "Platform memory after the searches: $(awk '/RssAnon/{print int($2/1024)}' /proc/$SERVER/status) MB anonymous, $(awk '/RssFile/{print int($2/1024)}' /proc/$SERVER/status) MB of the database file mapped"
