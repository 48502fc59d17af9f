#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Two builds side by side in one run, on the same seeded file, taking turns (A B A B …) so that the
# noise of a shared machine falls on both alike: warm paging through HTTP, binding 10,000 workspaces,
# a cancellation of 10,000, making and verifying a snapshot, and the 1M-row subscriptions report as CSV
# through `billing-console report`. Each round's output is kept whole; BENCHMARKS.md quotes the
# medians of each build's rounds.
#   bash bench/compare.sh BEFORE_BUILD AFTER_BUILD [WORKSPACES] [ROUNDS]
# A build is a build folder (e.g. ../before/build/release and build/release). Default: 1,000,000
# workspaces, 3 rounds. Results: bench/results/compare-<date>.md.
set -euo pipefail
cd "$(dirname "$0")/.."
BEFORE=$(realpath "$1")
AFTER=$(realpath "$2")
N=${3:-1000000}
ROUNDS=${4:-3}
WORK=$(mktemp -d /tmp/billing-compare.XXXXXX)
OUT=bench/results/compare-$(date -u +%Y%m%d).md
SERVER=
trap '[ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; rm -rf "$WORK"' EXIT
export QT_QPA_PLATFORM=offscreen XDG_CONFIG_HOME="$WORK/config"

median() { sort -n | awk '{a[NR]=$1} END {if (NR==0) print "n/a"; else if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }

# serve BUILD FILE: a platform of that build on a free port; sets URL and TOKEN (a viewer) and OPERATOR.
serve() {
  [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null || true
  TOKEN=$("$1/app/platform/billing-platform" staff add --db "sqlite:$2" "viewer-$RANDOM" --role viewer | tail -n 1)
  OPERATOR=$("$1/app/platform/billing-platform" staff add --db "sqlite:$2" "operator-$RANDOM" --role operator | tail -n 1)
  "$1/app/platform/billing-platform" serve --db "sqlite:$2" --listen 127.0.0.1:0 > "$WORK/serve.out" &
  SERVER=$!
  for _ in $(seq 1 200); do grep -q listening "$WORK/serve.out" 2>/dev/null && break; sleep 0.1; done
  URL=$(sed -n 's/^listening on //p' "$WORK/serve.out")
}
stop() { [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null || true; SERVER=; }
copy() { rm -f "$2" "$2-wal" "$2-shm"; sqlite3 "$1" ".backup '$2'"; }

{
  echo "# Side by side: $(basename "$(dirname "$(dirname "$BEFORE")")") (A) and $(basename "$(dirname "$(dirname "$AFTER")")") (B), $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "Machine: $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg) at the start; $N workspaces; $ROUNDS rounds, A and B taking turns."
  echo
  "$AFTER/app/platform/billing-platform" seed --db "sqlite:$WORK/base.sqlite" --workspaces "$N" --seed 1
  echo
  for round in $(seq 1 "$ROUNDS"); do
    for side in A B; do
      BUILD=$BEFORE; [ "$side" = B ] && BUILD=$AFTER
      echo "## Round $round, $side"
      echo
      # Paging, warm: the platform has built every sort's positions.
      copy "$WORK/base.sqlite" "$WORK/run.sqlite"
      serve "$BUILD" "$WORK/run.sqlite"
      sleep 20
      "$BUILD/bench/bench_paging" "$URL" "$TOKEN" 100 | tee "$WORK/paging"
      # The 1M-row subscriptions report, CSV, through the platform.
      start=$(date +%s.%N)
      BILLING_CONSOLE_TOKEN=$TOKEN "$BUILD/app/console/billing-console" report subscriptions --platform "$URL" --out "$WORK/report.csv"
      end=$(date +%s.%N)
      echo; echo "CSV report: $(echo "$end - $start" | bc) s, $(($(wc -l < "$WORK/report.csv") - 1)) rows"; echo
      # Binding 10,000 (changes the data: this copy only).
      "$BUILD/bench/bench_changes" "$URL" "$OPERATOR" "$WORK/run.sqlite" | tee "$WORK/changes"
      stop
      echo
      # Cancellation of a cloud account paying for 10,000.
      copy "$WORK/base.sqlite" "$WORK/run.sqlite"
      "$BUILD/bench/bench_cancellation" "$WORK/run.sqlite" | tee "$WORK/cancellation"
      echo
      # A snapshot of the whole platform, made and verified.
      copy "$WORK/base.sqlite" "$WORK/run.sqlite"
      "$BUILD/bench/bench_snapshots" "$WORK/run.sqlite" | tee "$WORK/snapshots"
      echo
    done
  done
} 2>&1 | tee "$OUT"
echo "Raw output in $OUT"
