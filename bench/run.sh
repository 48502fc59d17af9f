#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Runs every benchmark at the scale the product is built for (a million workspaces) on one backend, each
# with its baseline in the same run, and writes the results to bench/results/latest-BACKEND.md
# (BENCHMARKS.md quotes them). Build first: bash packaging/setup.sh build.
#   bash bench/run.sh [sqlite|postgresql] [WORKSPACES]     (default: sqlite 1000000)
# PostgreSQL needs BILLING_BENCH_POSTGRES=postgresql://USER:PASSWORD@127.0.0.1:5432/postgres, a role that
# may create databases (`packaging/setup.sh test` makes billing_test): the run makes a database of its own,
# and copies of it for the benchmarks that change it, and drops them all at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
BACKEND=sqlite
case "${1:-}" in sqlite | postgresql) BACKEND=$1; shift ;; esac
N=${1:-1000000}
BIN=build/release
PLATFORM=$BIN/app/platform/billing-platform
WORK=$(mktemp -d /tmp/billing-bench.XXXXXX)
OUT=bench/results/latest-$BACKEND.md
mkdir -p bench/results
export QT_QPA_PLATFORM=offscreen

# Wall time of a command in ms.
ms_of() { local start; start=$(date +%s%N); "$@" >/dev/null; echo $(( ($(date +%s%N) - start) / 1000000 )); }

