#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# One entry point for a fresh Debian 12 machine (run as root from the repository root):
#   bash packaging/setup.sh console   install what is missing, build, start the console on the embedded platform
#   bash packaging/setup.sh test      install what is missing, build, start PostgreSQL on 127.0.0.1, run every test
# Also: deps (install only), build (build only), format (check the formatting only),
#   packages (build the Debian packages billing-console and billing-platform into build/packages).
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages the build, the tests and the console need (README says which library does what).
PACKAGES=(
  cmake ninja-build g++ pkg-config clang-format
  qt6-base-dev qt6-qpa-plugins qt6-l10n-tools qt6-tools-dev libboost-dev wrk
  libqt6sql6-sqlite libqt6sql6-psql libsqlite3-dev sqlite3 libssl-dev libpq-dev
  qcoro-qt6-dev libgtest-dev libgmock-dev libxlsxwriter-dev poppler-utils unzip util-linux
  qtkeychain-qt6-dev gnome-keyring dbus-daemon dbus-bin
  postgresql haproxy
  xvfb xauth fonts-dejavu-core fonts-wqy-microhei
  lintian desktop-file-utils appstream help2man librsvg2-bin systemd file curl binutils
  qt6-translations-l10n shared-mime-info
)

log() { printf 'setup: %s\n' "$*" >&2; }

deps() {
  local missing=()
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Every C++ file as .clang-format says (Debian 12's clang-format 14); the test command stops on the first
# unformatted file, naming each, before it spends time building.
check_format() {
  local files unformatted
  if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    files=$(git ls-files '*.cpp' '*.h')
  else
    files=$(find foundation platform console app tests bench -name '*.cpp' -o -name '*.h')
  fi
  unformatted=$(for f in $files; do clang-format --dry-run --Werror "$f" >/dev/null 2>&1 || echo "$f"; done)
  if [ -n "$unformatted" ]; then
    log "not formatted (run: clang-format -i FILE):"
    printf '  %s\n' $unformatted >&2
    exit 1
  fi
}

build() {
  cmake --preset release >/dev/null
  cmake --build --preset release
}

# A PostgreSQL server on 127.0.0.1 for the test run, with a role that may create and drop the tests' databases.
start_postgres() {
  local version
  version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
  if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -q "^$version main$"; then
    pg_createcluster "$version" main >/dev/null
  fi
  pg_ctlcluster "$version" main start >/dev/null 2>&1 || true
  for _ in $(seq 1 30); do
    runuser -u postgres -- pg_isready -q -h 127.0.0.1 && break
    sleep 1
  done
  runuser -u postgres -- pg_isready -q -h 127.0.0.1 || { log "PostgreSQL did not start"; exit 1; }
  runuser -u postgres -- psql -q -v ON_ERROR_STOP=1 -d postgres >/dev/null <<'SQL'
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'billing_test') THEN
    CREATE ROLE billing_test LOGIN CREATEDB PASSWORD 'billing_test';
  END IF;
END $$;
-- Tests drop their databases WITH (FORCE); an autovacuum worker still in one may only be ended by a
-- member of pg_signal_backend (without it the drop fails now and then).
GRANT pg_signal_backend TO billing_test;
SQL
  export BILLING_TEST_POSTGRES="postgresql://billing_test:billing_test@127.0.0.1:5432/postgres"
}

run_tests() {
  start_postgres
  export QT_QPA_PLATFORM=offscreen
  # The keychain tests use a real Secret Service: gnome-keyring, unlocked, on a D-Bus session of the
  # run's own, keeping its keyring in a folder of its own (never the user's).
  dbus-run-session -- bash -c '
    export XDG_DATA_HOME="$(mktemp -d)"
    echo -n billing-tests | gnome-keyring-daemon --unlock --components=secrets >/dev/null
    ctest --preset release -j 2'
}

run_console() {
  if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
    log "no display: run 'xvfb-run -a build/release/app/console/billing-console', or the headless subcommands (build/release/app/console/billing-console --help)"
    exit 1
  fi
  # Qt wants a private runtime folder; root sessions often have none.
  if [ -z "${XDG_RUNTIME_DIR:-}" ]; then
    export XDG_RUNTIME_DIR="/tmp/runtime-$(id -u)"
    mkdir -p -m 700 "$XDG_RUNTIME_DIR"
  fi
  exec build/release/app/console/billing-console "$@"
}

case "${1:-}" in
  deps) deps ;;
  packages) deps; build; (cd build/release && cpack -B ../packages) && ls build/packages/*.deb ;;
  build) deps; build ;;
  test) deps; check_format; build; run_tests ;;
  console) shift; deps; build; run_console "$@" ;;
  format) deps; check_format ;;
  *) echo "usage: bash packaging/setup.sh console|test|build|deps|format|packages" >&2; exit 2 ;;
esac
