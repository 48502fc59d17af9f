#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Runs every benchmark at the scale the product is built for (a million workspaces), with its baseline, and writes the results to
# bench/results/latest.md (BENCHMARKS.md quotes them).
#   bash bench/run.sh [WORKSPACES]      (default 1000000; build first: bash packaging/setup.sh build)
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000000}
BIN=build/release
WORK=$(mktemp -d /tmp/billing-bench.XXXXXX)
DB="$WORK/platform.sqlite"
OUT=bench/results/latest.md
mkdir -p bench/results
trap '[ -n "${SERVER:-}" ] && kill "$SERVER" 2>/dev/null; rm -rf "$WORK"' EXIT # never "kill 0": that is the whole process group

median() { sort -n | awk '{a[NR]=$1} END {if (NR==0) print "n/a"; else if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }

{
  echo "# Benchmark run $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); SQLite $(sqlite3 --version | cut -d' ' -f1)"
  echo
  echo "## Seeding $N workspaces (billing-platform seed, SQLite)"
  echo
  start=$(date +%s.%N)
  $BIN/app/platform/billing-platform seed --db "sqlite:$DB" --workspaces "$N" --seed 1
  end=$(date +%s.%N)
  echo
  echo "wall: $(echo "$end - $start" | bc) s; file: $(du -h "$DB" | cut -f1)"
  echo
  TOKEN=$($BIN/app/platform/billing-platform staff add --db "$DB" bench --role viewer | tail -n 1)
  $BIN/app/platform/billing-platform serve --db "sqlite:$DB" --listen 127.0.0.1:0 > "$WORK/serve.out" &
  SERVER=$!
  for _ in $(seq 1 100); do grep -q listening "$WORK/serve.out" 2>/dev/null && break; sleep 0.1; done
  URL=$(sed -n 's/^listening on //p' "$WORK/serve.out")

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
  echo "## Baseline: the same lists in the sqlite3 shell on the same file (ms, median of 9 random offsets)"
  echo
  echo "| sort | plain ORDER BY … LIMIT 100 OFFSET k | keyset seek as the platform runs it |"
  echo "|---|---|---|"
  for sort in id name site plan status lock_purge_at updated_at; do
    plain=$(for i in $(seq 1 9); do
      off=$(( (RANDOM * 32768 + RANDOM) % N ))
      printf '.timer on\nSELECT COUNT(*) FROM (SELECT * FROM workspaces ORDER BY %s, rid LIMIT 100 OFFSET %d);\n' "$sort" "$off" | sqlite3 "$DB" | sed -n 's/^Run Time: real \([0-9.]*\).*/\1/p'
    done | awk '{print $1*1000}' | median)
    key=$(sqlite3 "$DB" "SELECT $sort, rid FROM workspaces ORDER BY $sort, rid LIMIT 1 OFFSET $((N / 2))" | head -n 1)
    kv=${key%|*}; kr=${key##*|}
    [[ "$kv" =~ ^[0-9]+$ ]] || kv="'$kv'"
    keyset=$(for i in $(seq 1 9); do
      printf ".timer on\nSELECT COUNT(*) FROM (SELECT * FROM (SELECT * FROM workspaces WHERE %s = %s AND rid >= %s ORDER BY rid LIMIT 300) UNION ALL SELECT * FROM (SELECT * FROM workspaces WHERE %s > %s ORDER BY %s, rid LIMIT 300) LIMIT 100 OFFSET 200);\n" "$sort" "$kv" "$kr" "$sort" "$kv" "$sort" | sqlite3 "$DB" | sed -n 's/^Run Time: real \([0-9.]*\).*/\1/p'
    done | awk '{print $1*1000}' | median)
    echo "| $sort | $plain | $keyset |"
  done
  echo
  echo "| substring q | sqlite3: COUNT(*) with LIKE on name or id | sqlite3: first page |"
  echo "|---|---|---|"
  for q in northwind ws-00099 zzqq; do
    c=$(for i in 1 2 3 4 5; do printf ".timer on\nSELECT COUNT(*) FROM workspaces WHERE name LIKE '%%%s%%' OR id LIKE '%%%s%%';\n" "$q" "$q" | sqlite3 "$DB" | sed -n 's/^Run Time: real \([0-9.]*\).*/\1/p'; done | awk '{print $1*1000}' | median)
    p=$(for i in 1 2 3 4 5; do printf ".timer on\nSELECT COUNT(*) FROM (SELECT * FROM workspaces WHERE name LIKE '%%%s%%' OR id LIKE '%%%s%%' ORDER BY id LIMIT 100);\n" "$q" "$q" | sqlite3 "$DB" | sed -n 's/^Run Time: real \([0-9.]*\).*/\1/p'; done | awk '{print $1*1000}' | median)
    echo "| $q | $c | $p |"
  done
  echo
  echo "## Console against this platform (bench_console, offscreen)"
  echo
  $BIN/bench/bench_console "$URL" "$TOKEN" 2>/dev/null
  echo
  echo "## Billing changes (bench_changes; changes the data, so it runs last)"
  echo
  OPERATOR=$($BIN/app/platform/billing-platform staff add --db "$DB" bench-operator --role operator | tail -n 1)
  $BIN/bench/bench_changes "$URL" "$OPERATOR" "$DB"
  echo
  echo "## Cloud accounts through HTTP (ms, median of 5; after the binds above, one account pays for 30,000)"
  echo
  ms() { for _ in 1 2 3 4 5; do curl -s -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $TOKEN" "$URL$1"; done | awk '{print $1*1000}' | median; }
  BUSIEST=$(sqlite3 "$DB" "SELECT cloud_account_id FROM workspaces WHERE cloud_account_id <> '' GROUP BY 1 ORDER BY COUNT(*) DESC LIMIT 1")
  echo "| request | ms |"
  echo "|---|---|"
  for path in "/v1/cloud-accounts?limit=100" "/v1/cloud-accounts?limit=100&offset=49900" "/v1/cloud-accounts?sync_state=failed&limit=100" \
              "/v1/cloud-accounts?q=coho&limit=100" "/v1/cloud-accounts/$BUSIEST" "/v1/workspaces?cloud_account_id=$BUSIEST&limit=100&offset=20000"; do
    echo "| \`${path}\` | $(ms "$path") |"
  done
  echo
  echo "## Cancellation (bench_cancellation, on a copy of the file)"
  echo
  COPY="$WORK/cancellation.sqlite"
  sqlite3 "$DB" ".backup '$COPY'"
  $BIN/bench/bench_cancellation "$COPY"
  rm -f "$COPY" "$COPY-wal" "$COPY-shm"
  echo
  echo "## Metering one hour of 50,000 cloud accounts (bench_metering, on a copy of the file)"
  echo
  sqlite3 "$DB" ".backup '$COPY'"
  $BIN/bench/bench_metering "$COPY" 10
  rm -f "$COPY" "$COPY-wal" "$COPY-shm"
  echo
  echo "## Live updates (bench_events, on a copy of the file)"
  echo
  sqlite3 "$DB" ".backup '$COPY'"
  $BIN/bench/bench_events "$COPY"
  rm -f "$COPY" "$COPY-wal" "$COPY-shm"
} | tee "$OUT"
