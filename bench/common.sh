# SPDX-License-Identifier: Apache-2.0
# What the benchmark scripts share. Each sources it from the repository's root: . bench/common.sh

# The platform they run (BILLING_PLATFORM: another build's billing-platform, to compare builds on the
# same database), and the snapshot folder (BILLING_BENCH_SNAPSHOTS), beside which the database's signing
# key lives: it must outlive the run, as the database does.
PLATFORM=${BILLING_PLATFORM:-build/release/app/platform/billing-platform}
SNAPSHOTS=${BILLING_BENCH_SNAPSHOTS:-/var/tmp/billing-bench-snapshots}

# The median and the 95th percentile of the numbers read, one a line ("n/a" when there are none).
median() { sort -n | awk '{a[NR]=$1} END {if (NR==0) print "n/a"; else if (NR%2) print a[(NR+1)/2]; else print (a[NR/2]+a[NR/2+1])/2}'; }
p95() { sort -n | awk '{a[NR]=$1} END {if (NR==0) print "n/a"; else {i=int(NR*0.95+0.999); if (i<1) i=1; print a[i]}}'; }

# db_sql DB SQL: the statement's rows from the backend's own shell; DB is sqlite:/path or postgresql://…
db_sql() {
  case "$1" in
  sqlite:*) sqlite3 "${1#sqlite:}" "$2" ;;
  *) psql -qAt "$1" -c "$2" ;;
  esac
}
# db_timed DB SQL: the statement's time in that shell, in ms (the baselines).
db_timed() {
  case "$1" in
  sqlite:*) printf '.timer on\n%s;\n' "$2" | sqlite3 "${1#sqlite:}" | sed -n 's/^Run Time: real \([0-9.]*\).*/\1/p' | awk '{print $1*1000}' ;;
  *) printf '\\timing on\n%s;\n' "$2" | psql -qAt "$1" | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' ;;
  esac
}

# listening_url LOG: the URL of a `billing-platform serve` just started with its output in LOG, once it
# listens (up to 30 s). One that never does has its output shown, and the script ends (set -e).
listening_url() {
  for _ in $(seq 1 300); do grep -q '^listening on' "$1" 2>/dev/null && break; sleep 0.1; done
  grep -q '^listening on' "$1" || { cat "$1" >&2; return 1; }
  sed -n 's/^listening on //p' "$1"
}

# await_sweep DB FROM_MS: waits until the platform records a scheduler sweep begun at FROM_MS or later
# (epoch milliseconds), one a second.
await_sweep() {
  until [ "$(db_sql "$1" "SELECT COUNT(*) FROM scheduler_sweeps WHERE started_at >= $2")" -gt 0 ]; do sleep 1; done
}

# stop_server: stops the platform the script started and left in SERVER, if any. Each step may fail (a
# server already gone) without keeping the next from running, under set -e too.
stop_server() { if [ -n "${SERVER:-}" ]; then kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; SERVER=; fi; }

# work_folder NAME: WORK, a temporary folder removed at exit, with the platform the script started and
# left in SERVER (stopped first).
work_folder() {
  WORK=$(mktemp -d "/tmp/billing-$1.XXXXXX")
  SERVER=
  trap 'stop_server; rm -rf "$WORK"' EXIT
}
