#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Issue 5's targets, with their baselines in the same run: the subscriptions report of 1,000,000 rows
# (and 100,000) through `billing-console report` from a platform serving over HTTP, against
#   CSV:  `sqlite3 -csv` of the same SELECT as the platform's report query (ReportStore::subscriptions);
#   XLSX: bench/xlsx_baseline, a minimal constant-memory libxlsxwriter program writing the same cells;
#   PDF:  time(100k) / time(10k);
# and each export's peak RSS (GNU time), for memory growth from 100k to 1M.
#   bash bench/bench_reports.sh PLATFORM_1M.sqlite [ROUNDS]   (the 1M file from bench/run.sh; build first)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/common.sh
BIN=$PWD/build/release
DB1M=$1
ROUNDS=${2:-3}
work_folder bench-reports
export QT_QPA_PLATFORM=offscreen

# Runs a command, answers "seconds peak-RSS-MB".
measure() { /usr/bin/time -f '%e %M' -o "$WORK/time" "$@" >/dev/null 2>"$WORK/err" || { cat "$WORK/err" >&2; return 1; }
            awk '{printf "%s %d\n", $1, $2 / 1024}' "$WORK/time"; }
serve() {
  stop_server
  TOKEN=$($BIN/app/platform/billing-platform staff add --db "sqlite:$1" "bench-$RANDOM" --role viewer | tail -n 1)
  $BIN/app/platform/billing-platform serve --db "sqlite:$1" --listen 127.0.0.1:0 > "$WORK/serve.out" &
  SERVER=$!
  URL=$(listening_url "$WORK/serve.out")
  export BILLING_CONSOLE_TOKEN=$TOKEN
  sleep 20 # the platform prepares its sorts' page positions in the background after start
}
report() { measure $BIN/app/console/billing-console report subscriptions --platform "$URL" --out "$WORK/$1"; }
SELECT="SELECT w.id, w.name, w.account_id, a.email, w.site, w.plan, w.billing_method, a.card_brand, a.card_last4,
 a.credits_minor, a.credits_currency, w.cloud_account_id, c.provider, c.customer_identifier, c.azure_subscription_id,
 c.subscription_state, c.sync_state, w.status, w.lock_reason, w.lock_purge_at, w.created_at, w.updated_at
 FROM workspaces w JOIN accounts a ON a.id = w.account_id LEFT JOIN cloud_accounts c ON c.id = w.cloud_account_id ORDER BY w.id"

for n in 10000 100000; do
  $BIN/app/platform/billing-platform seed --db "sqlite:$WORK/p$n.sqlite" --workspaces $n --seed 1 >/dev/null
done
echo "# Reports benchmark $(date -u +%Y-%m-%dT%H:%MZ), $ROUNDS rounds; seconds and peak RSS (MB), medians"
echo
echo "| rows | CSV s | sqlite3 -csv s | ratio | CSV MB | XLSX s | minimal libxlsxwriter s | ratio | XLSX MB | PDF s | PDF MB |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
for n in 10000 100000 1000000; do
  db=$WORK/p$n.sqlite
  [ "$n" = 1000000 ] && db=$DB1M
  serve "$db"
  : > "$WORK/rows"
  for r in $(seq 1 "$ROUNDS"); do
    read -r csv csvmb < <(report r.csv)
    base=$( { /usr/bin/time -f '%e' sqlite3 -csv "$db" "$SELECT" > "$WORK/base.csv"; } 2>&1 | tail -n 1)
    read -r xlsx xlsxmb < <(report r.xlsx)
    read -r xbase _ < <(measure $BIN/bench/xlsx_baseline "$WORK/r.csv" "$WORK/base.xlsx")
    pdf=-; pdfmb=-
    if [ "$n" != 1000000 ]; then read -r pdf pdfmb < <(report r.pdf); fi
    echo "$csv $base $csvmb $xlsx $xbase $xlsxmb $pdf $pdfmb" >> "$WORK/rows"
  done
  col() { awk -v c="$1" '{print $c}' "$WORK/rows" | median; }
  c=$(col 1); b=$(col 2); x=$(col 4); xb=$(col 5)
  echo "| $n | $c | $b | $(echo "scale=2; $c / $b" | bc) | $(col 3) | $x | $xb | $(echo "scale=2; $x / $xb" | bc) | $(col 6) | $(col 7) | $(col 8) |"
done
