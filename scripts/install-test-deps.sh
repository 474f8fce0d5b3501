#!/usr/bin/env bash
# Installs the system packages the test suite needs beyond npm, Python and Rust:
# Debian's Chromium for the report's browser test, PostgreSQL's server for the
# conformance tests on PostgreSQL (crudbench starts its own throwaway clusters; no service
# needs to run), and wrk for the load tests. Idempotent; run by `npm test` (pretest).
set -euo pipefail

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
command -v wrk >/dev/null 2>&1 || missing+=(wrk)

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "warning: tests need these Debian packages: ${missing[*]}" >&2
  echo "hint: sudo apt-get install ${missing[*]}" >&2
  exit 0
fi

echo "installing Debian packages for the tests: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq "${missing[@]}" >/dev/null