# What differs between the backends: where the data is, a copy of it, a query as CSV in the shell.
case "$BACKEND" in
  sqlite)
    FILE=$WORK/platform.sqlite
    DB=sqlite:$FILE
    copy_of() { sqlite3 "$FILE" ".backup '$WORK/$1.sqlite'"; echo "sqlite:$WORK/$1.sqlite"; }
    drop_copy() { rm -f "$WORK/$1.sqlite" "$WORK/$1.sqlite-wal" "$WORK/$1.sqlite-shm"; }
    csv_of() { sqlite3 -csv "$FILE" "$1"; }
    shell_name="sqlite3 $(sqlite3 --version | cut -d' ' -f1)"
    cleanup() { :; }
    ;;
  postgresql)
    ADMIN=${BILLING_BENCH_POSTGRES:?set BILLING_BENCH_POSTGRES (see the head of this script)}
    NAME=billing_bench_$$
    DB=${ADMIN%/*}/$NAME
    psql -qAt "$ADMIN" -c "CREATE DATABASE $NAME" >/dev/null
    # A template copy, which PostgreSQL makes only while nobody else is connected to the original.
    copy_of() { psql -qAt "$ADMIN" -c "CREATE DATABASE ${NAME}_$1 TEMPLATE $NAME" >/dev/null; echo "${ADMIN%/*}/${NAME}_$1"; }
    drop_copy() { psql -qAt "$ADMIN" -c "DROP DATABASE IF EXISTS ${NAME}_$1 WITH (FORCE)" >/dev/null; }
    csv_of() { psql -qAt "$DB" -c "\\copy ($1) to stdout csv"; }
    # The server's memory setting changes the figures (BENCHMARKS: a bind with 6 GB of shared buffers).
    shell_name="psql, PostgreSQL $(psql -qAt "$ADMIN" -c 'SHOW server_version' | cut -d' ' -f1), shared_buffers $(psql -qAt "$ADMIN" -c 'SHOW shared_buffers')"
    cleanup() {
      for d in $(psql -qAt "$ADMIN" -c "SELECT datname FROM pg_database WHERE datname LIKE '${NAME}%'"); do
        psql -qAt "$ADMIN" -c "DROP DATABASE IF EXISTS $d WITH (FORCE)" >/dev/null || true
      done
    }
    ;;
esac
q() { db_sql "$DB" "$1"; }
timed() { db_timed "$DB" "$1"; }
trap 'stop_server; cleanup; rm -rf "$WORK"' EXIT # never "kill 0": that is the whole process group

{
  echo "# Benchmark run $(date -u +%Y-%m-%dT%H:%MZ), $BACKEND"
  echo
  echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); baselines in $shell_name"
  echo
  echo "## Seeding $N workspaces (billing-platform seed, $BACKEND)"
  echo
  start=$(date +%s.%N)
  /usr/bin/time -f '%M' -o "$WORK/seed.rss" $PLATFORM seed --db "$DB" --workspaces "$N" --seed 1
  end=$(date +%s.%N)
  echo
  echo "wall: $(echo "$end - $start" | bc) s; peak RSS $(( $(cat "$WORK/seed.rss") / 1024 )) MB"
  echo
  TOKEN=$($PLATFORM staff add --db "$DB" bench --role viewer | tail -n 1)
  $PLATFORM serve --db "$DB" --listen 127.0.0.1:0 --snapshot-dir "$WORK/snapshots" > "$WORK/serve.out" 2>&1 &
  SERVER=$!
  URL=$(listening_url "$WORK/serve.out")

  echo "## Cold: the first deep page of each sort right after the platform starts (ms)"
  echo
  echo "| sort | first deep page |"
  echo "|---|---|"
  for sort in name site plan status; do
    t=$(curl -s -o /dev/null -w '%{time_total}' -H "Authorization: Bearer $TOKEN" "$URL/v1/workspaces?sort=$sort&offset=$((N * 3 / 5))&limit=100")
    echo "| $sort | $(echo "$t * 1000" | bc | cut -d. -f1) |"
  done
  echo
  sleep 20 # the platform builds every sort's positions in the background after start
  echo "## Through HTTP, warm (bench_paging)"
  echo
  $BIN/bench/bench_paging "$URL" "$TOKEN" 100
  echo
  echo "## Baseline: the same lists in the backend's own shell on the same data (ms, median of 9 random offsets)"
  echo
  echo "| sort | plain ORDER BY … LIMIT 100 OFFSET k | keyset seek as the platform runs it |"
  echo "|---|---|---|"
  for sort in id name site plan status lock_purge_at updated_at; do
    plain=$(for i in $(seq 1 9); do
      off=$(( (RANDOM * 32768 + RANDOM) % N ))
      timed "SELECT COUNT(*) FROM (SELECT * FROM workspaces ORDER BY $sort, rid LIMIT 100 OFFSET $off) page"
    done | median)
    key=$(q "SELECT $sort, rid FROM workspaces ORDER BY $sort, rid LIMIT 1 OFFSET $((N / 2))" | head -n 1)
    kv=${key%|*}; kr=${key##*|}
    [[ "$kv" =~ ^[0-9]+$ ]] || kv="'$kv'"
    keyset=$(for i in $(seq 1 9); do
      timed "SELECT COUNT(*) FROM (SELECT * FROM (SELECT * FROM workspaces WHERE $sort = $kv AND rid >= $kr ORDER BY rid LIMIT 300) same UNION ALL SELECT * FROM (SELECT * FROM workspaces WHERE $sort > $kv ORDER BY $sort, rid LIMIT 300) after LIMIT 100 OFFSET 200) page"
    done | median)
    echo "| $sort | $plain | $keyset |"
  done
  echo
  echo "| substring q | COUNT(*) with LIKE on name or id | first page |"
  echo "|---|---|---|"
  for q in northwind ws-00099 zzqq; do
    c=$(for i in 1 2 3 4 5; do timed "SELECT COUNT(*) FROM workspaces WHERE name LIKE '%$q%' OR id LIKE '%$q%'"; done | median)
    p=$(for i in 1 2 3 4 5; do timed "SELECT COUNT(*) FROM (SELECT * FROM workspaces WHERE name LIKE '%$q%' OR id LIKE '%$q%' ORDER BY id LIMIT 100) page"; done | median)
    echo "| $q | $c | $p |"
  done
  echo
  echo "## Console against this platform (bench_console, offscreen)"
  echo
  $BIN/bench/bench_console "$URL" "$TOKEN" 2>/dev/null
  echo
  echo "## CSV report of every workspace through HTTP (billing-console report subscriptions; ms, median of 3)"
  echo
  # The report's own query (foundation/sql/reportqueries.cpp, subscriptions), as CSV in the shell.
  SELECT="SELECT w.id, w.name, w.account_id, a.email, w.site, w.plan, w.billing_method, a.card_brand, a.card_last4,
 a.credits_minor, a.credits_currency, w.cloud_account_id, c.provider, c.customer_identifier, c.azure_subscription_id,
 c.subscription_state, c.sync_state, w.status, w.lock_reason, w.lock_purge_at, w.created_at, w.updated_at
 FROM workspaces w JOIN accounts a ON a.id = w.account_id LEFT JOIN cloud_accounts c ON c.id = w.cloud_account_id ORDER BY w.id"
  report=$(for _ in 1 2 3; do BILLING_CONSOLE_TOKEN=$TOKEN ms_of $BIN/app/console/billing-console report subscriptions --platform "$URL" --out "$WORK/report.csv"; done | median)
  rows=$(( $(wc -l < "$WORK/report.csv") - 1 ))
  shell=$(for _ in 1 2 3; do ms_of csv_of "$SELECT"; done | median)
  echo "| measure | ms |"
  echo "|---|---|"
  echo "| report, $rows rows | $report |"
  echo "| baseline: the same query as CSV in the shell | $shell |"
  echo "| ratio | $(echo "scale=2; $report / $shell" | bc) |"
  rm -f "$WORK/report.csv"
  echo
  echo "## Billing changes (bench_changes; changes the data, so it runs after the reads)"
  echo
  OPERATOR=$($PLATFORM staff add --db "$DB" bench-operator --role operator | tail -n 1)
  $BIN/bench/bench_changes "$URL" "$OPERATOR" "$DB" || echo "(bench_changes failed: exit $?)"
  echo
  echo "## Cloud accounts through HTTP (ms, median of 5; after the binds above, one account pays for 30,000)"
  echo
  ms() { for _ in 1 2 3 4 5; do curl -s -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $TOKEN" "$URL$1"; done | awk '{print $1*1000}' | median; }
  BUSIEST=$(q "SELECT cloud_account_id FROM workspaces WHERE cloud_account_id <> '' GROUP BY 1 ORDER BY COUNT(*) DESC LIMIT 1")
  echo "| request | ms |"
  echo "|---|---|"
  for path in "/v1/cloud-accounts?limit=100" "/v1/cloud-accounts?limit=100&offset=49900" "/v1/cloud-accounts?sync_state=failed&limit=100" \
              "/v1/cloud-accounts?q=coho&limit=100" "/v1/cloud-accounts/$BUSIEST" "/v1/workspaces?cloud_account_id=$BUSIEST&limit=100&offset=20000"; do
    echo "| \`${path}\` | $(ms "$path") |"
  done
  echo
  stop_server # the rest runs in process, each on a copy of the data
  echo "## Cancellation (bench_cancellation, on a copy)"
  echo
  $BIN/bench/bench_cancellation "$(copy_of cancellation)" || echo "(bench_cancellation failed: exit $?)"
  drop_copy cancellation
  echo
  echo "## Metering one hour of 50,000 cloud accounts (bench_metering, on a copy)"
  echo
  $BIN/bench/bench_metering "$(copy_of metering)" 10 || echo "(bench_metering failed: exit $?)"
  drop_copy metering
  echo
  echo "## Live updates (bench_events, on a copy)"
  echo
  $BIN/bench/bench_events "$(copy_of events)" || echo "(bench_events failed: exit $?)"
  drop_copy events
  echo
  echo "## Audit snapshots with 1,000,000 audit events (bench_snapshots, on a copy)"
  echo
  $BIN/bench/bench_snapshots "$(copy_of snapshots)" 1000000 3 "$WORK/snapshots" || echo "(bench_snapshots failed: exit $?)"
  drop_copy snapshots
} | tee "$OUT"
