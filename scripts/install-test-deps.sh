#!/usr/bin/env bash
# Installs the system packages the test suite needs beyond npm, Python and Rust:
# Debian's Chromium for the report's browser test, PostgreSQL's server for the
# conformance tests on PostgreSQL (crudbench starts its own throwaway clusters; no service
# needs to run), and wrk for the load tests. Idempotent; run by `npm test` (pretest).
#
# When a package is missing and cannot be installed (not root, no apt-get, apt-get failed),
# it fails with exit 1, naming the packages and the command to install them: going on would
# only turn into test failures further down with a vaguer cause.
set -euo pipefail

# Each check looks where the tests and crudbench look.
have_chromium() { [ -x /usr/bin/chromium ]; } # the path test/report/report-html.browser.test.ts launches
have_postgresql() { # as findPostgresBinDir in src/database/postgres-cluster.ts
  compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || command -v initdb >/dev/null 2>&1
}
have_wrk() { command -v wrk >/dev/null 2>&1; }

missing_packages() {
  local missing=()
  have_chromium || missing+=(chromium)
  have_postgresql || missing+=(postgresql)
  have_wrk || missing+=(wrk)
  echo "${missing[*]}"
}

fail() {
  echo "error: the tests need these Debian packages, and they are not installed: $1" >&2
  echo "hint: $2" >&2
  exit 1
}

missing=$(missing_packages)
if [ -z "$missing" ]; then
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  fail "$missing" "there is no apt-get here; install them with your package manager (on Debian: apt-get install $missing)"
fi
if [ "$(id -u)" -ne 0 ]; then
  fail "$missing" "run the tests as root, or install them first: sudo apt-get update && sudo apt-get install $missing"
fi

echo "installing Debian packages for the tests: $missing" >&2
export DEBIAN_FRONTEND=noninteractive
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# $missing is a space-separated list of package names: split on purpose.
# shellcheck disable=SC2086
if ! { apt-get update -qq && apt-get install -y -qq $missing; } >"$log" 2>&1; then
  tail -n 20 "$log" >&2
  fail "$missing" "apt-get failed (its last lines are above); try: apt-get update && apt-get install $missing"
fi

still_missing=$(missing_packages)
if [ -n "$still_missing" ]; then
  fail "$still_missing" "apt-get install reported success, but they are still not found; try: apt-get install --reinstall $still_missing"
fi
