#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Every translation complete: lrelease compiles each .ts with nothing unfinished (plural forms
# included) and nothing it had to leave out, and no entry is stale. (A tr() string not yet in the .ts
# at all is LanguageTest's to find: it shows in English.)
#   test_complete.sh LRELEASE SOURCE_DIR
set -euo pipefail
LRELEASE=$1
SOURCE=$(realpath "$2")
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
status=0
for ts in "$SOURCE"/translations/*.ts; do
  said=$("$LRELEASE" "$ts" -qm "$WORK/out.qm" 2>&1)
  echo "$(basename "$ts"): $said" | tail -n 1
  if ! grep -q " 0 unfinished)" <<<"$said" || grep -qi "ignored\|error\|warning" <<<"$said"; then
    echo "FAILED: $(basename "$ts") is not complete" >&2
    status=1
  fi
  grep -q 'type="unfinished"\|type="vanished"\|type="obsolete"' "$ts" && { echo "FAILED: $(basename "$ts") has unfinished or stale entries" >&2; status=1; }
done
exit $status
