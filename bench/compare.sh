#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Two builds side by side in one run, on the same seeded file, taking turns (A B A B …) so that the
# noise of a shared machine falls on both alike. The parts, each on a fresh copy of the file:
#   cold             the first deep page of each sort right after the platform starts
#   warm             any page through HTTP once warm (bench_paging), and the 1M-row subscriptions
#                    report as CSV through `billing-console report` from the platform
#   changes          binding 10,000 workspaces (bench_changes)
#   cancellation     a cancellation of a cloud account paying for 10,000 (bench_cancellation)
#   snapshots        making, verifying, opening and comparing snapshots (bench_snapshots)
#   snapshot-report  the 1M-row subscriptions report as CSV from a snapshot file, offline
#   throughput       50 keep-alive clients asking random pages for 30 s (wrk, bench/pages.lua), the
#                    load generator on the same machine (issue 19 measures it at 200,000 workspaces)
# Each round's output is kept whole; BENCHMARKS.md quotes the medians of each build's rounds.
#   bash bench/compare.sh BEFORE_BUILD AFTER_BUILD [WORKSPACES] [ROUNDS] [PARTS]
# A build is a build folder (e.g. ../before/build/release and build/release). Defaults: 1,000,000
# workspaces, 3 rounds, every part. Results: bench/results/compare-<date>.md (appended).
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
BEFORE=$(realpath "$1")
AFTER=$(realpath "$2")
N=${3:-1000000}
ROUNDS=${4:-3}
PARTS=${5:-"cold warm throughput changes cancellation snapshots snapshot-report"}
work_folder compare
OUT=bench/results/compare-$(date -u +%Y%m%d).md
export QT_QPA_PLATFORM=offscreen XDG_CONFIG_HOME="$WORK/config"

# serve BUILD FILE: a platform of that build on a free port; sets URL, TOKEN (a viewer), OPERATOR, AUDITOR.
serve() {
  stop_server
  local platform="$1/app/platform/billing-platform"
  TOKEN=$("$platform" staff add --db "sqlite:$2" "viewer-$RANDOM" --role viewer | tail -n 1)
  OPERATOR=$("$platform" staff add --db "sqlite:$2" "operator-$RANDOM" --role operator | tail -n 1)
  AUDITOR=$("$platform" staff add --db "sqlite:$2" "auditor-$RANDOM" --role auditor | tail -n 1)
  "$platform" serve --db "sqlite:$2" --listen 127.0.0.1:0 --snapshot-dir "$WORK/made" > "$WORK/serve.out" &
  SERVER=$!
  URL=$(listening_url "$WORK/serve.out")
}
fresh() { rm -f "$WORK/run.sqlite" "$WORK/run.sqlite-wal" "$WORK/run.sqlite-shm"; sqlite3 "$WORK/base.sqlite" ".backup '$WORK/run.sqlite'"; }
seconds() { local start=$(date +%s.%N); "$@" > /dev/null; echo "$(date +%s.%N) - $start" | bc; }

part_cold() {
  fresh; serve "$1" "$WORK/run.sqlite"
  echo "| sort | first deep page right after start (ms) |"
  echo "|---|---|"
  for sort in name site plan status updated_at; do
    t=$(curl -s -o /dev/null -w '%{time_total}' -H "Authorization: Bearer $TOKEN" "$URL/v1/workspaces?sort=$sort&offset=$((N * 3 / 5))&limit=100")
    echo "| $sort | $(echo "$t * 1000" | bc | cut -d. -f1) |"
  done
  stop_server
}
part_warm() {
  fresh; serve "$1" "$WORK/run.sqlite"
  sleep 20 # the platform builds every sort's positions in the background after start
  "$1/bench/bench_paging" "$URL" "$TOKEN" 100
  echo
  echo "CSV report from the platform: $(BILLING_CONSOLE_TOKEN=$TOKEN seconds "$1/app/console/billing-console" report subscriptions --platform "$URL" --out "$WORK/report.csv") s, $(($(wc -l < "$WORK/report.csv") - 1)) rows"
  stop_server
}
part_changes() {
  fresh; serve "$1" "$WORK/run.sqlite"
  "$1/bench/bench_changes" "$URL" "$OPERATOR" "$WORK/run.sqlite"
  stop_server
}
part_throughput() {
  fresh; serve "$1" "$WORK/run.sqlite"
  # Each sort's positions first, as a platform that has served a while has them.
  for sort in id name site updated_at status; do
    curl -s -o /dev/null -H "Authorization: Bearer $TOKEN" "$URL/v1/workspaces?sort=$sort&offset=$((N - 100))&limit=100"
  done
  sleep 3
  wrk -t2 -c50 -d30s --latency -s bench/pages.lua "$URL" -- "$TOKEN" "$N" | grep -E "Requests/sec|^ +(50|90|99)%|Non-2xx|Socket errors"
  stop_server
}
part_cancellation() { fresh; "$1/bench/bench_cancellation" "$WORK/run.sqlite"; }
part_snapshots() { fresh; "$1/bench/bench_snapshots" "$WORK/run.sqlite"; }
part_snapshot-report() {
  # One snapshot of the base file, made once by the after build; both builds read the same file.
  if [ ! -f "$WORK/report.snapshot" ]; then
    fresh; serve "$AFTER" "$WORK/run.sqlite"
    BILLING_CONSOLE_TOKEN=$AUDITOR "$AFTER/app/console/billing-console" snapshot create --platform "$URL" --out "$WORK/report.snapshot"
    stop_server
  fi
  echo "CSV report from a snapshot: $(seconds "$1/app/console/billing-console" report subscriptions --snapshot "$WORK/report.snapshot" --out "$WORK/report.csv") s, $(($(wc -l < "$WORK/report.csv") - 1)) rows"
}

{
  echo "# Side by side: $(basename "$(dirname "$(dirname "$BEFORE")")") (A) and $(basename "$(dirname "$(dirname "$AFTER")")") (B), $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "Machine: $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg) at the start; $N workspaces; $ROUNDS rounds, A and B taking turns; parts: $PARTS."
  echo
  # Seeded around this moment: with seed's default "now" (today 00:00) the countdowns of the hours
  # since would come due when a platform starts, and its first sweep would race the benchmarks.
  "$AFTER/app/platform/billing-platform" seed --db "sqlite:$WORK/base.sqlite" --workspaces "$N" --seed 1 \
    --now "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo
  for round in $(seq 1 "$ROUNDS"); do
    for side in A B; do
      BUILD=$BEFORE; [ "$side" = B ] && BUILD=$AFTER
      for part in $PARTS; do
        echo "## Round $round, $side: $part"
        echo
        "part_$part" "$BUILD"
        echo
      done
    done
  done
} 2>&1 | tee -a "$OUT"
echo "Raw output in $OUT"
