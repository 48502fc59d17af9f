#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Staff changes while the platform catches up after it was down. A seeded database's metering ends a
# day before now, so the first start's sweep meters about twenty hours and expires what the
# marketplaces no longer take (48 s at a million workspaces on SQLite), as a start after a day's
# downtime does. Meanwhile a staff admin locks one workspace every 2 s through the API, as staff at work
# would; each lock's time is what they wait for. The database is changed: give it a fresh copy.
#   bash bench/catchup.sh DB [LOCKS]        DB: sqlite:/path or postgresql://user:pw@host/db, just seeded
# BILLING_PLATFORM: another build's billing-platform, to compare builds (each on its own copy).
# BILLING_BENCH_SNAPSHOTS: the snapshot folder, beside which the database's signing key is kept.
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
DB=${1:?usage: catchup.sh DB [LOCKS]}
LOCKS=${2:-25}
work_folder catchup

ADMIN=$($PLATFORM staff add --db "$DB" "catchup-$$" --role admin | tail -n 1)
started=$(($(date +%s) * 1000))
$PLATFORM serve --db "$DB" --listen 127.0.0.1:0 --snapshot-dir "$SNAPSHOTS" >"$WORK/serve.out" 2>&1 &
SERVER=$!
URL=$(listening_url "$WORK/serve.out")
# Active workspaces a lock may take, one per step, each with its version.
sql_rows=$(db_sql "$DB" "SELECT id || ' ' || version FROM workspaces WHERE status = 'active' ORDER BY rid LIMIT $LOCKS")
while read -r id version; do
  sleep 2
  curl -s -o "$WORK/answer.json" -w '%{http_code} %{time_total}\n' -X POST \
    -H "Authorization: Bearer $ADMIN" -H "If-Match: \"$version\"" -H "Idempotency-Key: catchup-$$-$id" \
    -H 'Content-Type: application/json' -d '{"reason":"payment_overdue","note":"catch-up benchmark"}' \
    "$URL/v1/workspaces/$id/lock" >>"$WORK/locks"
done <<<"$sql_rows"
await_sweep "$DB" "$started"
stop_server
sweep=$(db_sql "$DB" "SELECT finished_at - started_at FROM scheduler_sweeps WHERE started_at >= $started ORDER BY started_at LIMIT 1")

times=$(awk '$1 == 200 {print $2 * 1000}' "$WORK/locks")
echo "# Staff locks during the catch-up sweep, $(db_sql "$DB" 'SELECT COUNT(*) FROM workspaces') workspaces, $(basename "$PLATFORM")"
echo
echo "- the first sweep: $sweep ms; locks answered 200: $(echo "$times" | grep -c .) of $(wc -l <"$WORK/locks")"
echo "- each lock's time, ms: median $(echo "$times" | median), p95 $(echo "$times" | p95), max $(echo "$times" | sort -n | tail -n 1)"
echo "- in order: $(echo "$times" | cut -d. -f1 | paste -sd' ')"
