#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Throughput and latency through HAProxy with 50 clients: one platform instance behind it against three,
# over one PostgreSQL database of a million workspaces, in one run (alternated, three rounds each).
# The load is staff paging the workspace list at random offsets under random sorts (bench/pages.lua),
# while an admin locks or unlocks one workspace every 2 s through the first instance (staff at work:
# each change moves the lists by status and by update time).
#   BILLING_BENCH_POSTGRES=postgresql://user:pw@127.0.0.1/db bash bench/cluster.sh [WORKSPACES] [SECONDS]
# The database is seeded when it does not hold WORKSPACES workspaces. Build first (packaging/setup.sh build).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
DB=${BILLING_BENCH_POSTGRES:?set BILLING_BENCH_POSTGRES to an empty or seeded PostgreSQL database}
N=${1:-1000000}
SECONDS_EACH=${2:-20}
WORK=$(mktemp -d /tmp/billing-cluster.XXXXXX)
PIDS=()
trap 'kill "${PIDS[@]}" 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"' EXIT

if [ "$(psql -qAt "$DB" -c 'SELECT COUNT(*) FROM workspaces' 2>/dev/null || echo 0)" != "$N" ]; then
  start=$(date +%s.%N)
  $PLATFORM seed --db "$DB" --workspaces "$N" --seed 1 >/dev/null
  echo "seeded $N in $(echo "$(date +%s.%N) - $start" | bc | cut -c1-5) s" >&2
fi
TOKEN=$($PLATFORM staff add --db "$DB" "cluster-bench-$$" --role viewer | tail -n 1)
ADMIN=$($PLATFORM staff add --db "$DB" "cluster-bench-admin-$$" --role admin | tail -n 1)

ports=()
for i in 1 2 3; do
  $PLATFORM serve --db "$DB" --listen 127.0.0.1:0 --instance-name "bench-$i" --snapshot-dir "$SNAPSHOTS" \
    --trusted-proxy 127.0.0.1 >"$WORK/serve-$i.out" 2>&1 &
  PIDS+=($!)
  url=$(listening_url "$WORK/serve-$i.out")
  ports+=("${url##*:}")
done
ONE=18081
THREE=18083
cat >"$WORK/haproxy.cfg" <<CFG
global
    maxconn 4096
defaults
    mode http
    timeout connect 2s
    timeout client 60s
    timeout server 60s
    timeout check 5s
    default-server inter 2s fall 3 rise 2
frontend one
    bind 127.0.0.1:$ONE
    default_backend one
frontend three
    bind 127.0.0.1:$THREE
    default_backend three
backend one
    option httpchk GET /v1/health
    server bench-1 127.0.0.1:${ports[0]} check
backend three
    balance roundrobin
    option httpchk GET /v1/health
    server bench-1 127.0.0.1:${ports[0]} check
    server bench-2 127.0.0.1:${ports[1]} check
    server bench-3 127.0.0.1:${ports[2]} check
CFG
haproxy -db -f "$WORK/haproxy.cfg" >"$WORK/haproxy.out" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$THREE/v1/health" >/dev/null && break; sleep 0.1; done

# Each instance builds its page positions in the background as it starts; the rounds begin once every
# sort answers deep pages on all three.
for port in "${ports[@]}"; do
  for sort in id name site updated_at status; do
    curl -s -o /dev/null -H "Authorization: Bearer $TOKEN" \
      "http://127.0.0.1:$port/v1/workspaces?limit=100&offset=$((N / 2))&sort=$sort"
  done
done

run() { # port → "requests/s p50 p99 failed" (ms); a round with failed answers is shown as such
  wrk -t 2 -c 50 -d "${SECONDS_EACH}s" --latency -s bench/pages.lua "http://127.0.0.1:$1" -- "$TOKEN" "$N" |
    awk '/Requests\/sec/ {rps=$2} /^ +50%/ {p50=$2} /^ +99%/ {p99=$2}
         /Non-2xx or 3xx responses/ {bad+=$NF} /Socket errors/ {gsub(/,/, ""); bad+=$4+$6+$8+$10}
         function ms(v) { if (v ~ /us$/) return v/1000; if (v ~ /ms$/) return v+0; if (v ~ /s$/) return v*1000; return v }
         END {printf "%s %.1f %.1f %d\n", rps, ms(p50), ms(p99), bad}'
}
writer() {
  local id etag body
  id=$(psql -qAt "$DB" -c "SELECT w.id FROM workspaces w JOIN accounts a ON a.id = w.account_id WHERE
    w.status = 'active' AND w.billing_method = 'credit_card' AND a.card_brand <> '' ORDER BY w.rid LIMIT 1")
  while :; do
    for action in lock unlock; do
      etag=$(curl -s -D - -o /dev/null -H "Authorization: Bearer $ADMIN" "http://127.0.0.1:${ports[0]}/v1/workspaces/$id" |
        sed -n 's/^[Ee][Tt]ag: *\(.*\)\r$/\1/p')
      body=$([ $action = lock ] && echo '{"reason":"admin_hold","note":"bench"}' || echo '{"note":"bench"}')
      curl -s -o /dev/null -X POST -H "Authorization: Bearer $ADMIN" -H "Content-Type: application/json" \
        -H "If-Match: $etag" -H "Idempotency-Key: $(cat /proc/sys/kernel/random/uuid)" -d "$body" \
        "http://127.0.0.1:${ports[0]}/v1/workspaces/$id/$action"
      sleep 2
    done
  done
}
writer &
PIDS+=($!)
: >"$WORK/one"; : >"$WORK/three"
for round in 1 2 3; do
  run $ONE >>"$WORK/one"
  run $THREE >>"$WORK/three"
done
echo "# Through HAProxy, 50 clients, $N workspaces on PostgreSQL ($(nproc) cores, all on this machine)"
echo
echo "| behind the balancer | requests/s (median of 3) | p50 ms | p99 ms | rounds (req/s) | failed answers |"
echo "|---|---|---|---|---|---|"
for kind in one three; do
  label=$([ $kind = one ] && echo "1 instance" || echo "3 instances")
  echo "| $label | $(cut -d' ' -f1 "$WORK/$kind" | median) | $(cut -d' ' -f2 "$WORK/$kind" | median) | $(cut -d' ' -f3 "$WORK/$kind" | median) | $(cut -d' ' -f1 "$WORK/$kind" | paste -sd' ') | $(cut -d' ' -f4 "$WORK/$kind" | paste -sd' ') |"
done
echo
echo "Changes during the run: $(psql -qAt "$DB" -c "SELECT count(*) FROM audit_events WHERE actor = 'cluster-bench-admin-$$'")"
echo
for i in 1 2 3; do
  echo "bench-$i RSS: $(awk '/VmRSS/{print int($2/1024)}' /proc/${PIDS[$((i - 1))]}/status) MB"
done
