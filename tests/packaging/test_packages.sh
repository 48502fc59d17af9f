#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The Debian packages as an IT department gets them: built by CPack from this build, clean under
# lintian, the desktop entry, AppStream data, MIME type and service unit valid, their dependencies
# satisfiable, and the installed programs working from a fresh root with nothing of the build tree.
#   test_packages.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
BUILD=$(realpath "$1")
SOURCE=$(realpath "$2")
WORK=$(mktemp -d /tmp/billing-packages.XXXXXX)
SERVER=
trap '[ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; rm -rf "$WORK"' EXIT
fail() { echo "FAILED: $*" >&2; exit 1; }
step() { echo "== $*"; }

step "cpack"
(cd "$BUILD" && cpack --config CPackConfig.cmake -B "$WORK/out" >/dev/null)
CONSOLE=$(ls "$WORK"/out/billing-console_*.deb)
PLATFORM=$(ls "$WORK"/out/billing-platform_*.deb)

step "lintian: no error and no warning (packaging/debian/lintian.md)"
lintian --fail-on error,warning --tag-display-limit 0 "$CONSOLE" "$PLATFORM" 2>&1 | grep -v "root privileges" || true
lintian --fail-on error,warning "$CONSOLE" "$PLATFORM" >/dev/null 2>&1 || fail "lintian"

step "dependencies computed and satisfiable on this system"
for deb in "$CONSOLE" "$PLATFORM"; do
  depends=$(dpkg-deb -f "$deb" Depends)
  echo "$(basename "$deb"): $depends"
  [[ $depends == *libqt6core6* ]] || fail "$(basename "$deb") does not depend on the Qt it links (shlibdeps)"
done
dpkg --no-act -i "$CONSOLE" "$PLATFORM" >/dev/null || fail "dpkg would not install them here"

step "install into a fresh root"
ROOT="$WORK/root"
mkdir -p "$ROOT"
dpkg-deb -x "$CONSOLE" "$ROOT"
dpkg-deb -x "$PLATFORM" "$ROOT"
for program in billing-console billing-platform; do
  if readelf -d "$ROOT/usr/bin/$program" | grep -E "RPATH|RUNPATH"; then
    fail "$program keeps a library path"
  fi
  strings "$ROOT/usr/bin/$program" | grep -q "$BUILD" && fail "$program names the build folder"
done

step "desktop entry, AppStream, MIME type, icons, manuals, completion"
APP=org.billingcenter.Console
desktop-file-validate "$ROOT/usr/share/applications/$APP.desktop" || fail "desktop-file-validate"
appstreamcli validate --no-net "$ROOT/usr/share/metainfo/$APP.metainfo.xml" || fail "appstreamcli"
grep -q "^MimeType=application/vnd.billingcenter.snapshot;" "$ROOT/usr/share/applications/$APP.desktop" ||
  fail "the desktop entry does not open snapshot files"
mkdir -p "$WORK/mime/packages"
cp "$ROOT/usr/share/mime/packages/$APP.xml" "$WORK/mime/packages/"
cp /usr/share/mime/packages/freedesktop.org.xml "$WORK/mime/packages/"
update-mime-database "$WORK/mime" >/dev/null 2>&1
grep -q "application/vnd.billingcenter.snapshot" "$WORK/mime/globs2" || fail "*.snapshot is not the snapshot type"
for size in 16 24 32 48 64 128 256; do
  icon="$ROOT/usr/share/icons/hicolor/${size}x${size}/apps/$APP.png"
  [ "$(file -b "$icon" | grep -o "$size x $size")" = "$size x $size" ] || fail "icon $size"
done
for program in billing-console billing-platform; do
  zcat "$ROOT/usr/share/man/man1/$program.1.gz" | grep -q '^\.TH' || fail "$program manual page"
  bash -c "source '$ROOT/usr/share/bash-completion/completions/$program' && complete -p $program" >/dev/null ||
    fail "$program completion"
done
zcat "$ROOT/usr/share/man/man1/billing-platform.1.gz" | grep -q "snapshot\\\\-key" || fail "the platform's manual lacks its commands"

step "the service unit: valid, and hardened (exposure at most 2.0)"
UNIT="$ROOT/lib/systemd/system/billing-platform.service"
grep -q "^ExecStart=/usr/bin/billing-platform serve --config /etc/billing-platform/platform.conf$" "$UNIT" ||
  fail "ExecStart"
# verify looks for the program named in ExecStart: the installed one, in the fresh root.
sed "s|/usr/bin/billing-platform|$ROOT/usr/bin/billing-platform|" "$UNIT" > "$WORK/billing-platform.service"
systemd-analyze verify --man=no "$WORK/billing-platform.service" || fail "systemd-analyze verify"
systemd-analyze security --offline=true --threshold=20 "$WORK/billing-platform.service" | tail -n 1
systemd-analyze security --offline=true --threshold=20 "$WORK/billing-platform.service" >/dev/null ||
  fail "exposure above 2.0"
grep -q "^db = sqlite:/var/lib/billing-platform/platform.sqlite$" "$ROOT/etc/billing-platform/platform.conf" ||
  fail "the settings file"
dpkg-deb -I "$PLATFORM" conffiles | grep -qx "/etc/billing-platform/platform.conf" || fail "conffiles"

step "the installed programs, from the fresh root, in an empty folder and a bare environment"
cd "$WORK"
run() { env -i PATH=/usr/bin:/bin HOME="$WORK" QT_QPA_PLATFORM=offscreen "$@"; }
run "$ROOT/usr/bin/billing-console" --version | grep -qx "billing-console [0-9.]*" || fail "billing-console --version"
run "$ROOT/usr/bin/billing-platform" --version | grep -qx "billing-platform [0-9.]*" || fail "billing-platform --version"
# The service's settings file, with its paths moved into this test's folder.
sed "s|/var/lib/billing-platform|$WORK/state|; s|^listen = .*|listen = 127.0.0.1:0|" \
  "$ROOT/etc/billing-platform/platform.conf" > "$WORK/platform.conf"
mkdir -p "$WORK/state"
run "$ROOT/usr/bin/billing-platform" seed --config "$WORK/platform.conf" --workspaces 200 >/dev/null || fail "seed"
TOKEN=$(run "$ROOT/usr/bin/billing-platform" staff add --config "$WORK/platform.conf" packager --role viewer | tail -n 1)
# Not through run(): a function in the background is a subshell, and killing it would leave the
# platform running; env execs the platform, so $! is the platform itself.
env -i PATH=/usr/bin:/bin HOME="$WORK" QT_QPA_PLATFORM=offscreen \
  "$ROOT/usr/bin/billing-platform" serve --config "$WORK/platform.conf" > "$WORK/serve.out" 2>&1 &
SERVER=$!
for _ in $(seq 1 100); do grep -q "^listening on " "$WORK/serve.out" && break; sleep 0.1; done
URL=$(sed -n 's/^listening on //p' "$WORK/serve.out")
[ -n "$URL" ] || fail "serve did not start: $(cat "$WORK/serve.out")"
curl -sf -H "Authorization: Bearer $TOKEN" "$URL/v1/health" | grep -q '"ok"' || fail "/v1/health"
curl -sf -H "Authorization: Bearer $TOKEN" "$URL/v1/workspaces?limit=1" | grep -q '"total":200' ||
  fail "the installed platform does not serve its workspaces"
echo "all packaging checks passed"
