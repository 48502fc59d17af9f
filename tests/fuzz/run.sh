#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Builds the fuzz targets with Clang and runs each for SECONDS (default 600), seeded with a real
# snapshot and real audit events from a small demo platform. Findings land in tests/fuzz/findings/.
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_EACH=${1:-600}
BUILD=build/fuzz
WORK=$(mktemp -d /tmp/billing-fuzz.XXXXXX)
export XDG_CONFIG_HOME="$WORK/config" # the seed's key pin stays out of the user's settings
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT
CC=clang CXX=clang++ cmake -S tests/fuzz -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$BUILD" >/dev/null
mkdir -p "$WORK/snapshots" "$WORK/json" tests/fuzz/findings
# Seeds: a snapshot of a 5-workspace platform, its manifest, and its audit events as JSON.
build/release/app/platform/billing-platform seed --db "sqlite:$WORK/p.sqlite" --workspaces 5 --seed 1 >/dev/null
TOKEN=$(build/release/app/platform/billing-platform staff add --db "sqlite:$WORK/p.sqlite" fuzz --role auditor | tail -n 1)
build/release/app/platform/billing-platform serve --db "sqlite:$WORK/p.sqlite" --listen 127.0.0.1:0 --snapshot-dir "$WORK/made" > "$WORK/serve.out" &
SERVER=$!
for _ in $(seq 1 100); do grep -q listening "$WORK/serve.out" 2>/dev/null && break; sleep 0.1; done
URL=$(sed -n 's/^listening on //p' "$WORK/serve.out")
BILLING_CONSOLE_TOKEN=$TOKEN build/release/app/console/billing-console snapshot create --platform "$URL" --out "$WORK/snapshots/seed.snapshot"
sqlite3 "$WORK/snapshots/seed.snapshot" "SELECT body FROM manifest" > "$WORK/json/manifest.json"
curl -s -H "Authorization: Bearer $TOKEN" "$URL/v1/audit-events?limit=20" | python3 -c '
import json, sys
for i, event in enumerate(json.load(sys.stdin)["items"]):
    open(sys.argv[1] + "/event-%d.json" % i, "w").write(json.dumps(event))' "$WORK/json"
SIZE=$(stat -c %s "$WORK/snapshots/seed.snapshot")
export QT_QPA_PLATFORM=offscreen
"$BUILD/fuzz_snapshot_file" -max_total_time="$SECONDS_EACH" -max_len="$SIZE" -timeout=20 -rss_limit_mb=4096 \
    -artifact_prefix=tests/fuzz/findings/ "$WORK/snapshots" 2>&1 | tail -n 3 &
SNAPSHOTS=$!
"$BUILD/fuzz_audit_json" -max_total_time="$SECONDS_EACH" -timeout=20 -artifact_prefix=tests/fuzz/findings/ "$WORK/json" 2>&1 | tail -n 3 &
JSON=$!
# The HTTP transport: seeded with a plain request, a pipelined pair, a chunked body and a smuggling try.
mkdir -p "$WORK/http"
printf 'GET /v1/health HTTP/1.1\r\nHost: x\r\n\r\n' > "$WORK/http/get"
printf 'POST /small HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhelloGET /b HTTP/1.1\r\nHost: x\r\n\r\n' > "$WORK/http/pipelined"
printf 'POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n' > "$WORK/http/chunked"
printf 'POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n' > "$WORK/http/smuggled"
"$BUILD/fuzz_http_request" -max_total_time="$SECONDS_EACH" -timeout=30 -artifact_prefix=tests/fuzz/findings/ "$WORK/http" 2>&1 | tail -n 3 &
HTTP=$!
# The seeds are made: the platform goes, and the run ends when the fuzzers do (not the platform).
kill "$SERVER" 2>/dev/null || true
wait "$SNAPSHOTS" "$JSON" "$HTTP"
