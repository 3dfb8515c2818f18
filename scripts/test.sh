#!/usr/bin/env bash
# Runs the whole test suite on a fresh machine: installs what the tests need that
# cargo does not bring (tmux, for the tests that type into a real terminal; man-db,
# for the test that renders the manual pages; PostgreSQL, for the hub's tests, which
# start a throwaway server of their own; OpenSSL's headers, for the hub's TLS, and its
# command, which makes the test server's certificates), then
# builds and runs every unit, integration and snapshot test.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v tmux >/dev/null 2>&1 || missing+=(tmux)
command -v man >/dev/null 2>&1 || missing+=(man-db)
if ! command -v initdb >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    missing+=(postgresql)
fi
pkg-config --exists openssl 2>/dev/null || missing+=(libssl-dev pkg-config)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
if [ "${#missing[@]}" -gt 0 ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    else
        echo "scripts/test.sh: the tests need ${missing[*]}; install it (e.g. sudo apt-get install ${missing[*]})" >&2
        exit 1
    fi
fi

cargo test --locked "$@"
